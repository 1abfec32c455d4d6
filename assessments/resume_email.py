"""The e-mail carrying a firm's resume link: our words only, and not too often.

Anyone can start an assessment with any address, so the message holds nothing the sender chose
but the company name (one line, shortened), and each address and each client may trigger only a
few per period (counted in Django's cache: use a shared one, e.g. Redis, with several servers).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.text import Truncator
from django.utils.translation import gettext

from readiness.client_ip import client_ip

COMPANY_CHARS = 60


def _within_limit(kind, value):
    limit, seconds = settings.RESUME_EMAIL_LIMITS[kind]
    key = f"resume-email:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the count expired between add and incr: this is the first of a new period
        cache.set(key, 1, seconds)
        return True


def send_resume_link(request, assessment, link):
    """Sends the link to the assessment's contact address; False if a limit held it back."""
    address = assessment.contact_email.strip().lower()
    if not (_within_limit("address", address) and _within_limit("client", client_ip(request))):
        return False
    company = Truncator(" ".join(assessment.company_name.split())).chars(COMPANY_CHARS)
    body = render_to_string("assessments/email/resume_link.txt", {"company": company, "link": link})
    send_mail(gettext("Your Manufacturing Readiness link"), body, None, [assessment.contact_email], fail_silently=True)
    return True
