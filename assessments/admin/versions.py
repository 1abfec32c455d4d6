"""Questionnaire versions move draft → published → retired: copy to a new draft, publish, retire.

What a version locks once it leaves draft is the models' rule (models/questionnaire.py); this
module only moves versions along.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Option, Questionnaire


@transaction.atomic
def create_draft(source):
    """A deep copy of `source` as the next version, in draft: questions, answers and recommendations,
    in both languages with their review flags. Question and recommendation codes are kept."""
    draft = Questionnaire(
        version=Questionnaire.objects.next_version(),
        title=source.title,
        notes=_("Draft copied from version %(version)s.") % {"version": source.version},
        status=Questionnaire.Status.DRAFT,
    )
    draft.validate_constraints()  # one draft at a time, with the constraint's own message
    draft.save()
    for question in source.questions.prefetch_related("options"):
        options = list(question.options.all())
        question.pk, question.questionnaire = None, draft
        question.save()
        Option.objects.bulk_create(
            Option(question=question, label=o.label, label_cy=o.label_cy, welsh_reviewed=o.welsh_reviewed,
                   kind=o.kind, level=o.level, order=o.order)
            for o in options
        )  # fmt: skip
    for rec in source.recommendations.prefetch_related("programmes"):
        programmes = list(rec.programmes.all())
        rec.pk, rec.questionnaire = None, draft
        rec.save()
        rec.programmes.set(programmes)
    return draft


def publish(questionnaire):
    if questionnaire.status != Questionnaire.Status.DRAFT:
        raise ValidationError(_("Version %(version)s is not a draft.") % {"version": questionnaire.version})
    problems = questionnaire.publication_problems()
    if problems:
        raise ValidationError([f"{q.code} {why}" if q else why for q, why in problems])
    questionnaire.status, questionnaire.published_at = Questionnaire.Status.PUBLISHED, timezone.now()
    questionnaire.save(update_fields=["status", "published_at"])


def retire(questionnaire):
    """Retires a published version; assessments already on it carry on unchanged."""
    if questionnaire.status != Questionnaire.Status.PUBLISHED:
        raise ValidationError(_("Version %(version)s is not published.") % {"version": questionnaire.version})
    if not Questionnaire.objects.published().exclude(pk=questionnaire.pk).exists():
        raise ValidationError(
            _(
                "Version %(version)s is the only published version: publish a newer one first, "
                "or nobody could start an assessment."
            )
            % {"version": questionnaire.version}
        )
    questionnaire.status = Questionnaire.Status.RETIRED
    questionnaire.save(update_fields=["status"])


def with_counts(queryset):
    return queryset.annotate(
        n_questions=Count("questions", distinct=True), n_assessments=Count("assessments", distinct=True)
    )
