"""E-mail sent by the background worker, never by a web request: a slow or silent mail relay holds
the worker (for at most EMAIL_TIMEOUT seconds), not a web worker that pages are waiting for.

`send.enqueue(address, subject, body)` queues one message (the journey's resume link, the advisers'
share notice). Its task row holds the address and the body (which may carry a private link) until the
worker has sent it; the worker then deletes the row (`forget_sent`, every few seconds).
"""

import logging
import smtplib

from django.apps import apps
from django.core.mail import send_mail
from django_tasks import task

log = logging.getLogger(__name__)


@task()
def send(address, subject, body):
    """Sends one message, in the worker. A refused or silent relay is logged (without the address or
    the body, which would put a private link in the logs) and the message dropped: the page that
    asked for it already showed the link or the shared assessment."""
    try:
        return send_mail(subject, body, None, [address]) == 1
    except (OSError, smtplib.SMTPException) as error:
        log.warning("An e-mail was not sent: %s", type(error).__name__)
        return False


def forget_sent():
    """Deletes the task rows of messages already sent or given up, with their address and body (the
    worker calls it every few seconds). Returns how many."""
    if not apps.is_installed("django_tasks_db"):
        return 0
    from django_tasks_db.models import DBTaskResult

    deleted, _ = DBTaskResult.objects.finished().filter(task_path=send.module_path).delete()
    return deleted
