from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"

    def ready(self):
        from django.db.models.signals import pre_delete

        from .insights import peers
        from .report import rendering

        # Stored aggregates are derived data: a deleted firm leaves them however it is deleted.
        pre_delete.connect(peers.forget_deleted, sender="assessments.Assessment", dispatch_uid="forget-deleted")
        pre_delete.connect(rendering.forget_deleted, sender="assessments.Assessment", dispatch_uid="forget-pdfs")
