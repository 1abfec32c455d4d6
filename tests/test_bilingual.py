"""Content in two languages, with no silent fallback: the rule on the models (models/bilingual.py)."""

import pytest

from assessments.models import Driver, Question, WelshMissing, shown_in
from tests.helpers import give_welsh, make_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def version():
    content = make_content(drivers=("safety",), questions_per_driver=1)
    give_welsh()
    return content.questionnaire


def test_rows_loaded_for_a_welsh_page_carry_their_welsh(version):
    with shown_in("cy"):
        question = Question.objects.select_related("driver").prefetch_related("options").get(code="safety-01")
    assert question.text == "Cy Question safety-01?" and question.driver.name == "Cy Safety"
    assert [o.label for o in question.options.all()][:1] == ["Cy safety-01 level 0"]


def test_rows_loaded_for_an_english_page_carry_the_english(version):
    with shown_in("en-gb"):
        assert Question.objects.get(code="safety-01").text == "Question safety-01?"


def test_a_text_without_welsh_raises_rather_than_show_english(version):
    Question.objects.update(text_cy="")
    with shown_in("cy"), pytest.raises(WelshMissing):
        Question.objects.get(code="safety-01")


def test_an_empty_english_text_needs_no_welsh(version):
    Driver.objects.update(subtitle="", subtitle_cy="")
    with shown_in("cy"):
        assert Driver.objects.get().subtitle == ""


def test_changing_the_english_takes_the_welsh_review_away(version):
    question = Question.objects.get(code="safety-01")
    question.welsh_reviewed = True
    question.save()
    question.text = "Who signs visitors in?"
    question.full_clean()
    question.save()
    assert Question.objects.get(pk=question.pk).welsh_reviewed is False


def test_changing_only_the_welsh_keeps_the_review_an_editor_sets(version):
    question = Question.objects.get(code="safety-01")
    question.text_cy, question.welsh_reviewed = "Pwy sy'n llofnodi ymwelwyr i mewn?", True
    question.full_clean()
    question.save()
    assert Question.objects.get(pk=question.pk).welsh_reviewed is True


def test_a_version_with_every_welsh_text_is_offered_in_welsh(version):
    assert version.offers("cy") and version.welsh_missing() == []


def test_a_version_missing_one_welsh_text_is_offered_in_english_only(version):
    Question.objects.update(help_text="Some help.")
    assert not version.offers("cy") and version.offers("en-gb")
    assert [(row.code, field) for row, field in version.welsh_missing()] == [("safety-01", "help_text")]
