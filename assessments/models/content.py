"""Content that staff edit: drivers, versioned questionnaires with their questions and answer
levels, recommendations and the support programme catalogue."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from ..scoring import BAND_CHOICES
from .choices import Region


class Driver(models.Model):
    code = models.SlugField(max_length=20, unique=True, help_text="Stable identifier; never change it.")
    name = models.CharField(max_length=40, help_text="Short name, used in charts.")
    subtitle = models.CharField(max_length=120, blank=True)
    summary = models.TextField()
    international_note = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class QuestionnaireQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Questionnaire.Status.PUBLISHED)

    def current(self):
        """The newest published version: the one new assessments use."""
        return self.published().order_by("-version").first()


class Questionnaire(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    version = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["status"], condition=Q(status="draft"), name="one_draft_at_a_time")
        ]

    def __str__(self):
        return f"v{self.version} {self.title} ({self.get_status_display()})"

    @property
    def is_locked(self):
        """Published and retired versions lock everything that affects scores (see versioning.py)."""
        return self.status != self.Status.DRAFT


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    driver = models.ForeignKey(Driver, on_delete=models.PROTECT, related_name="questions")
    code = models.SlugField(max_length=30, help_text="Stable across versions, e.g. supply-03.")
    text = models.CharField(max_length=300)
    help_text = models.TextField(blank=True)
    weight = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        default=1,
        validators=[MinValueValidator(0.1), MaxValueValidator(5)],
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["driver__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="question_code_unique_per_version")
        ]

    SCORING_FIELDS = {
        "questionnaire": "the version",
        "driver": "the driver",
        "weight": "the weight",
        "code": "the code",
    }

    def __str__(self):
        return f"{self.code}: {self.text}"

    def clean(self):
        from ..versioning import check_unlocked

        _check_scoring_fields(self, Question, lambda q: q.questionnaire if q.questionnaire_id else None, check_unlocked)

    def delete(self, *args, **kwargs):
        from ..versioning import check_unlocked

        check_unlocked(self.questionnaire, "removing a question")
        return super().delete(*args, **kwargs)


class Option(models.Model):
    class Kind(models.TextChoices):
        SCORED = "scored", "Scored level"
        DONT_KNOW = "dont_know", "Don't know"
        NOT_RELEVANT = "not_relevant", "Not relevant"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=300)
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.SCORED)
    level = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(4)],
        help_text="0–4 for scored options; empty for don't know and not relevant.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="scored", level__isnull=False, level__lte=4) | (~Q(kind="scored") & Q(level__isnull=True))
                ),
                name="option_level_matches_kind",
            )
        ]

    SCORING_FIELDS = {"question": "the question", "kind": "the kind", "level": "the level"}

    def __str__(self):
        return self.label

    def clean(self):
        from ..versioning import check_unlocked

        _check_scoring_fields(
            self, Option, lambda o: o.question.questionnaire if o.question_id else None, check_unlocked
        )

    def delete(self, *args, **kwargs):
        from ..versioning import check_unlocked

        check_unlocked(self.question.questionnaire, "removing an answer option")
        return super().delete(*args, **kwargs)


def _check_scoring_fields(obj, model, version_of, check_unlocked):
    """Refuses a new row, or a changed scoring field, in a locked questionnaire version."""
    original = model.objects.filter(pk=obj.pk).first() if obj.pk else None
    if original is None:
        check_unlocked(version_of(obj), f"adding a {model._meta.verbose_name}")
        return
    for field, label in obj.SCORING_FIELDS.items():
        attname = model._meta.get_field(field).attname  # questionnaire_id, not the related row
        if getattr(original, attname) != getattr(obj, attname):
            for version in {version_of(original), version_of(obj)}:
                check_unlocked(version, f"changing {label} of a {model._meta.verbose_name}")


class Programme(models.Model):
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    provider = models.CharField(max_length=200)
    url = models.URLField("programme URL")
    source_url = models.URLField("source URL", help_text="Where the facts shown were checked.")
    summary = models.TextField()
    drivers = models.ManyToManyField(Driver, related_name="programmes", blank=True)
    regions = models.JSONField(default=list, blank=True, help_text="Region codes; empty means the whole UK.")
    sizes = models.JSONField(default=list, blank=True, help_text="Size bands; empty means every size.")
    active = models.BooleanField(default=True, help_text="Closed programmes stay listed but are never recommended.")
    last_verified = models.DateField()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def serves(self, region, size):
        return self.active and (not self.regions or region in self.regions) and (not self.sizes or size in self.sizes)

    def region_names(self):
        labels = dict(Region.choices)
        return [labels.get(code, code) for code in self.regions] or ["Whole UK"]


MAX_RICH_TEXT = 5000
MAX_RICH_DEPTH = 8


def validate_rich_text(text):
    """Keeps admin Markdown small and shallow: the PDF renderer recurses on nesting."""
    from ..templatetags.readiness import rich

    if len(text) > MAX_RICH_TEXT:
        raise ValidationError(f"Keep this under {MAX_RICH_TEXT} characters (it has {len(text)}).")
    depth = deepest = 0
    for tag in re.finditer(r"<(/?)(\w+)[^>]*?(/?)>", str(rich(text))):
        if tag[2] in VOID_TAGS or tag[3]:
            continue
        depth += -1 if tag[1] else 1
        deepest = max(deepest, depth)
    if deepest > MAX_RICH_DEPTH:
        raise ValidationError(f"Lists or quotes are nested {deepest} deep; keep nesting to {MAX_RICH_DEPTH} levels.")


VOID_TAGS = {"br", "hr", "img"}


class Recommendation(models.Model):
    class Horizon(models.TextChoices):
        QUICK_WIN = "quick_win", "Quick win (under 3 months)"
        NEXT_12_MONTHS = "next_12_months", "Next 12 months"
        STRATEGIC = "strategic", "Strategic (1–3 years)"

    class Effort(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    code = models.SlugField(max_length=60, unique=True)
    driver = models.ForeignKey(Driver, on_delete=models.PROTECT, related_name="recommendations")
    band = models.CharField(
        max_length=12, choices=BAND_CHOICES, blank=True, help_text="Fires when the driver is at this level."
    )
    question_code = models.SlugField(max_length=30, blank=True, help_text="Or fires when this question is answered …")
    at_or_below = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(4)], help_text="… at or below this level."
    )
    title = models.CharField(max_length=200)
    body = models.TextField(
        help_text="Markdown: paragraphs, **bold**, *italic*, lists and https links. Other HTML is removed.",
        validators=[validate_rich_text],
    )
    horizon = models.CharField(max_length=16, choices=Horizon)
    effort = models.CharField(max_length=8, choices=Effort, default=Effort.MEDIUM)
    programmes = models.ManyToManyField(Programme, related_name="recommendations", blank=True)

    class Meta:
        ordering = ["driver__order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    (~Q(band="") & Q(question_code="") & Q(at_or_below__isnull=True))
                    | (Q(band="") & ~Q(question_code="") & Q(at_or_below__isnull=False))
                ),
                name="recommendation_has_one_trigger",
            )
        ]

    def __str__(self):
        return self.title
