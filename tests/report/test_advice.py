"""Which advice fires and for whom (advice.py): band and question advice, the order within an area,
the action plan, and the programmes a firm can use. Legal duties and sectors: test_legal_duties_and_sectors.py."""

import pytest

from assessments.models import Programme, Recommendation, compute_scores
from assessments.report import advice
from assessments.report import builder as report
from tests.helpers import (
    advice_codes,
    answer,
    make_assessment,
    make_content,
    make_programme,
    make_recommendation,
    section_of,
    submit_firm,
)
from tests.report.conftest import DRIVERS


def eligible_codes(region, size):
    return {p.code for p in advice.eligible_programmes(Programme.objects.recommendable(), region, size)}


def test_a_scottish_firm_sees_scottish_support_and_not_english_only_programmes(catalogue):
    codes = eligible_codes("scotland", "small")
    assert "scottish-scheme" in codes and "england-scheme" not in codes


def test_closed_programmes_are_never_offered(catalogue):
    assert "closed-scheme" not in eligible_codes("london", "small")


def test_advice_lists_only_the_linked_programmes_the_firm_can_use(client, catalogue):
    assessment, token = submit_firm(level=1, region="scotland")
    items = [i for _, items in section_of(report.for_assessment(assessment), "safety").advice for i in items]
    assert {p.code for i in items for p in i.programmes} == {"scottish-scheme"}


def test_a_section_offers_the_eligible_programmes_that_serve_its_driver(client, catalogue):
    assessment, token = submit_firm(level=1, region="scotland")
    context = report.for_assessment(assessment)
    assert [p.code for p in section_of(context, "safety").programmes] == ["scottish-scheme"]
    assert section_of(context, "remote").programmes == []


def test_band_advice_fires_for_the_driver_s_level(client, catalogue):
    assessment, token = submit_firm(level=1)  # 25 everywhere: developing
    context = report.for_assessment(assessment)
    codes = {code for s in context.sections for code in advice_codes(s.advice)}
    assert {f"{d}-developing" for d in DRIVERS} <= codes
    assert not any(code.endswith("-starting") for code in codes)


def test_question_advice_fires_at_or_below_its_level_only(catalogue):
    assessment, token = make_assessment()
    answer(assessment, catalogue.questions_of("safety")[0], 1)
    answer(assessment, catalogue.questions_of("remote")[0], 2)
    answer(assessment, catalogue.questions_of("supply")[0], kind="dont_know")
    recs = list(Recommendation.objects.select_related("driver"))
    levels = {"safety-01": 1, "remote-01": 2}  # don't know answers have no level
    fired = advice.matching_recommendations(recs, compute_scores(assessment), levels)
    assert {r.question_code for r in fired} == {"safety-01"}


@pytest.fixture
def urgent(db):
    """One driver answered 1, 0, 2, 3 (score 38: developing), whose advice codes sort against their urgency."""
    content = make_content(drivers=("safety",), questions_per_driver=4)
    v, safety = content.questionnaire, content.driver("safety")
    make_recommendation(v, safety, band="developing", code="z-band")
    for code, question in zip(["c-first", "a-second", "b-third", "d-fourth"], content.questions, strict=True):
        make_recommendation(v, safety, question=question, at_or_below=3, code=code)
    levels = dict(zip([q.code for q in content.questions], [1, 0, 2, 3], strict=True))
    return submit_firm(v, levels=levels)[0]


def test_a_section_lists_band_advice_then_question_advice_from_the_lowest_answer_up(urgent):
    context = report.for_assessment(urgent)
    assert advice_codes(section_of(context, "safety").advice) == [
        "z-band",
        "a-second",
        "c-first",
        "b-third",
        "d-fourth",
    ]


def test_the_plan_takes_a_priority_s_band_advice_and_its_two_most_urgent_question_advice(urgent):
    context = report.for_assessment(urgent)
    assert advice_codes(context.plan) == ["z-band", "a-second", "c-first"]


def test_the_plan_covers_only_the_top_three_priorities(client, catalogue):
    assessment, token = submit_firm(level=1)
    context = report.for_assessment(assessment)
    plan_drivers = {i.rec.driver for _, items in context.plan for i in items}
    assert plan_drivers == {p.driver for p in context.priorities} and len(plan_drivers) == 3


def test_a_firm_is_offered_programmes_for_its_size_only(client, catalogue):
    make_programme("small-firms", sizes=["small"])
    make_programme("medium-firms", sizes=["medium"])
    assessment, token = submit_firm(size_band="small", region="london")
    codes = {p.code for p in report.for_assessment(assessment).programmes}
    assert "small-firms" in codes and "medium-firms" not in codes
