"""Questionnaire versions: copy to a draft, check, publish, retire; and what a published version locks.

Anything that can change a score (levels, kinds, weights, drivers, codes, adding or removing
questions or options) is locked once a version leaves draft, so every submitted assessment can be
rescored exactly from its answers. Wording stays editable in place.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from .models import Driver, Option, Questionnaire

HOW_TO_CHANGE = (
    "To change it, select this version in the questionnaire list, run “Create new draft from this version”, "
    "make the change in the draft and publish it. Wording (question text, help text, answer labels) can be "
    "edited here directly."
)


def locked_message(questionnaire, what):
    status = questionnaire.get_status_display().lower()
    return f"Version {questionnaire.version} is {status}, so {what} is locked. {HOW_TO_CHANGE}"


def check_unlocked(questionnaire, what):
    if questionnaire is not None and questionnaire.is_locked:
        raise ValidationError(locked_message(questionnaire, what))


@transaction.atomic
def create_draft(source):
    """A deep copy of `source` as the next version, in draft. Question codes are kept."""
    existing = Questionnaire.objects.filter(status=Questionnaire.Status.DRAFT).first()
    if existing:
        raise ValidationError(
            f"Version {existing.version} is already a draft: publish or delete it before starting another."
        )
    version = Questionnaire.objects.aggregate(top=Max("version"))["top"] + 1
    draft = Questionnaire.objects.create(
        version=version,
        title=source.title,
        notes=f"Draft copied from version {source.version}.",
        status=Questionnaire.Status.DRAFT,
    )
    for question in source.questions.prefetch_related("options"):
        options = list(question.options.all())
        question.pk, question.questionnaire = None, draft
        question.save()
        Option.objects.bulk_create(
            Option(question=question, label=o.label, kind=o.kind, level=o.level, order=o.order) for o in options
        )
    return draft


def publication_problems(questionnaire):
    """Why a version cannot be published yet (empty when it can)."""
    problems = []
    questions = list(questionnaire.questions.select_related("driver").prefetch_related("options"))
    covered = {q.driver_id for q in questions}
    problems += [f"{d.name} has no questions." for d in Driver.objects.all() if d.pk not in covered]
    for q in questions:
        levels = [o.level for o in q.options.all() if o.kind == Option.Kind.SCORED]
        if len(set(levels)) < 2 or len(levels) != len(set(levels)):
            problems.append(f"{q.code} needs at least two scored answers, each with a different level.")
    codes = [q.code for q in questions]
    problems += [
        f"The code {c} is used by more than one question." for c in sorted({c for c in codes if codes.count(c) > 1})
    ]
    return problems


def publish(questionnaire):
    if questionnaire.status != Questionnaire.Status.DRAFT:
        raise ValidationError(f"Version {questionnaire.version} is not a draft.")
    problems = publication_problems(questionnaire)
    if problems:
        raise ValidationError(problems)
    questionnaire.status, questionnaire.published_at = Questionnaire.Status.PUBLISHED, timezone.now()
    questionnaire.save(update_fields=["status", "published_at"])


def retire(questionnaire):
    """Retires a published version; assessments already on it carry on unchanged."""
    if questionnaire.status != Questionnaire.Status.PUBLISHED:
        raise ValidationError(f"Version {questionnaire.version} is not published.")
    if not Questionnaire.objects.published().exclude(pk=questionnaire.pk).exists():
        raise ValidationError(
            f"Version {questionnaire.version} is the only published version: publish a newer one first, "
            "or nobody could start an assessment."
        )
    questionnaire.status = Questionnaire.Status.RETIRED
    questionnaire.save(update_fields=["status"])


def with_counts(queryset):
    return queryset.annotate(
        n_questions=Count("questions", distinct=True), n_assessments=Count("assessments", distinct=True)
    )
