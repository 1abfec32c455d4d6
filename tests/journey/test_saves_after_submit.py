"""Nothing is written after submit, and two pages saved at once keep both importances.

The threaded tests release a submit and several page saves together, on SQLite and PostgreSQL
(CI runs the suite on both): the database, not the request's first read, decides who wins.
"""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.journey.forms import AlreadySubmitted, DriverForm, ProfileForm
from assessments.models import Answer, Assessment, DriverScore, compute_scores
from tests.helpers import (
    answer,
    make_assessment,
    make_content,
    page_data,
    release_together,
)

PROFILE = {"company_name": "Late Edit Ltd", "sector": "25", "size_band": "small", "region": "north-west"}


def small_content():
    """Safety and remote, three questions each: (questionnaire, [safety, remote])."""
    content = make_content(("safety", "remote"), questions_per_driver=3)
    return content.questionnaire, content.drivers


def started_with_answers(questionnaire, level=1):
    assessment, token = make_assessment(questionnaire)
    for question in questionnaire.questions.all():
        answer(assessment, question, level)
    return assessment, token


def stale_copy(assessment):
    """The row as a request read it before another request changed it."""
    return Assessment.objects.get(pk=assessment.pk)


def save_page(assessment, driver, level=3, importance=None):
    questions = list(assessment.questionnaire.questions.filter(driver=driver).select_related("driver"))
    data = page_data(questions, level, importance=importance or "")
    form = DriverForm(data, assessment=assessment, questions=questions)
    assert form.is_valid(), form.errors
    form.save()


@pytest.mark.django_db
def test_a_page_save_that_read_the_assessment_before_submit_writes_nothing():
    questionnaire, (safety, _) = small_content()
    assessment, _ = started_with_answers(questionnaire)
    read_before_submit = stale_copy(assessment)
    assessment.mark_submitted()
    with pytest.raises(AlreadySubmitted):
        save_page(read_before_submit, safety, level=4)
    assert not Answer.objects.filter(option__level=4).exists()


@pytest.mark.django_db
def test_a_profile_save_that_read_the_assessment_before_submit_changes_nothing():
    questionnaire, _ = small_content()
    assessment, _ = started_with_answers(questionnaire)
    form = ProfileForm({**PROFILE, "company_name": "Renamed Ltd"}, instance=stale_copy(assessment))
    assessment.mark_submitted()
    assert form.is_valid()
    with pytest.raises(AlreadySubmitted):
        form.save()
    assessment.refresh_from_db()
    assert assessment.is_submitted and assessment.company_name == "Test Fabrications Ltd"


@pytest.mark.django_db
def test_two_tabs_saving_different_pages_keep_both_importances():
    questionnaire, (safety, remote) = small_content()
    assessment, _ = started_with_answers(questionnaire)
    first_tab, second_tab = stale_copy(assessment), stale_copy(assessment)
    save_page(first_tab, safety, importance=5)
    save_page(second_tab, remote, importance=2)
    assessment.refresh_from_db()
    assert assessment.importance == {"safety": 5, "remote": 2}


def stored_scores(assessment):
    return {s.driver.code: (s.score, s.level or None, round(s.coverage, 6)) for s in assessment.driver_scores.all()}


def recomputed_scores(assessment):
    return {code: (r.score, r.level, round(r.coverage, 6)) for code, r in compute_scores(assessment).items()}


@pytest.mark.django_db(transaction=True)
def test_saves_racing_a_submit_never_change_the_submitted_answers():
    questionnaire, drivers = small_content()
    for round_ in range(4):
        assessment, token = started_with_answers(questionnaire, level=1)
        submit = (Client(), reverse("assessments:submit", kwargs={"token": token}), {})
        saves = [
            (
                Client(),
                reverse("assessments:driver", kwargs={"token": token, "driver": driver.code}),
                page_data(driver.questions.filter(questionnaire=questionnaire), level=2 + i % 3, importance=1 + i),
            )
            for i, driver in enumerate(drivers * 2)
        ]
        release_together([*saves[:2], submit, *saves[2:]])
        assessment.refresh_from_db()
        assert assessment.is_submitted, round_
        assert not assessment.answers.filter(updated_at__gt=assessment.submitted_at).exists(), round_
        assert stored_scores(assessment) == recomputed_scores(assessment), round_
        assert DriverScore.objects.filter(assessment=assessment).count() == len(drivers)


@pytest.mark.django_db(transaction=True)
def test_pages_saved_at_the_same_moment_keep_every_importance():
    questionnaire, drivers = small_content()
    assessment, token = started_with_answers(questionnaire)
    release_together(
        [
            (
                Client(),
                reverse("assessments:driver", kwargs={"token": token, "driver": driver.code}),
                page_data(driver.questions.filter(questionnaire=questionnaire), importance=4 + i),
            )
            for i, driver in enumerate(drivers)
        ]
    )
    assessment.refresh_from_db()
    assert assessment.importance == {"safety": 4, "remote": 5}
