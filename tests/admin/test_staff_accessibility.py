"""Staff pages a screen-reader user can work: every table-cell field named, the scoring lock shown
as information on the page, and a version's draft made with a button on its own page."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from assessments.admin import versions
from assessments.models import Questionnaire
from tests.helpers import make_content, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return make_content(("safety", "supply"), 2)


@pytest.fixture
def editor(client, site):
    client.force_login(make_staff("editor", "Content editor"))
    return client


def unnamed_inputs(page):
    """Visible inputs and selects with neither a <label for> nor an aria-label."""
    labelled = set(re.findall(r'<label[^>]* for="([^"]+)"', page))
    fields = re.findall(r"<(?:input|select|textarea)\b[^>]*>", page)
    return [
        f
        for f in fields
        if 'type="hidden"' not in f
        and "aria-label=" not in f
        and re.search(r'id="([^"]+)"', f)
        and re.search(r'id="([^"]+)"', f).group(1) not in labelled
        and "__prefix__" not in f
    ]


def test_each_order_field_of_the_question_list_is_named_after_its_question(editor, site):
    page = editor.get(reverse("admin:assessments_question_changelist")).content.decode()
    assert 'aria-label="Order of safety-01: Question safety-01?"' in page
    assert [f for f in unnamed_inputs(page) if "-order" in f] == []


def test_each_answer_field_of_a_draft_question_is_named_after_its_column_and_row(editor, site):
    draft = versions.create_draft(site.questionnaire)
    question = draft.questions.first()
    page = editor.get(reverse("admin:assessments_question_change", args=[question.pk])).content.decode()
    assert 'aria-label="Label of answer 3"' in page and 'aria-label="Kind of answer 3"' in page
    assert [f for f in unnamed_inputs(page) if "options-" in f] == []


def test_the_scoring_lock_is_information_on_the_page_not_a_message(editor, site):
    question = site.questions[0]
    response = editor.get(reverse("admin:assessments_question_change", args=[question.pk]))
    assert 'class="lock-notice"' in response.content.decode() and "scoring is locked" in response.content.decode()
    assert list(get_messages(response.wsgi_request)) == []


def test_a_draft_is_made_with_the_button_on_its_version_s_page(editor, site):
    page = editor.get(reverse("admin:assessments_questionnaire_change", args=[site.questionnaire.pk]))
    assert "Create a draft from this version</button>" in page.content.decode()
    response = editor.post(reverse("admin:assessments_questionnaire_draft", args=[site.questionnaire.pk]))
    draft = Questionnaire.objects.draft()
    assert response.url == reverse("admin:assessments_questionnaire_change", args=[draft.pk])
    assert draft.questions.count() == len(site.questions)


def test_a_second_draft_is_refused_with_the_reason(editor, site):
    versions.create_draft(site.questionnaire)
    response = editor.post(reverse("admin:assessments_questionnaire_draft", args=[site.questionnaire.pk]), follow=True)
    assert "already a draft" in response.content.decode() and Questionnaire.objects.count() == 2


def test_an_analyst_cannot_make_a_draft(client, site):
    client.force_login(make_staff("analyst", "Analyst"))
    response = client.post(reverse("admin:assessments_questionnaire_draft", args=[site.questionnaire.pk]))
    assert response.status_code == 403


def test_the_admin_loads_the_staff_stylesheet(editor):
    assert "/static/css/staff.css" in editor.get(reverse("admin:index")).content.decode()


def test_the_quick_check_flag_promises_no_time_of_its_own(editor, site):
    page = editor.get(reverse("admin:assessments_question_change", args=[site.questions[0].pk])).content.decode()
    assert "10-minute" not in page and "Asked in the quick check as well." in page
