"""Wording fixes for content versions that a database already holds.

`load_content` never reloads a version the database has (it never overwrites what editors changed
in the admin), so a fix to a built-in pack's text reaches an existing database through a data
migration that calls `reword`. Each fix names its row and gives the text the pack shipped and the
new text. A row is changed only while it still holds the shipped text: an editor's own rewording is
kept and listed instead, for the editor to review. The version's `content_revision` goes up (and the
row's `updated_at` moves), so its stored PDFs re-render.

Its name starts with an underscore, so Django does not take it for a migration.
"""

from django.db.models import F
from django.utils import timezone


def reword(apps, fixes, out=print):
    """Applies fixes: (kind, version, code, field, shipped, new) with kind question, option or
    recommendation; for an option, code is its question's code and field is "label"."""
    Questionnaire = apps.get_model("assessments", "Questionnaire")
    now = timezone.now()
    for kind, version, code, field, shipped, new in fixes:
        rows = _rows(apps, kind, version, code)
        changed = rows.filter(**{field: shipped}).update(**{field: new, "updated_at": now})
        if changed:
            Questionnaire.objects.filter(version=version).update(content_revision=F("content_revision") + 1)
        elif rows.exists() and not rows.filter(**{field: new}).exists():
            out(f"  v{version} {kind} {code}: its {field} was edited in the admin; check it against the new wording.")


def _rows(apps, kind, version, code):
    """The rows a fix may touch: the question or recommendation, or every answer of the question."""
    if kind == "option":
        Option = apps.get_model("assessments", "Option")
        return Option.objects.filter(question__questionnaire__version=version, question__code=code)
    model = apps.get_model("assessments", kind.capitalize())
    return model.objects.filter(questionnaire__version=version, code=code)
