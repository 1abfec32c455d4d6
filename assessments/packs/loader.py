"""Applies one content pack to the database row by row, as model instances checked with
`full_clean()`, collecting every problem as (path, message) instead of stopping at the first.

The caller (content_pack) runs it inside a transaction and rolls back when anything was refused.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Driver, Programme, Question, Questionnaire, Recommendation, validate_recommendable
from . import format as fmt
from .reading import where


class Loader:
    """Applies a pack row by row, collecting (path, message) problems instead of stopping at the first."""

    def __init__(self, pack, publish):
        self.pack, self.publish, self.problems = pack, publish, []
        self.refused_codes = set()  # codes of rows refused already: no second message where they are used

    def fail(self, path, message):
        self.problems.append((path, f"{where(self.pack, path)}: {message}"))

    def run(self):
        if not isinstance(self.pack, dict):
            return [((), _("the top level must be a mapping of sections"))]
        for key in self.pack:
            if key not in fmt.SECTIONS:
                self.fail((key,), _("unknown section '%(key)s'") % {"key": key})
        drivers = {d.code: d for d in self.rows("drivers", fmt.DRIVER, self.driver)}
        programmes = {p.code: p for p in self.rows("programmes", fmt.PROGRAMME, self.programme, drivers)}
        questionnaire = self.questionnaire(drivers)
        if questionnaire is not None:
            kept = self.rows(
                "recommendations", fmt.RECOMMENDATION, self.recommendation, drivers, programmes, questionnaire
            )
            self.remove_others(questionnaire.recommendations.all(), kept, ("recommendations",))
            if questionnaire.publish_when_loaded and not self.problems:
                questionnaire.status, questionnaire.published_at = Questionnaire.Status.PUBLISHED, timezone.now()
                questionnaire.save(update_fields=["status", "published_at"])
        return self.problems

    # --------------------------------------------------------------------------------- structure

    def items(self, path, value, section, may_be_empty=False):
        """(path, item) for each mapping in a list, reporting unknown and missing keys."""
        if value == [] and may_be_empty:
            return []
        if not isinstance(value, list) or not value:
            self.fail(path, _("expected a non-empty list"))
            return []
        result, seen = [], set()
        for i, item in enumerate(value):
            at = (*path, i)
            if not isinstance(item, dict):
                self.fail(at, _("expected a mapping"))
                continue
            ok = self.keys_ok(at, item, section, fmt.REQUIRED_RELATED.get(section, ()))
            code = item.get("code")
            if isinstance(code, str) and code in seen:
                self.fail((*at, "code"), _("code '%(code)s' is used more than once") % {"code": code})
                ok = False
            seen.add(code)
            if ok:
                result.append((at, item))
            else:
                self.refused_codes.add(code)
        return result

    def keys_ok(self, at, item, section, required):
        """Unknown keys, missing related keys and non-text values for text fields; model fields'
        own rules (required, length, choices …) are full_clean's."""
        ok = True
        for key in item:
            if key not in section.keys:
                self.fail((*at, key), _("unknown key '%(key)s'") % {"key": key})
                ok = False
        for key in required:
            if item.get(key) in (None, "", []):
                self.fail(at, _("'%(key)s' is required") % {"key": key})
                ok = False
        for key, value in item.items():
            text = key in section.keys and key not in section.related and _is_text(section, key)
            if text and value is not None and not isinstance(value, str):
                self.fail((*at, key), _("'%(key)s' must be text") % {"key": key})
                ok = False
        return ok

    def rows(self, name, section, build, *args):
        """Builds each item of a top-level section; the rows that were saved."""
        rows = []
        # A version may have no advice yet, and a catalogue no programmes; every version has drivers.
        for at, item in self.items((name,), self.pack.get(name), section, may_be_empty=name != "drivers"):
            row = build(at, item, *args)
            if row is None:
                self.refused_codes.add(item.get("code"))
            else:
                rows.append(row)
        return rows

    # ------------------------------------------------------------------------------------ saving

    def save(self, obj, at, section, values, m2m=None):
        """Sets values on obj; when anything differs, full_clean() and save. None when refused."""
        changed = obj.pk is None
        for name, value in values.items():
            stored = getattr(obj, obj._meta.get_field(name).attname)  # a related row's id, not the row
            if stored != getattr(value, "pk", value):
                setattr(obj, name, value)
                changed = True
        if changed:
            try:
                obj.full_clean()
            except ValidationError as error:
                self.refused(at, section, error)
                return None
            obj.save()
        for name, related in (m2m or {}).items():
            manager = getattr(obj, name)
            if set(manager.all()) != set(related):
                manager.set(related)
        return obj

    def refused(self, at, section, error):
        errors = error.error_dict if hasattr(error, "error_dict") else {"__all__": error.error_list}
        for field, items in errors.items():
            key = section.key(field)
            named = field != "__all__" and key in section.keys
            for item in items:
                path = (*at, key) if named else at
                if item.code == "locked":
                    locked_key = section.key(item.params["field"] or "")
                    path = (*at, locked_key) if locked_key in section.keys else at
                for message in item.messages:
                    if item.code == "locked":
                        message += " " + _("In a pack: give it a new version number to load these changes.")
                    self.fail(path, f"{key}: {message}" if named else message)

    def resolve(self, at, key, codes, known, noun):
        """The rows named by a list of codes, reporting unknown ones; None when any is unknown."""
        if codes is None:
            return []
        if not isinstance(codes, list):
            self.fail((*at, key), _("%(key)s must be a list") % {"key": key})
            return None
        unknown = [(j, c) for j, c in enumerate(codes) if not isinstance(c, str) or c not in known]
        for j, code in unknown:
            if code not in self.refused_codes:
                self.fail((*at, key, j), _("unknown %(noun)s '%(code)s'") % {"noun": noun, "code": code})
        return None if unknown else [known[c] for c in codes]

    def remove_others(self, queryset, kept, path):
        """Deletes the rows of queryset that the pack no longer has (a refused row is not removed)."""
        for row in queryset.exclude(pk__in=[r.pk for r in kept]).exclude(code__in=self.refused_codes - {None}):
            try:
                row.delete()
            except ValidationError as error:
                self.fail(
                    path,
                    _("%(code)s is not in the pack: %(why)s") % {"code": row.code, "why": " ".join(error.messages)},
                )

    # ------------------------------------------------------------------------------------ rows

    def driver(self, at, item):
        obj = Driver.objects.filter(code=item.get("code")).first() or Driver()
        values = {**fmt.DRIVER.defaults(), **fmt.DRIVER.values(item), "order": at[-1] + 1}
        return self.save(obj, at, fmt.DRIVER, values)

    def programme(self, at, item, drivers):
        linked = self.resolve(at, "drivers", item.get("drivers"), drivers, _("driver"))
        obj = Programme.objects.filter(code=item.get("code")).first() or Programme()
        values = {**fmt.PROGRAMME.defaults(), **fmt.PROGRAMME.values(item)}
        # A person's check recorded in the database after the pack was written stays: a pack never
        # takes "last checked" back to an older date, or to none.
        packed = values.get("last_checked")
        if obj.last_checked and (packed is None or (isinstance(packed, date) and packed < obj.last_checked)):
            values["last_checked"], values["check_note"] = obj.last_checked, obj.check_note
        return self.save(obj, at, fmt.PROGRAMME, values, {"drivers": linked}) if linked is not None else None

    def questionnaire(self, drivers):
        at, item = ("questionnaire",), self.pack.get("questionnaire")
        if not isinstance(item, dict):
            self.fail(at, _("expected a mapping"))
            return None
        if not self.keys_ok(at, item, fmt.QUESTIONNAIRE, fmt.REQUIRED_RELATED[fmt.QUESTIONNAIRE]):
            return None
        version = item["version"]
        obj = Questionnaire.objects.filter(version=version).first() if isinstance(version, int) else None
        is_new = obj is None
        if is_new:
            obj = Questionnaire(status=Questionnaire.Status.DRAFT)
        obj = self.save(obj, at, fmt.QUESTIONNAIRE, {**fmt.QUESTIONNAIRE.defaults(), **fmt.QUESTIONNAIRE.values(item)})
        if obj is None:
            return None
        kept = []
        for qat, q_item in self.items((*at, "questions"), item["questions"], fmt.QUESTION):
            question = self.question(qat, q_item, obj, drivers)
            kept += [question] if question else []
            self.refused_codes |= set() if question else {q_item.get("code")}
        self.remove_others(obj.questions.all(), kept, (*at, "questions"))
        self.check_publishable(obj, kept)
        obj.publish_when_loaded = is_new and self.publish
        return obj

    def question(self, at, item, questionnaire, drivers):
        driver = self.resolve(at, "driver", [item["driver"]], drivers, _("driver"))
        if driver is None:
            return None
        weight = _decimal(item.get("weight", 1))
        obj = Question.objects.filter(questionnaire=questionnaire, code=item.get("code")).first()
        obj = obj or Question(questionnaire=questionnaire)
        values = {**fmt.QUESTION.defaults(), **fmt.QUESTION.values(item), "driver": driver[0], "weight": weight,
                  "order": at[-1] + 1}  # fmt: skip
        obj = self.save(obj, at, fmt.QUESTION, values)
        if obj is None:
            return None
        obj.pack_path = at
        stored = list(obj.options.all())
        options = self.items((*at, "options"), item["options"], fmt.OPTION)
        for oat, option in options:  # options match the stored ones by position, which keep their order
            i = oat[-1]
            row = stored[i] if i < len(stored) else obj.options.model(question=obj, order=i + 1)
            self.save(row, oat, fmt.OPTION, {**fmt.OPTION.defaults(), **fmt.OPTION.values(option)})
        for extra in stored[len(item["options"]) :]:
            try:
                extra.delete()
            except ValidationError as error:
                self.fail((*at, "options"), " ".join(error.messages))
        return obj

    def check_publishable(self, questionnaire, questions):
        """The version's own publication rules, reported at the question they concern."""
        if self.problems:
            return
        for question, why in questionnaire.publication_problems():
            path = getattr(next((q for q in questions if q.pk == getattr(question, "pk", None)), None), "pack_path", ())
            self.fail((*path, "options") if path else ("questionnaire", "questions"), why)

    def recommendation(self, at, item, drivers, programmes, questionnaire):
        driver = self.resolve(at, "driver", [item.get("driver")], drivers, _("driver"))
        linked = self.resolve(at, "programmes", item.get("programmes"), programmes, _("programme"))
        if driver is None or linked is None:
            return None
        try:
            validate_recommendable(linked)
        except ValidationError as error:
            self.fail((*at, "programmes"), " ".join(error.messages))
            return None
        obj = Recommendation.objects.filter(questionnaire=questionnaire, code=item.get("code")).first()
        obj = obj or Recommendation(questionnaire=questionnaire)
        values = {**fmt.RECOMMENDATION.defaults(), **fmt.RECOMMENDATION.values(item), "driver": driver[0]}
        return self.save(obj, at, fmt.RECOMMENDATION, values, {"programmes": linked})


def _is_text(section, key):
    field = section.model._meta.get_field(section.field(key))
    return field.get_internal_type() in {"CharField", "TextField", "SlugField"}


def _decimal(value):
    """A YAML number as the Decimal the model stores; anything else is left for full_clean to refuse."""
    try:
        return Decimal(str(value)) if isinstance(value, int | float) and not isinstance(value, bool) else value
    except InvalidOperation:
        return value
