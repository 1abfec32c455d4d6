"""Versioned questionnaires, their questions and answer levels, and the one rule that guards them:
a version that has left draft never changes how it scores.

Anything that can change a score (levels, kinds, weights, drivers, codes, adding or removing rows)
is listed in a model's LOCKED_FIELDS and checked in `clean()` and `delete()`, which the admin, the
content pack loader and versioning all go through. Wording stays editable in place.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Max, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import scoring
from ..scoring import MAX_LEVEL
from .bilingual import WELSH, Bilingual, lacking_welsh
from .content import Driver, Programme


class QuestionnaireQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Questionnaire.Status.PUBLISHED)

    def current(self):
        """The newest published version: the one new assessments use."""
        return self.published().order_by("-version").first()

    def draft(self):
        """The one version in draft, or None."""
        return self.filter(status=Questionnaire.Status.DRAFT).first()

    def next_version(self):
        return (self.aggregate(top=Max("version"))["top"] or 0) + 1


class Questionnaire(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    version = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Goes up on every save or delete of anything a report of this version prints (the version, its
    # questions, answer levels and recommendations, and the drivers and programmes every version
    # prints): a stored PDF's state key reads it, so an edit re-renders the PDFs it changes.
    content_revision = models.PositiveIntegerField(default=0, editable=False)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="draft"),
                name="one_draft_at_a_time",
                violation_error_message=_("Another version is already a draft: publish or delete it first."),
            )
        ]

    def __str__(self):
        return f"v{self.version} {self.title} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        if self.pk is not None:  # counted in the database, so a stale copy of the row never lowers it
            self.content_revision = F("content_revision") + 1
        super().save(*args, **kwargs)
        if self.pk is not None and not isinstance(self.content_revision, int):
            self.refresh_from_db(fields=["content_revision"])

    @property
    def is_locked(self):
        """Published and retired versions lock everything that affects scores."""
        return self.status != self.Status.DRAFT

    def welsh_missing(self):
        """[(row, field)] for each text this version can show that has no Welsh: its questions, answers
        and recommendations, every driver, and every programme a report can print. Empty: it can be
        offered in Welsh. Five queries."""
        rows = [
            Driver.objects.all(),
            self.questions.all(),
            Option.objects.filter(question__questionnaire=self).select_related("question"),
            self.recommendations.all(),
            Programme.objects.recommendable(),
        ]
        return [
            (row, field)
            for queryset in rows
            for row in queryset.filter(lacking_welsh(queryset.model.TRANSLATED))
            for field in row.welsh_missing()
        ]

    def offers(self, language):
        """Whether this version can be shown in `language`: always in English, in Welsh only when every
        text it can show has its Welsh (no page falls back to English)."""
        return language != WELSH or not self.welsh_missing()

    def drivers(self):
        """The drivers this version asks about, in driver order."""
        return Driver.objects.filter(questions__questionnaire=self).distinct()

    def check_unlocked(self, what, field=None):
        """Raises ValidationError when this version is locked; `what` names the refused change and
        `field` (in the error's params) the field it concerns, if any."""
        if self.is_locked:
            raise ValidationError(self.locked_message(what), code="locked", params={"field": field})

    def locked_message(self, what):
        return gettext(
            "Version %(version)s is %(status)s, so %(what)s is locked. To change it, open this version's page, "
            "press “Create a draft from this version”, make the change in the draft and publish it. Wording "
            "(question text, help text, answer labels) can be edited here directly."
        ) % {"version": self.version, "status": self.get_status_display().lower(), "what": what}

    def publication_problems(self):
        """[(question or None, why)] that stop this version from being published; empty when it can be."""
        questions = list(self.questions.select_related("driver").prefetch_related("options"))
        covered = {q.driver_id for q in questions}
        problems = [
            (None, gettext("%(driver)s has no questions.") % {"driver": d.name})
            for d in Driver.objects.all()
            if d.pk not in covered
        ]
        return problems + [(q, problem) for q in questions if (problem := q.levels_problem(q.options.all()))]

    def delete(self, *args, **kwargs):
        self.check_unlocked(gettext("deleting the version"))
        return super().delete(*args, **kwargs)


def content_changed(sender, instance, **kwargs):
    """post_save / post_delete of printed content (connected in apps.py, so the admin's bulk delete
    and the pack loader count too): the revision of every version whose report prints it goes up."""
    versions = Questionnaire.objects.all()
    # By ids, not instance.version(): in a cascade the rows it would read may be gone already.
    if getattr(instance, "question_id", None) is not None:  # an answer level
        versions = versions.filter(questions__pk=instance.question_id)
    elif hasattr(instance, "questionnaire_id"):  # a question or a recommendation
        versions = versions.filter(pk=instance.questionnaire_id)
    versions.update(content_revision=F("content_revision") + 1)


class VersionedContent(models.Model):
    """A row that belongs to one questionnaire version; its LOCKED_FIELDS change only in a draft."""

    LOCKED_FIELDS = {}  # field name -> how a message names it
    A_ROW = ""  # how a message names one row, with its article: "a question"

    class Meta:
        abstract = True

    def version(self):
        raise NotImplementedError

    def clean(self):
        super().clean()
        original = type(self).objects.filter(pk=self.pk).first() if self.pk else None
        if original is None:
            if self.version() is not None:
                self.version().check_unlocked(gettext("adding %(row)s") % {"row": self.A_ROW})
            return
        for field, label in self.LOCKED_FIELDS.items():
            attname = self._meta.get_field(field).attname  # questionnaire_id, not the related row
            if getattr(original, attname) != getattr(self, attname):
                for version in {original.version(), self.version()} - {None}:
                    version.check_unlocked(gettext("changing %(field)s") % {"field": label}, field)

    def delete(self, *args, **kwargs):
        if self.version() is not None:
            self.version().check_unlocked(gettext("removing %(row)s") % {"row": self.A_ROW})
        return super().delete(*args, **kwargs)


class Question(Bilingual, VersionedContent):
    TRANSLATED = ("text", "help_text")

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    driver = models.ForeignKey(Driver, on_delete=models.PROTECT, related_name="questions")
    code = models.SlugField(max_length=30, help_text=_("Stable across versions, e.g. supply-03."))
    text = models.CharField(max_length=300)
    help_text = models.TextField(blank=True, max_length=1500)
    text_cy = models.CharField(_("text in Welsh"), max_length=300, blank=True)
    help_text_cy = models.TextField(_("help text in Welsh"), blank=True, max_length=1500)
    weight = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        default=1,
        validators=[MinValueValidator(0.1), MaxValueValidator(5)],
    )
    order = models.PositiveSmallIntegerField(default=0)
    # Not locked: which questions the quick check asks changes no score of the full assessment.
    quick_check = models.BooleanField(
        _("in the quick check"), default=False, help_text=_("Asked in the quick check as well.")
    )
    # Locked: a legal-duty gap leads its area and the action plan, so the flag shapes every report.
    legal_duty = models.BooleanField(
        _("tests a legal duty"),
        default=False,
        help_text=_(
            "An answer at level 1 or below is reported as a legal requirement, ahead of other advice; "
            "level 2 should be the legal minimum."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)  # report_state: a stored PDF re-renders after an edit

    LOCKED_FIELDS = {"questionnaire": _("the version"), "driver": _("the driver"), "weight": _("the weight"),
                     "code": _("the code"), "legal_duty": _("whether it tests a legal duty")}  # fmt: skip
    A_ROW = _("a question")

    class Meta:
        ordering = ["driver__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="question_code_unique_per_version")
        ]

    def __str__(self):
        return f"{self.code}: {self.text}"

    def version(self):
        return self.questionnaire if self.questionnaire_id else None

    @staticmethod
    def levels_problem(options):
        """Why these options cannot score a question (None when they can): at least two scored
        options, each with a different level."""
        levels = [o.level for o in options if o.kind == Option.Kind.SCORED]
        if len(set(levels)) < 2 or len(levels) != len(set(levels)):
            return gettext("needs at least two scored answers, each with a different level.")
        return None


class Option(Bilingual, VersionedContent):
    TRANSLATED = ("label",)

    class Kind(models.TextChoices):
        # The values are scoring's, which knows nothing of Django models.
        SCORED = scoring.SCORED, _("Scored level")
        DONT_KNOW = scoring.DONT_KNOW, _("Don't know")
        NOT_RELEVANT = scoring.NOT_RELEVANT, _("Not relevant")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=300)
    label_cy = models.CharField(_("label in Welsh"), max_length=300, blank=True)
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.SCORED)
    level = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_LEVEL)],
        help_text=_("0–4 for scored options; empty for don't know and not relevant."),
    )
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)  # report_state: a stored PDF re-renders after an edit

    # The order is locked too: moving answers around on a published version changes what people read.
    LOCKED_FIELDS = {"question": _("the question"), "kind": _("the kind"), "level": _("the level"),
                     "order": _("the order of the answers")}  # fmt: skip
    A_ROW = _("an answer")

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="scored", level__isnull=False, level__lte=MAX_LEVEL)
                    | (~Q(kind="scored") & Q(level__isnull=True))
                ),
                name="option_level_matches_kind",
                violation_error_message=_("A scored answer needs a level from 0 to 4; other kinds have none."),
            )
        ]

    def __str__(self):
        return self.label

    def version(self):
        return self.question.questionnaire if self.question_id else None

    def clean(self):
        super().clean()
        # A wording edit keeps each label's meaning at its level: a label may not move to another answer.
        if self.pk and self.version() is not None and self.version().is_locked:
            siblings = Option.objects.filter(question_id=self.question_id).exclude(pk=self.pk)
            if siblings.filter(label=self.label).exists():
                self.version().check_unlocked(gettext("moving a label to another answer"))
