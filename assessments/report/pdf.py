"""The report as a PDF: its HTML, the assets WeasyPrint may load, the cache, and the render call.

WeasyPrint runs in a child process with a deadline and a memory cap (pdf_worker) and sees only the
report stylesheet and data: URIs. Rendering happens in a background task (tasks.py), which stores
the PDF under the report's state key (report_state.py).
"""

import logging
from typing import NamedTuple

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.text import slugify
from django.utils.translation import pgettext

from . import pdf_worker

log = logging.getLogger(__name__)
REPORT_ORIGIN = pdf_worker.ORIGIN
REPORT_ASSETS = ["css/report.css"]
MAX_HTML = 2_000_000  # a normal report is ~100 KB; far more means runaway content


class RenderedPdf(NamedTuple):
    body: bytes
    pages: int


class ReportError(Exception):
    """The PDF could not be rendered; the view shows a clear error page instead of a 500."""


def filename(assessment):
    company = slugify(assessment.company_name) or pgettext("a file name, no spaces", "company")
    report = pgettext("a file name, no spaces", "readiness-report")
    return f"{company}-{report}.pdf"


def render_html(report):
    return render_to_string("report/report.html", report.context())


def render_pdf(report):
    """The RenderedPdf of a report: its bytes and page count. Called by the background task
    (rendering.py), which stores both: web requests serve the stored bytes and say how many pages."""
    return RenderedPdf(*_weasyprint(render_html(report), report_assets()))


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
