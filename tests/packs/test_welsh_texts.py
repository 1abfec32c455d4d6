"""The Welsh texts out to a translator as a PO file and back, byte for byte, and in content packs."""

import pytest

from assessments.admin.versions import create_draft
from assessments.models import Driver, Option, Programme, Question, Questionnaire, Recommendation
from assessments.packs import po
from assessments.packs.apply import apply_pack, export_pack, load_pack_text
from assessments.packs.welsh import WelshImportError, export_welsh, fill_from_pack, import_welsh
from tests.helpers import give_welsh, make_pack

pytestmark = pytest.mark.django_db


@pytest.fixture
def version():
    apply_pack(make_pack(drivers=("safety", "remote"), questions_per_driver=2))
    return Questionnaire.objects.current()


def translated(text, reviewed=True):
    """What a translator sends back: each msgstr filled in (“Cy ” and the English), fuzzy cleared."""
    header, entries = po.read(text)
    for entry in entries:
        entry.welsh, entry.fuzzy = f"Cy {entry.english}", not reviewed
    return po.write(header, entries)


def test_the_export_lists_every_text_of_the_version_in_a_context_naming_it(version):
    _, entries = po.read(export_welsh(version))
    contexts = {e.context for e in entries}
    assert {"driver:safety:name", "question:safety-01:text", "option:safety-01:6:label",
            "recommendation:safety-developing:body", "programme:uk-grant:summary"} <= contexts  # fmt: skip
    assert not any(c.startswith("programme:closed-scheme") for c in contexts)  # closed: never printed


def test_untranslated_and_unreviewed_texts_are_exported_as_fuzzy_drafts(version):
    _, entries = po.read(export_welsh(version))
    assert all(e.fuzzy and e.welsh == "" for e in entries)


def test_export_then_import_then_export_is_byte_identical(version):
    give_welsh()
    first = export_welsh(version)
    import_welsh(version, first)
    assert export_welsh(version) == first


def test_a_translated_file_imports_and_exports_again_byte_for_byte(version):
    filled = translated(export_welsh(version))
    import_welsh(version, filled)
    assert export_welsh(version) == filled


def test_an_imported_translation_fills_every_welsh_text_so_the_version_is_offered_in_welsh(version):
    import_welsh(version, translated(export_welsh(version)))
    assert version.welsh_missing() == [] and Question.objects.get(code="safety-01").text_cy == "Cy Question safety-01?"


def test_rows_the_translator_left_fuzzy_stay_drafts_awaiting_review(version):
    count, reviewed = import_welsh(version, translated(export_welsh(version), reviewed=False))
    assert count > 0 and reviewed == 0 and not Option.objects.filter(welsh_reviewed=True).exists()


def test_a_file_whose_english_has_changed_since_is_refused_and_changes_nothing(version):
    text = translated(export_welsh(version))
    Question.objects.filter(code="safety-01").update(text="Who signs visitors in?")
    with pytest.raises(WelshImportError) as error:
        import_welsh(version, text)
    assert error.value.problems == ["question:safety-01:text: the English has changed since this file was "
                                    "exported; export it again."]  # fmt: skip
    assert not Question.objects.exclude(text_cy="").exists()


def test_a_welsh_text_too_long_for_its_field_is_refused_with_its_context(version):
    header, entries = po.read(translated(export_welsh(version)))
    next(e for e in entries if e.context == "driver:safety:name").welsh = "x" * 41
    with pytest.raises(WelshImportError) as error:
        import_welsh(version, po.write(header, entries))
    assert any(p.startswith("driver:safety:name: Ensure this value has at most 40") for p in error.value.problems)
    assert not Driver.objects.exclude(name_cy="").exists()


def test_a_file_of_another_version_is_refused(version):
    text = export_welsh(version).replace("X-Questionnaire-Version: 1", "X-Questionnaire-Version: 2")
    with pytest.raises(WelshImportError, match="version 2, not of version 1"):
        import_welsh(version, text)


def test_a_file_that_is_not_po_is_refused_with_its_line(version):
    with pytest.raises(WelshImportError, match="line 2: not a PO line"):
        import_welsh(version, 'msgid ""\ndrivers:\n')


def test_welsh_advice_is_held_to_the_rich_text_limits_of_the_english(version):
    header, entries = po.read(translated(export_welsh(version)))
    next(e for e in entries if e.context == "recommendation:safety-developing:body").welsh = "gair " * 1001
    with pytest.raises(WelshImportError, match="recommendation:safety-developing:body: Keep this under 5000"):
        import_welsh(version, po.write(header, entries))


# ---------------------------------------------------------------------------------- content packs


def test_a_pack_carries_both_languages_and_round_trips_byte_for_byte(version):
    give_welsh()
    Recommendation.objects.filter(code="safety-developing").update(welsh_reviewed=True)
    first = export_pack(version)
    assert "    name_cy: Cy Safety\n" in first and "    welsh_reviewed: true\n" in first
    load_pack_text(first)
    assert export_pack(version) == first


def test_welsh_can_be_edited_in_place_on_a_published_version_like_the_english(version):
    pack = make_pack(drivers=("safety", "remote"), questions_per_driver=2)
    pack["questionnaire"]["questions"][0]["text_cy"] = "Pwy sy'n llofnodi ymwelwyr i mewn?"
    apply_pack(pack)
    assert Question.objects.get(code="safety-01").text_cy == "Pwy sy'n llofnodi ymwelwyr i mewn?"


def test_a_new_draft_copies_the_welsh_and_its_review_flags(version):
    give_welsh()
    Option.objects.update(welsh_reviewed=True)
    draft = create_draft(version)
    assert draft.welsh_missing() == []
    assert not Option.objects.filter(question__questionnaire=draft, welsh_reviewed=False).exists()


def test_a_closed_programme_without_welsh_does_not_hold_a_version_back(version):
    give_welsh()
    Programme.objects.filter(code="closed-scheme").update(summary_cy="")
    assert version.welsh_missing() == []


def test_the_pack_s_welsh_reaches_a_version_loaded_before_it_was_written_but_not_an_editor_s_text(version):
    Question.objects.filter(code="safety-02").update(text="An editor's question?")
    pack = make_pack(drivers=("safety", "remote"), questions_per_driver=2)
    for question in pack["questionnaire"]["questions"]:
        question["text_cy"] = f"Cy {question['text']}"
    assert fill_from_pack(pack) == 3
    assert Question.objects.get(code="safety-01").text_cy == "Cy Question safety-01?"
    assert Question.objects.get(code="safety-02").text_cy == ""
