"""The one place a private link leaves by e-mail: our words only, not too often, sent by the
background worker, and the address is kept only until it is sent.

Anyone can ask for the link to be sent anywhere, so the message holds nothing the sender chose but
the company name (one line, shortened), and each address and each client may trigger only a few
per period (limits.py: counted in Django's cache, so a shared one, e.g. Redis, holds the limit
across servers; when the cache cannot count, no e-mail goes).

The request only queues the message: a slow or silent mail relay holds the worker (for at most
EMAIL_TIMEOUT seconds), never a web worker. The queued task holds the address and the link until the
worker has sent it; the worker then deletes its row (forget_sent).
"""

import logging
import smtplib

from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.text import Truncator
from django.utils.translation import gettext
from django_tasks import task

from readiness.client_ip import client_ip

from .. import limits
from ..models import assessment_url
from . import session_link

log = logging.getLogger(__name__)
COMPANY_CHARS = 60


def resume_link(request, token):
    """The absolute private link (SITE_URL, when set, rather than the request's host), or None on
    pages reached through this browser's session reference, where there is no token to show."""
    if session_link.is_session_ref(token):
        return None
    path = assessment_url("resume", token)
    return f"{settings.SITE_URL}{path}" if settings.SITE_URL else request.build_absolute_uri(path)


def _within_limit(kind, value):
    return limits.hit(f"resume-email:{kind}:{value}", *settings.RESUME_EMAIL_LIMITS[kind])


def send_resume_link(request, assessment, token, address):
    """Queues the private link for `address`; False when there is no link to send or a limit held it
    back. The address is used for this one message and kept only until it is sent."""
    link = resume_link(request, token)
    address = address.strip()
    if link is None or not (_within_limit("address", address.lower()) and _within_limit("client", client_ip(request))):
        return False
    company = Truncator(" ".join(assessment.company_name.split())).chars(COMPANY_CHARS)
    body = render_to_string("journey/email/resume_link.txt", {"company": company, "link": link})
    send_link.enqueue(address, gettext("Your Manufacturing Readiness link"), body)
    return True


@task()
def send_link(address, subject, body):
    """Sends one resume e-mail, in the worker. A refused or silent relay is logged (without the
    address or the link, which would put the link in the logs) and the message dropped: the firm
    still has its link on the page."""
    try:
        return send_mail(subject, body, None, [address]) == 1
    except (OSError, smtplib.SMTPException) as error:
        log.warning("A resume e-mail was not sent: %s", type(error).__name__)
        return False


def forget_sent():
    """Deletes the task rows of e-mails already sent or given up, with their address and link (the
    worker calls it every few seconds). Returns how many."""
    if not apps.is_installed("django_tasks_db"):
        return 0
    from django_tasks_db.models import DBTaskResult

    deleted, _ = DBTaskResult.objects.finished().filter(task_path=send_link.module_path).delete()
    return deleted
