"""A firm walks the whole journey in Welsh on the default content: every page says lang="cy", and no
English sentence of the interface or the content is left on any of them, the PDF and the data
download included (proper names and codes are not sentences of either)."""

import io
import json

import pytest
from pypdf import PdfReader

from assessments.journey.pages import split
from assessments.models import Assessment, Driver
from tests.helpers import english_on_a_welsh_page, english_phrases, load_default_content, option, page_data

pytestmark = pytest.mark.slow  # loads the default pack

PROFILE = {"company_name": "Ffowndri Penrhyn Cyf", "sector": "24", "size_band": "small", "region": "wales"}


@pytest.fixture
def phrases(db):
    load_default_content()
    return english_phrases()


class Walk:
    """Visits pages under /cy/ and keeps, per page, the English found on it."""

    def __init__(self, client, phrases):
        self.client, self.phrases, self.found = client, phrases, {}

    def check(self, name, response, status=200):
        assert response.status_code == status, (name, response.status_code)
        html = response.content.decode()
        assert '<html lang="cy">' in html, name
        self.found[name] = english_on_a_welsh_page(html, self.phrases)
        return response

    def get(self, name, url, status=200):
        return self.check(name, self.client.get(url), status)

    def post(self, name, url, data, status=302):
        response = self.client.post(url, data)
        if status != 302:
            return self.check(name, response, status)
        assert response.status_code == 302, (name, response.status_code)
        return response


def answer_every_page(walk, assessment, token, level=3):
    """Every page of every area the assessment asks, a few questions to a page (pages.split)."""
    for driver in Driver.objects.filter(questions__in=assessment.questions()).distinct():
        chunks = split(list(assessment.questions().filter(driver=driver)))
        for number, chunk in enumerate(chunks, start=1):
            url = f"/cy/assessments/{token}/{driver.code}/" + (f"{number}/" if number > 1 else "")
            walk.get(f"area {driver.code} page {number}", url)
            walk.post(f"save {driver.code} page {number}", url, page_data(chunk, level))


def test_a_welsh_firm_meets_no_english_from_start_to_pdf(client, phrases):
    walk = Walk(client, phrases)
    walk.get("start", "/cy/")
    walk.get("privacy", "/cy/privacy/")
    walk.get("profile", "/cy/assessments/new/?mode=quick")
    walk.post("profile with an error", "/cy/assessments/new/", {"mode": "quick"}, status=400)
    token = walk.post("profile", "/cy/assessments/new/", {**PROFILE, "mode": "quick"})["Location"].split("/")[3]
    assessment = Assessment.objects.get()
    walk.get("task list", f"/cy/assessments/{token}/tasks/")
    walk.get("saved", f"/cy/assessments/{token}/saved/")
    answer_every_page(walk, assessment, token)
    walk.get("check answers", f"/cy/assessments/{token}/review/")
    walk.post("submit", f"/cy/assessments/{token}/submit/", {"confirm": "yes"})
    walk.get("results", f"/cy/assessments/{token}/results/")
    walk.get("delete", f"/cy/assessments/{token}/delete/")
    assert walk.found == {name: [] for name in walk.found}

    pdf = PdfReader(io.BytesIO(client.get(f"/cy/assessments/{token}/report.pdf").getvalue()))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert str(pdf.trailer["/Root"]["/Lang"]) == "cy"
    assert [p for p in phrases if p in text] == []

    data = json.loads(client.get(f"/cy/assessments/{token}/my-data.json").content)
    question = assessment.questions().first()
    assert data["answers"][0]["question"] == question.text_cy


def test_the_full_assessment_in_welsh_asks_every_area_in_welsh(client, phrases):
    walk = Walk(client, phrases)
    token = walk.post("profile", "/cy/assessments/new/", PROFILE)["Location"].split("/")[3]
    assessment = Assessment.objects.get()
    answer_every_page(walk, assessment, token, level=1)
    walk.get("check answers", f"/cy/assessments/{token}/review/")
    walk.post("submit", f"/cy/assessments/{token}/submit/", {})
    walk.get("results", f"/cy/assessments/{token}/results/")
    assert walk.found == {name: [] for name in walk.found}
    assert option(assessment.questions().first(), 1).label_cy
