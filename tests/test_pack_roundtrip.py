"""Exporting the content as a pack, loading it back, and refusing bad uploads with line numbers."""

import copy
import shutil

import pytest
from django.core.management import CommandError, call_command

from assessments.content_pack import (
    DEFAULT_PACK,
    PackError,
    apply_pack,
    default_packs,
    export_pack,
    load_pack_text,
    parse_pack_text,
    validate_pack,
)
from assessments.models import Driver, Option, Programme, Question, Questionnaire, Recommendation

pytestmark = pytest.mark.django_db


def _current_export():
    return export_pack(Questionnaire.objects.current())


def _snapshot():
    rows = [list(m.objects.order_by("pk").values()) for m in (Driver, Questionnaire, Question, Option, Programme)]
    rows.append(list(Recommendation.objects.order_by("pk").values()))
    rows.append(list(Recommendation.programmes.through.objects.order_by("pk").values()))
    rows.append(list(Programme.drivers.through.objects.order_by("pk").values()))
    return rows


def _line_after(text, start, needle):
    """The 1-based number of the first line containing `needle` after the line containing `start`."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if start in line)
    return next(i for i in range(first, len(lines)) if needle in lines[i]) + 1


def _replace_line(text, number, new):
    lines = text.splitlines(keepends=True)
    lines[number - 1] = new + "\n"
    return "".join(lines)


def _question_index(text, code):
    return [q["code"] for q in parse_pack_text(text)["questionnaire"]["questions"]].index(code)


def test_export_then_load_then_export_is_byte_identical(content):
    first = _current_export()
    load_pack_text(first)
    assert _current_export() == first


def test_an_exported_pack_is_valid_and_keeps_every_row(content):
    pack = parse_pack_text(_current_export())
    assert validate_pack(pack) == []
    assert len(pack["questionnaire"]["questions"]) == Question.objects.count()
    assert len(pack["recommendations"]) == Recommendation.objects.count()
    assert len(pack["programmes"]) == Programme.objects.count()


def test_an_export_writes_weights_dates_and_scored_options_as_the_default_pack_does(content):
    text = _current_export()
    assert "      weight: 1.5\n" in text and "      weight: 1.0\n" in text
    assert "    source_date: 2026-02-23\n" in text
    assert "        - level: 0\n" in text and "kind: scored" not in text


def test_loading_the_export_changes_nothing_in_the_database(content):
    before = _snapshot()
    load_pack_text(_current_export())
    assert _snapshot() == before


UNUSUAL = {
    "subtitle": "- starts with a dash: and has a colon",
    "text": '  "Quoted" — ‘curly’ ✓, a #hash: and a colon: all here?  ',
    "help_text": "First line.\n\n- a list item\n- another: item\n\n",
    "labels": ["No", "1.0", "null", "~", "yes: really", "'single' and \"double\"", "café ☕"],
    "body": "A line with trailing spaces   \nthen more.\r\nWindows line end, and a very long line " + "word  " * 20,
    "title": "#not a comment & not *an alias",
    "notes": "  @at the start, %percent and `backticks`  ",
}


def _unusual_pack():
    pack = copy.deepcopy(dict(default_packs()[-1]))
    pack["drivers"][0]["subtitle"] = UNUSUAL["subtitle"]
    question = pack["questionnaire"]["questions"][0]
    question["text"], question["help_text"] = UNUSUAL["text"], UNUSUAL["help_text"]
    for option, label in zip(question["options"], UNUSUAL["labels"], strict=True):
        option["label"] = label
    pack["recommendations"][0]["body"] = UNUSUAL["body"]
    pack["recommendations"][0]["title"] = UNUSUAL["title"]
    pack["questionnaire"]["notes"] = UNUSUAL["notes"]
    return pack


def test_unusual_text_survives_export_and_load_byte_for_byte(db):
    apply_pack(_unusual_pack())
    first = _current_export()
    load_pack_text(first)
    assert _current_export() == first
    question = Question.objects.get(code=_unusual_pack()["questionnaire"]["questions"][0]["code"])
    assert question.text == UNUSUAL["text"].strip() and question.help_text == UNUSUAL["help_text"].strip()
    assert [o.label for o in question.options.all()] == UNUSUAL["labels"]
    assert Driver.objects.get(order=1).subtitle == UNUSUAL["subtitle"]


def test_a_bad_level_is_refused_with_the_line_of_that_level(content):
    text = _current_export()
    number = _line_after(text, "- code: supply-04", "- level: 1")
    with pytest.raises(PackError) as error:
        load_pack_text(_replace_line(text, number, "        - level: 9"))
    index = _question_index(text, "supply-04")
    expected = (
        f"line {number}: questionnaire.questions[{index}] (supply-04).options[1]: level: Ensure this value is less"
    )
    assert any(e.startswith(expected) for e in error.value.errors), error.value.errors


def test_an_unknown_driver_is_refused_with_the_line_of_that_driver(content):
    text = _current_export()
    number = _line_after(text, "- code: green-02", "driver: green")
    with pytest.raises(PackError) as error:
        load_pack_text(_replace_line(text, number, "      driver: greeen"))
    index = _question_index(text, "green-02")
    assert f"line {number}: questionnaire.questions[{index}] (green-02): unknown driver 'greeen'" in error.value.errors


def test_broken_indentation_is_refused_with_the_line_where_yaml_stops(content):
    text = _current_export()
    number = _line_after(text, "- code: remote-03", "text:")
    broken = _replace_line(text, number, "   " + text.splitlines()[number - 1])
    with pytest.raises(PackError) as error:
        parse_pack_text(broken)
    assert len(error.value.errors) == 1
    assert error.value.errors[0].startswith(f"line {number}: not valid YAML: "), error.value.errors


def test_an_impossible_date_is_refused_with_its_line(content):
    text = _current_export()
    number = _line_after(text, "- code: growth-hubs", "source_date:")
    with pytest.raises(PackError) as error:
        parse_pack_text(_replace_line(text, number, "    source_date: 2025-02-30"))
    assert error.value.errors == [f"line {number}: not valid YAML: day is out of range for month"]


def test_a_key_given_twice_is_refused_with_the_line_of_the_second(content):
    text = _current_export()
    number = _line_after(text, "- code: safety-01", "weight: 1.0")
    twice = _replace_line(text, number, "      weight: 1.0\n      weight: 2.0")
    with pytest.raises(PackError) as error:
        parse_pack_text(twice)
    assert error.value.errors == [f"line {number + 1}: 'weight' is given twice"]


def test_a_refused_upload_changes_nothing_in_the_database(content):
    text = _current_export().replace("title: Pick one repetitive task", "title: Pick one changed task")
    number = _line_after(text, "- code: supply-04", "- level: 1")
    before = _snapshot()
    with pytest.raises(PackError):
        load_pack_text(_replace_line(text, number, "        - level: 9"))
    assert _snapshot() == before


def test_values_of_the_wrong_type_are_refused_rather_than_crashing(content):
    text = _current_export()
    number = _line_after(text, "- code: safety-01", "text:")
    bad = _replace_line(text, number, "      text: [a, list]")
    with pytest.raises(PackError) as error:
        load_pack_text(bad.replace("    active: true\n", "    active: maybe\n", 1))
    index = _question_index(text, "safety-01")
    assert f"line {number}: questionnaire.questions[{index}] (safety-01): 'text' must be text" in error.value.errors
    assert any("active: “maybe” value must be either True or False" in e for e in error.value.errors)


def test_values_the_database_could_not_store_exactly_are_refused(content):
    text = _current_export()
    name = _line_after(text, "- code: safety", "name:")
    weight = _line_after(text, "- code: safety-01", "weight:")
    with pytest.raises(PackError) as error:
        load_pack_text(_replace_line(text, name, "    name: " + "x" * 41))
    assert error.value.errors == [
        f"line {name}: drivers[0] (safety): name: Ensure this value has at most 40 characters (it has 41).",
    ]
    with pytest.raises(PackError) as error:
        load_pack_text(_replace_line(text, weight, "      weight: 1.25"))
    index = _question_index(text, "safety-01")
    decimals = "weight: Ensure that there are no more than 1 decimal place."
    assert f"line {weight}: questionnaire.questions[{index}] (safety-01): {decimals}" in error.value.errors


def test_a_successful_upload_returns_a_summary(content):
    summary = load_pack_text(_current_export())
    assert summary == (
        f"{Driver.objects.count()} drivers, questionnaire v1 with {Question.objects.count()} questions, "
        f"{Recommendation.objects.count()} recommendations, {Programme.objects.count()} programmes"
    )


def test_a_folder_pack_names_the_file_and_line_of_each_problem(db, tmp_path):
    shutil.copytree(DEFAULT_PACK, tmp_path / "pack")
    drivers = tmp_path / "pack" / "drivers.yaml"
    text = drivers.read_text(encoding="utf-8")
    number = _line_after(text, "- code: remote", "code: remote")
    drivers.write_text(_replace_line(text, number, "  - code: review"), encoding="utf-8")
    errors = validate_pack(default_packs(tmp_path / "pack")[-1])
    reserved = "code: “review” is the name of a page of the journey; choose another code."
    assert f"drivers.yaml line {number}: drivers[1] (review): {reserved}" in errors


def test_export_content_writes_a_file_that_load_content_accepts(content, tmp_path):
    path = tmp_path / "pack.yaml"
    call_command("export_content", "-o", str(path), stderr=None)
    before = _snapshot()
    call_command("load_content", str(path))
    assert _snapshot() == before
    assert path.read_text(encoding="utf-8") == _current_export()


def test_export_content_writes_the_newest_published_version_to_stdout(content, capsys):
    call_command("export_content")
    assert capsys.readouterr().out == _current_export()


def test_exporting_an_older_version_gives_that_version_with_its_own_weights(content, tmp_path):
    newer = copy.deepcopy(dict(default_packs()[-1]))
    newer["questionnaire"]["version"] = 2
    newer["questionnaire"]["questions"][0]["weight"] = 3
    apply_pack(newer)
    path = tmp_path / "v1.yaml"
    call_command("export_content", "--version", "1", "-o", str(path))
    older = parse_pack_text(path.read_text(encoding="utf-8"))
    assert older["questionnaire"]["version"] == 1
    assert older["questionnaire"]["questions"][0]["weight"] == 1.0
    assert validate_pack(older) == []


def test_load_content_prints_line_numbered_errors_and_loads_nothing(db, tmp_path):
    path = tmp_path / "pack.yaml"
    path.write_text("drivers:\n  - code: safety\n    name: Safety\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("load_content", str(path))
    assert "line 2: drivers[0] (safety): summary: This field cannot be blank." in str(error.value)
    assert Driver.objects.count() == 0


def test_export_content_refuses_an_unknown_version(content):
    with pytest.raises(CommandError, match="no questionnaire version 7"):
        call_command("export_content", "--version", "7")


def test_an_admin_upload_of_a_new_version_arrives_as_a_draft(client, content, django_user_model):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from assessments.content_pack import export_pack
    from assessments.models import Questionnaire

    text = export_pack(Questionnaire.objects.current()).replace("version: 1\n", "version: 2\n", 1)
    client.force_login(django_user_model.objects.create_superuser("admin", password="a-long-password-1"))
    upload = SimpleUploadedFile("pack.yaml", text.encode(), content_type="application/x-yaml")
    response = client.post(reverse("admin:assessments_questionnaire_import"), {"pack": upload})
    assert response.status_code == 302
    assert Questionnaire.objects.get(version=2).status == "draft" and Questionnaire.objects.current().version == 1


def test_an_admin_upload_with_errors_lists_them_by_line(client, content, django_user_model):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from assessments.content_pack import export_pack
    from assessments.models import Questionnaire

    text = export_pack(Questionnaire.objects.current()).replace("driver: safety", "driver: nowhere", 1)
    client.force_login(django_user_model.objects.create_superuser("admin", password="a-long-password-1"))
    upload = SimpleUploadedFile("pack.yaml", text.encode(), content_type="application/x-yaml")
    page = client.post(reverse("admin:assessments_questionnaire_import"), {"pack": upload}).content.decode()
    assert "The pack was not imported" in page and "line " in page and "unknown driver" in page
