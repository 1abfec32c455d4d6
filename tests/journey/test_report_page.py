"""The PDF's own page: it never reloads by itself, says when the report is ready, and the download
link says what the file is (PDF, size, pages)."""

import pytest
from django.urls import reverse

from assessments.models import StoredReport
from assessments.report import pdf, rendering
from tests.helpers import make_content, submit_firm

pytestmark = pytest.mark.django_db
STUB = b"%PDF-1.7 " + b"x" * 107_000


@pytest.fixture
def renders(monkeypatch):
    monkeypatch.setattr(pdf, "_weasyprint", lambda html, assets: (STUB, 17))


@pytest.fixture
def no_worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def firm(django_capture_on_commit_callbacks):
    """A firm that submitted; the submit's commit queues the render, as outside a test's transaction."""
    make_content(("safety", "supply"), 2)
    with django_capture_on_commit_callbacks(execute=True):
        return submit_firm(level=2)


def url(name, token):
    return reverse(f"assessments:{name}", kwargs={"token": token})


def test_while_the_pdf_is_made_its_page_offers_check_again_and_a_live_region(client, renders, no_worker, firm):
    _assessment, token = firm
    page = client.get(url("report_page", token)).content.decode()
    assert "being made" in page and f'href="{url("report_page", token)}"' in page and "Check again" in page
    assert 'role="status"' in page and 'http-equiv="refresh"' not in page


def test_the_polling_script_is_a_static_file(client, renders, no_worker, firm):
    _assessment, token = firm
    page = client.get(url("report_page", token)).content.decode()
    assert '<script src="/static/js/report-status.js" defer></script>' in page and "<script>" not in page


def test_once_rendered_the_page_offers_the_download_with_its_size_and_pages(client, renders, no_worker, firm):
    assessment, token = firm
    client.get(url("report_page", token))
    rendering.render_report.call(assessment.pk, "en-gb")
    page = client.get(url("report_page", token)).content.decode()
    assert "Your PDF report is ready" in page and "(PDF, 105 KB, 17 pages)" in page
    assert "Your report has downloaded" in page  # the state the script shows once the download starts


def test_the_render_stores_the_size_and_page_count(renders, firm):
    assessment, _token = firm
    stored = StoredReport.objects.get(assessment=assessment)
    assert (stored.size_bytes, stored.page_count) == (len(STUB), 17)


def test_the_results_page_link_gives_the_pdf_size_and_pages(client, renders, firm):
    _assessment, token = firm
    page = client.get(url("results", token)).content.decode()
    assert 'Download the PDF report <span class="pdf-facts">(PDF, 105 KB, 17 pages)</span>' in page


def test_the_size_and_pages_come_from_the_cache_too(client, renders, firm):
    assessment, token = firm
    client.get(url("results", token))  # the stored row now in the cache
    StoredReport.objects.filter(assessment=assessment).update(page_count=None)
    assert "17 pages" in client.get(url("results", token)).content.decode()
