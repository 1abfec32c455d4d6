"""English at today's URLs, Welsh under /cy/: the switcher, the assessment's language, and no English
on a Welsh page (a version that is not complete in Welsh is not offered in Welsh)."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from pypdf import PdfReader

from assessments.insights import exports, peers
from assessments.models import Assessment, DriverScore, InsightCell, Option, PeerCell, Question, shown_in
from assessments.report import state as report_state
from tests.helpers import give_welsh, make_assessment, make_content, make_programme, page_data, submit_firm

PROFILE = {"company_name": "Ffowndri Penrhyn Cyf", "sector": "24", "size_band": "small", "region": "wales"}


@pytest.fixture
def site(db):
    """Two drivers of two questions and a programme, every text with its (test) Welsh."""
    content = make_content(drivers=("safety", "remote"), questions_per_driver=2)
    make_programme("busnes-cymru", regions=["wales"], drivers=content.drivers, kind="adviser")
    give_welsh()
    return content


def welsh(path):
    return translate_url(path, "cy")


def url(name, token, **kwargs):
    with translation.override("en-gb"):
        return reverse(f"assessments:{name}", kwargs={"token": token, **kwargs})


def test_the_start_page_links_to_its_welsh_counterpart(client, site):
    page = client.get("/").content.decode()
    assert '<a href="/cy/" hreflang="cy" lang="cy">Cymraeg</a>' in page
    assert '<span aria-current="true" lang="en-GB">English</span>' in page


def test_the_welsh_start_page_links_back_to_the_english_one(client, site):
    page = client.get("/cy/").content.decode()
    assert '<a href="/" hreflang="en-GB" lang="en-GB">English</a>' in page and '<html lang="cy">' in page


def test_the_switcher_keeps_the_query_string(client, site):
    page = client.get("/assessments/new/?mode=quick").content.decode()
    assert 'href="/cy/assessments/new/?mode=quick"' in page


def test_an_unknown_page_links_to_the_start_page_of_the_other_language(client, site):
    page = client.get("/cy/nowhere/").content.decode()
    assert '<a href="/" hreflang="en-GB" lang="en-GB">English</a>' in page


def test_staff_pages_have_the_switcher_too(client, db):
    page = client.get("/admin/login/").content.decode()
    assert 'href="/cy/admin/login/" hreflang="cy" lang="cy">Cymraeg</a>' in page


def test_a_new_assessment_remembers_the_language_it_was_started_in(client, site):
    response = client.post("/cy/assessments/new/", PROFILE)
    assert response.url.startswith("/cy/assessments/") and Assessment.objects.get().language == "cy"


def test_switching_language_keeps_the_answers_given(client, site):
    _, token = make_assessment(site.questionnaire)
    questions = site.questions_of("safety")
    client.post(url("driver", token, driver="safety"), page_data(questions, level=3))
    chosen = {q.code: q.options.get(level=3).pk for q in questions}
    welsh_page = client.get(welsh(url("driver", token, driver="safety")))
    english_page = client.get(url("driver", token, driver="safety"))
    for page in (welsh_page, english_page):
        assert {q.code: page.context["form"][f"q-{q.code}"].value() for q in questions} == chosen
    assert "Cadw a pharhau" in welsh_page.content.decode()


def test_the_switcher_on_an_assessment_page_leads_to_the_same_page_in_welsh(client, site):
    _, token = make_assessment(site.questionnaire)
    page = client.get(url("tasks", token)).content.decode()
    assert f'href="/cy/assessments/{token}/tasks/" hreflang="cy"' in page


def test_using_the_welsh_pages_makes_welsh_the_assessment_s_language(client, site):
    assessment, token = make_assessment(site.questionnaire)
    client.get(welsh(url("tasks", token)))
    assessment.refresh_from_db()
    assert assessment.language == "cy"


def test_a_welsh_page_shows_the_welsh_content_and_not_the_english(client, site):
    _, token = make_assessment(site.questionnaire)
    page = client.get(welsh(url("driver", token, driver="safety"))).content.decode()
    assert "Cy Question safety-01?" in page and "Cy safety-01 level 3" in page
    assert ">Question safety-01?" not in page and ">Safety<" not in page


def test_the_resume_email_is_in_the_assessment_s_language_with_its_welsh_link(client, site):
    client.post("/cy/assessments/new/", {**PROFILE, "email": "owner@example.org"})
    message = mail.outbox[0]
    assert message.subject == "Eich dolen ar gyfer Parodrwydd Gweithgynhyrchu" and "/cy/assessments/" in message.body


def test_the_pdf_follows_the_assessment_s_language(site):
    assessment, _ = submit_firm(site.questionnaire, language="cy")
    assert report_state.state_key(assessment) == report_state.state_key(assessment, "cy")


def test_a_welsh_pdf_is_in_welsh_with_its_language_set(client, site):
    assessment, token = submit_firm(site.questionnaire, language="cy")
    response = client.get(welsh(url("report", token)))
    reader = PdfReader(io.BytesIO(response.getvalue()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert str(reader.trailer["/Root"]["/Lang"]) == "cy"
    assert "Adroddiad parodrwydd digidol" in text and "Cy Safety" in text and "Digital readiness report" not in text


# ------------------------------------------------------------------------- no silent fallback


def test_a_version_missing_one_welsh_text_is_not_offered_in_welsh(client, site):
    Option.objects.filter(question__code="remote-02", level=2).update(label_cy="")
    page = client.get("/cy/").content.decode()
    assert "Nid yw'r holiadur hwn ar gael yn Gymraeg eto" in page and 'href="/" hreflang="en-GB"' in page


def test_its_english_pages_carry_on_as_before(client, site):
    Option.objects.filter(question__code="remote-02", level=2).update(label_cy="")
    assert "Start the assessment" in client.get("/").content.decode()


def test_a_welsh_visitor_to_an_assessment_not_complete_in_welsh_is_offered_its_english_page(client, site):
    _, token = make_assessment(site.questionnaire)
    Question.objects.filter(code="safety-01").update(help_text="Some new help.")
    page = client.get(welsh(url("tasks", token))).content.decode()
    assert f'href="/assessments/{token}/tasks/"' in page and "Some new help" not in page
    assert Assessment.objects.get().language == "en-gb"  # not switched to a language it cannot have


def test_content_loaded_for_a_welsh_page_cannot_be_saved(site):
    with shown_in("cy"):
        question = Question.objects.get(code="safety-01")
    with pytest.raises(RuntimeError):
        question.save()


# ------------------------------------------------------------------ figures pool across languages


def test_a_firm_answering_in_welsh_counts_exactly_like_one_answering_in_english(client, site):
    english, _ = submit_firm(site.questionnaire, level=3, company_name="One")
    welsh_firm, token = make_assessment(site.questionnaire, benchmark_consent=True, company_name="Two")
    for code in ("safety", "remote"):
        client.post(welsh(url("driver", token, driver=code)), page_data(site.questions_of(code), level=3))
    client.post(welsh(url("submit", token)))
    welsh_firm.refresh_from_db()
    assert welsh_firm.is_submitted and welsh_firm.language == "cy"
    scores = [list(DriverScore.objects.filter(assessment=a).values_list("driver__code", "score", "level"))
              for a in (english, welsh_firm)]  # fmt: skip
    assert scores[0] == scores[1]
    peers.release(now=timezone.now() + timedelta(days=60))  # a release once both are old enough to count
    assert {c.firms for c in PeerCell.objects.all()} == {2} and {c.firms for c in InsightCell.objects.all()} == {2}
    frame = exports.responses_frame(Assessment.objects.order_by("pk"))
    answers = frame[[q.code for q in site.questions]]
    assert answers.iloc[0].tolist() == answers.iloc[1].tolist()


def test_a_page_shown_after_a_refused_form_links_to_the_same_page_in_welsh(client, site):
    response = client.post("/assessments/new/", {"company_name": ""})
    assert response.status_code == 400 and 'href="/cy/assessments/new/" hreflang="cy"' in response.content.decode()


def test_the_review_shown_after_a_refused_submit_links_to_the_welsh_review(client, site):
    _, token = make_assessment(site.questionnaire)
    page = client.post(url("submit", token)).content.decode()  # nothing answered: refused, the review shown
    assert f'href="/cy/assessments/{token}/review/" hreflang="cy"' in page


def test_an_edit_that_removes_a_welsh_text_withdraws_the_welsh_offer_at_once(client, site):
    assert "Nid yw'r holiadur" not in client.get("/cy/").content.decode()  # offered, and remembered
    question = Question.objects.get(code="safety-01")
    question.text_cy = ""
    question.save()  # as the admin and the pack loader save: the version's content revision moves
    assert "Nid yw'r holiadur hwn ar gael yn Gymraeg eto" in client.get("/cy/").content.decode()
