from django.core.management.base import BaseCommand, CommandError

from assessments.content_pack import DEFAULT_PACK, PackError, apply_pack, read_pack


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
        q = pack["questionnaire"]
        self.stdout.write(
            f"Content pack loaded: {len(pack['drivers'])} drivers, questionnaire v{q['version']} with "
            f"{len(q['questions'])} questions, {len(pack['recommendations'])} recommendations, "
            f"{len(pack['programmes'])} programmes."
        )
