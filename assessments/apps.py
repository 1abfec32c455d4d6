from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"

    def ready(self):
        from . import report_key

        report_key.watch_content()  # a content edit makes cached PDFs re-render
