"""Editors change wording live, but anything that moves a score goes through a new version."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.admin import versions as versioning
from assessments.models import Driver, DriverScore, Option, Question, Questionnaire, compute_scores
from tests.helpers import make_assessment, make_content, make_question, make_staff, submit_firm


@pytest.fixture
def site(db):
    """Published version 1: four drivers of three questions (safety-01 … green-03)."""
    return make_content(drivers=("safety", "remote", "supply", "green"), questions_per_driver=3)


@pytest.fixture
def editor(client, site, django_user_model):
    client.force_login(make_staff("editor", "Content editor"))
    return client


def question_form(question, **changes):
    data = {
        "questionnaire": question.questionnaire_id,
        "driver": question.driver_id,
        "code": question.code,
        "text": question.text,
        "help_text": question.help_text,
        "weight": question.weight,
        "order": question.order,
    }
    options = list(question.options.all())
    data.update(
        {
            "options-TOTAL_FORMS": len(options),
            "options-INITIAL_FORMS": len(options),
            "options-MIN_NUM_FORMS": 0,
            "options-MAX_NUM_FORMS": 1000,
        }
    )
    for i, o in enumerate(options):
        data.update(
            {
                f"options-{i}-id": o.pk,
                f"options-{i}-question": question.pk,
                f"options-{i}-order": o.order,
                f"options-{i}-label": o.label,
                f"options-{i}-kind": o.kind,
                f"options-{i}-level": o.level or "",
            }
        )
    data.update(changes)
    return data


def test_a_typo_fixed_in_a_live_question_shows_at_once(editor):
    question = Question.objects.get(code="safety-01")
    url = reverse("admin:assessments_question_change", args=[question.pk])
    response = editor.post(url, question_form(question, text="Who signs in visitors, drivers and contractors?"))
    assessment, token = make_assessment()
    page = editor.get(reverse("assessments:driver", kwargs={"token": token, "driver": "safety"})).content.decode()
    assert response.status_code == 302 and "Who signs in visitors, drivers and contractors?" in page


def area_page(client, token, driver="safety"):
    return client.get(reverse("assessments:driver", kwargs={"token": token, "driver": driver})).content.decode()


def test_a_typo_fixed_after_its_page_was_seen_shows_at_once(editor):
    _, token = make_assessment()
    area_page(editor, token)  # the page was seen before the edit
    question = Question.objects.get(code="safety-01")
    url = reverse("admin:assessments_question_change", args=[question.pk])
    # Followed: the admin's "was changed" message names the new text too, and must not be what matches.
    editor.post(url, question_form(question, text="Who signs visitors in at the gate?"), follow=True)
    assert "Who signs visitors in at the gate?" in area_page(editor, token)


def test_an_area_renamed_after_its_page_was_seen_shows_at_once(editor):
    _, token = make_assessment()
    area_page(editor, token)
    driver = Driver.objects.get(code="safety")
    driver.name = "Safety and wellbeing"
    driver.save()
    assert "Safety and wellbeing" in area_page(editor, token)


def test_an_answer_removed_from_a_draft_after_its_page_was_seen_is_gone_at_once(client, site):
    draft = versioning.create_draft(site.questionnaire)
    _, token = make_assessment(draft)
    assert "Not relevant" in area_page(client, token)
    Option.objects.filter(question__questionnaire=draft, kind=Option.Kind.NOT_RELEVANT).delete()
    assert "Not relevant" not in area_page(client, token)


def test_changing_a_level_of_a_live_question_is_refused_with_the_way_to_do_it(editor):
    question = Question.objects.get(code="safety-01")
    option = question.options.get(level=1)
    option.level = 3
    with pytest.raises(ValidationError, match="Create a draft from this version"):
        option.full_clean()


def test_the_admin_shows_levels_and_weights_of_a_live_version_read_only(editor):
    question = Question.objects.get(code="safety-01")
    second = list(question.options.all())[1]  # options-1 in the form, at level 1
    url = reverse("admin:assessments_question_change", args=[question.pk])
    editor.post(url, question_form(question, weight="2.0", **{"options-1-level": "3"}))
    question.refresh_from_db()
    assert question.weight == 1 and Option.objects.get(pk=second.pk).level == 1


@pytest.mark.parametrize("field", ["weight", "driver_id", "code"])
def test_scoring_fields_of_a_live_question_are_locked(site, field):
    question = Question.objects.get(code="green-02")
    setattr(question, field, {"weight": 3, "driver_id": Driver.objects.get(code="safety").pk, "code": "x"}[field])
    with pytest.raises(ValidationError, match="is locked"):
        question.full_clean()


def test_adding_a_question_or_option_to_a_live_version_is_refused(site):
    current = Questionnaire.objects.current()
    with pytest.raises(ValidationError, match="adding a question"):
        Question(questionnaire=current, driver=Driver.objects.first(), code="new-01", text="New?").full_clean()
    with pytest.raises(ValidationError, match="adding an answer"):
        Option(question=current.questions.first(), label="Extra", level=2).full_clean()


def test_removing_a_question_from_a_live_version_is_refused(site):
    with pytest.raises(ValidationError, match="removing a question"):
        Question.objects.get(code="remote-03").delete()


def test_a_new_draft_is_a_deep_copy_that_keeps_codes(site):
    current = Questionnaire.objects.current()
    draft = versioning.create_draft(current)
    assert draft.status == "draft" and draft.version == current.version + 1
    assert sorted(draft.questions.values_list("code", flat=True)) == sorted(
        current.questions.values_list("code", flat=True)
    )
    assert (
        Option.objects.filter(question__questionnaire=draft).count()
        == Option.objects.filter(question__questionnaire=current).count()
    )


def test_only_one_draft_at_a_time(site):
    versioning.create_draft(Questionnaire.objects.current())
    with pytest.raises(ValidationError, match="already a draft"):
        versioning.create_draft(Questionnaire.objects.current())


def test_a_draft_accepts_scoring_changes(site):
    draft = versioning.create_draft(Questionnaire.objects.current())
    question = draft.questions.get(code="supply-01")
    question.weight = 3
    question.full_clean()
    question.save()
    make_question(draft, question.driver, "supply-99")
    assert draft.questions.count() == len(site.questions) + 1


def test_publishing_refuses_a_version_with_a_driver_without_questions(site):
    draft = versioning.create_draft(Questionnaire.objects.current())
    for question in draft.questions.filter(driver__code="green"):
        question.delete()
    with pytest.raises(ValidationError) as error:
        versioning.publish(draft)
    assert f"{site.driver('green').name} has no questions." in error.value.messages


def test_publishing_refuses_a_question_with_fewer_than_two_scored_levels(site):
    draft = versioning.create_draft(Questionnaire.objects.current())
    draft.questions.get(code="safety-02").options.filter(level__gte=1).delete()
    with pytest.raises(ValidationError, match="safety-02 needs at least two scored answers"):
        versioning.publish(draft)


def test_new_assessments_use_the_newest_published_version_while_older_ones_stay(client, site):
    old, old_token = make_assessment()
    draft = versioning.create_draft(old.questionnaire)
    make_question(draft, Driver.objects.get(code="safety"), "safety-99")
    versioning.publish(draft)
    new, _ = make_assessment()
    page = client.get(reverse("assessments:driver", kwargs={"token": old_token, "driver": "safety"})).content.decode()
    assert new.questionnaire == draft and old.questionnaire.version == 1 and "safety-99" not in page


def test_retiring_the_only_published_version_is_refused(site):
    with pytest.raises(ValidationError, match="only published version"):
        versioning.retire(Questionnaire.objects.current())


def test_an_assessment_on_a_retired_version_carries_on(client, site):
    old, token = make_assessment()
    draft = versioning.create_draft(old.questionnaire)
    versioning.publish(draft)
    versioning.retire(old.questionnaire)
    response = client.get(reverse("assessments:driver", kwargs={"token": token, "driver": "remote"}))
    assert response.status_code == 200 and Questionnaire.objects.current() == draft


def test_admin_actions_are_recorded_in_the_admin_log(editor):
    current = Questionnaire.objects.current()
    url = reverse("admin:assessments_questionnaire_changelist")
    editor.post(url, {"action": "create_draft", "_selected_action": [current.pk]})
    draft = Questionnaire.objects.get(status="draft")
    editor.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    messages = list(LogEntry.objects.filter(object_id=str(draft.pk)).values_list("change_message", flat=True))
    assert set(messages) == {"Published.", "Draft created from version 1."}
    assert Questionnaire.objects.get(pk=draft.pk).status == "published"


def test_stored_scores_equal_recomputed_scores_after_any_sequence_of_edits(site):
    v1 = Questionnaire.objects.current()
    on_v1 = [submit_firm(v1, level)[0] for level in (0, 2, 4)]
    draft = versioning.create_draft(v1)
    Question.objects.filter(questionnaire=draft, code__startswith="supply").update(weight=2)
    make_question(draft, Driver.objects.get(code="green"), "green-99", weight=3)
    draft.questions.get(code="remote-01").options.filter(kind="not_relevant").delete()
    versioning.publish(draft)
    on_v2 = [submit_firm(draft, level)[0] for level in (1, 3)]
    Question.objects.filter(questionnaire=v1).update(text="Reworded")  # wording edits in place
    Option.objects.filter(question__questionnaire=v1).update(label="Reworded label")
    versioning.retire(v1)
    for assessment in on_v1 + on_v2:
        stored = dict(DriverScore.objects.filter(assessment=assessment).values_list("driver__code", "score"))
        assert stored == {code: r.score for code, r in compute_scores(assessment).items()}


def test_an_editor_adds_a_question_with_its_answers_to_a_draft_in_the_admin(editor):
    draft = versioning.create_draft(Questionnaire.objects.current())
    driver = Driver.objects.get(code="supply")
    data = {
        "questionnaire": draft.pk,
        "driver": driver.pk,
        "code": "supply-08",
        "text": "Do you plan for shortages?",
        "help_text": "",
        "weight": "1.0",
        "order": 8,
        "options-TOTAL_FORMS": 3,
        "options-INITIAL_FORMS": 0,
        "options-MIN_NUM_FORMS": 0,
        "options-MAX_NUM_FORMS": 1000,
    }
    for i, (label, kind, level) in enumerate(
        [("Never", "scored", 0), ("Always", "scored", 4), ("Don't know", "dont_know", "")]
    ):
        data.update(
            {
                f"options-{i}-order": i,
                f"options-{i}-label": label,
                f"options-{i}-kind": kind,
                f"options-{i}-level": level,
            }
        )
    response = editor.post(reverse("admin:assessments_question_add"), data)
    question = Question.objects.get(questionnaire=draft, code="supply-08")
    assert response.status_code == 302 and question.options.count() == 3
    versioning.publish(draft)
    assert Questionnaire.objects.current() == draft


def test_the_add_question_form_starts_on_the_draft(editor):
    draft = versioning.create_draft(Questionnaire.objects.current())
    page = editor.get(reverse("admin:assessments_question_add")).content.decode()
    assert f'<option value="{draft.pk}" selected>' in page
