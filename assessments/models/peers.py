"""The released peer distributions: for each (driver, sector, size band), how many counted firms
scored each whole number from 0 to 100, as of the newest release. A results page reads a few of these
rows, whatever the number of firms. Only a release (`manage.py release_peers`, or the worker once a
day) writes them: never a submit or a delete, so what a firm sees changes at most once a release.
"""

from django.db import models

from .choices import Sector, SizeBand
from .content import Driver

BINS = 101  # scores are whole numbers 0–100


def empty_histogram():
    return [0] * BINS


class PeerCell(models.Model):
    driver = models.ForeignKey(Driver, on_delete=models.CASCADE, related_name="peer_cells")
    sector = models.CharField(max_length=2, choices=Sector)
    size_band = models.CharField(max_length=10, choices=SizeBand)
    # histogram[s] = counted firms whose score for the driver is s; firms without a score are not in it.
    histogram = models.JSONField(default=empty_histogram)
    # Counted firms with a row for the driver, scored or not: the group size a report names.
    firms = models.PositiveIntegerField(default=0)
    # Goes up by one at every release that changes the cell and never down, so a sum over cells names
    # their state.
    revision = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["driver", "sector", "size_band"], name="one_peer_cell_per_group"),
        ]

    def __str__(self):
        return f"{self.driver_id} / {self.sector} / {self.size_band}: {self.firms} firms"


class PeerRelease(models.Model):
    """One release of the peer cells: when it was made and which submits it counts."""

    released_at = models.DateTimeField(db_index=True)
    cutoff = models.DateTimeField(help_text="Firms submitted up to this moment count in this release.")
    firms = models.PositiveIntegerField(default=0, help_text="Firms counted in this release.")
    cells_changed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-released_at"]
        get_latest_by = "released_at"

    def __str__(self):
        return f"{self.released_at:%Y-%m-%d %H:%M}: {self.firms} firms"
