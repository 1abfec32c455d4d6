"""Staff accounts: login throttling, a second factor, sessions of hours; HEAD wherever GET works."""

import re
import time
from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from readiness.client_ip import client_ip
from tests.helpers import answer_all, make_assessment, make_content


@pytest.fixture
def site(db):
    """Version 1: two drivers (safety, remote) of two questions each."""
    return make_content(drivers=("safety", "remote"), questions_per_driver=2)


PASSWORD = "a-long-password-1"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("editor1", password=PASSWORD)


def log_in(client, password=PASSWORD, username="editor1", **extra):
    fields = {k: extra.pop(k) for k in ("otp_device", "otp_token") if k in extra}
    data = {"username": username, "password": password, "next": reverse("admin:index"), **fields}
    return client.post(reverse("admin:login"), data, **extra)


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


def test_five_wrong_passwords_for_one_account_from_five_addresses_lock_that_account(client, staff):
    for i in range(5):
        log_in(client, password="wrong", REMOTE_ADDR=f"198.51.100.{i}")
    assert log_in(client, REMOTE_ADDR="198.51.100.99").status_code == 429 and not signed_in(client)


def test_forwarded_for_is_believed_only_from_a_configured_proxy(client, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # what once made any X-Forwarded-For count
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for i in range(5):  # five guessed accounts, straight to the app, each "from" another address
        log_in(client, username=f"guess{i}", password="wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
    assert log_in(client, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429


def test_behind_a_configured_proxy_the_client_is_the_address_the_proxy_saw(rf, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    via_proxy = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7, 10.0.0.2")
    direct = rf.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert (client_ip(via_proxy), client_ip(direct)) == ("198.51.100.7", "203.0.113.5")


def test_the_sign_in_form_asks_for_the_code_at_once_and_never_writes_the_password_back(client, staff, otp_required):
    TOTPDevice.objects.create(user=staff, name="phone")
    page = client.get(reverse("admin:login")).content.decode()
    wrong_code = log_in(client, otp_token="000000").content.decode()
    assert 'name="otp_token"' in page and PASSWORD not in wrong_code and "select a device" not in wrong_code.lower()


def test_a_right_password_with_a_wrong_code_is_answered_like_a_wrong_password(client, staff, otp_required):
    TOTPDevice.objects.create(user=staff, name="phone")
    wrong_password = log_in(client, password="not-it", otp_token="000000").content.decode()
    wrong_code = log_in(client, otp_token="000000").content.decode()
    assert errors(wrong_password) == errors(wrong_code) != []


def errors(html):
    return re.findall(r'<p class="errornote">\s*(.*?)\s*</p>', html, re.S)


def test_five_wrong_codes_lock_the_sign_in_like_wrong_passwords(client, staff, otp_required):
    device = TOTPDevice.objects.create(user=staff, name="phone")
    for _ in range(5):
        log_in(client, otp_token="000000")
    response = log_in(client, otp_token=f"{totp(device.bin_key):06d}")
    assert response.status_code == 429 and not signed_in(client)


def test_a_staff_session_idle_for_more_than_half_an_hour_is_signed_out(client, staff, settings):
    log_in(client)
    assert signed_in(client)
    session = client.session
    session["staff_seen"] = int(time.time()) - settings.STAFF_IDLE_MINUTES * 60 - 5
    session.save()
    assert not signed_in(client)


def test_an_active_staff_session_stays_signed_in(client, staff, settings):
    log_in(client)
    session = client.session
    session["staff_seen"] = int(time.time()) - (settings.STAFF_IDLE_MINUTES - 1) * 60
    session.save()
    assert signed_in(client)
