"""The staff side's door: password and code in one step, sessions of hours that also end when idle.

Login throttling is django-axes (settings: AXES_*); this module decides what the admin asks for.
A sign-in form that said "wrong password" before asking for a code, or wrote the password back into
the page, would tell a guesser when a password is right: here every mistake gets the same answer,
the password is never echoed, and a wrong code counts as a failed sign-in for axes.
"""

import logging
import time
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.sites import AdminSite
from django.contrib.auth import authenticate, logout
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.admin import OTPAdminSite

log = logging.getLogger(__name__)
IDLE_KEY = "staff_seen"  # session key: when this staff session last made a request (epoch seconds)


def otp_required():
    return settings.STAFF_OTP_REQUIRED


class StaffLoginForm(AdminAuthenticationForm):
    """Username, password and the code from an authenticator app, checked together."""

    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter a correct username, password and code. All three may be case-sensitive, "
            "and a code lasts only 30 seconds."
        ),
    }

    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        token = (self.cleaned_data.get("otp_token") or "").replace(" ", "")
        if username is None or not password:
            raise self.get_invalid_login_error()
        self.user_cache = authenticate(self.request, username=username, password=password)
        device = self.user_cache and verified_device(self.user_cache, token)
        if not device:
            if self.user_cache is not None:  # the password was right: the wrong code counts as a failure
                user_login_failed.send(sender=__name__, credentials={"username": username}, request=self.request)
            self.user_cache = None
            raise self.get_invalid_login_error()
        self.user_cache.otp_device = device  # django-otp marks the session verified at login
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


def verified_device(user, token):
    """The user's confirmed device that accepts `token`, or None (a device throttled by its own
    back-off after failures accepts nothing)."""
    if not token:
        return None
    with transaction.atomic():  # devices are locked while a token is checked
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_is_allowed()[0] and device.verify_token(token):
                return device
    return None


class StaffAdminSite(OTPAdminSite):
    """django-otp's admin site when STAFF_OTP_REQUIRED (the default with DEBUG off): only users
    verified by a TOTP device get in, through StaffLoginForm. Otherwise Django's own login, for
    development and tests (its password field is never echoed either)."""

    def __init__(self, name="admin"):
        super().__init__(name)

    @property
    def login_form(self):
        return StaffLoginForm if otp_required() else AdminAuthenticationForm

    @property
    def login_template(self):
        return "admin/staff_login.html" if otp_required() else None

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


class StaffIdleTimeout:
    """Signs staff out after STAFF_IDLE_MINUTES without a request (the next one finds them signed
    out and the admin asks them to sign in). The time of the last request is written to the session
    at most once a minute, so an active session costs one write a minute, not one per page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            now = int(time.time())
            seen = request.session.get(IDLE_KEY)
            if seen is not None and now - seen > settings.STAFF_IDLE_MINUTES * 60:
                logout(request)
            elif seen is None or now - seen >= 60:
                request.session[IDLE_KEY] = now
        return self.get_response(request)


def warn_without_second_factor():
    """Called at every start: staff signing in with a password alone in production is an explicit
    choice (ALLOW_STAFF_WITHOUT_OTP), and it is said in the log each time."""
    if not settings.DEBUG and not settings.STAFF_OTP_REQUIRED:
        log.warning("Staff sign in WITHOUT a second factor: STAFF_OTP_REQUIRED=false, ALLOW_STAFF_WITHOUT_OTP=true.")
