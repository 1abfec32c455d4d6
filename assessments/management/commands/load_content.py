from django.core.management.base import BaseCommand, CommandError

from assessments.content_pack import DEFAULT_PACK, PackError, apply_pack, pack_summary, read_pack


class Command(BaseCommand):
    help = "Loads a content pack (drivers, questionnaire, recommendations, programmes). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default=str(DEFAULT_PACK), help="a pack file or folder (default: the built-in pack)"
        )

    def handle(self, *args, path, **options):
        try:
            pack = read_pack(path)
            apply_pack(pack)
        except PackError as exc:
            raise CommandError("The content pack was not loaded:\n  " + "\n  ".join(exc.errors)) from exc
        except OSError as exc:
            raise CommandError(f"The content pack was not loaded: {exc}") from exc
        self.stdout.write(f"Content pack loaded: {pack_summary(pack)}.")
