"""The staff side's door: a second factor where required, and sessions of hours.

Login throttling is django-axes (settings: AXES_*); this module decides what the admin asks for.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.sites import AdminSite
from django.utils import timezone
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


def otp_required():
    return settings.STAFF_OTP_REQUIRED


class StaffAdminSite(OTPAdminSite):
    """django-otp's admin site when STAFF_OTP_REQUIRED (the default with DEBUG off): only users
    verified by a TOTP device get in. Otherwise Django's own login, for development and tests."""

    def __init__(self, name="admin"):
        super().__init__(name)

    @property
    def login_form(self):
        return OTPAdminAuthenticationForm if otp_required() else AdminAuthenticationForm

    @property
    def login_template(self):
        return super().login_template if otp_required() else None

    def has_permission(self, request):
        if otp_required():
            return super().has_permission(request)
        return AdminSite.has_permission(self, request)


def expire_staff_sessions(sender, request, user, **kwargs):
    """A staff session ends STAFF_SESSION_HOURS after login, however active it is.

    Connected to user_logged_in; firms' sessions (no login) keep SESSION_COOKIE_AGE.
    """
    if user.is_staff and request is not None and hasattr(request, "session"):
        request.session.set_expiry(timezone.now() + timedelta(hours=settings.STAFF_SESSION_HOURS))
