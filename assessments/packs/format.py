"""The content pack format: which YAML keys each section has, in the order they are written, and
the model field behind each. The loader and the exporter both read it, so they cannot drift apart.
Each Welsh text (`<key>_cy`) follows its English one, and `welsh_reviewed` (written only once an
editor has set it) closes the row's texts.
"""

from ..models import Driver, Option, Programme, Question, Questionnaire, Recommendation

SECTIONS = ("drivers", "questionnaire", "recommendations", "programmes")


class Section:
    """One kind of item in a pack: its model and its keys (YAML key -> model field)."""

    def __init__(self, model, keys, always=(), renamed=None, related=()):
        self.model, self.keys, self.always = model, keys, set(always)
        self.renamed = renamed or {}  # YAML key -> model field where the two differ
        self.related = set(related)  # keys that are codes of other rows, resolved by the loader

    def field(self, key):
        return self.renamed.get(key, key)

    def key(self, field):
        return {v: k for k, v in self.renamed.items()}.get(field, field)

    def values(self, item):
        """The plain field values an item gives (related keys left out), text stripped."""
        return {
            self.field(k): v.strip() if isinstance(v, str) else v
            for k, v in item.items()
            if k in self.keys and k not in self.related
        }

    def defaults(self):
        """What a key left out of the YAML means: the model field's default, or empty."""
        result = {}
        for key in self.keys:
            if key in self.related:
                continue
            field = self.model._meta.get_field(self.field(key))
            result[field.name] = field.get_default() if field.has_default() else (None if field.null else "")
        return result


DRIVER = Section(
    Driver,
    ["code", "name", "name_cy", "subtitle", "subtitle_cy", "summary", "summary_cy", "international_note",
     "international_note_cy", "international_source", "international_source_cy", "welsh_reviewed"],
)  # fmt: skip
PROGRAMME = Section(
    Programme,
    [
        "code",
        "name",
        "name_cy",
        "provider",
        "provider_cy",
        "kind",
        "url",
        "source_url",
        "summary",
        "summary_cy",
        "drivers",
        "regions",
        "sizes",
        "coverage_known",
        "active",
        "source_date",
        "last_checked",
        "check_note",
        "unconfirmed",
        "unconfirmed_cy",
        "welsh_reviewed",
    ],  # fmt: skip
    always=["drivers", "regions", "sizes", "active"],
    related=["drivers"],
)
QUESTIONNAIRE = Section(Questionnaire, ["version", "title", "notes", "questions"], always=["questions"],
                        related=["questions"])  # fmt: skip
QUESTION = Section(
    Question,
    [
        "code",
        "driver",
        "weight",
        "quick_check",
        "legal_duty",
        "text",
        "text_cy",
        "help_text",
        "help_text_cy",
        "welsh_reviewed",
        "options",
    ],
    always=["weight"],
    related=["driver", "options"],
)
OPTION = Section(Option, ["kind", "level", "label", "label_cy", "welsh_reviewed"])
RECOMMENDATION = Section(
    Recommendation,
    [
        "code",
        "driver",
        "band",
        "question",
        "at_or_below",
        "sectors",
        "title",
        "title_cy",
        "horizon",
        "effort",
        "cost_band",
        "first_step",
        "first_step_cy",
        "body",
        "body_cy",
        "welsh_reviewed",
        "programmes",
    ],  # fmt: skip
    always=["effort", "programmes"],
    renamed={"question": "question_code"},
    related=["driver", "programmes"],
)
REQUIRED_RELATED = {QUESTION: ["driver", "options"], RECOMMENDATION: ["driver"], QUESTIONNAIRE: ["questions"]}
