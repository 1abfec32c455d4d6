"""An area of many questions is read as a few short pages, still one row of the task list."""

import pytest
from django.urls import reverse

from assessments.journey.pages import split
from tests.helpers import make_assessment, make_content, page_data


def url(name, token, **kwargs):
    return reverse(f"assessments:{name}", kwargs={"token": token, **kwargs})


@pytest.mark.parametrize(("count", "sizes"), [(9, [3, 3, 3]), (8, [4, 4]), (5, [3, 2]), (4, [4]), (2, [2]), (0, [0])])
def test_an_area_splits_into_even_pages_of_at_most_four_questions(count, sizes):
    assert [len(page) for page in split(list(range(count)))] == sizes


@pytest.fixture
def nine(db):
    """An area of nine questions (three pages) and one of two."""
    content = make_content(("safety", "supply"), 9)
    assessment, token = make_assessment(content.questionnaire)
    return content, assessment, token


def test_the_first_page_asks_three_of_nine_questions_and_no_importance(client, nine):
    _content, _assessment, token = nine
    page = client.get(url("driver", token, driver="safety")).content.decode()
    assert page.count("<legend") == 3 and "Question 1 of 9" in page and 'name="importance"' not in page
    assert "page 1 of 3" in page


def test_the_last_page_asks_the_importance_and_numbers_on(client, nine):
    _content, _assessment, token = nine
    page = client.get(url("driver_page", token, driver="safety", page=3)).content.decode()
    assert "Question 7 of 9" in page and 'name="importance"' in page


def test_a_page_beyond_the_area_is_not_found(client, nine):
    _content, _assessment, token = nine
    assert client.get(url("driver_page", token, driver="safety", page=4)).status_code == 404


def test_save_and_continue_goes_to_the_areas_next_page_then_the_next_area(client, nine):
    content, _assessment, token = nine
    questions = content.questions_of("safety")
    first = client.post(url("driver", token, driver="safety"), page_data(questions[:3]))
    last = client.post(url("driver_page", token, driver="safety", page=3), page_data(questions[6:]))
    assert first.url == url("driver_page", token, driver="safety", page=2)
    assert last.url == url("driver", token, driver="supply")


def test_an_area_is_completed_only_when_every_page_was_saved(client, nine):
    content, _assessment, token = nine
    questions = content.questions_of("safety")
    client.post(url("driver", token, driver="safety"), page_data(questions[:3]))
    client.post(url("driver_page", token, driver="safety", page=3), page_data(questions[6:]))
    assert client.get(url("tasks", token)).content.decode().count("Completed") == 1  # company details only
    client.post(url("driver_page", token, driver="safety", page=2), {"action": "next"})
    assert client.get(url("tasks", token)).content.decode().count("Completed") == 2


def test_the_task_list_keeps_one_row_per_area(client, nine):
    _content, _assessment, token = nine
    page = client.get(url("tasks", token)).content.decode()
    assert page.count('class="task"') == 1 + 2 + 1  # company details, the two areas, check and submit


def test_change_from_check_your_answers_goes_through_the_area_and_back_to_its_card(client, nine):
    content, _assessment, token = nine
    questions = content.questions_of("safety")
    first = client.post(url("driver", token, driver="safety"), {**page_data(questions[:3]), "return": "review"})
    last_page = url("driver_page", token, driver="safety", page=3)
    last = client.post(last_page, {**page_data(questions[6:]), "return": "review"})
    assert first.url == url("driver_page", token, driver="safety", page=2) + "?return=review"
    assert last.url == url("review", token) + "#answers-safety"


def test_an_earlier_page_from_check_your_answers_can_go_straight_back(client, nine):
    content, _assessment, token = nine
    data = {**page_data(content.questions_of("safety")[:3], action="return"), "return": "review"}
    assert client.post(url("driver", token, driver="safety"), data).url == url("review", token) + "#answers-safety"


def test_a_question_new_since_the_last_assessment_links_to_its_own_page(client, nine):
    content, assessment, token = nine
    previous, _ = make_assessment(make_content(("safety",), 8, version=2, status="retired").questionnaire)
    assessment.previous = previous
    assessment.save()
    page = client.get(url("tasks", token)).content.decode()
    assert f"{url('driver_page', token, driver='safety', page=3)}#q-safety-09" in page


def test_an_areas_later_pages_repeat_the_answer_rule_in_one_line(client, nine):
    _content, _assessment, token = nine
    first = client.get(url("driver", token, driver="safety")).content.decode()
    later = client.get(url("driver_page", token, driver="safety", page=2)).content.decode()
    assert "Each level includes the ones before it" in first and "Each level includes" not in later
    assert "choose the highest level you fully meet today" in later
