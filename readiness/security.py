"""Two small security routes: /.well-known/security.txt (RFC 9116: where to report a vulnerability)
and the endpoint browsers report Content-Security-Policy violations to (logged, so a blocked
injection attempt reaches someone; rate-limited per client network, and bounded in size)."""

import json
import logging
from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from assessments import limits

log = logging.getLogger(__name__)
MAX_REPORT_BYTES = 16_384
FIELD_CHARS = 300


@require_safe
def security_txt(request):
    expires = (timezone.now() + timedelta(days=180)).replace(microsecond=0)
    lines = [f"Contact: {settings.SECURITY_CONTACT}", f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}"]
    if settings.SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.SECURITY_POLICY_URL}")
    lines.append("Preferred-Languages: en, cy")
    if settings.SITE_URL:
        lines.append(f"Canonical: {settings.SITE_URL}/.well-known/security.txt")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@csrf_exempt  # browsers send reports without a token; nothing is changed but a log line
@require_POST
def csp_report(request):
    if not limits.allow(request, "csp_report"):
        return HttpResponse(status=429)
    if len(request.body) > MAX_REPORT_BYTES:  # Django refuses anything past DATA_UPLOAD_MAX_MEMORY_SIZE first
        return HttpResponse(status=413)
    for report in _reports(request.body):
        log.warning(
            "CSP violation: %s blocked %s on %s",
            _field(report, "violated-directive", "effectiveDirective", "effective-directive"),
            _field(report, "blocked-uri", "blockedURL"),
            _field(report, "document-uri", "documentURL"),
        )
    return HttpResponse(status=204)


def _reports(body):
    """The reports in a body of either format: report-uri's {"csp-report": {…}} or the Reporting
    API's [{"type": "csp-violation", "body": {…}}, …]."""
    try:
        data = json.loads(body or b"null")
    except ValueError:
        return []
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        return [data["csp-report"]]
    if isinstance(data, list):
        return [r["body"] for r in data[:10] if isinstance(r, dict) and isinstance(r.get("body"), dict)]
    return []


def _field(report, *names):
    value = next((report[n] for n in names if isinstance(report.get(n), str)), "-")
    return "".join(c if c.isprintable() else "?" for c in value[:FIELD_CHARS])
