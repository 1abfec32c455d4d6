"""Content packs: drivers, one questionnaire version, recommendations and programmes as YAML.

`read_pack` parses files, `validate_pack` lists every problem at once, `apply_pack` writes a valid
pack to the database idempotently (loading the same pack twice changes nothing).
"""

import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone

from .models import Driver, Option, Programme, Question, Questionnaire, Recommendation, Region, SizeBand
from .scoring import BAND_NAMES, MAX_LEVEL

DEFAULT_PACK = Path(__file__).parent / "content"
SECTIONS = ("drivers", "questionnaire", "recommendations", "programmes")
# Driver pages live at /assessments/<token>/<driver code>/, next to these fixed pages.
RESERVED_CODES = {"profile", "review", "submit", "results", "saved", "report", "new"}
HORIZONS = set(Recommendation.Horizon.values)
EFFORTS = set(Recommendation.Effort.values)
KINDS = set(Option.Kind.values)


class PackError(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


def read_pack(path=DEFAULT_PACK):
    """A pack from one YAML file, or from a folder of them whose top-level sections are merged."""
    path = Path(path)
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    pack, errors = {}, []
    for file in files:
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            errors.append(f"{file.name}: not valid YAML: {exc}")
            continue
        if not isinstance(data, dict):
            errors.append(f"{file.name}: the top level must be a mapping of sections")
            continue
        for key, value in data.items():
            if key in pack:
                errors.append(f"{file.name}: section '{key}' is defined twice")
            pack[key] = value
    if errors:
        raise PackError(errors)
    return pack


class _Checker:
    def __init__(self):
        self.errors = []

    def require(self, item, where, fields):
        if not isinstance(item, dict):
            self.errors.append(f"{where}: expected a mapping")
            return False
        missing = [f for f in fields if item.get(f) in (None, "")]
        for field in missing:
            self.errors.append(f"{where}: '{field}' is required")
        return not missing

    def check(self, condition, message):
        if not condition:
            self.errors.append(message)

    def listed(self, pack, section):
        items = pack.get(section)
        if not isinstance(items, list) or not items:
            self.errors.append(f"{section}: expected a non-empty list")
            return []
        return items

    def unique(self, items, where):
        codes = [i.get("code") for i in items if isinstance(i, dict)]
        for code in sorted({c for c in codes if codes.count(c) > 1}, key=str):
            self.errors.append(f"{where}: code '{code}' is used more than once")


def validate_pack(pack):
    """Every problem in the pack as a list of 'where: what' strings (empty when valid)."""
    c = _Checker()
    for section in SECTIONS:
        c.check(section in pack, f"missing section '{section}'")
    drivers = c.listed(pack, "drivers")
    c.unique(drivers, "drivers")
    driver_codes = set()
    for i, d in enumerate(drivers):
        where = f"drivers[{i}]"
        if c.require(d, where, ["code", "name", "summary"]):
            c.check(str(d["code"]) not in RESERVED_CODES, f"{where}: code '{d['code']}' is reserved")
            driver_codes.add(d["code"])
    programmes = c.listed(pack, "programmes")
    c.unique(programmes, "programmes")
    programme_codes = {p["code"]: p for p in programmes if isinstance(p, dict) and "code" in p}
    for i, p in enumerate(programmes):
        _check_programme(c, p, f"programmes[{i}]", driver_codes)
    question_levels = _check_questionnaire(c, pack.get("questionnaire"), driver_codes)
    recommendations = c.listed(pack, "recommendations")
    c.unique(recommendations, "recommendations")
    for i, r in enumerate(recommendations):
        _check_recommendation(c, r, f"recommendations[{i}]", driver_codes, programme_codes, question_levels)
    return c.errors


def _check_programme(c, p, where, driver_codes):
    if not c.require(p, where, ["code", "name", "provider", "url", "source_url", "summary", "last_verified"]):
        return
    c.check(isinstance(p["last_verified"], datetime.date), f"{where}: last_verified must be a date (YYYY-MM-DD)")
    for field, allowed in [("drivers", driver_codes), ("regions", set(Region.values)), ("sizes", set(SizeBand.values))]:
        values = p.get(field, [])
        c.check(isinstance(values, list), f"{where}: {field} must be a list")
        for value in values if isinstance(values, list) else []:
            c.check(value in allowed, f"{where}: unknown {field[:-1]} '{value}'")
    for field in ("url", "source_url"):
        c.check(str(p[field]).startswith("https://"), f"{where}: {field} must start with https://")


def _check_questionnaire(c, q, driver_codes):
    """Checks the questionnaire; returns question code -> set of scored levels."""
    levels = {}
    if not c.require(q, "questionnaire", ["version", "title", "questions"]):
        return levels
    c.check(
        isinstance(q["version"], int) and q["version"] > 0, "questionnaire: version must be a positive whole number"
    )
    questions = q["questions"] if isinstance(q["questions"], list) else []
    c.check(bool(questions), "questionnaire.questions: expected a non-empty list")
    c.unique(questions, "questionnaire.questions")
    for i, question in enumerate(questions):
        where = f"questionnaire.questions[{i}]"
        if not c.require(question, where, ["code", "driver", "text", "options"]):
            continue
        where = f"{where} ({question['code']})"
        c.check(question["driver"] in driver_codes, f"{where}: unknown driver '{question['driver']}'")
        try:
            weight = Decimal(str(question.get("weight", 1)))
            c.check(Decimal("0.1") <= weight <= 5, f"{where}: weight must be between 0.1 and 5")
        except InvalidOperation:
            c.errors.append(f"{where}: weight must be a number")
        levels[question["code"]] = _check_options(c, question["options"], where)
    for driver in sorted(driver_codes - {q.get("driver") for q in questions if isinstance(q, dict)}):
        c.errors.append(f"questionnaire: driver '{driver}' has no questions")
    return levels


def _check_options(c, options, where):
    if not isinstance(options, list):
        c.errors.append(f"{where}: options must be a list")
        return set()
    levels = []
    for j, option in enumerate(options):
        if not c.require(option, f"{where}.options[{j}]", ["label"]):
            continue
        kind = option.get("kind", "scored")
        c.check(kind in KINDS, f"{where}.options[{j}]: unknown kind '{kind}'")
        if kind == "scored":
            level = option.get("level")
            ok = isinstance(level, int) and 0 <= level <= MAX_LEVEL
            c.check(ok, f"{where}.options[{j}]: a scored option needs a level from 0 to {MAX_LEVEL}")
            levels.append(level)
        else:
            c.check("level" not in option, f"{where}.options[{j}]: only scored options have a level")
    c.check(len(set(levels)) >= 2, f"{where}: needs at least two scored options with different levels")
    c.check(len(levels) == len(set(levels)), f"{where}: two scored options share a level")
    return set(levels)


def _check_recommendation(c, r, where, driver_codes, programme_codes, question_levels):
    if not c.require(r, where, ["code", "driver", "title", "body", "horizon"]):
        return
    where = f"{where} ({r['code']})"
    c.check(r["driver"] in driver_codes, f"{where}: unknown driver '{r['driver']}'")
    c.check(r["horizon"] in HORIZONS, f"{where}: horizon must be one of {', '.join(sorted(HORIZONS))}")
    c.check(r.get("effort", "medium") in EFFORTS, f"{where}: effort must be one of {', '.join(sorted(EFFORTS))}")
    has_band, has_question = "band" in r, "question" in r
    c.check(has_band != has_question, f"{where}: give either 'band' or 'question' with 'at_or_below'")
    if has_band:
        c.check(r["band"] in BAND_NAMES, f"{where}: unknown band '{r['band']}'")
    if has_question:
        c.check(r["question"] in question_levels, f"{where}: unknown question '{r['question']}'")
        level = r.get("at_or_below")
        c.check(isinstance(level, int) and 0 <= level <= MAX_LEVEL, f"{where}: at_or_below must be 0–{MAX_LEVEL}")
    for code in r.get("programmes", []) or []:
        programme = programme_codes.get(code)
        c.check(programme is not None, f"{where}: unknown programme '{code}'")
        if programme is not None:
            c.check(programme.get("active", True), f"{where}: programme '{code}' is inactive")


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


@transaction.atomic
def apply_pack(pack):
    """Writes a valid pack; raises PackError (and changes nothing) when it is not valid."""
    errors = validate_pack(pack)
    if errors:
        raise PackError(errors)
    drivers = {
        d["code"]: _sync(
            Driver,
            {"code": d["code"]},
            {
                "name": d["name"],
                "subtitle": d.get("subtitle", ""),
                "summary": d["summary"].strip(),
                "international_note": d.get("international_note", "").strip(),
                "order": i + 1,
            },
        )
        for i, d in enumerate(pack["drivers"])
    }
    programmes = {}
    for p in pack["programmes"]:
        programmes[p["code"]] = _sync(
            Programme,
            {"code": p["code"]},
            {
                "name": p["name"],
                "provider": p["provider"],
                "url": p["url"],
                "source_url": p["source_url"],
                "summary": p["summary"].strip(),
                "regions": p.get("regions", []),
                "sizes": p.get("sizes", []),
                "active": p.get("active", True),
                "last_verified": p["last_verified"],
            },
        )
        _set_m2m(programmes[p["code"]].drivers, [drivers[d] for d in p.get("drivers", [])])
    _apply_questionnaire(pack["questionnaire"], drivers)
    for r in pack["recommendations"]:
        rec = _sync(
            Recommendation,
            {"code": r["code"]},
            {
                "driver": drivers[r["driver"]],
                "band": r.get("band", ""),
                "question_code": r.get("question", ""),
                "at_or_below": r.get("at_or_below"),
                "title": r["title"],
                "body": r["body"].strip(),
                "horizon": r["horizon"],
                "effort": r.get("effort", "medium"),
            },
        )
        _set_m2m(rec.programmes, [programmes[code] for code in r.get("programmes", []) or []])


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


def _apply_questionnaire(data, drivers):
    existing = Questionnaire.objects.filter(version=data["version"]).first()
    if existing and _stored_shape(existing) != _scoring_shape(data["questions"]):
        if existing.status != Questionnaire.Status.DRAFT or existing.assessments.exists():
            raise PackError(
                [
                    f"questionnaire: version {data['version']} is already {existing.get_status_display().lower()} "
                    "with different questions, levels or weights; give the pack a new version number"
                ]
            )
        existing.delete()
        existing = None
    if existing is None:
        existing = Questionnaire.objects.create(
            version=data["version"],
            title=data["title"],
            notes=data.get("notes", "").strip(),
            status=Questionnaire.Status.PUBLISHED,
            published_at=timezone.now(),
        )
    else:
        _sync(Questionnaire, {"pk": existing.pk}, {"title": data["title"], "notes": data.get("notes", "").strip()})
    for order, q in enumerate(data["questions"], start=1):
        question = _sync(
            Question,
            {"questionnaire": existing, "code": q["code"]},
            {
                "driver": drivers[q["driver"]],
                "text": q["text"].strip(),
                "help_text": q.get("help_text", "").strip(),
                "weight": Decimal(str(q.get("weight", 1))),
                "order": order,
            },
        )
        stored = list(question.options.all())
        for i, o in enumerate(q["options"]):
            values = {
                "label": o["label"].strip(),
                "kind": o.get("kind", "scored"),
                "level": o.get("level"),
                "order": i + 1,
            }
            if i < len(stored):
                _sync(Option, {"pk": stored[i].pk}, values)
            else:
                Option.objects.create(question=question, **values)
    return existing
