from django.core.management.base import BaseCommand

from assessments.admin import links
from assessments.models import Programme


class Command(BaseCommand):
    help = (
        "Visits each active programme's address and its source's (following redirects), records the status, "
        "final address, page title and time on the entry, and lists what changed or broke since the last run. "
        "It never sets “last checked”: only an editor's check in the admin does. Needs outbound HTTPS; run it "
        "nightly (see README)."
    )

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="programme codes to check (default: every active programme)")
        parser.add_argument("--timeout", type=float, default=links.TIMEOUT, help="seconds per address")

    def handle(self, *args, codes=(), timeout=links.TIMEOUT, **options):
        programmes = Programme.objects.filter(active=True).order_by("code")
        if codes:
            programmes = programmes.filter(code__in=codes)
        outcomes = links.check_programmes(programmes, timeout=timeout)
        for outcome in outcomes:
            if outcome.changes:
                self.stdout.write(self.line(outcome))
        broken = sum(o.broken for o in outcomes)
        changed = sum(bool(o.changes) for o in outcomes)
        self.stdout.write(f"{len(outcomes)} addresses checked: {broken} not answering, {changed} changed.")

    def line(self, outcome):
        check = outcome.check
        seen = f"{check.status} {check.final_url}" if check.status else check.error
        title = f" “{check.title}”" if check.title else ""
        return f"{check.programme.code} {check.link}: {', '.join(outcome.changes)} — {seen}{title}"
