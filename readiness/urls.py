import os

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import health, security

admin.site.site_header = _("Manufacturing Readiness administration")
admin.site.site_title = _("Manufacturing Readiness admin")

handler500 = "readiness.errors.server_error"  # a database outage answers 503 "try again in a moment"

# English pages at their own URLs, Welsh ones under /cy/ (the staff admin too, so its switcher works
# the same way); LocaleMiddleware reads the prefix, and an unprefixed URL is always English.
urlpatterns = [
    # Machine addresses, one each whatever the language.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path(".well-known/security.txt", security.security_txt, name="security_txt"),
    path("csp-report/", security.csp_report, name="csp_report"),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("assessments.advisers.urls")),  # before the journey's driver pages (see its urls.py)
    path("", include("assessments.journey.urls")),
    prefix_default_language=False,
)

if os.environ.get("BENCH") == "1":
    # `make bench` only: the cheapest view behind the same middleware, the yardstick for page throughput.
    urlpatterns.append(path("bench/hello/", lambda request: HttpResponse("Hello, world")))
