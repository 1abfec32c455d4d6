"""The test world: one factory per model, one `submit_firm()`, and the content pack dicts.

Each factory makes the least a test needs; tests build their own content with them. Only
tests/packs/test_default_pack.py and the browser tests load the default pack (they are marked slow).
"""

import copy
import datetime
import threading
from contextlib import nullcontext
from dataclasses import dataclass
from decimal import Decimal
from unittest import mock

from django.contrib.staticfiles.storage import StaticFilesStorage
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Assessment, Driver, Option, Programme, Question, Questionnaire, Recommendation
from assessments.packs.apply import apply_pack, default_packs

LEVELS = range(5)


def load_default_content():
    """The newest built-in pack, as the browser test's real journey uses it. Other tests build their own."""
    apply_pack(default_packs()[-1])


def make_driver(code="safety", name=None, order=1, **values):
    return Driver.objects.create(code=code, name=name or code.title(), summary=f"About {code}.", order=order, **values)


def make_questionnaire(version=1, status=Questionnaire.Status.PUBLISHED):
    return Questionnaire.objects.create(
        version=version, title=f"Version {version}", status=status, published_at=timezone.now()
    )


def make_question(questionnaire, driver, code, weight=1, order=0, not_relevant=True, **values):
    """A question with scored levels 0–4 plus don't know and (unless not_relevant=False) not relevant.
    values: any other field, e.g. quick_check=True or help_text."""
    question = Question.objects.create(
        questionnaire=questionnaire,
        driver=driver,
        code=code,
        text=f"Question {code}?",
        weight=Decimal(weight),
        order=order,
        **values,
    )
    for level in LEVELS:
        Option.objects.create(question=question, label=f"{code} level {level}", level=level, order=level)
    Option.objects.create(question=question, label="Don't know", kind=Option.Kind.DONT_KNOW, order=5)
    if not_relevant:
        Option.objects.create(question=question, label="Not relevant", kind=Option.Kind.NOT_RELEVANT, order=6)
    return question


@dataclass
class Content:
    """What make_content built: one questionnaire version, its drivers (in order) and questions."""

    questionnaire: Questionnaire
    drivers: list
    questions: list

    def driver(self, code):
        return next(d for d in self.drivers if d.code == code)

    def questions_of(self, code):
        return [q for q in self.questions if q.driver.code == code]


def make_content(drivers=("safety", "remote"), questions_per_driver=2, version=1, status="published", quick=0):
    """A questionnaire version asking `questions_per_driver` questions (codes safety-01 …) for each
    driver, in the order given; the first `quick` of each are in the quick check. Drivers that
    already exist are reused, so versions can share them."""
    questionnaire = make_questionnaire(version=version, status=status)
    rows, questions = [], []
    for order, code in enumerate(drivers, start=1):
        driver = Driver.objects.filter(code=code).first() or make_driver(code, order=order)
        rows.append(driver)
        for i in range(1, questions_per_driver + 1):
            questions.append(make_question(questionnaire, driver, f"{code}-{i:02d}", order=i, quick_check=i <= quick))
    return Content(questionnaire, rows, questions)


def make_programme(code="support", *, drivers=(), regions=(), sizes=(), **values):
    """An active programme (kind="adviser": a free first-stop route) open to every region and size
    unless regions/sizes say otherwise; its source is undated unless source_date says otherwise."""
    defaults = {
        "name": code.replace("-", " ").title(),
        "provider": f"{code} provider",
        "url": f"https://{code}.example.org/",
        "source_url": f"https://{code}.example.org/source",
        "summary": f"What {code} offers.",
    }
    programme = Programme.objects.create(code=code, regions=list(regions), sizes=list(sizes), **{**defaults, **values})
    programme.drivers.set(drivers)
    return programme


def make_recommendation(questionnaire, driver, *, band="", question=None, at_or_below=1, programmes=(), **values):
    """Band advice (band="developing") or question advice (question=a Question or its code), fired
    at or below `at_or_below`; with a first step, a cost, an effort and a horizon."""
    question_code = getattr(question, "code", question) or ""
    code = values.pop("code", None) or f"{driver.code}-{band or f'{question_code}-{at_or_below}'}"
    defaults = {
        "code": code,
        "title": f"Do {code}",
        "first_step": f"First step of {code}.",
        "body": f"Why and how to do {code}.",
        "horizon": Recommendation.Horizon.QUICK_WIN,
        "effort": Recommendation.Effort.LOW,
        "cost_band": Recommendation.CostBand.UNDER_1K,
    }
    rec = Recommendation.objects.create(
        questionnaire=questionnaire,
        driver=driver,
        band=band,
        question_code=question_code,
        at_or_below=at_or_below if question_code else None,
        **{**defaults, **values},
    )
    rec.programmes.set(programmes)
    return rec


def give_welsh(prefix="Cy "):
    """Every content text in the database gets a Welsh one: the English with `prefix` in front (the
    fake Welsh of tests). Returns how many rows changed."""
    from django.db.models import F, Value
    from django.db.models.functions import Concat

    changed = 0
    for model in (Driver, Programme, Question, Option, Recommendation):
        for field in model.TRANSLATED:
            rows = model.objects.exclude(**{field: ""})
            changed += rows.update(**{f"{field}_cy": Concat(Value(prefix), F(field))})
    return changed


def make_assessment(questionnaire=None, **profile):
    """Returns (assessment, token)."""
    values = {"company_name": "Test Fabrications Ltd", "sector": "25", "size_band": "small", "region": "north-west"}
    assessment = Assessment(questionnaire=questionnaire or Questionnaire.objects.current(), **{**values, **profile})
    token = assessment.issue_token()
    assessment.save()
    return assessment, token


def option(question, level=None, kind="scored"):
    if kind == "scored":
        return question.options.get(kind="scored", level=level)
    return question.options.get(kind=kind)


def answer(assessment, question, level=None, kind="scored"):
    return Answer.objects.create(assessment=assessment, question=question, option=option(question, level, kind))


def answer_all(assessment, level=2):
    for question in assessment.questionnaire.questions.all():
        answer(assessment, question, level)


def page_data(questions, level=2, action="next", importance=3):
    """The POST body of a driver page answering every question at one level."""
    data = {f"q-{q.code}": option(q, level).pk for q in questions}
    return {**data, "action": action, "importance": importance}


def section_of(report, driver_code):
    """The report's section (area) for one driver."""
    return next(s for s in report.sections if s.driver.code == driver_code)


def advice_codes(groups):
    """The codes of the advice in (heading, items) groups, in order: a section's advice or the plan."""
    return [item.rec.code for _, items in groups for item in items]


# ------------------------------------------------------------------------------------ content packs

PACK_PROGRAMMES = [
    {
        "code": "england-support",
        "name": "England Support",
        "provider": "A provider",
        "kind": "adviser",
        "url": "https://example.org/england",
        "source_url": "https://example.org/england/source",
        "summary": "Free advice for firms in England.",
        "drivers": ["safety"],
        "regions": ["north-west", "london"],
        "sizes": [],
        "active": True,
        "source_date": datetime.date(2026, 2, 23),
    },
    {
        "code": "uk-grant",
        "name": "UK Grant",
        "provider": "Another provider",
        "url": "https://example.org/grant",
        "source_url": "https://example.org/grant/source",
        "summary": "A grant for small firms anywhere in the UK.",
        "drivers": [],
        "regions": [],
        "sizes": ["small", "medium"],
        "active": True,
    },
    {
        "code": "closed-scheme",
        "name": "Closed Scheme",
        "provider": "Another provider",
        "url": "https://example.org/closed",
        "source_url": "https://example.org/closed/source",
        "summary": "A scheme that has closed.",
        "drivers": [],
        "regions": [],
        "sizes": [],
        "active": False,
    },
]


def pack_question(driver, code, weight=1.0):
    options = [{"level": level, "label": f"{code} level {level}"} for level in LEVELS]
    options += [{"kind": "dont_know", "label": "Don't know"}, {"kind": "not_relevant", "label": "Not relevant"}]
    return {"code": code, "driver": driver, "weight": weight, "text": f"Question {code}?", "options": options}


def make_pack(version=1, drivers=("safety", "remote"), questions_per_driver=2):
    """A small, valid content pack as a dict: the drivers, `questions_per_driver` questions each
    (safety-01 weighs 1.5), band advice for 'developing' and question advice for the first question
    of each driver, and three programmes (one closed)."""
    questions = [
        pack_question(d, f"{d}-{i:02d}", 1.5 if (d, i) == (drivers[0], 1) else 1.0)
        for d in drivers
        for i in range(1, questions_per_driver + 1)
    ]
    recommendations = []
    for d in drivers:
        recommendations.append(
            {"code": f"{d}-developing", "driver": d, "band": "developing", "title": f"Get {d} going",
             "horizon": "quick_win", "effort": "low", "body": f"Start on {d}.", "programmes": ["uk-grant"]}
        )  # fmt: skip
        recommendations.append(
            {"code": f"{d}-01-low", "driver": d, "question": f"{d}-01", "at_or_below": 1, "title": f"Fix {d}-01",
             "horizon": "next_12_months", "body": f"Improve {d}-01.", "programmes": ["england-support"]}
        )  # fmt: skip
    return {
        "drivers": [{"code": d, "name": d.title(), "summary": f"About {d}."} for d in drivers],
        "questionnaire": {"version": version, "title": f"Version {version}", "questions": questions},
        "recommendations": recommendations,
        "programmes": [{**p, "drivers": [drivers[0]] if p["drivers"] else []} for p in copy.deepcopy(PACK_PROGRAMMES)],
    }


class HashedNamesStorage(StaticFilesStorage):
    """Stands in for the production manifest storage, whose URLs carry a content hash."""

    def url(self, name):
        stem, dot, ext = name.rpartition(".")
        return super().url(f"{stem}.0123456789ab{dot}{ext}")


ENGLAND = ["north-east", "north-west", "yorkshire-humber", "east-midlands", "west-midlands", "east-of-england",
           "london", "south-east", "south-west"]  # fmt: skip
BODY = (
    "Start small, with the people who do the work, and measure before and after so the gain is plain. "
    "Pick one line or one cell, agree what good looks like, and review it each week for a quarter. "
)


def make_report_world(questions_per_driver=4):
    """Content for a whole report: five drivers with questions, band and question advice with long
    bodies, an adviser route for England and one for Scotland, a programme of the English regions and
    a UK-wide one. Returns the published questionnaire."""
    questionnaire = make_questionnaire()
    drivers = [make_driver(code, name, order) for order, (code, name) in enumerate(
        [("safety", "Health & safety"), ("remote", "Remote working"), ("supply", "Supply chain"),
         ("automation", "Automation"), ("green", "Net zero")], 1)]  # fmt: skip
    Driver.objects.filter(code="safety").update(subtitle="Workforce and visitor management")
    growth_hub = make_programme("growth-hub-finder", kind="adviser", regions=ENGLAND, name="Growth Hub finder")
    make_programme("business-gateway", kind="adviser", regions=["scotland"], name="Business Gateway")
    adoption = make_programme("smarter-adoption", regions=ENGLAND, drivers=drivers, name="Smarter Adoption")
    uk_wide = make_programme("uk-catapult", drivers=drivers, name="UK Catapult")
    for driver in drivers:
        for n in range(questions_per_driver):
            make_question(questionnaire, driver, f"{driver.code}-{n:02d}", order=n)
        band_advice = {"horizon": "next_12_months", "programmes": [growth_hub, adoption]}
        for band in ("starting", "developing", "established", "advanced"):
            code = f"{driver.code}-{band}"
            make_recommendation(questionnaire, driver, code=code, band=band, body=f"{code}: {BODY * 3}", **band_advice)
        for n in range(questions_per_driver):
            code = f"{driver.code}-{n:02d}"
            make_recommendation(
                questionnaire, driver, code=f"{code}-advice", question=code, at_or_below=2, body=f"{code}: {BODY * 2}",
                programmes=[uk_wide],
            )  # fmt: skip
    return questionnaire


def submit_firm(questionnaire=None, level=2, levels=None, consent=True, client=None, submitted_at=None, **profile):
    """A firm that answered its questions and submitted: (assessment as stored now, token).

    Every question it asks is answered at `level`; levels: question code -> a level, "dont_know",
    "not_relevant" or None (left unanswered), overriding `level` for that question. The submit is
    Assessment.submit(), the one submit sequence; with a `client`, it is posted to the submit view
    as a browser does. submitted_at: the moment it happens (the clock stands there during the
    submit, so the insight cells file it under that moment's quarter). profile: any field of the
    assessment."""
    assessment, token = make_assessment(questionnaire, benchmark_consent=consent, **profile)
    for question in assessment.questions():
        chosen = (levels or {}).get(question.code, level)
        if chosen in (Option.Kind.DONT_KNOW, Option.Kind.NOT_RELEVANT):
            answer(assessment, question, kind=chosen)
        elif chosen is not None:
            answer(assessment, question, chosen)
    clock = mock.patch.object(timezone, "now", return_value=submitted_at) if submitted_at else nullcontext()
    with clock:
        if client is None:
            assessment.submit()
        else:
            client.post(reverse("assessments:submit", kwargs={"token": token}))
    assessment.refresh_from_db()
    return assessment, token


def release_peers(days_later=None):
    """A peer release made `days_later` days from now (default: late enough to count every firm
    submitted so far), as the daily release would; returns the PeerRelease."""
    from django.conf import settings

    from assessments.insights import peers

    days = settings.PEER_RELEASE_AGE_DAYS if days_later is None else days_later
    return peers.release(now=timezone.now() + datetime.timedelta(days=days, seconds=1))


def make_staff(username, group=None, password=None, **values):
    """A staff user in `group` ("Content editor", "Analyst" or "Adviser") when given, made as the migrations make
    it when missing. No password unless given (tests sign in with force_login); values: is_superuser=True,
    is_staff=False, …"""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, password=password, **{"is_staff": True, **values})
    if group:
        make_roles()
        user.groups.add(Group.objects.get(name=group))
    return user


def make_roles():
    """The staff groups the migrations make, for transactional tests (whose flush removes them)."""
    import importlib

    from django.contrib.auth.models import Group, Permission

    roles = importlib.import_module("assessments.migrations.0003_roles")
    advisers = importlib.import_module("assessments.migrations.0015_advisers_consent_and_validation")
    groups = {**roles.GROUPS, "Analyst": [*roles.ANALYST, "view_insights", "admit_held"], "Adviser": advisers.ADVISER}
    for name, codenames in groups.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="assessments", codename__in=codenames))


def release_together(requests):
    """Runs each (client, url, data) POST in its own thread, all released by one barrier."""
    barrier = threading.Barrier(len(requests))
    errors = []

    def run(client, url, data):
        try:
            barrier.wait(timeout=10)
            response = client.post(url, data)
            if response.status_code not in (302, 200):
                errors.append(response.status_code)
        except Exception as error:  # surfaced by the assertion below
            errors.append(repr(error))
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []


# ------------------------------------------------------------------------------------ advisers

PASSWORD = "a-long-test-password-1"  # every test user's


def make_organisation(name="Growth Hub North West", regions=("north-west",), inbox=None, **values):
    from assessments.models import AdviserOrganisation

    inbox = inbox or f"{name.split()[0].lower()}@example.org"
    return AdviserOrganisation.objects.create(name=name, regions=list(regions), inbox=inbox, **values)


def make_adviser(organisation, username=None, is_lead=False, password=None, **names):
    """A staff user of the Adviser group (make_staff), a member of `organisation`: returns the Adviser."""
    from assessments.models import Adviser

    username = username or f"adviser-{organisation.pk}-{Adviser.objects.count() + 1}"
    user = make_staff(username, "Adviser", password=password, **names)
    return Adviser.objects.create(user=user, organisation=organisation, is_lead=is_lead)


ALL_PURPOSES = ("report", "answers_and_comments", "contact", "statistics")


def share_with(assessment, organisation, purposes=ALL_PURPOSES, contact_email="owner@firm.example", **fields):
    """The firm's consent to `organisation`, as the share page records it; fields override (e.g. expires_at)."""
    from assessments.models import Share

    share = Share.record(assessment, organisation, purposes, contact_email if "contact" in purposes else "")
    if fields:
        Share.objects.filter(pk=share.pk).update(**fields)
        share.refresh_from_db()
    return share


# ------------------------------------------------------------------------------------ Welsh pages

PROPER_NAMES = ()  # phrases allowed on a Welsh page although English: none so far beyond those translated as themselves


def english_phrases(min_words=3):
    """The English a Welsh page must not show: every catalogue message (and each placeholder-free
    stretch of one) whose Welsh differs, and every content text in the database whose Welsh differs
    (each sentence of a long one), of at least `min_words` words."""
    import re

    from django.conf import settings

    phrases = set()

    def add(english, welsh):
        if not english or english == welsh:
            return
        for piece in re.split(r"%\(\w+\)[sd]|\{\{[^}]*\}\}|<[^>]+>|[.:;?!]\s|\n", english):
            piece = " ".join(piece.split()).strip(" ,()“”\"'")
            if len(piece.split()) >= min_words and piece not in welsh:
                phrases.add(piece)

    catalogue = (settings.BASE_DIR / "locale/cy/LC_MESSAGES/django.po").read_text()
    for block in catalogue.split("\n\n"):
        fields, key = {}, None
        for line in block.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            if not line.startswith('"'):
                key, _, line = line.partition(" ")
            fields[key] = fields.get(key, "") + line.strip()[1:-1].encode().decode("unicode_escape").encode(
                "latin-1").decode("utf-8")  # fmt: skip
        add(fields.get("msgid", ""), fields.get("msgstr", "") or fields.get("msgstr[0]", ""))
    for model in (Driver, Programme, Question, Option, Recommendation):
        for row in model.objects.values(*(f for name in model.TRANSLATED for f in (name, f"{name}_cy"))):
            for name in model.TRANSLATED:
                add(row[name], row[f"{name}_cy"])
    return phrases


def handover_box(page):
    """The hand-over box of a task list or results page (an assessment an adviser started), as HTML."""
    start = page.index('class="handover')
    return page[start : page.index("</section>", start)]


def visible_text(html):
    """A page's words as a reader meets them: text, and the labels of attributes read aloud."""
    import re
    from html import unescape

    html = re.sub(r"(?is)<(script|style|svg)\b.*?</\1>", " ", html)
    labels = " ".join(re.findall(r'(?:aria-label|title|alt|placeholder)="([^"]*)"', html))
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html) + " " + labels).split())


def english_on_a_welsh_page(html, phrases):
    text = visible_text(html)
    return sorted(p for p in phrases if p in text and p not in PROPER_NAMES)
