"""Links, escaping, sanitising and the PDF renderer's reach."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import Assessment, hash_token
from assessments.report import charts, pdf, pdf_worker
from assessments.templatetags.readiness import rich
from tests.helpers import answer_all, make_assessment, make_content


@pytest.fixture
def questionnaire(db):
    return make_content(drivers=("safety",), questions_per_driver=2).questionnaire


def test_tokens_carry_256_bits_and_only_their_hash_is_stored(questionnaire):
    assessment, token = make_assessment()
    assert len(token) >= 43  # 32 random bytes, base64url
    assert Assessment.objects.filter(token_hash=hash_token(token)).exists()
    assert not Assessment.objects.filter(token_hash=token).exists()


@pytest.mark.parametrize("token", ["x", "A" * 43, "..%2F..%2Fetc", "%00", "' OR 1=1 --"])
def test_any_unknown_token_gives_the_same_404(client, questionnaire, token):
    response = client.get(f"/assessments/{token}/results/")
    assert response.status_code == 404 and "can't find that page" in response.content.decode()


def test_a_deleted_assessment_s_link_stops_working(client, questionnaire):
    assessment, token = make_assessment()
    assessment.delete()
    assert client.get(reverse("assessments:resume", kwargs={"token": token})).status_code == 404


def test_assessment_pages_are_never_cached(client, questionnaire):
    assessment, token = make_assessment()
    response = client.get(reverse("assessments:review", kwargs={"token": token}))
    assert "no-store" in response["Cache-Control"]


def test_forms_refuse_posts_without_a_csrf_token(questionnaire):
    client = Client(enforce_csrf_checks=True)
    assessment, token = make_assessment()
    assert client.post(reverse("assessments:submit", kwargs={"token": token})).status_code == 403
    assert client.post(reverse("assessments:new"), {}).status_code == 403


def test_the_company_name_is_escaped_on_the_results_page(client, questionnaire):
    assessment, token = make_assessment(company_name="<script>alert(1)</script>")
    answer_all(assessment)
    client.post(reverse("assessments:submit", kwargs={"token": token}))
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="http://169.254.169.254/">', "<img"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<a href="file:///etc/passwd">x</a>', "file:"),
        ('<p style="font-size:99999px">big</p>', "style="),
        ("<iframe src=https://example.com></iframe>", "<iframe"),
    ],
)
def test_admin_markdown_is_cleaned_to_the_allowlist(markdown, forbidden):
    assert forbidden not in rich(markdown)


def test_admin_markdown_keeps_emphasis_lists_and_https_links():
    html = rich("**Do this** first:\n\n- one\n- [guide](https://www.hse.gov.uk)")
    assert "<strong>Do this</strong>" in html and "<li>" in html and 'href="https://www.hse.gov.uk"' in html


def test_chart_labels_are_escaped():
    svg = charts.radar(("<script>x</script>", "B", "C"), (10, 20, None))
    assert "<script>x" not in svg and "&lt;script&gt;" in svg


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/secret",
        "https://example.com/x.css",
        f"{pdf.REPORT_ORIGIN}/static/../../readiness/settings.py",
        f"{pdf.REPORT_ORIGIN}/etc/passwd",
    ],
)
def test_the_pdf_fetcher_refuses_anything_but_the_report_assets(url):
    with pytest.raises(ValueError):
        pdf_worker.asset_fetcher(pdf.report_assets()).fetch(url)


def test_the_pdf_fetcher_serves_the_report_stylesheet():
    response = pdf_worker.asset_fetcher(pdf.report_assets()).fetch(f"{pdf.REPORT_ORIGIN}/static/css/report.css")
    assert b"@page" in response.read()


def test_a_local_file_attachment_in_report_html_is_not_embedded(settings):
    html = '<html><body><p>Hi</p><link rel="attachment" href="file:///etc/hostname"><img src="file:///etc/hostname"></body></html>'
    body = pdf._weasyprint(html, pdf.report_assets())
    assert PdfReader(io.BytesIO(body)).attachments == {}


def test_a_render_that_overruns_its_deadline_is_stopped_and_the_next_one_works(settings):
    settings.REPORT_TIMEOUT = 1
    huge = "<table>" + "<tr><td>row</td><td>cell</td></tr>" * 20_000 + "</table>"
    with pytest.raises(pdf.ReportError, match="longer than 1 seconds"):
        pdf._weasyprint(f"<html><body>{huge}</body></html>", pdf.report_assets())
    settings.REPORT_TIMEOUT = 30
    assert pdf._weasyprint("<html><body><p>Still working</p></body></html>", pdf.report_assets())[:5] == b"%PDF-"


def test_nesting_that_breaks_weasyprint_in_process_renders_in_the_worker():
    # About 140 nested blocks exhaust Python's default recursion limit inside WeasyPrint.
    html = "<html><body>" + "<div>" * 300 + "deep" + "</div>" * 300 + "</body></html>"
    assert pdf._weasyprint(html, pdf.report_assets())[:5] == b"%PDF-"


def test_an_oversized_report_is_refused_before_rendering():
    with pytest.raises(pdf.ReportError, match="over the"):
        pdf._weasyprint("x" * (pdf.MAX_HTML + 1), pdf.report_assets())
