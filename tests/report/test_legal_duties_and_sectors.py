"""Legal duties lead the advice, whatever the band says; advice named for sectors reaches only them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Question, Recommendation
from assessments.report import advice, pdf
from assessments.report import builder as report
from tests.helpers import advice_codes, make_content, make_recommendation, section_of, submit_firm


@pytest.fixture
def permits(db):
    """Safety (two questions, safety-01 a legal duty) and remote (one question). Band advice for
    'developing' in each area, and advice on every question."""
    content = make_content(drivers=("safety", "remote"), questions_per_driver=2)
    v, safety, remote = content.questionnaire, content.driver("safety"), content.driver("remote")
    Question.objects.filter(code="safety-01").update(legal_duty=True)
    make_recommendation(v, safety, band="developing", code="a-phone-forms", title="Put checks on phones")
    make_recommendation(v, safety, question="safety-01", at_or_below=2, code="z-permits", title="Issue permits")
    make_recommendation(v, safety, question="safety-02", at_or_below=2, code="b-sign-in", title="Tablet sign-in")
    make_recommendation(v, remote, band="developing", code="r-band")
    make_recommendation(v, remote, question="remote-01", at_or_below=1, code="r-01")
    return content


def submit(content, levels, importance=None, sector="25"):
    """A firm answering `levels` (question code -> level; 1 for any other question), submitted."""
    return submit_firm(content.questionnaire, level=1, levels=levels, importance=importance or {}, sector=sector)


def test_a_legal_duty_answered_at_level_one_leads_its_area_marked_as_a_legal_requirement(permits):
    assessment, _ = submit(permits, {"safety-01": 1, "safety-02": 2})  # safety 38: developing
    groups = section_of(report.for_assessment(assessment), "safety").advice
    assert groups[0][0] == advice.LEGAL_GROUP and advice_codes(groups[:1]) == ["z-permits"]
    assert advice_codes(groups) == ["z-permits", "a-phone-forms", "b-sign-in"]


def test_a_legal_duty_answered_at_level_one_leads_the_action_plan(permits):
    assessment, _ = submit(permits, {"safety-01": 1, "safety-02": 0})
    plan = report.for_assessment(assessment).plan
    assert plan[0][0] == advice.LEGAL_GROUP and advice_codes(plan)[0] == "z-permits"


def test_a_legal_requirement_is_in_the_plan_even_when_its_area_is_not_a_priority(permits):
    assessment, _ = submit(permits, {"safety-01": 1}, importance={"safety": 1, "remote": 5})
    context = report.for_assessment(assessment)
    assert [p.driver.code for p in context.priorities][0] == "remote" and "z-permits" in advice_codes(context.plan)


def test_a_legal_duty_met_at_level_two_is_ordinary_advice(permits):
    assessment, _ = submit(permits, {"safety-01": 2, "safety-02": 1})
    groups = section_of(report.for_assessment(assessment), "safety").advice
    assert advice.LEGAL_GROUP not in [label for label, _ in groups]


def test_a_top_priority_s_first_step_is_its_legal_requirement(permits):
    assessment, _ = submit(permits, {"safety-01": 1}, importance={"safety": 5, "remote": 1})
    lead = report.for_assessment(assessment).priorities[0].lead
    assert lead.rec.code == "z-permits" and lead.legal


def test_the_results_page_and_the_pdf_mark_the_legal_requirement(client, permits):
    assessment, token = submit(permits, {"safety-01": 1})
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    html = pdf.render_html(report.for_assessment(assessment))
    assert "Legal requirements: put these right first" in page and "(legal requirement)" in page
    assert "Legal requirements: put these right first" in html and "(legal requirement)" in html


def test_legal_gaps_are_the_legal_duties_answered_at_level_one_or_below():
    levels = {"safety-01": 1, "safety-02": 0, "safety-03": 2}
    assert advice.legal_gaps(levels, {"safety-01", "safety-03", "safety-04"}) == {"safety-01"}


# ------------------------------------------------------------------------------- sectors


@pytest.fixture
def welding(permits):
    make_recommendation(
        permits.questionnaire, permits.driver("safety"), question="safety-02", at_or_below=1,
        code="c-welding-fume", sectors=["24", "25"],
    )  # fmt: skip
    return permits


def test_advice_named_for_a_sector_reaches_a_firm_in_it(welding):
    fabricator, _ = submit(welding, {"safety-02": 0}, sector="25")
    assert "c-welding-fume" in advice_codes(section_of(report.for_assessment(fabricator), "safety").advice)


def test_advice_named_for_a_sector_is_not_given_to_other_sectors(welding):
    baker, _ = submit(welding, {"safety-02": 0}, sector="10")
    safety_codes = advice_codes(section_of(report.for_assessment(baker), "safety").advice)
    assert "c-welding-fume" not in safety_codes and "b-sign-in" in safety_codes
    assert "z-permits" in safety_codes  # advice after the one held back still reaches the firm


def test_whether_a_question_tests_a_legal_duty_is_locked_once_its_version_is_published(permits):
    question = Question.objects.get(code="safety-02")
    question.legal_duty = True
    with pytest.raises(ValidationError, match="whether it tests a legal duty is locked"):
        question.full_clean()


def test_the_sectors_a_recommendation_suits_are_locked_once_its_version_is_published(welding):
    rec = Recommendation.objects.get(code="c-welding-fume")
    rec.sectors = ["10"]
    with pytest.raises(ValidationError, match="the sectors is locked"):
        rec.full_clean()
