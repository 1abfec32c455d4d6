from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.signals import user_logged_in


class StaffAdminConfig(AdminConfig):
    """Django's admin, on our StaffAdminSite (second factor, short sessions)."""

    default_site = "readiness.staff.StaffAdminSite"

    def ready(self):
        super().ready()
        from . import checks  # noqa: F401  (registers the system checks)
        from .staff import expire_staff_sessions, warn_without_second_factor

        user_logged_in.connect(expire_staff_sessions, dispatch_uid="expire_staff_sessions")
        warn_without_second_factor()
