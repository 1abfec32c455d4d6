import time

from django.core.management.base import BaseCommand, CommandError

from assessments.advisers import demo as adviser_demo
from assessments.insights import demo


class Command(BaseCommand):
    help = (
        "Replaces the demo data with N synthetic, clearly flagged firms (submitted assessments with answers and "
        "scores over the last quarters). Demo firms never count in a real firm's peer figures, and the insights "
        "show them only when asked. A demo adviser organisation, with a demo adviser, gets a few of them shared "
        "with it (never offered to real firms). --firms 0 removes them all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--firms", type=int, default=2000, help="how many demo firms (default 2000)")
        parser.add_argument("--quarters", type=int, default=8, help="spread over this many quarters (default 8)")
        parser.add_argument("--seed", type=int, default=None, help="random seed, for a repeatable data set")

    def handle(self, *args, firms, quarters, seed, **options):
        if firms < 0 or quarters < 1:
            raise CommandError("--firms must be 0 or more and --quarters 1 or more.")
        start = time.perf_counter()
        try:
            made = demo.seed(firms, quarters, seed) if firms else demo.clear()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        verb = "made" if firms else "removed"
        self.stdout.write(f"Demo firms {verb}: {made} in {time.perf_counter() - start:.1f} s.")
        if not firms:
            adviser_demo.clear()
            return
        organisation, username, password = adviser_demo.seed()
        shared = organisation.shares.count()
        self.stdout.write(
            f"Demo adviser organisation: {organisation.name}, {shared} demo firms shared with it.\n"
            f"Its demo adviser signs in at /advisers/ as {username} with the password {password} (new each run; "
            f"where a second factor is required, enrol it first: manage.py add_totp {username})."
        )
