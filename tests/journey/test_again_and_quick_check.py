"""Progress over time (a new assessment from a submitted one) and the quick check."""

import pytest
from django.urls import reverse

from assessments.models import Assessment, Question, Questionnaire
from assessments.packs.export import export_pack
from assessments.report import builder as report
from tests.helpers import make_assessment, make_content, make_question, option, page_data, submit_firm

pytestmark = pytest.mark.django_db


def url(name, token, **kwargs):
    return reverse(f"assessments:{name}", kwargs={"token": token, **kwargs})


def small_version(version=1, per_area=3, quick=1):
    """Safety and supply, `per_area` questions each; the first `quick` of each in the quick check."""
    return make_content(("safety", "supply"), per_area, version=version, quick=quick).questionnaire


@pytest.fixture
def questionnaire():
    return small_version()


def newer_version(old):
    """Version 2: safety-03 removed, safety-04 added, everything else kept."""
    Questionnaire.objects.filter(pk=old.pk).update(status=Questionnaire.Status.RETIRED)
    new = small_version(version=2)
    Question.objects.filter(questionnaire=new, code="safety-03").delete()
    make_question(new, new.questions.get(code="safety-01").driver, "safety-04", order=4)
    return new


def again(client, token):
    response = client.post(url("again", token))
    return Assessment.objects.get_by_token(response.url.split("/")[2]), response.url.split("/")[2]


def test_a_new_assessment_from_a_submitted_one_keeps_the_profile_and_links_back(client, questionnaire):
    old, token = submit_firm(questionnaire, company_name="Tamar Tools")
    new, _token = again(client, token)
    assert (new.company_name, new.previous, new.is_submitted) == ("Tamar Tools", old, False)


def test_answers_carry_over_by_question_code_onto_the_newest_version(client, questionnaire):
    _old, token = submit_firm(questionnaire, level=3)
    newer_version(Questionnaire.objects.get(version=1))
    new, _token = again(client, token)
    carried = dict(new.answers.values_list("question__code", "option__level"))
    assert carried == {"safety-01": 3, "safety-02": 3, "supply-01": 3, "supply-02": 3, "supply-03": 3}
    assert new.questionnaire.version == 2


def test_new_questions_are_left_blank_and_listed_on_the_task_list(client, questionnaire):
    _old, token = submit_firm(questionnaire)
    newer_version(Questionnaire.objects.get(version=1))
    _new, new_token = again(client, token)
    page = client.get(url("tasks", new_token)).content.decode()
    assert "New since your last assessment" in page and "Question safety-04?" in page


def test_an_assessment_in_progress_cannot_be_started_again(client, questionnaire):
    assessment, token = make_assessment(questionnaire)
    client.post(url("again", token))
    assert Assessment.objects.count() == 1


def test_the_new_results_show_then_and_now_per_area(client, questionnaire):
    _old, token = submit_firm(questionnaire, level=1)
    new, new_token = again(client, token)
    for question in new.questions():
        new.answers.filter(question=question).update(option=option(question, 3))
    client.post(url("submit", new_token))
    changes = [(c.then, c.now, c.difference) for c in report.for_assessment(new).progress.changes]
    assert changes == [(25, 75, 50), (25, 75, 50)]
    assert "Your progress since last time" in client.get(url("results", new_token)).content.decode()


def test_a_first_assessment_has_no_progress_section(client, questionnaire):
    assessment, token = submit_firm(questionnaire)
    assert report.for_assessment(assessment).progress is None


def test_the_quick_check_asks_only_the_flagged_questions(client, questionnaire):
    _assessment, token = make_assessment(questionnaire, mode="quick")
    page = client.get(url("driver", token, driver="safety")).content.decode()
    assert "Question safety-01?" in page and "Question safety-02?" not in page


def test_starting_a_quick_check_from_the_start_page(client, questionnaire):
    profile = {"company_name": "Quick Ltd", "sector": "25", "size_band": "small", "region": "wales", "mode": "quick"}
    client.post(reverse("assessments:new"), profile)
    assert Assessment.objects.get().is_quick


def test_a_quick_check_report_says_its_scores_are_indicative(client, questionnaire):
    _assessment, token = submit_firm(questionnaire, mode="quick")
    page = client.get(url("results", token)).content.decode()
    assert "read these scores as indicative" in page and "Safety: indicative, from 1 question" in page


def test_a_submitted_quick_check_continues_into_the_full_assessment_with_its_answers(client, questionnaire):
    quick, token = submit_firm(questionnaire, level=4, mode="quick")
    response = client.post(url("full", token))
    full = Assessment.objects.get_by_token(response.url.split("/")[2])
    assert (full.mode, full.answers.count(), full.is_submitted) == ("full", 2, False)
    assert "1 of 3 questions answered" in client.get(response.url).content.decode()


def test_a_quick_check_in_progress_can_switch_to_the_full_assessment(client, questionnaire):
    quick, token = make_assessment(questionnaire, mode="quick")
    client.post(url("full", token))
    assert not Assessment.objects.get(pk=quick.pk).is_quick


def test_a_published_version_takes_the_quick_check_flag_without_unlocking(client):
    questionnaire = small_version(quick=0)
    question = questionnaire.questions.get(code="safety-02")
    question.quick_check = True
    question.full_clean()  # raises if the flag counted as a scoring change
    question.save()
    assert "quick_check: true" in export_pack(questionnaire)


def test_the_pack_writes_quick_check_only_when_true():
    questionnaire = small_version(quick=1)
    assert export_pack(questionnaire).count("quick_check") == 2


def test_saving_a_quick_check_page_goes_on_to_the_next_quick_area(client, questionnaire):
    assessment, token = make_assessment(questionnaire, mode="quick")
    questions = list(assessment.questions().filter(driver__code="safety"))
    assert client.post(url("driver", token, driver="safety"), page_data(questions)).url == url(
        "driver", token, driver="supply"
    )
