from django.core.management.base import BaseCommand

from assessments import peers
from assessments.models import PeerCell


class Command(BaseCommand):
    help = (
        "Rebuilds the stored peer distributions from the driver scores of the firms that count. Submits keep "
        "them current; run this after upgrading, after deleting assessments outside the service, or to check."
    )

    def handle(self, *args, **options):
        changed = peers.refresh()
        self.stdout.write(f"Peer cells rebuilt: {changed} changed, {PeerCell.objects.count()} in all.")
