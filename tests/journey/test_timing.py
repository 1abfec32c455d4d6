"""The time the service promises is counted from everything a firm reads and answers, in one place."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from assessments.journey import timing
from assessments.models import Questionnaire
from tests.helpers import load_default_content, make_assessment, make_content, make_staff, page_data

pytestmark = pytest.mark.django_db


class MainText(HTMLParser):
    """The words a reader sees in <main>: text and the options of a select, no scripts."""

    def __init__(self):
        super().__init__()
        self.depth, self.skip, self.words = 0, 0, []

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "main" or (self.depth > 0 and tag not in VOID)
        self.skip += self.depth > 0 and tag == "script"

    def handle_endtag(self, tag):
        self.skip -= self.depth > 0 and tag == "script"
        self.depth -= self.depth > 0

    def handle_data(self, data):
        if self.depth > 0 and not self.skip:
            self.words += data.split()


VOID = {"input", "br", "img", "meta", "link", "hr", "source"}


def main_words(response):
    parser = MainText()
    parser.feed(response.content.decode())
    return len(parser.words)


def url(name, token, **kwargs):
    return reverse(f"assessments:{name}", kwargs={"token": token, **kwargs})


@pytest.fixture
def firm():
    """Two areas of two questions, with one-word question texts and labels (content words are few
    and counted apart), and an assessment in progress."""
    content = make_content(("safety", "supply"), 2)
    assessment, token = make_assessment(content.questionnaire)
    return content, assessment, token


def content_words(questions):
    return sum(timing.question_words(q) for q in questions)


def near(measured, counted):
    """Within a fifth: the pages may change a little before the estimate must follow."""
    return abs(measured - counted) <= counted / 5


def test_the_profile_words_counted_are_the_profile_pages(client, firm):
    assert near(main_words(client.get(reverse("assessments:new"))), timing.PROFILE_WORDS)


def test_the_task_list_words_counted_are_the_task_lists(client, firm):
    _content, _assessment, token = firm
    measured = main_words(client.get(url("tasks", token))) - 2  # the two one-word area names
    assert near(measured, timing.TASK_LIST_WORDS + 2 * timing.TASK_ROW_WORDS)


def test_the_area_page_words_counted_are_an_area_pages_own(client, firm):
    content, _assessment, token = firm
    measured = main_words(client.get(url("driver", token, driver="safety")))
    own = measured - content_words(content.questions_of("safety")) - timing.IMPORTANCE_WORDS
    assert near(own, timing.AREA_PAGE_WORDS)


def test_the_review_words_counted_are_check_your_answers_own(client, firm):
    content, assessment, token = firm
    for code in ("safety", "supply"):
        client.post(url("driver", token, driver=code), page_data(content.questions_of(code)))
    measured = main_words(client.get(url("review", token)))
    own = measured - sum(timing.review_words(q) for q in content.questions)
    assert near(own, timing.REVIEW_WORDS + 2 * timing.REVIEW_CARD_WORDS)


def test_every_part_a_firm_reads_and_answers_is_counted():
    content = make_content(("safety", "supply"), 2)
    parts = timing.estimate(content.questionnaire).parts
    assert set(parts) == {"profile", "task_list", "areas", "review", "page_loads"}
    assert all(minutes > 0 for minutes in parts.values())


def test_each_question_costs_its_words_at_200_a_minute_and_a_decision():
    small = timing.estimate(make_content(("safety",), 1).questionnaire)
    bigger = timing.estimate(make_content(("safety",), 2, version=2).questionnaire)
    question = bigger.parts["areas"] - small.parts["areas"]
    words = 21  # "Question safety-02?" and its seven answers ("safety-02 level 0" …, "Don't know", "Not relevant")
    assert question == pytest.approx(words / 200 + 15 / 60, abs=0.01)


def test_the_promise_rounds_up_to_five_minutes():
    assert [timing.promise(m) for m in (0.5, 5, 5.1, 12.9, 36.2)] == [5, 5, 10, 15, 40]


def test_the_quick_check_takes_less_time_than_the_full_assessment():
    questionnaire = make_content(("safety", "supply", "green"), 8, quick=1).questionnaire
    assert timing.estimate(questionnaire, quick=True).total < timing.estimate(questionnaire).total / 2


def test_the_start_page_promises_the_estimate_for_each_way_in(client):
    questionnaire = make_content(("safety", "supply", "green"), 8, quick=1).questionnaire
    page = client.get(reverse("assessments:start")).content.decode()
    full, quick = timing.estimate(questionnaire).minutes, timing.estimate(questionnaire, quick=True).minutes
    assert f"24 questions, about {full} minutes" in page and f"about {quick} minutes. An indicative" in page


def test_the_task_list_gives_each_area_its_time(client, firm):
    content, assessment, token = firm
    minutes = timing.estimate(content.questionnaire).area_minutes()["safety"]
    assert f"about {minutes} minute" in client.get(url("tasks", token)).content.decode()


def test_the_staff_questionnaire_page_shows_the_same_figures(client, firm):
    content, _assessment, _token = firm
    client.force_login(make_staff("editor", is_superuser=True))
    page = client.get(reverse("admin:assessments_questionnaire_change", args=[content.questionnaire.pk]))
    full = timing.estimate(content.questionnaire).minutes
    assert f"about {full} minutes" in page.content.decode()


@pytest.mark.slow  # the built-in pack
def test_the_start_page_and_the_readme_promise_the_estimate_of_the_built_in_content(client):
    load_default_content()
    questionnaire = Questionnaire.objects.current()
    full, quick = timing.current_minutes()
    count = questionnaire.questions.count()
    page = client.get(reverse("assessments:start")).content.decode()
    assert f"{count} questions, about {full} minutes" in page and f"about {quick} minutes. An indicative" in page
    readme = " ".join((Path(__file__).resolve().parents[2] / "README.md").read_text().split())
    assert f"In about {full} minutes ({quick} for the quick check;" in readme
    assert (
        f"with the built-in v{questionnaire.version}, {full} minutes for the full assessment ({count} questions) "
        f"and {quick} for the quick check" in readme
    )
    assert "`assessments/journey/timing.py`. It counts every part a firm reads and answers" in readme
