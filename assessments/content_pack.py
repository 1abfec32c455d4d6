"""Content packs: drivers, one questionnaire version, recommendations and programmes as YAML.

`read_pack` parses a file or a folder and `parse_pack_text` one uploaded text; `validate_pack` lists
every problem at once, with the line of the offending node when the source text is known;
`apply_pack` writes a valid pack to the database idempotently (loading the same pack twice changes
nothing); `load_pack_text` does all three in one transaction. `export_pack` writes the database back
out in the same format (see pack_export); pack_yaml reads the YAML and knows its line numbers.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils import timezone

from .models import Driver, Option, Programme, Question, Questionnaire, Recommendation, Region, SizeBand
from .pack_export import export_pack as export_pack
from .pack_yaml import DEFAULT_PACK as DEFAULT_PACK
from .pack_yaml import Pack as Pack
from .pack_yaml import PackError as PackError
from .pack_yaml import locate
from .pack_yaml import parse_pack_text as parse_pack_text
from .pack_yaml import read_pack as read_pack
from .scoring import BAND_NAMES, MAX_LEVEL

SECTIONS = ("drivers", "questionnaire", "recommendations", "programmes")
# Driver pages live at /assessments/<token>/<driver code>/, next to these fixed pages.
RESERVED_CODES = {"profile", "review", "submit", "results", "saved", "report", "new"}
HORIZONS = set(Recommendation.Horizon.values)
EFFORTS = set(Recommendation.Effort.values)
KINDS = set(Option.Kind.values)
CODE = re.compile(r"[A-Za-z0-9_-]+")
NOT_TEXT = {"version", "questions", "options", "last_verified"}
PROGRAMME_FIELDS = ["code", "name", "provider", "url", "source_url", "summary", "last_verified"]
RECOMMENDATION_FIELDS = ["code", "driver", "title", "body", "horizon"]


# --------------------------------------------------------------------------------------- validation


class _Where(str):
    """A readable place in a pack, e.g. 'questionnaire.questions[3] (supply-04)', that knows its path."""

    path = ()

    @classmethod
    def at(cls, label, *path):
        where = cls(label)
        where.path = path
        return where

    @classmethod
    def section(cls, name):
        return cls.at(name, name)

    def key(self, name):
        return _Where.at(f"{self}.{name}", *self.path, name)

    def index(self, i):
        return _Where.at(f"{self}[{i}]", *self.path, i)

    def named(self, code):
        return _Where.at(f"{self} ({code})", *self.path)

    def field(self, *names):
        """The same label, pointing at a node further in (e.g. the 'level' of an option)."""
        return _Where.at(self, *self.path, *names)


class _Checker:
    def __init__(self):
        self.problems = []  # (path, message)

    def fail(self, where, text):
        self.problems.append((getattr(where, "path", ()), f"{where}: {text}" if where else text))

    def check(self, condition, where, text):
        if not condition:
            self.fail(where, text)

    def require(self, item, where, fields, optional=(), model=None):
        """True when item is a mapping with every field given and every text field storable as text."""
        if not isinstance(item, dict):
            self.fail(where, "expected a mapping")
            return False
        missing = [f for f in fields if item.get(f) in (None, "")]
        for field in missing:
            self.fail(where, f"'{field}' is required")
        wrong = [(f, problem) for f in (*fields, *optional) if (problem := _text_problem(item.get(f), f, model))]
        for field, problem in wrong:
            self.fail(where.field(field), problem)
        if "code" in fields and "code" not in missing + [f for f, _ in wrong]:
            self.check(CODE.fullmatch(item["code"]), where.field("code"), "a code may use only a-z, 0-9, - and _")
        return not missing and not wrong

    def listed(self, pack, section):
        items = pack.get(section)
        if not isinstance(items, list) or not items:
            self.fail(_Where.section(section), "expected a non-empty list")
            return []
        return items

    def unique(self, items, where):
        seen = set()
        for i, item in enumerate(items):
            code = item.get("code") if isinstance(item, dict) else None
            if isinstance(code, str) and code in seen:
                self.fail(where.field(i, "code"), f"code '{code}' is used more than once")
            seen.add(code if isinstance(code, str) else None)


def _text_problem(value, field, model):
    """Why a text field's value could not be stored, or None."""
    if field in NOT_TEXT or value in (None, ""):
        return None
    if not isinstance(value, str):
        return f"'{field}' must be text"
    try:
        limit = getattr(model._meta.get_field(field), "max_length", None) if model else None
    except FieldDoesNotExist:
        limit = None
    return f"'{field}' is longer than {limit} characters" if limit and len(value) > limit else None


def validate_pack(pack):
    """Every problem in the pack as a list of '[line N: ]where: what' strings (empty when valid)."""
    return locate(pack, _problems(pack))


def _problems(pack):
    c, drivers_at, programmes_at = _Checker(), _Where.section("drivers"), _Where.section("programmes")
    for section in SECTIONS:
        c.check(section in pack, None, f"missing section '{section}'")
    drivers = c.listed(pack, "drivers")
    c.unique(drivers, drivers_at)
    for i, d in enumerate(drivers):
        _check_driver(c, d, drivers_at.index(i))
    driver_codes = {d["code"] for d in drivers if isinstance(d, dict) and isinstance(d.get("code"), str)}
    programmes = c.listed(pack, "programmes")
    c.unique(programmes, programmes_at)
    programme_codes = {p["code"]: p for p in programmes if isinstance(p, dict) and isinstance(p.get("code"), str)}
    for i, p in enumerate(programmes):
        _check_programme(c, p, programmes_at.index(i), driver_codes)
    question_levels = _check_questionnaire(c, pack.get("questionnaire"), driver_codes)
    recommendations = c.listed(pack, "recommendations")
    c.unique(recommendations, _Where.section("recommendations"))
    for i, r in enumerate(recommendations):
        where = _Where.section("recommendations").index(i)
        _check_recommendation(c, r, where, driver_codes, programme_codes, question_levels)
    return c.problems


def _check_driver(c, d, where):
    if c.require(d, where, ["code", "name", "summary"], ["subtitle", "international_note"], Driver):
        c.check(d["code"] not in RESERVED_CODES, where.field("code"), f"code '{d['code']}' is reserved")


def _check_programme(c, p, where, driver_codes):
    if not c.require(p, where, PROGRAMME_FIELDS, model=Programme):
        return
    c.check(
        type(p["last_verified"]) is datetime.date,
        where.field("last_verified"),
        "last_verified must be a date (YYYY-MM-DD)",
    )
    c.check(p.get("active", True) in (True, False), where.field("active"), "active must be true or false")
    for field, allowed in [("drivers", driver_codes), ("regions", set(Region.values)), ("sizes", set(SizeBand.values))]:
        values = p.get(field, [])
        c.check(isinstance(values, list), where.field(field), f"{field} must be a list")
        for j, value in enumerate(values if isinstance(values, list) else []):
            ok = isinstance(value, str) and value in allowed
            c.check(ok, where.field(field, j), f"unknown {field[:-1]} '{value}'")
    for field in ("url", "source_url"):
        c.check(p[field].startswith("https://"), where.field(field), f"{field} must start with https://")


def _check_questionnaire(c, q, driver_codes):
    """Checks the questionnaire; returns question code -> set of scored levels."""
    levels, where = {}, _Where.section("questionnaire")
    if not c.require(q, where, ["version", "title", "questions"], ["notes"], Questionnaire):
        return levels
    version_ok = type(q["version"]) is int and q["version"] > 0
    c.check(version_ok, where.field("version"), "version must be a positive whole number")
    questions = q["questions"] if isinstance(q["questions"], list) else []
    c.check(bool(questions), where.key("questions"), "expected a non-empty list")
    c.unique(questions, where.key("questions"))
    for i, question in enumerate(questions):
        code = _check_question(c, question, where.key("questions").index(i), driver_codes)
        if code is not None:
            levels[code] = _check_options(c, question["options"], where.key("questions").index(i).named(code))
    asked = {q.get("driver") for q in questions if isinstance(q, dict) and isinstance(q.get("driver"), str)}
    for driver in sorted(driver_codes - asked):
        c.fail(where.field("questions"), f"driver '{driver}' has no questions")
    return levels


def _check_question(c, question, where, driver_codes):
    """Checks one question but not its options; returns its code when it can be checked further."""
    if not c.require(question, where, ["code", "driver", "text", "options"], ["help_text"], Question):
        return None
    where = where.named(question["code"])
    c.check(question["driver"] in driver_codes, where.field("driver"), f"unknown driver '{question['driver']}'")
    try:
        weight = Decimal(str(question.get("weight", 1)))
        in_range = Decimal("0.1") <= weight <= 5
        c.check(in_range, where.field("weight"), "weight must be between 0.1 and 5")
        c.check(not in_range or weight % Decimal("0.1") == 0, where.field("weight"), "weight has one decimal place")
    except InvalidOperation:
        c.fail(where.field("weight"), "weight must be a number")
    return question["code"]


def _check_options(c, options, where):
    if not isinstance(options, list):
        c.fail(where.field("options"), "options must be a list")
        return set()
    levels = []
    for j, option in enumerate(options):
        at = where.key("options").index(j)
        if not c.require(option, at, ["label"], ["kind"], Option):
            continue
        kind = option.get("kind", "scored")
        c.check(kind in KINDS, at.field("kind"), f"unknown kind '{kind}'")
        if kind == "scored":
            level = option.get("level")
            ok = type(level) is int and 0 <= level <= MAX_LEVEL
            c.check(ok, at.field("level"), f"a scored option needs a level from 0 to {MAX_LEVEL}")
            levels += [level] if ok else []
        else:
            c.check("level" not in option, at.field("level"), "only scored options have a level")
    c.check(len(set(levels)) >= 2, where.field("options"), "needs at least two scored options with different levels")
    c.check(len(levels) == len(set(levels)), where.field("options"), "two scored options share a level")
    return set(levels)


def _check_recommendation(c, r, where, driver_codes, programme_codes, question_levels):
    if not c.require(r, where, RECOMMENDATION_FIELDS, ["effort", "band", "question"], Recommendation):
        return
    where = where.named(r["code"])
    c.check(r["driver"] in driver_codes, where.field("driver"), f"unknown driver '{r['driver']}'")
    c.check(r["horizon"] in HORIZONS, where.field("horizon"), f"horizon must be one of {', '.join(sorted(HORIZONS))}")
    effort_ok = r.get("effort", "medium") in EFFORTS
    c.check(effort_ok, where.field("effort"), f"effort must be one of {', '.join(sorted(EFFORTS))}")
    has_band, has_question = "band" in r, "question" in r
    c.check(has_band != has_question, where, "give either 'band' or 'question' with 'at_or_below'")
    if has_band:
        c.check(r["band"] in BAND_NAMES, where.field("band"), f"unknown band '{r['band']}'")
    if has_question:
        c.check(r["question"] in question_levels, where.field("question"), f"unknown question '{r['question']}'")
        level = r.get("at_or_below")
        ok = type(level) is int and 0 <= level <= MAX_LEVEL
        c.check(ok, where.field("at_or_below"), f"at_or_below must be 0–{MAX_LEVEL}")
    codes = r.get("programmes", []) or []
    c.check(isinstance(codes, list), where.field("programmes"), "programmes must be a list")
    for k, code in enumerate(codes if isinstance(codes, list) else []):
        programme = programme_codes.get(code) if isinstance(code, str) else None
        c.check(programme is not None, where.field("programmes", k), f"unknown programme '{code}'")
        if programme is not None:
            c.check(programme.get("active", True), where.field("programmes", k), f"programme '{code}' is inactive")


# ------------------------------------------------------------------------------------------ loading


def load_pack_text(text, publish=True):
    """Parses, validates and applies one uploaded YAML text in one transaction; returns a summary.

    Raises PackError with line-numbered messages, and changes nothing, when anything is wrong.
    With publish=False a new questionnaire version arrives as a draft, for review before publishing."""
    pack = parse_pack_text(text)
    apply_pack(pack, publish=publish)
    return pack_summary(pack)


def pack_summary(pack):
    """E.g. '5 drivers, questionnaire v2 with 36 questions, 60 recommendations, 19 programmes'."""
    q = pack["questionnaire"]
    return (
        f"{len(pack['drivers'])} drivers, questionnaire v{q['version']} with {len(q['questions'])} questions, "
        f"{len(pack['recommendations'])} recommendations, {len(pack['programmes'])} programmes"
    )


def _sync(model, lookup, values):
    """Creates or updates one row, saving only when something differs. Returns the row."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for key in changed:
            setattr(obj, key, values[key])
        obj.save(update_fields=changed)
    return obj


def _set_m2m(manager, objects):
    if set(manager.all()) != set(objects):
        manager.set(objects)


def _text(item, field):
    """An optional text field as stored: stripped, and empty when left out or left blank."""
    return (item.get(field) or "").strip()


@transaction.atomic
def apply_pack(pack, publish=True):
    """Writes a valid pack; raises PackError (and changes nothing) when it is not valid.

    A new questionnaire version is published at once, or with publish=False created as a draft."""
    errors = validate_pack(pack) or locate(pack, _version_conflict(pack["questionnaire"], publish))
    if errors:
        raise PackError(errors)
    drivers = {d["code"]: _apply_driver(d, order) for order, d in enumerate(pack["drivers"], start=1)}
    programmes = {p["code"]: _apply_programme(p, drivers) for p in pack["programmes"]}
    _apply_questionnaire(pack["questionnaire"], drivers, publish)
    for r in pack["recommendations"]:
        _apply_recommendation(r, drivers, programmes)


def _apply_driver(d, order):
    values = {
        "name": d["name"],
        "subtitle": d.get("subtitle") or "",
        "summary": d["summary"].strip(),
        "international_note": _text(d, "international_note"),
        "order": order,
    }
    return _sync(Driver, {"code": d["code"]}, values)


def _apply_programme(p, drivers):
    values = {
        "name": p["name"],
        "provider": p["provider"],
        "url": p["url"],
        "source_url": p["source_url"],
        "summary": p["summary"].strip(),
        "regions": p.get("regions") or [],
        "sizes": p.get("sizes") or [],
        "active": p.get("active", True),
        "last_verified": p["last_verified"],
    }
    programme = _sync(Programme, {"code": p["code"]}, values)
    _set_m2m(programme.drivers, [drivers[code] for code in p.get("drivers") or []])
    return programme


def _apply_recommendation(r, drivers, programmes):
    values = {
        "driver": drivers[r["driver"]],
        "band": r.get("band", ""),
        "question_code": r.get("question", ""),
        "at_or_below": r.get("at_or_below"),
        "title": r["title"],
        "body": r["body"].strip(),
        "horizon": r["horizon"],
        "effort": r.get("effort", "medium"),
    }
    rec = _sync(Recommendation, {"code": r["code"]}, values)
    _set_m2m(rec.programmes, [programmes[code] for code in r.get("programmes") or []])


def _scoring_shape(questions):
    """What decides scores: per question its driver, weight and options' kinds and levels."""
    return {
        q["code"]: (
            q["driver"],
            Decimal(str(q.get("weight", 1))),
            [(o.get("kind", "scored"), o.get("level")) for o in q["options"]],
        )
        for q in questions
    }


def _stored_shape(questionnaire):
    return {
        q.code: (q.driver.code, q.weight, [(o.kind, o.level) for o in q.options.all()])
        for q in questionnaire.questions.select_related("driver").prefetch_related("options")
    }


def _version_conflict(data, publish=True):
    """[(path, message)] when the pack would change how a published (or used) version scores, or
    would start a second draft."""
    existing = Questionnaire.objects.filter(version=data["version"]).first()
    draft = Questionnaire.objects.filter(status=Questionnaire.Status.DRAFT).exclude(version=data["version"]).first()
    if existing is None and not publish and draft:
        message = f"questionnaire: version {draft.version} is already a draft; publish or delete it before importing"
        return [(("questionnaire", "version"), message)]
    if existing is None or _stored_shape(existing) == _scoring_shape(data["questions"]):
        return []
    if existing.status == Questionnaire.Status.DRAFT and not existing.assessments.exists():
        return []
    status = existing.get_status_display().lower()
    message = (
        f"questionnaire: version {data['version']} is already {status} with different questions, levels or "
        "weights; give the pack a new version number"
    )
    return [(("questionnaire", "version"), message)]


def _apply_questionnaire(data, drivers, publish=True):
    """Loads the version; an unused draft whose scoring changed is replaced (_version_conflict ran first)."""
    existing = Questionnaire.objects.filter(version=data["version"]).first()
    if existing and _stored_shape(existing) != _scoring_shape(data["questions"]):
        existing.delete()
        existing = None
    values = {"title": data["title"], "notes": _text(data, "notes")}
    if existing is None:
        status = Questionnaire.Status.PUBLISHED if publish else Questionnaire.Status.DRAFT
        existing = Questionnaire.objects.create(
            version=data["version"], status=status, published_at=timezone.now() if publish else None, **values
        )
    else:
        _sync(Questionnaire, {"pk": existing.pk}, values)
    for order, q in enumerate(data["questions"], start=1):
        _apply_question(q, order, existing, drivers)
    return existing


def _apply_question(q, order, questionnaire, drivers):
    values = {
        "driver": drivers[q["driver"]],
        "text": q["text"].strip(),
        "help_text": _text(q, "help_text"),
        "weight": Decimal(str(q.get("weight", 1))),
        "order": order,
    }
    question = _sync(Question, {"questionnaire": questionnaire, "code": q["code"]}, values)
    stored = list(question.options.all())
    for i, o in enumerate(q["options"]):
        values = {"label": o["label"].strip(), "kind": o.get("kind", "scored"), "level": o.get("level"), "order": i + 1}
        if i < len(stored):
            _sync(Option, {"pk": stored[i].pk}, values)
        else:
            Option.objects.create(question=question, **values)
