"""What editors see of the Welsh: what is missing (named), what awaits review, both languages side by
side, and the texts out to a translator and back."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Option, Question
from assessments.packs import po
from tests.helpers import give_welsh, make_content, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def version():
    content = make_content(drivers=("safety", "remote"), questions_per_driver=2)
    give_welsh()
    return content.questionnaire


@pytest.fixture
def editor(client):
    client.force_login(make_staff("editor", is_superuser=True))
    return client


def change_page(client, version):
    return client.get(reverse("admin:assessments_questionnaire_change", args=[version.pk])).content.decode()


def test_the_version_page_names_the_one_text_that_lacks_welsh(editor, version):
    Option.objects.filter(question__code="remote-02", level=2).update(label_cy="")
    page = change_page(editor, version)
    question = Question.objects.get(code="remote-02")
    link = reverse("admin:assessments_question_change", args=[question.pk])
    assert "1 text has no Welsh, so this version is not offered in Welsh" in page
    assert f'<a href="{link}">option remote-02, answer “remote-02 level 2”</a>: label' in page


def test_the_version_list_says_which_versions_are_offered_in_welsh(editor, version):
    Question.objects.filter(code="safety-01").update(help_text="New help.")
    page = editor.get(reverse("admin:assessments_questionnaire_changelist")).content.decode()
    assert "1 text missing" in page


def test_a_complete_version_says_it_is_offered_in_welsh(editor, version):
    assert "Every text has its Welsh: this version is offered in Welsh." in change_page(editor, version)


def test_the_version_page_lists_what_awaits_a_welsh_translator_s_review(editor, version):
    Question.objects.update(welsh_reviewed=True)
    page = change_page(editor, version)
    assert "Welsh awaiting review by a Welsh translator" in page
    assert '<a href="/admin/assessments/driver/?welsh=draft">2 drivers</a>' in page
    options = f"/admin/assessments/question/?questionnaire__id__exact={version.pk}&amp;welsh=draft"
    assert f'<a href="{options}">28 options</a>' in page
    assert "questions</a>" not in page


def test_the_question_list_filters_the_questions_whose_welsh_awaits_review(editor, version):
    Question.objects.update(welsh_reviewed=True)
    Option.objects.update(welsh_reviewed=True)
    Option.objects.filter(question__code="remote-01").update(welsh_reviewed=False)
    response = editor.get(reverse("admin:assessments_question_changelist") + "?welsh=draft")
    assert [q.code for q in response.context["cl"].result_list] == ["remote-01"]


def test_a_question_shows_its_english_and_welsh_side_by_side(editor, version):
    question = Question.objects.get(code="safety-01")
    page = editor.get(reverse("admin:assessments_question_change", args=[question.pk])).content.decode()
    assert "field-text field-text_cy" in page and "field-help_text field-help_text_cy" in page
    assert 'name="options-0-label_cy"' in page


def test_a_translator_s_file_goes_out_and_comes_back_through_the_admin(editor, version):
    Question.objects.update(text_cy="")
    exported = editor.get(reverse("admin:assessments_questionnaire_export_welsh", args=[version.pk]))
    header, entries = po.read(exported.content.decode())
    for entry in entries:
        entry.welsh, entry.fuzzy = f"Cymraeg: {entry.english}", False
    upload = SimpleUploadedFile(
        "welsh.po", po.write(header, entries).encode(), content_type="text/x-gettext-translation"
    )
    response = editor.post(
        reverse("admin:assessments_questionnaire_import_welsh", args=[version.pk]), {"texts": upload}
    )
    assert response.status_code == 302
    assert Question.objects.get(code="safety-01").text_cy == "Cymraeg: Question safety-01?"
    assert version.welsh_missing() == []


def test_a_refused_translator_s_file_is_explained_and_changes_nothing(editor, version):
    upload = SimpleUploadedFile("welsh.po", b'msgid ""\nmsgstr ""\n"X-Questionnaire-Version: 9\\n"\n')
    response = editor.post(
        reverse("admin:assessments_questionnaire_import_welsh", args=[version.pk]), {"texts": upload}
    )
    page = response.content.decode()
    assert "The Welsh texts were not imported" in page and "version 9, not of version 1" in page


def test_an_editor_previews_a_version_in_welsh_under_cy(editor, version):
    page = editor.get(f"/cy/admin/assessments/questionnaire/{version.pk}/preview/safety/").content.decode()
    assert "Cy Question safety-01?" in page and '<html lang="cy">' in page


def test_the_welsh_preview_of_a_version_not_complete_in_welsh_says_so(editor, version):
    Question.objects.filter(code="safety-01").update(text_cy="")
    page = editor.get(f"/cy/admin/assessments/questionnaire/{version.pk}/preview/safety/").content.decode()
    assert "Nid yw'r holiadur hwn ar gael yn Gymraeg eto" in page and "Question safety-01?" not in page
