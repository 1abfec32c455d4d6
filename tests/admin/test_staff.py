"""Staff accounts: login throttling, a second factor, sessions of hours; HEAD wherever GET works."""

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.helpers import answer_all, make_assessment, make_content


@pytest.fixture
def site(db):
    """Version 1: two drivers (safety, remote) of two questions each."""
    return make_content(drivers=("safety", "remote"), questions_per_driver=2)


PASSWORD = "a-long-password-1"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("editor1", password=PASSWORD)


def log_in(client, password=PASSWORD, **extra):
    data = {"username": "editor1", "password": password, "next": reverse("admin:index"), **extra}
    return client.post(reverse("admin:login"), data)


def signed_in(client):
    return client.get(reverse("admin:index")).status_code == 200


def test_five_wrong_passwords_lock_the_login_even_for_the_right_one(client, staff):
    for _ in range(5):
        log_in(client, password="wrong")
    assert log_in(client).status_code == 429 and not signed_in(client)


def test_a_rotated_forwarded_for_header_does_not_escape_the_lock(client, staff):
    for i in range(5):
        log_in(client, password="wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    assert log_in(client, HTTP_X_FORWARDED_FOR="10.0.0.99").status_code == 429


def test_the_lock_lifts_after_the_cool_off(client, staff, settings):
    for _ in range(5):
        log_in(client, password="wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1))
    assert log_in(client).status_code == 302 and signed_in(client)


def test_a_staff_session_lasts_hours_not_months(client, staff, settings):
    log_in(client)
    assert signed_in(client)
    assert client.session.get_expiry_age() <= settings.STAFF_SESSION_HOURS * 3600


def test_a_firm_s_session_still_remembers_its_assessment_for_longer(client, site, settings):
    assessment, token = make_assessment()
    client.get(reverse("assessments:resume", kwargs={"token": token}))
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


@pytest.fixture
def otp_required(settings):
    settings.STAFF_OTP_REQUIRED = True


def test_with_a_second_factor_required_a_password_alone_does_not_sign_in(client, staff, otp_required):
    TOTPDevice.objects.create(user=staff, name="phone")
    log_in(client)
    assert not signed_in(client)


def test_with_a_second_factor_required_a_valid_code_signs_in(client, staff, otp_required):
    device = TOTPDevice.objects.create(user=staff, name="phone")
    response = log_in(client, otp_device=device.persistent_id, otp_token=f"{totp(device.bin_key):06d}")
    assert response.status_code == 302 and signed_in(client)


def test_with_a_second_factor_required_an_unverified_session_is_refused(client, staff, otp_required):
    client.force_login(staff)
    assert not signed_in(client)


def test_add_totp_prints_the_enrolment_uri_once(staff):
    out = StringIO()
    call_command("add_totp", "editor1", stdout=out)
    assert out.getvalue().startswith("otpauth://totp/") and TOTPDevice.objects.filter(user=staff).count() == 1
    with pytest.raises(CommandError, match="already"):
        call_command("add_totp", "editor1", stdout=StringIO())


def test_add_totp_refuses_a_user_who_is_not_staff(django_user_model):
    django_user_model.objects.create_user("visitor", password=PASSWORD)
    with pytest.raises(CommandError, match="staff"):
        call_command("add_totp", "visitor", stdout=StringIO())


def test_head_works_wherever_get_does(client, site):
    assessment, token = make_assessment()
    pages = [reverse("assessments:start"), reverse("assessments:new")]
    pages += [reverse(f"assessments:{n}", kwargs={"token": token}) for n in ("resume", "profile", "saved", "review")]
    pages.append(reverse("assessments:driver", kwargs={"token": token, "driver": "safety"}))
    answer_all(assessment)
    assessment.submit()
    pages += [reverse(f"assessments:{n}", kwargs={"token": token}) for n in ("results", "report")]
    assert {url: client.head(url).status_code for url in pages} == {url: client.get(url).status_code for url in pages}
