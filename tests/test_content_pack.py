"""The default content pack: how it loads, and what it promises firms. The only tests that load it."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

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
from assessments.packs.apply import apply_pack, default_packs, export_pack, load_pack_text, validate_pack
from assessments.report import builder as report
from assessments.report import pdf
from assessments.scoring import BANDS
from tests.helpers import page_data

DRIVERS = ["safety", "remote", "supply", "automation", "green"]
LEGAL_DUTIES = ["safety-02", "safety-04", "safety-05", "safety-06", "safety-09"]
KNOWN_BAD = [  # from v1 and the content review; v1 keeps them on purpose, its text is unchanged
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
]


@pytest.fixture(scope="module")
def packs():
    return default_packs()


@pytest.fixture(scope="module")
def v2(packs):
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


# ------------------------------------------------------------------------------- loading


def test_the_built_in_versions_are_v1_then_v2(packs):
    assert [p["questionnaire"]["version"] for p in packs] == [1, 2]


@pytest.mark.django_db
@pytest.mark.parametrize("index", [0, 1], ids=["v1", "v2"])
def test_each_built_in_version_is_valid(packs, index):
    assert validate_pack(packs[index]) == []


@pytest.mark.django_db
def test_load_content_publishes_v2_and_retires_v1():
    load_content()
    assert dict(Questionnaire.objects.values_list("version", "status")) == {1: "retired", 2: "published"}


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


# ------------------------------------------------------------------------------- version 2


def test_it_has_the_five_drivers_in_order_with_summaries_and_sourced_international_notes(v2):
    assert [d["code"] for d in v2["drivers"]] == DRIVERS
    assert all(len(d["summary"]) > 100 and d["international_note"] and d["international_source"] for d in v2["drivers"])


@pytest.mark.parametrize("driver", DRIVERS)
def test_each_driver_has_questions_with_five_levels_and_dont_know(v2, driver):
    questions = questions_of(v2, driver)
    assert len(questions) >= 6
    for q in questions:
        levels = [o["level"] for o in q["options"] if o.get("kind", "scored") == "scored"]
        assert levels == [0, 1, 2, 3, 4] and "dont_know" in {o.get("kind") for o in q["options"]}, q["code"]


@pytest.mark.parametrize("code", LEGAL_DUTIES)
def test_a_legal_duty_offers_no_not_relevant(v2, code):
    question = next(q for q in v2["questionnaire"]["questions"] if q["code"] == code)
    assert "not_relevant" not in {o.get("kind") for o in question["options"]}


def test_other_questions_still_offer_not_relevant(v2):
    others = [q for q in v2["questionnaire"]["questions"] if q["code"] not in LEGAL_DUTIES]
    assert all("not_relevant" in {o.get("kind") for o in q["options"]} for q in others)


@pytest.mark.parametrize("driver", DRIVERS)
def test_each_driver_has_advice_for_every_band(v2, driver):
    bands = {r["band"] for r in v2["recommendations"] if r["driver"] == driver and "band" in r}
    assert bands == {code for _, code, _ in BANDS}


def test_question_advice_covers_the_weakest_answers_to_every_question(v2):
    advised = {r["question"] for r in v2["recommendations"] if "question" in r and r["at_or_below"] >= 1}
    assert advised == {q["code"] for q in v2["questionnaire"]["questions"]}


def test_every_recommendation_has_a_first_step_cost_effort_and_horizon(v2):
    incomplete = [
        r["code"]
        for r in v2["recommendations"]
        if not all(r.get(k) for k in ("first_step", "cost_band", "effort", "horizon"))
    ]
    assert incomplete == []


@pytest.mark.parametrize("phrase", KNOWN_BAD)
def test_no_known_bad_phrase_is_in_v2_or_the_shared_files(v2, phrase):
    folded = phrase.casefold()
    assert [s for s in strings(v2) if folded in s.casefold()] == []


@pytest.mark.django_db
def test_every_recommendation_reaches_an_open_programme_in_every_region_and_size(v2):
    apply_pack(v2)
    unreached = [
        (rec.code, region, size)
        for rec in Recommendation.objects.prefetch_related("programmes")
        for region in Region.values
        for size in SizeBand.values
        if not any(p.serves(region, size) for p in rec.programmes.recommendable())
    ]
    assert len(Region.values) == 12 and unreached == []


# ------------------------------------------------------------------------------- programmes


def test_no_programme_says_it_was_checked_after_today(v2):
    future = [
        p["code"] for p in v2["programmes"] if (p.get("last_checked") or datetime.date.min) > datetime.date.today()
    ]
    assert future == []


def test_every_programme_link_and_source_is_https(v2):
    links = [p[key] for p in v2["programmes"] for key in ("url", "source_url")]
    assert [link for link in links if not link.startswith("https://")] == []


def test_the_catalogue_keeps_closed_programmes_listed_but_inactive(v2):
    programmes = {p["code"]: p for p in v2["programmes"]}
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
        questions = list(assessment.questionnaire.questions.filter(driver=driver))
        data = page_data(questions, level=i % 5, importance=5 - i)
        data[f"q-{questions[0].code}"] = questions[0].options.get(kind="dont_know").pk
        client.post(reverse("assessments:driver", kwargs={"token": token, "driver": driver.code}), data)
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
def test_after_the_upgrade_a_new_assessment_starts_on_v2(client, packs):
    apply_pack(packs[0])
    load_content()
    response = client.post(
        reverse("assessments:new"),
        {"company_name": "New Ltd", "sector": "10", "size_band": "micro", "region": "london"},
    )
    assert Assessment.objects.get_by_token(response.url.split("/")[2]).questionnaire.version == 2
