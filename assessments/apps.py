from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_delete

        from .insights import peers
        from .models.questionnaire import content_changed
        from .report import rendering

        # Stored aggregates are derived data: a deleted firm leaves them however it is deleted.
        pre_delete.connect(peers.forget_deleted, sender="assessments.Assessment", dispatch_uid="forget-deleted")
        pre_delete.connect(rendering.forget_deleted, sender="assessments.Assessment", dispatch_uid="forget-pdfs")
        # Stored PDFs are re-rendered when printed content changes (its version's content_revision).
        for model in ("Driver", "Programme", "Question", "Option", "Recommendation"):
            for signal in (post_save, post_delete):
                signal.connect(content_changed, sender=f"assessments.{model}", dispatch_uid=f"revision-{model}")
