"""Production settings pass Django's deployment checklist."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_check_deploy_with_no_warnings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set by browser tests
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "readiness.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


TOKEN = "lC8mNzEYrIx_5CVVDJD3yr4lkzsdVEY7NQK1Jj519MA"  # the shape of a real assessment token
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "q8Zr1x0Pm" * 6,
    "ALLOWED_HOSTS": "readiness.example.org",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def run_python(code, *args, **env):
    """Runs `code` (or manage.py with args) in a fresh interpreter, with only the given variables set."""
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "EMAIL_BACKEND"}}
    base.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    full = {**base, "DJANGO_SETTINGS_MODULE": "readiness.settings", **env}
    command = [sys.executable, *(["-c", code] if code else ["manage.py", *args])]
    return subprocess.run(command, cwd=ROOT, env=full, capture_output=True, text=True, timeout=120)  # noqa: S603


LOAD = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def test_settings_refuse_to_load_when_debug_is_not_set():
    result = run_python(LOAD, SECRET_KEY=PRODUCTION["SECRET_KEY"])
    assert result.returncode != 0 and "DEBUG" in result.stderr


def test_production_refuses_the_console_e_mail_backend():
    result = run_python(LOAD, **{**PRODUCTION, "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"})
    assert result.returncode != 0 and "EMAIL_BACKEND" in result.stderr


def test_production_refuses_a_secret_key_shorter_than_fifty_characters():
    result = run_python(LOAD, **{**PRODUCTION, "SECRET_KEY": "x7Qm2" * 9})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_refuses_a_secret_key_with_fewer_than_five_different_characters():
    result = run_python(LOAD, **{**PRODUCTION, "SECRET_KEY": "abab" * 20})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_settings_load_and_development_needs_no_secret():
    assert run_python(LOAD, **PRODUCTION).stdout.strip() == "False"
    assert run_python(LOAD, DEBUG="true").stdout.strip() == "True"


def test_production_sends_hsts_for_a_year():
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECURE_HSTS_SECONDS)"
    assert run_python(code, **PRODUCTION).stdout.strip() == "31536000"


def test_production_check_deploy_passes_with_an_smtp_backend():
    result = run_python(None, "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_errors_are_logged_with_debug_off_and_tokens_scrubbed():
    code = (
        "import django, logging; django.setup();"
        f"logging.getLogger('django.request').error('Internal Server Error: %s', '/assessments/{TOKEN}/results/')"
    )
    result = run_python(code, **PRODUCTION)
    assert "Internal Server Error: /assessments/…/results/" in result.stderr and TOKEN not in result.stderr


MAIL = (
    "import django; django.setup(); from django.conf import settings;"
    "print(settings.EMAIL_USE_TLS, settings.EMAIL_USE_SSL, settings.EMAIL_TIMEOUT)"
)


def test_production_sends_e_mail_over_tls_and_gives_up_on_a_silent_relay():
    assert run_python(MAIL, **PRODUCTION).stdout.strip() == "True False 10"


def test_production_refuses_e_mail_in_clear_to_a_relay_on_another_machine():
    result = run_python(LOAD, **PRODUCTION, EMAIL_HOST="smtp.example.org", EMAIL_USE_TLS="false")
    assert result.returncode != 0 and "EMAIL_USE_TLS" in result.stderr


def test_production_may_relay_in_clear_through_a_mail_server_on_this_machine():
    result = run_python(MAIL, **PRODUCTION, EMAIL_HOST="localhost", EMAIL_USE_TLS="false")
    assert result.stdout.strip() == "False False 10", result.stderr


def test_kept_database_connections_are_checked_before_a_request_reuses_them(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
