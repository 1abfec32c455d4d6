"""Exporting the content as a pack, loading it back, and refusing bad uploads with line numbers."""

import copy
import datetime

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from assessments.models import Driver, Option, Programme, Question, Questionnaire, Recommendation, Region, SizeBand
from assessments.packs.apply import (
    PackError,
    apply_pack,
    default_packs,
    export_pack,
    load_pack_text,
    parse_pack_text,
    validate_pack,
)
from tests.helpers import make_pack

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    """A small pack (make_pack), loaded and published as version 1."""
    pack = make_pack(drivers=("safety", "remote"), questions_per_driver=2)
    apply_pack(pack)
    return pack


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


def test_export_then_load_then_export_is_byte_identical(loaded):
    first = _current_export()
    load_pack_text(first)
    assert _current_export() == first


def test_an_exported_pack_is_valid(loaded):
    assert validate_pack(parse_pack_text(_current_export())) == []


def test_an_exported_pack_keeps_every_row(loaded):
    pack = parse_pack_text(_current_export())
    assert len(pack["questionnaire"]["questions"]) == Question.objects.count()
    assert len(pack["recommendations"]) == Recommendation.objects.count()
    assert len(pack["programmes"]) == Programme.objects.count()


def test_an_export_writes_weights_dates_and_scored_options_as_the_default_pack_does(loaded):
    text = _current_export()
    assert "      weight: 1.5\n" in text and "      weight: 1.0\n" in text
    assert "    source_date: 2026-02-23\n" in text
    assert "        - level: 0\n" in text and "kind: scored" not in text


def test_loading_the_export_changes_nothing_in_the_database(loaded):
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
    pack = make_pack()
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


def test_unusual_text_loads_as_written_less_surrounding_space(db):
    apply_pack(_unusual_pack())
    load_pack_text(_current_export())
    question = Question.objects.get(code="safety-01")
    assert question.text == UNUSUAL["text"].strip() and question.help_text == UNUSUAL["help_text"].strip()
    assert [o.label for o in question.options.all()] == UNUSUAL["labels"]
    assert Driver.objects.get(order=1).subtitle == UNUSUAL["subtitle"]


def test_a_bad_level_is_refused_with_the_line_of_that_level(loaded):
    text = _current_export()
    number = _line_after(text, "- code: remote-02", "- level: 1")
    with pytest.raises(PackError) as error:
        load_pack_text(_replace_line(text, number, "        - level: 9"))
    index = _question_index(text, "remote-02")
    expected = (
        f"line {number}: questionnaire.questions[{index}] (remote-02).options[1]: level: Ensure this value is less"
    )
    assert any(e.startswith(expected) for e in error.value.errors), error.value.errors


def test_an_unknown_driver_is_refused_with_the_line_of_that_driver(loaded):
    text = _current_export()
    number = _line_after(text, "- code: remote-02", "driver: remote")
    with pytest.raises(PackError) as error:
        load_pack_text(_replace_line(text, number, "      driver: remmote"))
    index = _question_index(text, "remote-02")
    assert (
        f"line {number}: questionnaire.questions[{index}] (remote-02): unknown driver 'remmote'" in error.value.errors
    )


def test_broken_indentation_is_refused_with_the_line_where_yaml_stops(loaded):
    text = _current_export()
    number = _line_after(text, "- code: remote-01", "text:")
    broken = _replace_line(text, number, "   " + text.splitlines()[number - 1])
    with pytest.raises(PackError) as error:
        parse_pack_text(broken)
    assert len(error.value.errors) == 1
    assert error.value.errors[0].startswith(f"line {number}: not valid YAML: "), error.value.errors


def test_an_impossible_date_is_refused_with_its_line(loaded):
    text = _current_export()
    number = _line_after(text, "- code: england-support", "source_date:")
    with pytest.raises(PackError) as error:
        parse_pack_text(_replace_line(text, number, "    source_date: 2025-02-30"))
    assert error.value.errors == [f"line {number}: not valid YAML: day is out of range for month"]


def test_a_key_given_twice_is_refused_with_the_line_of_the_second(loaded):
    text = _current_export()
    number = _line_after(text, "- code: safety-02", "weight: 1.0")
    twice = _replace_line(text, number, "      weight: 1.0\n      weight: 2.0")
    with pytest.raises(PackError) as error:
        parse_pack_text(twice)
    assert error.value.errors == [f"line {number + 1}: 'weight' is given twice"]


def test_a_refused_upload_changes_nothing_in_the_database(loaded):
    text = _current_export().replace("title: Fix safety-01", "title: Fix something else")
    number = _line_after(text, "- code: remote-02", "- level: 1")
    before = _snapshot()
    with pytest.raises(PackError):
        load_pack_text(_replace_line(text, number, "        - level: 9"))
    assert _snapshot() == before


def test_values_of_the_wrong_type_are_refused_rather_than_crashing(loaded):
    text = _current_export()
    number = _line_after(text, "- code: safety-01", "text:")
    bad = _replace_line(text, number, "      text: [a, list]")
    with pytest.raises(PackError) as error:
        load_pack_text(bad.replace("    active: true\n", "    active: maybe\n", 1))
    index = _question_index(text, "safety-01")
    assert f"line {number}: questionnaire.questions[{index}] (safety-01): 'text' must be text" in error.value.errors
    assert any("active: “maybe” value must be either True or False" in e for e in error.value.errors)


def test_values_the_database_could_not_store_exactly_are_refused(loaded):
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


def test_an_invalid_pack_is_refused_with_every_reason_and_changes_nothing(db):
    pack = make_pack()
    pack["questionnaire"]["questions"][0]["options"][1]["level"] = 9
    pack["recommendations"][0]["programmes"] = ["closed-scheme"]
    with pytest.raises(PackError) as error:
        apply_pack(pack)
    assert any("level: Ensure this value is less than or equal to 4" in e for e in error.value.errors)
    assert any("Closed Scheme is closed, so it cannot be recommended" in e for e in error.value.errors)
    assert Question.objects.count() == 0 and Driver.objects.count() == 0


def test_changing_how_a_published_version_scores_needs_a_new_version_number(loaded):
    changed = copy.deepcopy(loaded)
    changed["questionnaire"]["questions"][1]["weight"] = 3
    with pytest.raises(PackError, match="new version number"):
        apply_pack(changed)


def test_rewording_a_published_version_loads_in_place(loaded):
    reworded = copy.deepcopy(loaded)
    reworded["questionnaire"]["questions"][0]["text"] = "Who signs visitors in?"
    apply_pack(reworded)
    assert Question.objects.get(code="safety-01").text == "Who signs visitors in?"


def test_loading_the_same_pack_twice_changes_nothing(loaded):
    before = _snapshot()
    apply_pack(loaded)
    assert _snapshot() == before


def test_a_loaded_pack_publishes_its_new_version(loaded):
    current = Questionnaire.objects.current()
    assert current.version == 1 and current.questions.count() == len(loaded["questionnaire"]["questions"])


def test_a_successful_upload_returns_a_summary(loaded):
    summary = load_pack_text(_current_export())
    assert summary == (
        f"{Driver.objects.count()} drivers, questionnaire v1 with {Question.objects.count()} questions, "
        f"{Recommendation.objects.count()} recommendations, {Programme.objects.count()} programmes"
    )


def _write_folder_pack(folder, pack):
    """The pack as the built-in content is laid out: shared files on top, the version's in v<N>/."""
    version = folder / f"v{pack['questionnaire']['version']}"
    version.mkdir(parents=True)
    for path, section in [(folder / "drivers.yaml", "drivers"), (folder / "programmes.yaml", "programmes"),
                          (version / "questionnaire.yaml", "questionnaire"),
                          (version / "recommendations.yaml", "recommendations")]:  # fmt: skip
        path.write_text(yaml.safe_dump({section: pack[section]}, sort_keys=False), encoding="utf-8")


def test_a_folder_pack_gives_one_pack_per_version_oldest_first_each_with_the_shared_files(db, tmp_path):
    for version in (2, 1):
        _write_folder_pack(tmp_path / "pack", make_pack(version=version))
    packs = default_packs(tmp_path / "pack")
    assert [p["questionnaire"]["version"] for p in packs] == [1, 2]
    assert all(p["programmes"] == make_pack()["programmes"] and validate_pack(p) == [] for p in packs)


def test_a_folder_pack_names_the_file_and_line_of_each_problem(db, tmp_path):
    _write_folder_pack(tmp_path / "pack", make_pack())
    drivers = tmp_path / "pack" / "drivers.yaml"
    text = drivers.read_text(encoding="utf-8")
    number = _line_after(text, "- code: remote", "code: remote")
    drivers.write_text(_replace_line(text, number, "- code: review"), encoding="utf-8")
    errors = validate_pack(default_packs(tmp_path / "pack")[-1])
    reserved = "code: “review” is the name of a page of the journey; choose another code."
    assert f"drivers.yaml line {number}: drivers[1] (review): {reserved}" in errors


def test_export_content_writes_a_file_that_load_content_accepts(loaded, tmp_path):
    path = tmp_path / "pack.yaml"
    call_command("export_content", "-o", str(path), stderr=None)
    before = _snapshot()
    call_command("load_content", str(path))
    assert _snapshot() == before
    assert path.read_text(encoding="utf-8") == _current_export()


def test_export_content_writes_the_newest_published_version_to_stdout(loaded, capsys):
    call_command("export_content")
    assert capsys.readouterr().out == _current_export()


def test_exporting_an_older_version_gives_that_version_with_its_own_weights(loaded, tmp_path):
    newer = make_pack(version=2)
    newer["questionnaire"]["questions"][0]["weight"] = 3
    apply_pack(newer)
    path = tmp_path / "v1.yaml"
    call_command("export_content", "--version", "1", "-o", str(path))
    older = parse_pack_text(path.read_text(encoding="utf-8"))
    assert older["questionnaire"]["version"] == 1
    assert older["questionnaire"]["questions"][0]["weight"] == 1.5
    assert validate_pack(older) == []


def test_load_content_prints_line_numbered_errors_and_loads_nothing(db, tmp_path):
    path = tmp_path / "pack.yaml"
    path.write_text("drivers:\n  - code: safety\n    name: Safety\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("load_content", str(path))
    assert "line 2: drivers[0] (safety): summary: This field cannot be blank." in str(error.value)
    assert Driver.objects.count() == 0


def test_export_content_refuses_an_unknown_version(loaded):
    with pytest.raises(CommandError, match="no questionnaire version 7"):
        call_command("export_content", "--version", "7")


def test_an_admin_upload_of_a_new_version_arrives_as_a_draft(client, loaded, django_user_model):
    text = export_pack(Questionnaire.objects.current()).replace("version: 1\n", "version: 2\n", 1)
    client.force_login(django_user_model.objects.create_superuser("admin", password="a-long-password-1"))
    upload = SimpleUploadedFile("pack.yaml", text.encode(), content_type="application/x-yaml")
    response = client.post(reverse("admin:assessments_questionnaire_import"), {"pack": upload})
    assert response.status_code == 302
    assert Questionnaire.objects.get(version=2).status == "draft" and Questionnaire.objects.current().version == 1


def test_an_admin_upload_with_errors_lists_them_by_line(client, loaded, django_user_model):
    text = export_pack(Questionnaire.objects.current()).replace("driver: safety", "driver: nowhere", 1)
    client.force_login(django_user_model.objects.create_superuser("admin", password="a-long-password-1"))
    upload = SimpleUploadedFile("pack.yaml", text.encode(), content_type="application/x-yaml")
    page = client.post(reverse("admin:assessments_questionnaire_import"), {"pack": upload}).content.decode()
    assert "The pack was not imported" in page and "line " in page and "unknown driver" in page


# ----------------------------------------------------------------- whatever the admin saves round-trips

TRICKY = ["- starts with a dash", "#not a comment", "colon: here", "'single'", '"double"', "yes", "null", "~",
          "1.0", "2026-01-01", "line one\nline two", "café ☕ — ‘curly’", "key: value\n- item", "@at", "%percent",
          "`tick`", "|pipe", ">fold", "*star", "&anchor", "!tag", "[list]", "{map}", "tab\there", "a  #b"]  # fmt: skip
ANY_TEXT = st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00")


def text(max_size, min_size=0):
    return st.one_of(st.sampled_from(TRICKY), st.text(ANY_TEXT, min_size=min_size, max_size=max_size))


def optional(strategy):
    return st.one_of(st.just(""), strategy)


https_urls = st.builds(
    lambda host, path: f"https://{host}.example.org/{path}",
    st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True),
    st.from_regex(r"[A-Za-z0-9._~/-]{0,30}", fullmatch=True),
)
iso_dates = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2100, 12, 31)).map(str)
programme_forms = st.fixed_dictionaries(
    {
        "name": text(200, min_size=1),
        "provider": text(200, min_size=1),
        "kind": st.sampled_from(Programme.Kind.values),
        "url": https_urls,
        "source_url": https_urls,
        "source_date": optional(iso_dates),
        "last_checked": optional(iso_dates),
        "unconfirmed": optional(text(300)),
        "summary": text(1500, min_size=1),
        "regions": st.lists(st.sampled_from(Region.values), unique=True),
        "sizes": st.lists(st.sampled_from(SizeBand.values), unique=True),
        "active": st.sampled_from([["on"], []]),  # a checkbox: sent when ticked, absent when not
    }
)


@pytest.fixture
def superuser_client(client, loaded, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", password="a-long-password-1"))
    return client


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(form=programme_forms, linked=st.lists(st.sampled_from(["safety", "remote"]), unique=True))
@example(
    form={
        "name": "- Dash: first #1",
        "provider": "'Quoted' & \"double\"",
        "kind": "adviser",
        "url": "https://a.example.org/x",
        "source_url": "https://b.example.org/",
        "source_date": "",
        "last_checked": "2026-02-28",
        "unconfirmed": "yes",
        "summary": "Windows\r\nline ends,\x85next line,\u2028separator, trailing space \n\n- a list: item\n\t# tab",
        "regions": ["wales", "london"],
        "sizes": [],
        "active": [],
    },
    linked=["remote", "safety"],
)
@example(  # a next-line character (U+0085) without a newline: PyYAML's own quoting loses it
    form={"name": "- starts with a dash", "provider": "- starts with a dash", "kind": "programme",
          "url": "https://a.example.org/", "source_url": "https://a.example.org/", "source_date": "",
          "last_checked": "", "unconfirmed": "", "summary": "0\x850", "regions": [], "sizes": [],
          "active": ["on"]},
    linked=[],
)  # fmt: skip
def test_whatever_the_admin_saves_for_a_programme_exports_and_reimports_byte_identically(
    superuser_client, form, linked
):
    programme = Programme.objects.get(code="uk-grant")
    drivers = list(Driver.objects.filter(code__in=linked).values_list("pk", flat=True))
    url = reverse("admin:assessments_programme_change", args=[programme.pk])
    with transaction.atomic():  # each example starts from the same database
        response = superuser_client.post(url, {"code": programme.code, "drivers": drivers, **form})
        form_errors = response.context["adminform"].form.errors if response.status_code == 200 else None
        assume(not form_errors)  # the admin refused it, with a message: nothing was saved
        assert response.status_code == 302
        first = _current_export()
        load_pack_text(first)
        second = _current_export()
        transaction.set_rollback(True)
    assert second == first
