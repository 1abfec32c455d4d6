from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assessments.admin import versions as versioning
from assessments.models import Questionnaire
from assessments.packs.apply import PackError, apply_pack, default_packs, pack_summary, read_pack
from assessments.packs.welsh import fill_from_pack


class Command(BaseCommand):
    help = (
        "Loads a content pack (drivers, questionnaire, recommendations, programmes). Without a path, loads the "
        "built-in versions newer than any in the database and retires the older ones; it never overwrites "
        "edits made in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="a pack file or folder (default: the built-in content)")
        parser.add_argument(
            "--welsh",
            action="store_true",
            help="also bring the built-in Welsh to versions already loaded, where a text still has the shipped "
            "English and no Welsh of its own",
        )

    def handle(self, *args, path=None, welsh=False, **options):
        try:
            if path:
                self.stdout.write(f"Content pack loaded: {apply_pack(read_pack(path))}.")
            else:
                self.load_defaults()
            if welsh and not path:
                filled = sum(fill_from_pack(pack) for pack in default_packs())
                self.stdout.write(f"Welsh texts brought in from the built-in content: {filled}.")
        except PackError as exc:
            raise CommandError("The content pack was not loaded:\n  " + "\n  ".join(exc.errors)) from exc
        except OSError as exc:
            raise CommandError(f"The content pack was not loaded: {exc}") from exc

    @transaction.atomic
    def load_defaults(self):
        newest = Questionnaire.objects.next_version() - 1
        packs = [p for p in default_packs() if p["questionnaire"]["version"] > newest]
        if not packs:
            self.stdout.write(f"The built-in content is already loaded (newest version: v{newest}).")
            return
        for pack in packs:
            apply_pack(pack)
            self.stdout.write(f"Content pack loaded: {pack_summary(pack)}.")
        latest = packs[-1]["questionnaire"]["version"]
        for older in Questionnaire.objects.published().filter(version__lt=latest):
            versioning.retire(older)
            self.stdout.write(f"Version {older.version} retired: assessments on it carry on unchanged.")
