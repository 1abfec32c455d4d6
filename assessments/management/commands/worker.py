"""The background worker: django-tasks' `db_worker` (PDF renders, e-mails), which also looks
after its own queue and survives a database restart.

Every few seconds, beside the tasks, it
- queues again the renders whose worker died mid-render (still "rendering" past their deadline) and
  queued renders whose task was lost, and the first render of any submitted firm that has none
  (report/rendering.py), so every submitted firm gets its PDF without a page asking;
- marks as failed the task rows still "running" long after any task could have (their worker was
  killed), so the queue's figures (/readyz) stay true and `purge` can prune them;
- deletes the rows of e-mails once sent (outbox.py), with their address and link.

db_worker stops on a database error other than a locked SQLite file; this one logs it, waits and
starts again, so a PostgreSQL restart or failover costs a few seconds of renders, not the worker.

    python manage.py worker   (under `nice` beside the app servers; any number of them)
"""

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker
from django_tasks_db.models import DBTaskResult

from assessments import outbox
from assessments.report import rendering

log = logging.getLogger("assessments.worker")
HOUSEKEEPING_SECONDS = 5
RESTART_SECONDS = 2  # after a database error, the pause before the worker starts again


def stale_after():
    """No live task runs this long: a render stops at REPORT_TIMEOUT, an e-mail at EMAIL_TIMEOUT."""
    return timedelta(seconds=3 * max(settings.REPORT_TIMEOUT, settings.EMAIL_TIMEOUT))


class Command(DatabaseWorker):
    help = (
        "Runs background tasks (PDF renders, e-mails) like db_worker, re-queues abandoned renders, "
        "drops sent e-mails' rows, and starts again after a database error."
    )

    def handle(self, *args, **options):
        options.update(reload=False, batch=False)
        tidy_once()  # before the first task: a render a killed predecessor left goes first, not after it
        threading.Thread(target=housekeeping, name="housekeeping", daemon=True).start()
        while True:
            try:
                return super().handle(*args, **options)
            except DatabaseError as error:
                log.warning("Database error (%s); the worker starts again in %s s", error, RESTART_SECONDS)
                connections.close_all()
                time.sleep(RESTART_SECONDS)

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(interval=0.5, reload=False)


def housekeeping():
    """Runs tidy() every few seconds, for as long as the worker runs (a daemon thread with its own
    database connection)."""
    while True:
        time.sleep(HOUSEKEEPING_SECONDS)
        tidy_once()


def tidy_once():
    try:
        close_old_connections()
        tidy()
    except DatabaseError as error:
        log.warning("Housekeeping skipped: %s", error)
        connections["default"].close()
    except Exception:  # a bug must not end the housekeeping quietly while the worker runs on
        log.exception("Housekeeping failed")


def tidy(now=None):
    """One round of the worker's housekeeping; returns what it did, for the log and the tests."""
    now = now or timezone.now()
    stale = DBTaskResult.objects.running().filter(started_at__lt=now - stale_after())
    done = {
        "stale_tasks": stale.update(
            status="FAILED", finished_at=now, exception_class_path="WorkerLost", traceback="The worker stopped."
        ),
        "renders_queued_again": rendering.requeue_abandoned(),
        "renders_missing_queued": rendering.queue_missing(),
        "emails_forgotten": outbox.forget_sent(),
    }
    if any(done.values()):
        log.info("Housekeeping: %s", ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in done.items() if v))
    return done
