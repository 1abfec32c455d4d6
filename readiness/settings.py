"""Settings for Manufacturing Readiness.

One file, read from environment variables. DEBUG must always be set: `DEBUG=true` for
development (`make run`, `make test` and the tests set it), `DEBUG=false` in production, where the
settings refuse to load with a missing or weak SECRET_KEY, an e-mail backend that writes messages
(and so resume links) to the console or files, a cache each process keeps to itself (the rate limits
would not hold), the old TRUSTED_PROXY_COUNT, or staff signing in without a second factor unless
ALLOW_STAFF_WITHOUT_OTP says so (and then every start logs it). See README, "Configuration".
"""

import os
from datetime import timedelta
from pathlib import Path

import bootstrap  # the bootstrap-wrapper package: Bootstrap 5 css/ and js/ as package data
import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


if "DEBUG" not in os.environ:
    # A forgotten variable must not switch on tracebacks, the dev key and console e-mail in production.
    raise ImproperlyConfigured("DEBUG is not set: set DEBUG=false in production, or DEBUG=true for development.")
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not DEBUG:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # The same rule as Django's security.W009, enforced instead of warned about.
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
        raise ImproperlyConfigured("SECRET_KEY is too weak: use 50 or more random characters.")
elif not SECRET_KEY:
    SECRET_KEY = "dev-only-not-secret-" + "x" * 40

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")  # used in e-mails; falls back to the request


def _release():
    """The deploy's identifier: RELEASE when the deploy sets it, else the checked-out git commit,
    else the project's version. Stored PDFs and cached dashboards name it, so a deploy that changes
    how they look makes new ones rather than serving what the old code made."""
    if os.environ.get("RELEASE"):
        return os.environ["RELEASE"]
    try:  # read the commit from .git without running git (no subprocess at start-up)
        head = (BASE_DIR / ".git" / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head
        ref = head.removeprefix("ref: ")
        loose = BASE_DIR / ".git" / ref
        if loose.exists():
            return loose.read_text().strip()
        packed = (BASE_DIR / ".git" / "packed-refs").read_text().splitlines()
        return next(line.split()[0] for line in packed if line.endswith(" " + ref))
    except (OSError, StopIteration):
        import tomllib

        return tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["project"]["version"]


RELEASE = _release()

INSTALLED_APPS = [
    "readiness.apps.StaffAdminConfig",  # django.contrib.admin on our StaffAdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.forms",  # Django's own widget templates, for the TemplatesSetting renderer below
    "crispy_forms",
    "django_tasks",
    "django_tasks_db",
    "assessments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "readiness.errors.OutageMiddleware",  # the database away for a moment: 503 "try again", not a 500
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "readiness.staff.StaffIdleTimeout",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "readiness.urls"
WSGI_APPLICATION = "readiness.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Connections are kept between requests; each is checked before a request reuses it, so after a
# database restart or failover the first request of every kept connection gets a new one instead of
# failing on the dead one.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so concurrent page saves queue behind the busy
    # timeout instead of failing with "database is locked" half-way through a transaction.
    # Connections are kept between requests (conn_max_age above), as with PostgreSQL: opening the
    # file, reading its schema and running init_command took 1–2 ms of every request that touches
    # the database, a quarter of an area page. (gunicorn's preloaded master never opens one.)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file too: threads sharing an in-memory database get "table is locked" at once
    # instead of queueing, so concurrency tests could not show what production does.
    # One file per test run (by process), so two runs side by side never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f"test-db-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Staff sign-in. django-axes counts failed logins (a wrong password, or a wrong code: readiness/staff.py)
# per client address (readiness/client_ip.py) and, separately, per username: five in a row lock that
# address, or that account from anywhere, for half an hour, answered with 429. The account lock is
# what stops guessing from many addresses; its price is that a stranger can lock a known username
# (a superuser can lift it under Axes → Access attempts). The test client's force_login skips it.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "readiness.client_ip.client_ip"
AXES_VERBOSE = False
# A TOTP code as well as a password (enrol with `manage.py add_totp <username>`); on by default in
# production, and turning it off there needs ALLOW_STAFF_WITHOUT_OTP=true as well (logged at every start).
STAFF_OTP_REQUIRED = env_bool("STAFF_OTP_REQUIRED", not DEBUG)
ALLOW_STAFF_WITHOUT_OTP = env_bool("ALLOW_STAFF_WITHOUT_OTP", False)
if not DEBUG and not STAFF_OTP_REQUIRED and not ALLOW_STAFF_WITHOUT_OTP:
    raise ImproperlyConfigured(
        "STAFF_OTP_REQUIRED=false would let staff sign in with a password alone. If you mean it (a closed test "
        "network, say), set ALLOW_STAFF_WITHOUT_OTP=true as well; every start then logs a warning."
    )
OTP_TOTP_ISSUER = "Manufacturing Readiness"
STAFF_SESSION_HOURS = int(os.environ.get("STAFF_SESSION_HOURS", "4"))
# A staff session also ends after this many minutes without a request (readiness.staff.StaffIdleTimeout).
STAFF_IDLE_MINUTES = int(os.environ.get("STAFF_IDLE_MINUTES", "30"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# English at today's URLs, Welsh under /cy/ (readiness/urls.py): the URL, never the browser, picks the
# language, so every page has one counterpart to link to. Each name is the switcher's label, in its own language.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Bootstrap comes from a pip package, served like our own files: no CDN, works offline.
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor/bootstrap", Path(list(bootstrap.__path__)[0]))]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", "readiness"),
        "TIMEOUT": 7 * 24 * 3600,
    }
}
if not DEBUG and CACHES["default"]["BACKEND"].rsplit(".", 1)[-1] in {"LocMemCache", "DummyCache"}:
    # Rate limits (limits.py) are counted in this cache: one each process keeps to itself would count
    # per gunicorn worker, and restart at every worker recycle, so a limit of 3 would let 6 or more through.
    raise ImproperlyConfigured(
        "CACHE_BACKEND must be shared by every process in production (the rate limits are counted in it): "
        "django.core.cache.backends.redis.RedisCache, or on a single machine "
        "django.core.cache.backends.filebased.FileBasedCache with CACHE_LOCATION set to a folder."
    )

# Only our own files may run, style or load: no inline script or style anywhere, admin included
# (Django 5.2's admin needs none). Bootstrap's form controls draw their ticks from data: SVGs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        # Violations are reported to us (readiness/security.py logs them, rate-limited), so a blocked
        # injection attempt reaches someone.
        "report-uri": "/csp-report/",
    }
}

# Every form renders through the project's own crispy pack, templates/crispy_readiness/ (its Python
# half: assessments/form_pack.py); widgets look for templates where pages do, so the pack's radios live there too.
CRISPY_ALLOWED_TEMPLATE_PACKS = ("crispy_readiness",)
CRISPY_TEMPLATE_PACK = "crispy_readiness"
CRISPY_CLASS_CONVERTERS = {  # Bootstrap's class for each widget the pack's {% crispy_field %} prints
    "textinput": "form-control",
    "emailinput": "form-control",
    "dateinput": "form-control",
    "clearablefileinput": "form-control",
    "select": "form-select",
    "checkboxinput": "form-check-input",
}
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
if not DEBUG and EMAIL_BACKEND.rsplit(".", 2)[-2] in {"console", "filebased"}:
    # They write each message, so each address and resume link, into the server's logs or disk.
    raise ImproperlyConfigured("EMAIL_BACKEND must send mail in production, not print it to the console or files.")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
# The resume e-mail carries a private link: in production it reaches the relay over TLS unless the
# relay is on this machine, and a relay that stops answering gives up after EMAIL_TIMEOUT seconds
# (the worker sends it, but a hung connection would still hold the worker).
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not DEBUG and not EMAIL_USE_SSL)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}
if (
    not DEBUG
    and EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    and not (EMAIL_USE_TLS or EMAIL_USE_SSL)
    and EMAIL_HOST not in LOOPBACK_HOSTS
):
    raise ImproperlyConfigured(
        "E-mail would cross the network in clear: set EMAIL_USE_TLS=true (or EMAIL_USE_SSL=true), "
        "or relay through a mail server on this machine (EMAIL_HOST=localhost)."
    )
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "readiness@localhost")

# Seconds a PDF may take before its render is stopped; keep it below gunicorn's --timeout.
REPORT_TIMEOUT = int(os.environ.get("REPORT_TIMEOUT", "20"))

# Background tasks (the PDF render): the database backend by default, so `make run` needs no other
# server; a worker runs them (`manage.py db_worker`). Tests run them at once (ImmediateBackend).
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

SESSION_COOKIE_AGE = 90 * 24 * 3600  # the session remembers a visitor's assessment for 90 days
# Messages live in a signed cookie, never the session table: the first one carries the resume link.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

# Retention (manage.py purge, run daily): in-progress assessments untouched this long are deleted;
# contact e-mail addresses are cleared this long after they were given.
RETENTION_IN_PROGRESS_DAYS = int(os.environ.get("RETENTION_IN_PROGRESS_DAYS", "180"))
RETENTION_CONTACT_EMAIL_MONTHS = int(os.environ.get("RETENTION_CONTACT_EMAIL_MONTHS", "12"))

# Sign-in logs (django-axes: staff addresses and browsers), finished background-task rows and the
# network fingerprints kept to spot bursts of made-up assessments are deleted this long after they
# were written; the export log is kept longer, as an audit trail.
RETENTION_SIGN_IN_LOG_DAYS = int(os.environ.get("RETENTION_SIGN_IN_LOG_DAYS", "90"))
RETENTION_TASK_RESULTS_DAYS = int(os.environ.get("RETENTION_TASK_RESULTS_DAYS", "7"))
RETENTION_NETWORK_DAYS = int(os.environ.get("RETENTION_NETWORK_DAYS", "30"))
RETENTION_AUDIT_MONTHS = int(os.environ.get("RETENTION_AUDIT_MONTHS", "24"))

# The addresses (or networks, CIDR) of our own reverse proxies. X-Forwarded-For is read only on a
# connection from one of them (readiness/client_ip.py): the app must not be reachable except through
# them. Empty: the connection's own address is the client's.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
if "TRUSTED_PROXY_COUNT" in os.environ:
    # It trusted X-Forwarded-For from anyone who could reach the app directly.
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT is replaced by TRUSTED_PROXIES: list your proxies' addresses (e.g. 10.0.0.5)."
    )

# Rate limits (limits.py, counted in the shared cache per client network: an IPv4 address or an IPv6
# /64): (how many, per how many seconds). Starting an assessment asks a small question after
# "start_unchallenged" starts and stops at "start".
RATE_LIMITS = {
    "start_unchallenged": (3, 3600),
    "start": (30, 3600),
    "submit": (20, 3600),
    "delete": (20, 3600),
    "resume_email_address": (3, 24 * 3600),  # per mailbox, however the address is spelled
    "resume_email_client": (10, 3600),
    "csp_report": (30, 60),
}
# Submitted assessments that look made up are held out of peer figures and insights until an analyst
# lets them in: more than BURST_SUBMITS from one network within BURST_MINUTES (all of them), or
# answers identical to another assessment submitted in the last IDENTICAL_DAYS.
BURST_SUBMITS = int(os.environ.get("BURST_SUBMITS", "3"))
BURST_MINUTES = int(os.environ.get("BURST_MINUTES", "60"))
IDENTICAL_DAYS = int(os.environ.get("IDENTICAL_DAYS", "90"))

# Peer figures come from a release of the peer cells made every PEER_RELEASE_HOURS (by the worker
# after a submit, or `manage.py release_peers`), counting firms submitted at least
# PEER_RELEASE_AGE_DAYS before it. A completed quarter's insight tables are published (frozen) once
# INSIGHTS_RELEASE_DELAY_DAYS have passed after it, so held-out firms can be reviewed first.
PEER_RELEASE_HOURS = int(os.environ.get("PEER_RELEASE_HOURS", "24"))
PEER_RELEASE_AGE_DAYS = int(os.environ.get("PEER_RELEASE_AGE_DAYS", "3"))
INSIGHTS_RELEASE_DELAY_DAYS = int(os.environ.get("INSIGHTS_RELEASE_DELAY_DAYS", "14"))

# /.well-known/security.txt (RFC 9116): where to report a vulnerability.
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "mailto:security@localhost")
SECURITY_POLICY_URL = os.environ.get("SECURITY_POLICY_URL", "")

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # load balancers probe over plain HTTP
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a one-way decision for the whole domain, so it stays opt-in: silence its nag.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # "__Host-": browsers accept these cookies only from this host over HTTPS, with no Domain, so a
    # sibling subdomain or a plain-HTTP reply cannot plant a session (and with it an assessment) in a
    # firm's browser; a planted "sessionid" is simply never read.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Errors reach the console whatever DEBUG says (Django's default prints them only with DEBUG on),
# and every line on it passes through the token scrubber. gunicorn's access log: gunicorn.conf.py.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub_tokens": {"()": "readiness.logs.ScrubTokens"}},
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["scrub_tokens"], "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint logs every refused fetch as a warning; keep them visible but not noisy.
        "weasyprint": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "fontTools": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # One line per PDF render (the background worker's), so operators can see how many run.
        "assessments.report.rendering": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # The worker's housekeeping: renders queued again after a worker died, sent e-mails forgotten.
        "assessments.worker": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
