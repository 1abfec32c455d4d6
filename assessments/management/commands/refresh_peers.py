from django.core.management.base import BaseCommand

from assessments.insights import peers
from assessments.models import InsightCell, PeerCell


class Command(BaseCommand):
    help = (
        "Rebuilds the stored peer distributions and the insight cells from the scores and answers of the firms "
        "that count. Submits keep them current; run this once after upgrading, after changing assessments "
        "outside the service, or to check (it reports how many cells it had to change)."
    )

    def handle(self, *args, **options):
        changed = peers.refresh()
        cells = PeerCell.objects.count() + InsightCell.objects.count()
        self.stdout.write(f"Peer and insight cells rebuilt: {changed} changed, {cells} in all.")
