"""The report a firm gets (builder.py): summary, priorities, areas, strengths and gaps, radar and matrix,
who can help. Which advice fires: test_advice.py; how the PDF is stored and served: test_rendering.py."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Recommendation, compute_scores
from assessments.report import builder as report
from assessments.report import pdf
from tests.helpers import (
    answer,
    make_assessment,
    make_content,
    make_programme,
    make_recommendation,
    release_peers,
    section_of,
    submit_firm,
)
from tests.report.conftest import DRIVERS


@pytest.fixture
def mixed(db):
    """One driver answered 4, 3, 2, 1, 0."""
    content = make_content(drivers=("safety",), questions_per_driver=5)
    return submit_firm(
        content.questionnaire, levels=dict(zip([q.code for q in content.questions], [4, 3, 2, 1, 0], strict=True))
    )


def test_answers_at_level_three_or_above_are_listed_as_strengths(mixed):
    assessment, token = mixed
    strengths = section_of(report.for_assessment(assessment), "safety").strengths
    assert [r.answer.option.label for r in strengths] == ["safety-01 level 4", "safety-02 level 3"]


def test_answers_at_level_one_or_below_are_listed_as_gaps(mixed):
    assessment, token = mixed
    gaps = section_of(report.for_assessment(assessment), "safety").gaps
    assert [r.answer.option.label for r in gaps] == ["safety-04 level 1", "safety-05 level 0"]


def test_the_results_page_shows_strengths_only_to_a_firm_that_has_some(client, catalogue):
    _, strong = submit_firm(level=3)
    _, middling = submit_firm(level=2)
    assert "Strengths" in client.get(reverse("assessments:results", kwargs={"token": strong})).content.decode()
    assert "Strengths" not in client.get(reverse("assessments:results", kwargs={"token": middling})).content.decode()


def test_a_driver_without_an_importance_sits_on_the_matrix_at_importance_three(client, catalogue):
    unrated, _ = submit_firm(level=2)
    threes, _ = submit_firm(level=2, importance=dict.fromkeys(DRIVERS, 3))
    ones, _ = submit_firm(level=2, importance=dict.fromkeys(DRIVERS, 1))
    matrix = report.for_assessment(unrated).matrix_svg
    assert matrix == report.for_assessment(threes).matrix_svg
    assert matrix != report.for_assessment(ones).matrix_svg


@pytest.fixture
def spread(catalogue):
    """A submitted firm scoring safety 100, remote 50, supply 25 and green 0: 44 overall."""
    by_driver = {"safety": 4, "remote": 2, "supply": 1, "green": 0}
    return submit_firm(levels={q.code: by_driver[q.driver.code] for q in catalogue.questions})


def test_the_summary_gives_the_overall_score_as_the_mean_of_the_drivers_and_its_level(client, spread):
    assessment, token = spread
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    assert report.for_assessment(assessment).overall == report.Overall(44, "Established", "established")
    assert "Overall readiness: <strong>Established</strong>" in page


def test_the_summary_names_the_strongest_driver(client, spread):
    assessment, token = spread
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    assert "Its strongest area is Safety (100/100)." in page


def test_the_top_priorities_give_each_driver_s_readiness_and_importance(client, spread):
    assessment, token = spread
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    assert 'Green <span class="priority-score">readiness 0/100, importance 3 of 5</span>' in page
    assert 'Remote <span class="priority-score">readiness 50/100, importance 3 of 5</span>' in page


def test_the_results_page_shows_the_radar_chart(client, spread):
    assessment, token = spread
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    assert 'aria-label="Radar chart of readiness' in page


def test_each_driver_section_gives_its_score_and_level(client, spread):
    assessment, token = spread
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    assert "100/100 · Leading" in page and "25/100 · Developing" in page


def test_a_driver_with_too_few_answers_says_how_many_were_answered(client, catalogue):
    assessment, token = make_assessment()
    answer(assessment, catalogue.questions_of("safety")[0], 2)
    client.post(reverse("assessments:submit", kwargs={"token": token}), {"confirm": "yes"})  # asked: thin areas
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    assert "to score this area (1 of 3 questions answered with a level; at least half are needed)" in page


def test_all_your_answers_lists_every_question_with_the_answer_given(client, spread):
    assessment, token = spread
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    assert all(q.text in page for q in assessment.questionnaire.questions.all())
    assert "safety-03 level 4" in page and "green-03 level 0" in page


def test_the_radar_labels_each_driver_with_its_score(spread):
    assessment, token = spread
    texts = re.findall(r"<text[^>]*>([^<]*)<", report.for_assessment(assessment).radar_svg)
    labels = set(zip(texts, texts[1:], strict=False))
    assert {("Safety", "100"), ("Remote", "50"), ("Supply", "25"), ("Green", "0")} <= labels


def test_the_radar_draws_the_peer_median_only_when_there_are_enough_peers(spread):
    assessment, token = spread
    alone = report.for_assessment(assessment).radar_svg
    for level in range(10):
        submit_firm(level=level % 5)
    release_peers()
    assert "Similar firms (median)" not in alone
    assert "Similar firms (median)" in report.for_assessment(assessment).radar_svg


def _report_queries(assessment):
    with CaptureQueriesContext(connection) as queries:
        report.for_assessment(assessment)
    return len(queries)


def test_the_report_s_query_count_does_not_grow_with_advice_and_programmes(spread, catalogue):
    assessment, token = spread
    report.for_assessment(assessment)  # loads the assessment's questionnaire once
    before = _report_queries(assessment)
    for i in range(5):
        programme = make_programme(f"more-{i}", drivers=catalogue.drivers)
        make_recommendation(catalogue.questionnaire, catalogue.driver("green"), band="starting", code=f"more-{i}",
                            programmes=[programme])  # fmt: skip
    assert _report_queries(assessment) == before


def test_the_pdf_gives_the_report_date_and_the_questionnaire_version(spread):
    assessment, token = spread
    html = pdf.render_html(report.for_assessment(assessment))
    assert f"report of {date.today():%-d %B %Y}" in html and "Questionnaire version 1," in html


def test_who_can_help_lists_the_nation_s_adviser_then_its_own_programmes_not_another_nation_s(client, catalogue):
    make_programme("business-wales", name="Business Wales", kind="adviser", regions=["wales"])
    make_programme("welsh-grant", name="Welsh Grant", regions=["wales"])
    make_programme("english-grant", name="English Grant", regions=["london"])
    assessment, token = submit_firm(level=1, region="wales")
    help = report.for_assessment(assessment).help
    assert [p.code for p in help.advisers] == ["business-wales"]
    assert [p.code for p in help.programmes] == ["welsh-grant"]


def test_who_can_help_adds_the_programmes_linked_to_the_top_priorities_advice(client, catalogue):
    grant = make_programme("uk-grant", name="UK Grant")
    adviser = make_programme("uk-adviser", name="UK Adviser", kind="adviser")
    Recommendation.objects.get(code="safety-developing").programmes.add(grant, adviser)
    assessment, token = submit_firm(level=1, region="london", importance={"safety": 5})
    help = report.for_assessment(assessment).help
    assert [p.code for p in help.programmes] == ["england-scheme", "uk-grant"]


def test_dont_know_answers_are_listed_as_things_to_find_out_under_their_driver(catalogue):
    assessment, token = make_assessment()
    answer(assessment, catalogue.questions_of("remote")[1], kind="dont_know")
    context = report.for_assessment(assessment)
    assert [(g.driver.name, g.question.text) for g in context.knowledge_gaps] == [("Remote", "Question remote-02?")]


def test_stored_scores_equal_scores_recomputed_from_answers(client, catalogue):
    assessment, token = submit_firm(level=3)
    stored = {s.driver.code: s.score for s in assessment.driver_scores.select_related("driver")}
    assert stored == {code: r.score for code, r in compute_scores(assessment).items()}


def test_the_report_stylesheet_is_served_under_production_hashed_names(client, catalogue, settings):
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "tests.helpers.HashedNamesStorage"}}
    assessment, token = submit_firm()
    html = pdf.render_html(report.for_assessment(assessment))
    href = re.search(r'<link rel="stylesheet" href="([^"]+)"', html)[1]
    assert ".0123456789ab.css" in href and pdf.REPORT_ORIGIN + href in pdf.report_assets()
