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
        "CACHE_BACKEND": "django.core.cache.backends.redis.RedisCache",
        "CACHE_LOCATION": "redis://127.0.0.1:6379/1",
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
    "CACHE_BACKEND": "django.core.cache.backends.redis.RedisCache",
    "CACHE_LOCATION": "redis://127.0.0.1:6379/1",
}


def run_python(code, *args, **env):
    """Runs `code` (or manage.py with args) in a fresh interpreter, with only the given variables set."""
    unset = {"DEBUG", "SECRET_KEY", "EMAIL_BACKEND", "CACHE_BACKEND", "STAFF_OTP_REQUIRED", "TRUSTED_PROXY_COUNT"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
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


def setting(name, **env):
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    return run_python(code, **env).stdout.strip()


def test_production_names_its_cookies_so_that_no_other_site_or_plain_http_can_plant_them():
    assert (setting("SESSION_COOKIE_NAME", **PRODUCTION), setting("CSRF_COOKIE_NAME", **PRODUCTION)) == (
        "__Host-sessionid",
        "__Host-csrftoken",
    )


def test_production_refuses_a_cache_each_process_keeps_to_itself():
    result = run_python(LOAD, **{**PRODUCTION, "CACHE_BACKEND": "django.core.cache.backends.locmem.LocMemCache"})
    assert result.returncode != 0 and "CACHE_BACKEND must be shared" in result.stderr
    default = {k: v for k, v in PRODUCTION.items() if k != "CACHE_BACKEND"}
    assert run_python(LOAD, **default).returncode != 0


def test_production_accepts_a_file_cache_on_one_machine(tmp_path):
    cache = {"CACHE_BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "CACHE_LOCATION": str(tmp_path)}
    assert run_python(LOAD, **{**PRODUCTION, **cache}).stdout.strip() == "False"


def test_production_refuses_staff_without_a_second_factor_unless_told_so_and_then_logs_it():
    refused = run_python(LOAD, **{**PRODUCTION, "STAFF_OTP_REQUIRED": "false"})
    assert refused.returncode != 0 and "ALLOW_STAFF_WITHOUT_OTP" in refused.stderr
    allowed = run_python(LOAD, **{**PRODUCTION, "STAFF_OTP_REQUIRED": "false", "ALLOW_STAFF_WITHOUT_OTP": "true"})
    assert allowed.stdout.strip() == "False" and "WITHOUT a second factor" in allowed.stderr


def test_production_refuses_the_old_proxy_count_that_trusted_anyone_s_forwarded_for():
    result = run_python(LOAD, **{**PRODUCTION, "TRUSTED_PROXY_COUNT": "1"})
    assert result.returncode != 0 and "TRUSTED_PROXIES" in result.stderr


def test_content_security_policy_violations_are_reported_to_us():
    code = (
        "import django; django.setup(); from django.test import Client; "
        "response = Client().get('/.well-known/security.txt', secure=True, HTTP_HOST='readiness.example.org'); "
        "print(response['Content-Security-Policy'])"
    )
    assert "report-uri /csp-report/" in run_python(code, **PRODUCTION).stdout


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
