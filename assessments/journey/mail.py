"""The one place a private link leaves by e-mail: our words only, not too often, sent by the
background worker (outbox.py), and the address kept only until it is sent.

Anyone can ask for the link to be sent anywhere, so the message holds nothing the sender chose but
the company name (one line, shortened), and each mailbox and each client may trigger only a few
per period (limits.py, in the shared cache; when the cache cannot count, no e-mail goes). The
mailbox limit counts the mailbox, not its spelling: "Victim+1@Gmail.com" and
"v.ictim@googlemail.com" reach the same inbox as "victim@gmail.com".
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext

from .. import limits, outbox
from ..models import assessment_url
from . import session_link

COMPANY_CHARS = 60
# Providers that ignore dots in the local part (and the domains they answer for).
DOTLESS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def resume_link(request, token):
    """The absolute private link (SITE_URL, when set, rather than the request's host), or None on
    pages reached through this browser's session reference, where there is no token to show."""
    if session_link.is_session_ref(token):
        return None
    path = assessment_url("resume", token)
    return f"{settings.SITE_URL}{path}" if settings.SITE_URL else request.build_absolute_uri(path)


def mailbox(address):
    """The inbox an address reaches, as the e-mail limit counts it: lower case, without a "+tag"
    (sub-addressing, which most providers deliver to the same inbox), and without dots in the local
    part at providers that ignore them."""
    local, _at, domain = address.strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    if domain in DOTLESS:
        local, domain = local.replace(".", ""), DOTLESS[domain]
    return f"{local}@{domain}"


def _within_limits(request, address):
    return limits.allow(request, "resume_email_address", key=mailbox(address)) and limits.allow(
        request, "resume_email_client"
    )


def send_resume_link(request, assessment, token, address):
    """Queues the private link for `address`, in the assessment's language (the link leads to its pages
    in that language); False when there is no link to send or a limit held it back. The address is
    used for this one message and kept only until it is sent."""
    address = address.strip()
    if session_link.is_session_ref(token) or not _within_limits(request, address):
        return False
    return _send(request, assessment, token, address)


def send_new_link(request, assessment, address):
    """Gives the assessment a new private link and sends it to `address`: for a browser that came back
    through its session, which has no link to send. The old link stops working. Returns the new token,
    or None when a limit held the message back (and then the old link still works)."""
    address = address.strip()
    if not _within_limits(request, address):
        return None
    token = assessment.rotate_token()
    _send(request, assessment, token, address)
    return token


def _send(request, assessment, token, address):
    with translation.override(assessment.language):  # the link leads to its pages in that language
        link = resume_link(request, token)
        subject = gettext("Your Manufacturing Readiness link")
        company = Truncator(" ".join(assessment.company_name.split())).chars(COMPANY_CHARS)
        body = render_to_string("journey/email/resume_link.txt", {"company": company, "link": link})
    outbox.send.enqueue(address, subject, body)
    return True
