"""What firms and advisers write is plain text, escaped wherever it is shown: notes, validation
reasons, the firm's comments, company and organisation names, on every page, in the PDF's HTML and
in the CSV."""

import pytest
from django.core import mail
from django.urls import reverse

from assessments.models import Answer, Assessment, Share
from assessments.report import builder as report
from assessments.report import pdf
from tests.advisers.conftest import firm_url, token_url
from tests.helpers import make_adviser, make_organisation, share_with

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def hostile(client, content, firm):
    """Every text a firm or an adviser writes carries markup; returns (share, token, signed-in client)."""
    assessment, token = firm
    Assessment.objects.filter(pk=assessment.pk).update(company_name=f"Acme {SCRIPT}")
    Answer.objects.filter(assessment=assessment).update(comment=f"Our words {SCRIPT}")
    organisation = make_organisation(f"Hub {SCRIPT}", regions=["wales"])
    adviser = make_adviser(organisation, "eve", first_name=f"Eve {SCRIPT}")
    share = share_with(Assessment.objects.get(pk=assessment.pk), organisation)
    client.force_login(adviser.user)
    question = content.questions[0]
    client.post(firm_url("note", share), {"text": f"Note {SCRIPT}"})
    client.post(
        reverse("advisers:validate", kwargs={"share_id": share.public_id, "code": question.code}),
        {f"v-{question.code}-level": 4, f"v-{question.code}-reason": f"Reason {SCRIPT}"},
    )
    return share, token, client


def test_workspace_pages_escape_what_firms_and_advisers_wrote(hostile):
    share, _, client = hostile
    for url in [reverse("advisers:queue"), *(firm_url(view, share) for view in ("firm", "answers", "report"))]:
        page = client.get(url).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page and "&lt;script&gt;" in page, url


def test_the_firm_s_pages_escape_the_organisation_and_the_adviser_s_reason(hostile):
    share, token, client = hostile
    for url in [reverse("assessments:results", kwargs={"token": token}), token_url("share", token)]:
        page = client.get(url).content.decode()
        assert "<script>alert" not in page and "&lt;script&gt;" in page, url


def test_the_pdf_html_escapes_the_reason_and_the_adviser_s_name(hostile):
    share, _, _ = hostile
    html = pdf.render_html(report.for_assessment(Assessment.objects.get(pk=share.assessment_id)))
    assert "<script>alert" not in html and "Reason &lt;script&gt;" in html


def test_the_csv_neutralises_cells_a_spreadsheet_would_run(hostile):
    share, _, client = hostile
    Share.objects.filter(pk=share.pk).update(contact_email="=cmd@example.org")
    body = client.get(firm_url("export", share)).content.decode()
    assert "'=cmd@example.org" in body


def test_the_inbox_e_mail_is_plain_text_with_the_name_on_one_line(client, content, firm, org_a):
    Assessment.objects.filter(pk=firm[0].pk).update(company_name="Acme\nLtd <b>")
    client.post(token_url("share", firm[1]), {"organisation": org_a.pk, "purposes": ["report"]})
    assert "Acme Ltd <b>" in mail.outbox[0].body and "&lt;" not in mail.outbox[0].body
