"""The insight cells: for each (questionnaire version, quarter, region, sector, size band), real or
demo, the counted firms' score histograms per driver and answer counts per question, packed as
numbers (see insight_cells). The dashboard sums a few thousand of these rows, not every answer.
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
