"""What the report recommends. How the PDF is stored and served: test_report_store.py."""

import re

from django.urls import reverse

from assessments import advice, pdf, report
from assessments.models import Driver, Programme, Recommendation, compute_scores
from tests.helpers import answer, answer_all, make_assessment


def submitted(client, level=2, **profile):
    assessment, token = make_assessment(**profile)
    answer_all(assessment, level)
    client.post(reverse("assessments:submit", kwargs={"token": token}))
    assessment.refresh_from_db()
    return assessment, token


def eligible_codes(region, size):
    return {p.code for p in advice.eligible_programmes(Programme.objects.all(), region, size)}


def test_a_scottish_firm_sees_scottish_support_and_not_english_only_programmes(content):
    codes = eligible_codes("scotland", "small")
    assert "scottish-manufacturing-advisory-service" in codes and "made-smarter-adoption" not in codes


def test_closed_programmes_are_never_offered(content):
    assert "help-to-grow-digital" not in eligible_codes("london", "small")


def test_band_advice_fires_for_the_driver_s_level(client, content):
    assessment, token = submitted(client, level=1)  # 25 everywhere: developing
    context = report.for_assessment(assessment)
    codes = {i.rec.code for s in context.sections for _, items in s.advice for i in items}
    assert {f"{d.code}-developing" for d in Driver.objects.all()} <= codes
    assert not any(code.endswith("-starting") for code in codes)


def test_question_advice_fires_at_or_below_its_level_only(content):
    assessment, token = make_assessment()
    questions = list(assessment.questionnaire.questions.all())
    answer(assessment, questions[0], 1)
    answer(assessment, questions[1], 2)
    answer(assessment, questions[2], kind="dont_know")
    recs = list(Recommendation.objects.select_related("driver"))
    fired = {
        r.question_code
        for r in advice.matching_recommendations(
            recs, compute_scores(assessment), {questions[0].code: 1, questions[1].code: 2}
        )
    }
    assert questions[0].code in fired and questions[1].code not in fired and questions[2].code not in fired


def test_the_plan_covers_only_the_top_three_priorities(client, content):
    assessment, token = submitted(client, level=2)
    context = report.for_assessment(assessment)
    plan_drivers = {i.rec.driver for _, items in context.plan for i in items}
    assert plan_drivers == {p.driver for p in context.priorities} and len(plan_drivers) == 3


def test_dont_know_answers_are_listed_as_things_to_find_out(content):
    assessment, token = make_assessment()
    question = assessment.questionnaire.questions.first()
    answer(assessment, question, kind="dont_know")
    context = report.for_assessment(assessment)
    assert [g.question for g in context.knowledge_gaps] == [question]


def test_stored_scores_equal_scores_recomputed_from_answers(client, content):
    assessment, token = submitted(client, level=3)
    stored = {s.driver.code: s.score for s in assessment.driver_scores.select_related("driver")}
    assert stored == {code: r.score for code, r in compute_scores(assessment).items()}


def test_the_report_stylesheet_is_served_under_production_hashed_names(client, content, settings):
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "tests.helpers.HashedNamesStorage"}}
    assessment, token = submitted(client)
    html = pdf.render_html(report.for_assessment(assessment))
    href = re.search(r'<link rel="stylesheet" href="([^"]+)"', html)[1]
    assert ".0123456789ab.css" in href and pdf.REPORT_ORIGIN + href in pdf.report_assets()
