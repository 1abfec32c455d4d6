"""The report as a PDF: its HTML, the assets WeasyPrint may load, the cache, and the render call.

WeasyPrint runs in a child process with a deadline and a memory cap (pdf_worker) and sees only the
report stylesheet and data: URIs. Each PDF is cached under the hash of its HTML and stylesheet: any
change to the answers or the content the report shows changes the HTML, so it re-renders. A firm's
download first looks under a key named from what its report depends on (report_key), which costs a
query instead of building the report.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.text import slugify

from . import pdf_worker, report_key

log = logging.getLogger(__name__)
REPORT_ORIGIN = pdf_worker.ORIGIN
REPORT_ASSETS = ["css/report.css"]
MAX_HTML = 2_000_000  # a normal report is ~100 KB; far more means runaway content


class ReportError(Exception):
    """The PDF could not be rendered; the view shows a clear error page instead of a 500."""


def filename(assessment):
    return f"{slugify(assessment.company_name) or 'company'}-readiness-report.pdf"


def render_html(report):
    return render_to_string("report/report.html", report.context())


def render_pdf(report):
    """PDF bytes for a report; a repeat call with unchanged HTML and stylesheet is cached."""
    return _render(report)[1]


def pdf_for(assessment, build):
    """PDF bytes for a submitted assessment. While nothing the report shows has changed
    (report_key.pdf_key) they come from the cache without building the report; otherwise
    build() gives the report and it is rendered (or found under its HTML's hash)."""
    assets = report_assets()  # read each time (a fraction of a millisecond), so a new stylesheet shows at once
    fast_key = f"{report_key.pdf_key(assessment)}:{_digest(assets).hexdigest()[:16]}"
    html_key = cache.get(fast_key)
    pdf = cache.get(html_key) if html_key else None
    if pdf is None:
        html_key, pdf = _render(build())
        cache.set(fast_key, html_key)  # the key, not the bytes: one copy of each PDF in the cache
    return pdf


def _render(report):
    """(cache key, PDF bytes) of a report: rendered and cached unless its HTML and stylesheet are cached."""
    html, assets = render_html(report), report_assets()
    key = "report-pdf:" + _digest(assets, html.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        log.info("Rendering a report PDF (%s)", key[-12:])
        pdf = _weasyprint(html, assets)
        cache.set(key, pdf)
    return key, pdf


def _digest(assets, html=b""):
    digest = hashlib.sha256(html)
    for url, (body, _) in sorted(assets.items()):
        digest.update(url.encode() + body)
    return digest


def _weasyprint(html, assets):
    if len(html) > MAX_HTML:
        raise ReportError(f"the report HTML is {len(html)} characters, over the {MAX_HTML} limit")
    try:
        return pdf_worker.render(html, assets, settings.REPORT_TIMEOUT)
    except pdf_worker.RenderFailed as exc:
        log.error("Report rendering failed: %s", exc)
        raise ReportError(str(exc)) from exc


def report_assets():
    """The static files the report may load, by the URL WeasyPrint asks for: the same URL the
    template's {% static %} writes, hashed file names included in production."""
    assets = {}
    for name in REPORT_ASSETS:
        with open(finders.find(name), "rb") as f:
            assets[REPORT_ORIGIN + static(name)] = (f.read(), "text/css")
    return assets
