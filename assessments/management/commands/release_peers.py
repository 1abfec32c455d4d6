from django.core.management.base import BaseCommand

from assessments.insights import peers


class Command(BaseCommand):
    help = (
        "Releases the peer figures firms see: rebuilds the peer cells from the firms that count and were "
        "submitted at least PEER_RELEASE_AGE_DAYS ago. Run it daily (cron or a systemd timer) if no worker "
        "runs; with a worker, a submit queues one whenever the last release is PEER_RELEASE_HOURS old. "
        "--if-due releases only then."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-due", action="store_true", help="Release only if the last one is old enough.")

    def handle(self, *args, if_due=False, **options):
        made = peers.release_if_due() if if_due else peers.release()
        if made is None:
            self.stdout.write("No release due.")
            return
        self.stdout.write(
            f"Peer figures released: {made.firms} firms submitted up to {made.cutoff:%Y-%m-%d %H:%M}, "
            f"{made.cells_changed} cells changed."
        )
