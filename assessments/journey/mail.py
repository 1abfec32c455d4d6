"""The one place a private link leaves by e-mail: our words only, not too often, and the address
is never stored.

Anyone can ask for the link to be sent anywhere, so the message holds nothing the sender chose but
the company name (one line, shortened), and each address and each client may trigger only a few
per period (limits.py: counted in Django's cache, so a shared one, e.g. Redis, holds the limit
across servers).
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext

from readiness.client_ip import client_ip

from .. import limits
from ..models import assessment_url
from . import session_link

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
    """Sends the private link to `address`, in the assessment's language (the link leads to its pages
    in that language); False when there is no link to send or a limit held it back. The address is
    used for this one message and kept nowhere."""
    with translation.override(assessment.language):
        link = resume_link(request, token)
        subject = gettext("Your Manufacturing Readiness link")
        company = Truncator(" ".join(assessment.company_name.split())).chars(COMPANY_CHARS)
        body = render_to_string("journey/email/resume_link.txt", {"company": company, "link": link})
    address = address.strip()
    if link is None or not (_within_limit("address", address.lower()) and _within_limit("client", client_ip(request))):
        return False
    return bool(send_mail(subject, body, None, [address], fail_silently=True))
