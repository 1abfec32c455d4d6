from django.core.management.base import BaseCommand

from assessments.insights import published


class Command(BaseCommand):
    help = (
        "Publishes every completed quarter whose INSIGHTS_RELEASE_DELAY_DAYS have passed: a frozen copy of its "
        "insight figures, the only ones analysts can download. Runs with the worker's daily round; run it "
        "daily from cron if no worker runs. Publishing a quarter twice does nothing."
    )

    def handle(self, *args, **options):
        made = published.publish_due()
        for release in made:
            kind = "demo data" if release.is_demo else "real firms"
            self.stdout.write(f"Published {release.quarter} ({kind}): {release.firms} firms.")
        if not made:
            self.stdout.write("No quarter due.")
