"""Recommendations: advice that belongs to one questionnaire version, so a report regenerated for an
old assessment shows the advice it showed when it was submitted."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..rich_text import validate_rich_text
from ..scoring import BAND_CHOICES, MAX_LEVEL
from .bilingual import Bilingual
from .choices import Sector
from .content import ChoiceListValidator, Driver, Programme
from .questionnaire import Questionnaire, VersionedContent


class Recommendation(Bilingual, VersionedContent):
    TRANSLATED = ("title", "first_step", "body")

    class Horizon(models.TextChoices):
        QUICK_WIN = "quick_win", _("Quick win (under 3 months)")
        NEXT_12_MONTHS = "next_12_months", _("Next 12 months")
        STRATEGIC = "strategic", _("Strategic (1–3 years)")

    class Effort(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    class CostBand(models.TextChoices):
        UNDER_1K = "under_1k", _("Under £1k")
        FROM_1K = "1k_10k", _("£1k–£10k")
        FROM_10K = "10k_50k", _("£10k–£50k")
        OVER_50K = "over_50k", _("Over £50k")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="recommendations", help_text=_("The version it advises.")
    )
    code = models.SlugField(max_length=60)
    driver = models.ForeignKey(Driver, on_delete=models.PROTECT, related_name="recommendations")
    band = models.CharField(
        max_length=12, choices=BAND_CHOICES, blank=True, help_text=_("Fires when the driver is at this level.")
    )
    question_code = models.SlugField(
        max_length=30, blank=True, help_text=_("Or fires when this question is answered …")
    )
    at_or_below = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(MAX_LEVEL)], help_text=_("… at or below this level.")
    )
    title = models.CharField(max_length=200)
    first_step = models.CharField(max_length=300, blank=True, help_text=_("The first thing to do, in one sentence."))
    body = models.TextField(
        help_text=_("Markdown: paragraphs, **bold**, *italic*, lists and https links. Other HTML is removed."),
        validators=[validate_rich_text],
    )
    title_cy = models.CharField(_("title in Welsh"), max_length=200, blank=True)
    first_step_cy = models.CharField(_("first step in Welsh"), max_length=300, blank=True)
    body_cy = models.TextField(_("body in Welsh"), blank=True, validators=[validate_rich_text])
    horizon = models.CharField(max_length=16, choices=Horizon)
    effort = models.CharField(max_length=8, choices=Effort, default=Effort.MEDIUM)
    cost_band = models.CharField(_("indicative cost"), max_length=10, choices=CostBand, blank=True)
    sectors = models.JSONField(
        default=list,
        blank=True,
        validators=[ChoiceListValidator(Sector)],
        help_text=_("The sectors (SIC divisions) it suits; empty means every sector."),
    )
    programmes = models.ManyToManyField(Programme, related_name="recommendations", blank=True)
    updated_at = models.DateTimeField(auto_now=True)  # report_state: a stored PDF re-renders after an edit

    class Meta:
        ordering = ["driver__order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="recommendation_code_unique_per_version"),
            models.CheckConstraint(
                condition=(
                    (~Q(band="") & Q(question_code="") & Q(at_or_below__isnull=True))
                    | (Q(band="") & ~Q(question_code="") & Q(at_or_below__isnull=False))
                ),
                name="recommendation_has_one_trigger",
                violation_error_message=_(
                    "Give either a band, or a question code with an “at or below” level, not both."
                ),
            ),
        ]

    # Wording (title, first step, body) stays editable; what fires, and when, is part of the version.
    LOCKED_FIELDS = {"questionnaire": _("the version"), "code": _("the code"), "driver": _("the driver"),
                     "band": _("the band"), "question_code": _("the question"), "at_or_below": _("the level"),
                     "horizon": _("the horizon"), "effort": _("the effort"), "cost_band": _("the cost"),
                     "sectors": _("the sectors")}  # fmt: skip
    A_ROW = _("a recommendation")

    def __str__(self):
        return self.title

    def version(self):
        return self.questionnaire if self.questionnaire_id else None

    def suits(self, sector):
        """Whether it is advice for a firm of this sector (SIC division code)."""
        return not self.sectors or sector in self.sectors

    def clean(self):
        super().clean()
        asked = self.questionnaire.questions.filter(code=self.question_code) if self.questionnaire_id else None
        if self.question_code and asked is not None and not asked.exists():
            raise ValidationError({"question_code": _("No question of this version has this code.")})
