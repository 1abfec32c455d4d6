from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.models import Questionnaire
from assessments.packs.apply import export_pack


class Command(BaseCommand):
    help = "Writes the content (drivers, one questionnaire version, recommendations, programmes) as a YAML pack."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version is the questionnaire version and replaces Django's "show the Django version".
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--version", type=int, help="questionnaire version (default: the newest published one)")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, version=None, output=None, **options):
        questionnaire = self._questionnaire(version)
        text = export_pack(questionnaire)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Questionnaire v{questionnaire.version} exported to {output}.")
        else:
            self.stdout.write(text, ending="")

    def _questionnaire(self, version):
        if version is None:
            questionnaire = Questionnaire.objects.current()
            if questionnaire is None:
                raise CommandError("There is no published questionnaire; give --version.")
            return questionnaire
        questionnaire = Questionnaire.objects.filter(version=version).first()
        if questionnaire is None:
            raise CommandError(f"There is no questionnaire version {version}.")
        return questionnaire
