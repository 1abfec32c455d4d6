"""The default content pack: complete, valid, and safe to load twice."""

import copy

import pytest

from assessments.content_pack import PackError, apply_pack, default_packs, validate_pack
from assessments.models import Driver, Option, Programme, Question, Questionnaire, Recommendation
from assessments.scoring import BANDS

DRIVERS = ["safety", "remote", "supply", "automation", "green"]


@pytest.fixture(scope="module")
def pack():
    return default_packs()[-1]


@pytest.mark.django_db
def test_the_default_pack_is_valid(pack):
    assert validate_pack(pack) == []


def test_it_has_the_five_drivers_in_order_with_summaries_and_international_notes(pack):
    assert [d["code"] for d in pack["drivers"]] == DRIVERS
    assert all(len(d["summary"]) > 100 and d["international_note"] for d in pack["drivers"])


@pytest.mark.parametrize("driver", DRIVERS)
def test_each_driver_has_at_least_six_questions_with_five_levels_and_both_escapes(pack, driver):
    questions = [q for q in pack["questionnaire"]["questions"] if q["driver"] == driver]
    assert len(questions) >= 6
    for q in questions:
        levels = [o["level"] for o in q["options"] if o.get("kind", "scored") == "scored"]
        kinds = {o.get("kind") for o in q["options"]}
        assert levels == [0, 1, 2, 3, 4] and {"dont_know", "not_relevant"} <= kinds, q["code"]


@pytest.mark.parametrize("driver", DRIVERS)
def test_each_driver_has_advice_for_every_band(pack, driver):
    bands = {r["band"] for r in pack["recommendations"] if r["driver"] == driver and "band" in r}
    assert bands == {code for _, code, _ in BANDS}


def test_question_advice_covers_the_weakest_answers(pack):
    advised = {r["question"] for r in pack["recommendations"] if "question" in r and r["at_or_below"] >= 1}
    assert advised == {q["code"] for q in pack["questionnaire"]["questions"]}


def test_the_catalogue_has_real_programmes_with_sources_and_closed_ones_inactive(pack):
    programmes = {p["code"]: p for p in pack["programmes"]}
    assert len([p for p in programmes.values() if p.get("active", True)]) >= 12
    assert all(p["source_url"].startswith("https://") and p["source_date"] for p in programmes.values())
    assert programmes["help-to-grow-digital"]["active"] is False
    assert set(programmes["made-smarter-adoption"]["regions"]) >= {"north-west", "north-east", "west-midlands"}


@pytest.mark.django_db
def test_loading_twice_changes_nothing(pack):
    apply_pack(pack)
    before = _snapshot()
    apply_pack(pack)
    assert _snapshot() == before


@pytest.mark.django_db
def test_a_loaded_pack_publishes_its_questionnaire(pack):
    apply_pack(pack)
    current = Questionnaire.objects.current()
    assert current.version == pack["questionnaire"]["version"]
    assert current.questions.count() == len(pack["questionnaire"]["questions"])


@pytest.mark.django_db
def test_an_invalid_pack_is_refused_with_reasons_and_changes_nothing(pack):
    broken = copy.deepcopy(pack)
    broken["questionnaire"]["questions"][0]["options"][1]["level"] = 9
    broken["recommendations"][0]["programmes"] = ["help-to-grow-digital"]
    with pytest.raises(PackError) as error:
        apply_pack(broken)
    assert any("level: Ensure this value is less than or equal to 4" in e for e in error.value.errors)
    assert any("is closed, so it cannot be recommended" in e for e in error.value.errors)
    assert Question.objects.count() == 0 and Driver.objects.count() == 0


@pytest.mark.django_db
def test_changing_scoring_of_a_published_version_needs_a_new_version(pack):
    apply_pack(pack)
    changed = copy.deepcopy(pack)
    changed["questionnaire"]["questions"][0]["weight"] = 3
    with pytest.raises(PackError, match="new version number"):
        apply_pack(changed)


@pytest.mark.django_db
def test_wording_changes_to_a_published_version_load_in_place(pack):
    apply_pack(pack)
    reworded = copy.deepcopy(pack)
    reworded["questionnaire"]["questions"][0]["text"] = "Who signs visitors in?"
    apply_pack(reworded)
    assert Question.objects.get(code=pack["questionnaire"]["questions"][0]["code"]).text == "Who signs visitors in?"


def _snapshot():
    rows = []
    for model in (Driver, Questionnaire, Question, Option, Programme, Recommendation):
        rows.append(list(model.objects.order_by("pk").values()))
    rows.append(list(Recommendation.programmes.through.objects.order_by("pk").values()))
    return rows
