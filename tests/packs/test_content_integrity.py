"""Content arrives intact and safely, however it arrives: hostile packs are refused with a line,
a published version keeps each label's meaning, and `make run` never undoes an editor's work."""

import time
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.migrations._rewording import reword as apply_fixes
from assessments.models import Option, Programme
from assessments.packs.apply import PackError, apply_pack, export_pack, load_pack_text, parse_pack_text
from tests.helpers import make_driver, make_pack, make_question, make_questionnaire, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def live():
    """A published version with one question, and its pack as YAML text."""
    questionnaire = make_questionnaire()
    question = make_question(questionnaire, make_driver("safety"), "safety-01")
    return question, export_pack(questionnaire)


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(make_staff("editor", "Content editor"))
    return client


def upload(client, text):
    url = reverse("admin:assessments_questionnaire_import")
    return client.post(url, {"pack": SimpleUploadedFile("pack.yaml", text.encode(), "application/x-yaml")})


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [*{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}]\n"
    for a, b in zip("abcdefg", "bcdefgh", strict=True)
)


def test_a_yaml_alias_bomb_is_refused_at_once_with_its_line():
    started = time.perf_counter()
    with pytest.raises(PackError) as error:
        parse_pack_text(BOMB)
    assert error.value.errors == ["line 1: anchors and aliases (& and *) are not allowed"]
    assert time.perf_counter() - started < 1


def test_an_alias_bomb_upload_is_a_form_error_not_a_500(editor):
    response = upload(editor, "drivers:\n  - code: x\n" + BOMB)
    assert response.status_code == 200 and "anchors and aliases" in response.content.decode()


def test_nesting_far_deeper_than_a_pack_needs_is_refused_without_a_crash():
    with pytest.raises(PackError) as error:
        parse_pack_text("drivers: " + "[" * 1000 + "]" * 1000)
    assert error.value.errors == ["line 1: nested too deeply"]


def test_a_huge_value_is_cut_short_in_the_error_message():
    with pytest.raises(PackError) as error:
        parse_pack_text("drivers: [" + "x" * 100_000 + "\n")
    assert all(len(message) < 300 for message in error.value.errors)


def test_an_imported_recommendation_body_keeps_the_admin_s_limits(live):
    question, text = live
    pack = text.replace("recommendations: []", "")
    body = "\n".join(f"- item {i}" for i in range(20_000))
    pack += (
        "recommendations:\n  - code: huge\n    driver: safety\n    band: starting\n    title: Huge\n"
        f"    horizon: quick_win\n    effort: low\n    body: {body!r}\n    programmes: []\n"
    )
    with pytest.raises(PackError) as error:
        load_pack_text(pack.replace("\n- item", "\\n- item"))
    assert any("Keep this under 5000 characters" in e for e in error.value.errors)


def test_swapping_two_labels_of_a_published_question_is_refused(live):
    question, _ = live
    low, high = question.options.get(level=0), question.options.get(level=4)
    low.label, high.label = high.label, low.label
    with pytest.raises(ValidationError, match="moving a label to another answer"):
        low.full_clean()


def test_swapping_labels_in_a_pack_for_a_published_version_is_refused(live):
    question, text = live
    swapped = text.replace("safety-01 level 0", "SWAP").replace("safety-01 level 4", "safety-01 level 0")
    with pytest.raises(PackError, match="moving a label to another answer"):
        load_pack_text(swapped.replace("SWAP", "safety-01 level 4"))
    assert question.options.get(level=0).label == "safety-01 level 0"


def test_reordering_the_answers_of_a_published_question_is_refused(live):
    question, _ = live
    option = question.options.get(level=0)
    option.order = 9
    with pytest.raises(ValidationError, match="changing the order of the answers is locked"):
        option.full_clean()


def test_rewording_one_label_in_place_is_still_allowed(live):
    question, _ = live
    option = question.options.get(level=2)
    option.label = "Checks are written down and signed off weekly"
    option.full_clean()


def test_a_locked_field_posted_to_the_admin_is_reported_as_ignored(editor, live):
    question, _ = live
    data = {"questionnaire": question.questionnaire_id, "driver": question.driver_id, "code": question.code,
            "text": "Reworded?", "help_text": "", "weight": "4.0", "order": 0,
            "options-TOTAL_FORMS": 0, "options-INITIAL_FORMS": 0}  # fmt: skip
    response = editor.post(reverse("admin:assessments_question_change", args=[question.pk]), data, follow=True)
    question.refresh_from_db()
    page = response.content.decode()
    assert question.weight == 1 and question.text == "Reworded?"
    assert "your changes to them were ignored: weight" in page


def test_a_scored_answer_without_a_level_is_refused_with_a_clear_message(live):
    question, _ = live
    option = Option(
        question=question.questionnaire.questions.model.objects.get(pk=question.pk), label="x", kind="scored"
    )
    with pytest.raises(ValidationError, match="A scored answer needs a level"):
        option.validate_constraints()


# ------------------------------------------------------------------------------- wording fixes


def reword(fixes):
    notes = []
    apply_fixes(apps, fixes, out=notes.append)
    return notes


def test_a_wording_fix_reaches_a_row_that_still_holds_the_shipped_text_and_its_stored_pdfs(live):
    question, _ = live
    revision = question.questionnaire.content_revision
    reword([("question", 1, "safety-01", "text", "Question safety-01?", "Who signs in?")])
    question.refresh_from_db()
    question.questionnaire.refresh_from_db()
    assert question.text == "Who signs in?" and question.questionnaire.content_revision > revision


def test_a_wording_fix_never_overwrites_an_editor_s_rewording_and_says_so(live):
    question, _ = live
    question.text = "Reworded by an editor"
    question.save()
    notes = reword([("question", 1, "safety-01", "text", "Question safety-01?", "Who signs in?")])
    question.refresh_from_db()
    assert question.text == "Reworded by an editor" and "was edited in the admin" in notes[0]


def test_a_wording_fix_finds_an_answer_by_its_shipped_label(live):
    question, _ = live
    reword([("option", 1, "safety-01", "label", "safety-01 level 2", "Checks are written down")])
    assert question.options.get(level=2).label == "Checks are written down"


def test_loading_a_pack_never_takes_back_an_editor_s_check():
    apply_pack(make_pack())
    Programme.objects.get(code="uk-grant").mark_checked("editor", "Checked the live page.")
    apply_pack(make_pack())  # the pack was written before the check: no last_checked
    programme = Programme.objects.get(code="uk-grant")
    assert (programme.last_checked, programme.check_note) == (date.today(), "Checked the live page.")
