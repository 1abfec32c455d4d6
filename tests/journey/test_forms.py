"""Bad input never saves half a page, and a submission happens exactly once."""

import pytest
from django.db import DatabaseError, connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.journey.forms import DriverForm
from assessments.models import Answer, Assessment, Driver, DriverScore
from tests.helpers import (
    answer_all,
    make_assessment,
    make_content,
    make_driver,
    make_question,
    make_questionnaire,
    page_data,
)


def safety_page(token):
    return reverse("assessments:driver", kwargs={"token": token, "driver": "safety"})


@pytest.fixture
def started(db):
    content = make_content(drivers=("safety", "remote"), questions_per_driver=3)
    assessment, token = make_assessment(content.questionnaire)
    return assessment, token, content.questions_of("safety")


def test_an_option_of_another_question_is_a_form_error_and_nothing_is_saved(client, started):
    assessment, token, questions = started
    data = page_data(questions)
    data[f"q-{questions[0].code}"] = questions[1].options.first().pk
    response = client.post(safety_page(token), data)
    assert response.status_code == 400 and "choose one of the answers shown" in response.content.decode()
    assert Answer.objects.count() == 0


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "1; DROP TABLE", "1.5"])
def test_a_tampered_option_value_is_a_form_error_and_saves_no_answer(client, started, value):
    assessment, token, questions = started
    data = page_data(questions)
    data[f"q-{questions[0].code}"] = value
    response = client.post(safety_page(token), data)
    assert response.status_code == 400 and "choose one of the answers shown" in response.content.decode()
    assert Answer.objects.count() == 0


def test_an_empty_option_value_saves_the_rest_of_the_page(client, started):
    assessment, token, questions = started
    data = page_data(questions)
    data[f"q-{questions[0].code}"] = ""
    response = client.post(safety_page(token), data)
    assert response.status_code == 302
    assert set(Answer.objects.values_list("question", flat=True)) == {q.pk for q in questions[1:]}


def test_an_out_of_range_importance_is_refused(client, started):
    assessment, token, questions = started
    response = client.post(safety_page(token), page_data(questions, importance=9))
    assert response.status_code == 400 and Answer.objects.count() == 0


def test_a_page_whose_importance_cannot_be_saved_keeps_none_of_its_answers(started, monkeypatch):
    assessment, token, questions = started
    form = DriverForm(page_data(questions, importance=4), assessment=assessment, questions=questions)
    assert form.is_valid()
    update = QuerySet.update

    def refuse_importance(queryset, **values):  # the page's last write, after its answers
        if queryset.model is Assessment and "importance" in values:
            raise DatabaseError("the importance could not be written")
        return update(queryset, **values)

    monkeypatch.setattr(QuerySet, "update", refuse_importance)
    with pytest.raises(DatabaseError):
        form.save()
    assert Answer.objects.filter(assessment=assessment).count() == 0


def test_a_huge_body_is_a_400_not_a_500(client, started):
    assessment, token, questions = started
    response = client.post(safety_page(token), {"comment": "x" * 3_000_000})
    assert response.status_code == 400


def test_an_unknown_driver_in_the_url_is_a_404(client, started):
    assessment, token, questions = started
    assert client.get(reverse("assessments:driver", kwargs={"token": token, "driver": "nope"})).status_code == 404


def test_submitting_twice_records_one_submission(client, started):
    assessment, token, questions = started
    answer_all(assessment, 2)
    url = reverse("assessments:submit", kwargs={"token": token})
    first, second = client.post(url), client.post(url)
    assert first.url == second.url
    assert DriverScore.objects.filter(assessment=assessment).count() == 2  # one per driver


def test_only_the_first_of_two_racing_submits_wins(started):
    assessment, token, questions = started
    stale = type(assessment).objects.get(pk=assessment.pk)  # a second tab loaded before the first submitted
    assert assessment.mark_submitted() is True
    assert stale.mark_submitted() is False


def test_submit_only_accepts_post(client, started):
    assessment, token, questions = started
    assert client.get(reverse("assessments:submit", kwargs={"token": token})).status_code == 405


def _driver_page_queries(client, per_driver):
    questionnaire = make_questionnaire(version=100 + per_driver)
    driver = Driver.objects.first() or make_driver()
    for i in range(per_driver):
        make_question(questionnaire, driver, f"{driver.code}-{i}")
    assessment, token = make_assessment(questionnaire)
    url = reverse("assessments:driver", kwargs={"token": token, "driver": driver.code})
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_driver_page_query_count_does_not_grow_with_its_questions(client):
    assert _driver_page_queries(client, 2) == _driver_page_queries(client, 12)
