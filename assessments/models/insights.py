"""The insight cells: for each (questionnaire version, quarter, region, sector, size band), real or
demo, the counted firms' score histograms per driver and answer counts per question, packed as
numbers (see insight_cells). The dashboard sums a few thousand of these rows, not every answer.

A published quarter (InsightRelease) is a frozen copy of one quarter's cells, made once the quarter
has closed: the tables that may leave the building are built from it, and it never changes again.
"""

from django.db import models

from .choices import Region, Sector, SizeBand
from .questionnaire import Questionnaire


class InsightCell(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="insight_cells")
    quarter = models.PositiveIntegerField(help_text="Year × 10 + quarter in UK time: 20263 is July–September 2026.")
    region = models.CharField(max_length=20, choices=Region)
    sector = models.CharField(max_length=2, choices=Sector)
    size_band = models.CharField(max_length=10, choices=SizeBand)
    is_demo = models.BooleanField(default=False)
    firms = models.PositiveIntegerField(default=0)
    counts = models.BinaryField(default=b"")  # unsigned 32-bit little-endian, laid out by insight_cells.Layout
    revision = models.PositiveBigIntegerField(default=0)  # goes up at every change, never down

    class Meta:
        # The dashboard reads its data revision and which quarters have firms from this index alone.
        indexes = [models.Index(fields=["firms", "is_demo", "quarter", "revision"], name="insight_cell_state")]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "quarter", "region", "sector", "size_band", "is_demo"],
                name="one_insight_cell_per_group",
            )
        ]

    def __str__(self):
        return f"v{self.questionnaire_id} {self.quarter} {self.region}/{self.sector}/{self.size_band}: {self.firms}"


class InsightRelease(models.Model):
    """The published tables of one completed quarter (real firms, or demo data on its own)."""

    quarter = models.PositiveIntegerField(help_text="Year × 10 + quarter in UK time: 20263 is July–September 2026.")
    is_demo = models.BooleanField(default=False)
    released_at = models.DateTimeField()
    firms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-quarter", "is_demo"]
        constraints = [models.UniqueConstraint(fields=["quarter", "is_demo"], name="one_insight_release_per_quarter")]

    def __str__(self):
        return f"{self.quarter}{' demo' if self.is_demo else ''}: {self.firms} firms"


class ReleasedInsightCell(models.Model):
    """An insight cell as it stood when its quarter was published (see InsightCell for the fields)."""

    release = models.ForeignKey(InsightRelease, on_delete=models.CASCADE, related_name="cells")
    # PROTECT: a published table must never change because a version was deleted.
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    region = models.CharField(max_length=20, choices=Region)
    sector = models.CharField(max_length=2, choices=Sector)
    size_band = models.CharField(max_length=10, choices=SizeBand)
    firms = models.PositiveIntegerField(default=0)
    counts = models.BinaryField(default=b"")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "questionnaire", "region", "sector", "size_band"],
                name="one_released_insight_cell_per_group",
            )
        ]

    def __str__(self):
        return f"{self.release} v{self.questionnaire_id} {self.region}/{self.sector}/{self.size_band}: {self.firms}"
