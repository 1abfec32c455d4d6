from django.core.management.base import BaseCommand

from assessments.insights import peers
from assessments.models import InsightCell, PeerCell


class Command(BaseCommand):
    help = (
        "Rebuilds the insight cells from the scores and answers of the firms that count, and releases the peer "
        "figures (as release_peers). Submits keep the insight cells current; run this once after upgrading, "
        "after changing assessments outside the service, or to check (it reports how many cells it changed)."
    )

    def handle(self, *args, **options):
        changed = peers.refresh()
        made = peers.release()
        cells = PeerCell.objects.count() + InsightCell.objects.count()
        self.stdout.write(
            f"Insight cells rebuilt: {changed} changed. Peer figures released: {made.firms} firms, "
            f"{made.cells_changed} cells changed. {cells} cells in all."
        )
