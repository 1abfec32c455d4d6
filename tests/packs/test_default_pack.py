"""The default content pack: how it loads, and what it promises firms. The only tests that load it."""

import datetime
import importlib
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments.journey.pages import split
from assessments.models import (
    Assessment,
    Driver,
    DriverScore,
    Option,
    Programme,
    Question,
    Questionnaire,
    Recommendation,
    Region,
    SizeBand,
)
from assessments.models.choices import ENGLISH_REGIONS
from assessments.packs.apply import apply_pack, default_packs, export_pack, load_pack_text, validate_pack
from assessments.report import builder as report
from assessments.report import pdf
from assessments.scoring import BANDS
from tests.helpers import page_data

# Loading and checking the whole default pack takes seconds a test: `make test` runs these, `make test-fast` not.
pytestmark = pytest.mark.slow

DRIVERS = ["safety", "remote", "supply", "automation", "green"]
LEGAL_DUTIES = ["remote-10", "safety-05", "safety-10", "safety-11", "safety-12", "safety-13", "safety-14"]
APPLIES_ONLY_TO_SOME = {"remote-10"}  # a legal duty only where someone works from home
NATIONS = {
    "England": sorted(ENGLISH_REGIONS),
    "Wales": ["wales"],
    "Scotland": ["scotland"],
    "Northern Ireland": ["northern-ireland"],
}
SECTORS = {
    "metals and fabrication": {"24", "25"},
    "food and drink": {"10", "11"},
    "chemicals and plastics": {"20", "22"},
}
# Unsafe or wrong in any report of any version (the content reviews of v1 and v2): every version's
# text is held to these, so a firm that submitted on v1 downloads no unsafe advice either.
UNSAFE = [
    "little or no guarding",
    "designed to work safely alongside people",
    "built to work safely beside people",
    "delete safety data you no longer need",
    "prove ventilation",
    "proof of ventilation",
    "CO₂ monitors that show whether a room is well ventilated",
    "CO₂ monitors show whether busy rooms",
    "to check that ventilation is adequate",
    "particle monitors suit dusty processes",
    "In one Carbon Trust trial",
    "Hire or borrow clamp-on meters",
    "without touching the machine controls",
    "exist in Scotland and Northern Ireland",
    "grants exist in Scotland",
    "training records for each machine",
]
KNOWN_BAD = [  # also gone from the live version and the shared files (v1 keeps its question wording)
    "little or no guarding",
    "designed to work safely alongside people",
    "a robot built to work safely beside people",
    "delete safety data you no longer need",
    "prove ventilation",
    "proof of ventilation",
    "CO₂ monitors that show whether a room is well ventilated",
    "CO₂ monitors show whether busy rooms",
    "to check that ventilation is adequate",
    "particle monitors suit dusty processes",
    "In one Carbon Trust trial",
    "Hire or borrow clamp-on meters",
    "without touching the machine controls",
    "chaired by the managing director",
    "Funding was extended to the end of March 2026",
    "local-enterprise-partnership-functions-decision-on-funding",
    "Not relevant to our business",
    "last_verified",
    "ISO 10218-2, ISO/TS 15066",
    "Record drills in your fire risk assessment",
    "health data are personal data",
]


@pytest.fixture(scope="module")
def packs():
    return default_packs()


@pytest.fixture(scope="module")
def live(packs):
    """The newest built-in version: the one `make run` publishes."""
    return packs[-1]


def load_content():
    call_command("load_content", stdout=io.StringIO())


def questions_of(pack, driver):
    return [q for q in pack["questionnaire"]["questions"] if q["driver"] == driver]


def strings(node):
    """Every key and text value in a loaded pack, however deep."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)
    elif isinstance(node, str):
        yield node


def snapshot():
    models = (Driver, Questionnaire, Question, Option, Programme, Recommendation)
    rows = [list(m.objects.order_by("pk").values()) for m in models]
    rows.append(list(Recommendation.programmes.through.objects.order_by("pk").values()))
    return rows


# ------------------------------------------------------------------------------- Welsh


def test_the_live_version_is_offered_in_welsh_with_every_text_translated(db):
    load_content()
    assert Questionnaire.objects.current().welsh_missing() == []


def test_no_built_in_welsh_text_claims_a_review_that_did_not_happen(packs):
    assert all("welsh_reviewed" not in set(strings(pack)) for pack in packs)


# ------------------------------------------------------------------------------- loading


def test_the_built_in_versions_are_v1_v2_and_v3(packs):
    assert [p["questionnaire"]["version"] for p in packs] == [1, 2, 3]


@pytest.mark.django_db
@pytest.mark.parametrize("index", [0, 1, 2], ids=["v1", "v2", "v3"])
def test_each_built_in_version_is_valid(packs, index):
    assert validate_pack(packs[index]) == []


@pytest.mark.django_db
def test_load_content_publishes_v3_and_retires_the_others():
    load_content()
    assert dict(Questionnaire.objects.values_list("version", "status")) == {1: "retired", 2: "retired", 3: "published"}


@pytest.mark.django_db
def test_load_content_twice_changes_nothing():
    load_content()
    before = snapshot()
    load_content()
    assert snapshot() == before


@pytest.mark.django_db
def test_load_content_leaves_an_editor_s_wording_alone():
    load_content()
    question = Questionnaire.objects.current().questions.first()
    question.text = "Reworded by an editor"
    question.save()
    load_content()
    assert Question.objects.get(pk=question.pk).text == "Reworded by an editor"


@pytest.mark.django_db
def test_the_loaded_content_exports_and_reimports_byte_identically():
    load_content()
    first = export_pack(Questionnaire.objects.current())
    load_pack_text(first)
    assert export_pack(Questionnaire.objects.current()) == first


# ------------------------------------------------------------------------------- the live version


def test_it_has_the_five_drivers_in_order_with_summaries_and_sourced_international_notes(live):
    assert [d["code"] for d in live["drivers"]] == DRIVERS
    assert all(
        len(d["summary"]) > 100 and d["international_note"] and d["international_source"] for d in live["drivers"]
    )


@pytest.mark.parametrize("driver", DRIVERS)
def test_each_driver_has_questions_with_five_levels_and_dont_know(live, driver):
    questions = questions_of(live, driver)
    assert len(questions) >= 6
    for q in questions:
        levels = [o["level"] for o in q["options"] if o.get("kind", "scored") == "scored"]
        assert levels == [0, 1, 2, 3, 4] and "dont_know" in {o.get("kind") for o in q["options"]}, q["code"]


def test_the_questions_that_test_a_legal_duty_say_so(live):
    assert sorted(q["code"] for q in live["questionnaire"]["questions"] if q.get("legal_duty")) == LEGAL_DUTIES


@pytest.mark.parametrize("code", sorted(set(LEGAL_DUTIES) - APPLIES_ONLY_TO_SOME))
def test_a_legal_duty_offers_no_not_relevant(live, code):
    question = next(q for q in live["questionnaire"]["questions"] if q["code"] == code)
    assert "not_relevant" not in {o.get("kind") for o in question["options"]}


def test_other_questions_still_offer_not_relevant(live):
    others = [
        q for q in live["questionnaire"]["questions"] if q["code"] not in set(LEGAL_DUTIES) - APPLIES_ONLY_TO_SOME
    ]
    assert all("not_relevant" in {o.get("kind") for o in q["options"]} for q in others)


@pytest.mark.parametrize("code", LEGAL_DUTIES)
def test_a_legal_duty_s_advice_fires_on_every_answer_below_the_legal_minimum(live, code):
    advised = [r for r in live["recommendations"] if r.get("question") == code and not r.get("sectors")]
    assert advised and max(r["at_or_below"] for r in advised) >= 1


@pytest.mark.parametrize("topic", ["digital roadmap", "digital skills", "fumes, dust"])
def test_the_live_version_asks_about_strategy_skills_and_health_risks(live, topic):
    texts = [f"{q['text']} {q.get('help_text', '')}".casefold() for q in live["questionnaire"]["questions"]]
    assert any(topic in text for text in texts)


@pytest.mark.parametrize("sector", SECTORS)
def test_each_named_sector_has_advice_of_its_own(live, sector):
    assert any(set(r.get("sectors", [])) & SECTORS[sector] for r in live["recommendations"])


@pytest.mark.parametrize("driver", DRIVERS)
def test_each_driver_has_advice_for_every_band(live, driver):
    bands = {r["band"] for r in live["recommendations"] if r["driver"] == driver and "band" in r}
    assert bands == {code for _, code, _ in BANDS}


def test_question_advice_covers_the_weakest_answers_to_every_question(live):
    general = [r for r in live["recommendations"] if "question" in r and not r.get("sectors")]
    advised = {r["question"] for r in general if r["at_or_below"] >= 1}
    assert advised == {q["code"] for q in live["questionnaire"]["questions"]}


def test_every_recommendation_has_a_first_step_cost_effort_and_horizon(live):
    incomplete = [
        r["code"]
        for r in live["recommendations"]
        if not all(r.get(k) for k in ("first_step", "cost_band", "effort", "horizon"))
    ]
    assert incomplete == []


@pytest.mark.parametrize("phrase", KNOWN_BAD + UNSAFE)
def test_no_known_bad_phrase_is_in_the_live_version_or_the_shared_files(live, phrase):
    folded = phrase.casefold()
    assert [s for s in strings(live) if folded in s.casefold()] == []


@pytest.mark.parametrize("phrase", UNSAFE)
def test_no_version_prints_advice_known_to_be_unsafe(packs, phrase):
    folded = phrase.casefold()
    assert [s for pack in packs for s in strings(pack) if folded in " ".join(s.split()).casefold()] == []


def test_every_text_about_clamp_on_meters_names_a_competent_electrician(packs):
    clamps = [s for pack in packs for s in strings(pack) if "clamp" in s.casefold()]  # the Welsh too: clampio
    assert [s for s in clamps if "electrician" not in s and "rydanwr cymwys" not in s] == []  # (d)rydanwr: mutated


def test_the_wording_migration_ends_at_each_pack_s_own_text(packs):
    fixes = importlib.import_module("assessments.migrations.0013_safer_wording_of_v1_and_v2").FIXES
    texts = {(p["questionnaire"]["version"], *key): value for p in packs for key, value in pack_texts(p)}
    assert [fix[:4] for fix in fixes if fix[5] not in texts.get((fix[1], fix[0], *fix[2:4]), ())] == []


def pack_texts(pack):
    """((kind, code, field), texts) for every wording a version holds, as the loader stores it
    (stripped); an answer's labels under its question's code."""
    for q in pack["questionnaire"]["questions"]:
        yield from ((("question", q["code"], f), {q.get(f, "").strip()}) for f in ("text", "help_text"))
        yield ("option", q["code"], "label"), {o["label"].strip() for o in q["options"]}
    for r in pack["recommendations"]:
        yield from ((("recommendation", r["code"], f), {r.get(f, "").strip()}) for f in ("title", "first_step", "body"))


@pytest.mark.django_db
def test_every_recommendation_reaches_an_open_programme_in_every_region_and_size(live):
    apply_pack(live)
    unreached = [
        (rec.code, region, size)
        for rec in Recommendation.objects.prefetch_related("programmes")
        for region in Region.values
        for size in SizeBand.values
        if not any(p.serves(region, size) for p in rec.programmes.recommendable())
    ]
    assert len(Region.values) == 12 and unreached == []


def routes(live, *advice):
    """The nation-specific programmes (kind programme, listing regions) linked from some advice."""
    codes = {c for r in live["recommendations"] if r["code"] in advice for c in r["programmes"]}
    return [p for p in live["programmes"] if p["code"] in codes and p.get("regions") and p.get("kind") != "adviser"]


@pytest.mark.parametrize("nation", NATIONS)
def test_each_nation_has_an_export_route_of_its_own_in_the_advice_on_new_markets(live, nation):
    assert any(set(NATIONS[nation]) <= set(p["regions"]) and p["active"] for p in routes(live, "v3-supply-09"))


@pytest.mark.parametrize("nation", NATIONS)
def test_each_nation_has_an_energy_finance_route_of_its_own_in_the_energy_advice(live, nation):
    energy = routes(live, "v3-green-developing", "v3-green-04", "v3-green-09")
    assert any(set(NATIONS[nation]) <= set(p["regions"]) and p["active"] for p in energy)


def test_a_programme_whose_coverage_nobody_confirmed_is_not_printed_as_whole_uk(live):
    hubs = next(p for p in live["programmes"] if p["code"] == "robotics-adoption-hubs")
    assert hubs["coverage_known"] is False


# ------------------------------------------------------------------------------- programmes


def test_no_programme_says_it_was_checked_after_today(live):
    future = [
        p["code"] for p in live["programmes"] if (p.get("last_checked") or datetime.date.min) > datetime.date.today()
    ]
    assert future == []


def test_every_programme_link_and_source_is_https(live):
    links = [p[key] for p in live["programmes"] for key in ("url", "source_url")]
    assert [link for link in links if not link.startswith("https://")] == []


def test_the_catalogue_keeps_closed_programmes_listed_but_inactive(live):
    programmes = {p["code"]: p for p in live["programmes"]}
    assert programmes["help-to-grow-digital"]["active"] is False
    assert len([p for p in programmes.values() if p.get("active", True)]) >= 12


# ------------------------------------------------------------------------------- upgrading


def submit_on_v1(client):
    """A firm that answers every v1 page (levels 0–4 in turn, a "don't know" each page) and submits."""
    response = client.post(
        reverse("assessments:new"),
        {"company_name": "Upgrade Ltd", "sector": "25", "size_band": "small", "region": "wales"},
    )
    token = response.url.split("/")[2]
    assessment = Assessment.objects.get_by_token(token)
    for i, driver in enumerate(assessment.questionnaire.drivers()):
        pages = split(list(assessment.questionnaire.questions.filter(driver=driver)))  # a few questions a page
        for number, questions in enumerate(pages, start=1):
            data = page_data(questions, level=i % 5, importance=5 - i)
            if number == 1:
                data[f"q-{questions[0].code}"] = questions[0].options.get(kind="dont_know").pk
            url = reverse("assessments:driver_page", kwargs={"token": token, "driver": driver.code, "page": number})
            client.post(url, data)
    client.post(reverse("assessments:submit", kwargs={"token": token}))
    return Assessment.objects.get_by_token(token)


def what_the_firm_sees(assessment):
    """Stored scores, the report's advice titles (by section and in the plan) and the PDF's advice titles."""
    context = report.for_assessment(Assessment.objects.get(pk=assessment.pk))
    titles = {s.driver.code: [i.rec.title for _, items in s.advice for i in items] for s in context.sections}
    plan = [i.rec.title for _, items in context.plan for i in items]
    pdf_titles = re.findall(r'class="advice-title">([^<]*)<', pdf.render_html(context))
    scores = list(DriverScore.objects.filter(assessment=assessment).values_list("driver__code", "score", "level"))
    return scores, titles, plan, pdf_titles


@pytest.mark.django_db
def test_upgrading_to_v2_leaves_a_v1_firm_s_scores_and_advice_unchanged(client, packs):
    apply_pack(packs[0])
    firm = submit_on_v1(client)
    before = what_the_firm_sees(firm)
    load_content()
    assert before[0] and before[2]  # it has scores and a plan
    assert what_the_firm_sees(firm) == before


@pytest.mark.django_db
def test_upgrading_to_v3_leaves_a_v2_firm_s_scores_and_advice_unchanged(client, packs):
    apply_pack(packs[1])
    firm = submit_on_v1(client)  # the same firm, on the only version loaded: v2
    before = what_the_firm_sees(firm)
    load_content()
    assert firm.questionnaire.version == 2 and before[2]
    assert Questionnaire.objects.current().version == 3 and what_the_firm_sees(firm) == before


@pytest.mark.django_db
def test_after_the_upgrade_a_new_assessment_starts_on_v3(client, packs):
    apply_pack(packs[0])
    load_content()
    response = client.post(
        reverse("assessments:new"),
        {"company_name": "New Ltd", "sector": "10", "size_band": "micro", "region": "london"},
    )
    assert Assessment.objects.get_by_token(response.url.split("/")[2]).questionnaire.version == 3
