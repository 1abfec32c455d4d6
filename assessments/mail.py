"""The one place a private link leaves by e-mail, so limits on sending apply to every route."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext

from .models import assessment_url


def resume_link(request, token):
    """The absolute private link; SITE_URL (when set) rather than the request's host, for e-mails."""
    path = assessment_url("resume", token)
    return f"{settings.SITE_URL}{path}" if settings.SITE_URL else request.build_absolute_uri(path)


def send_resume_link(request, assessment, token, address):
    """Sends the private link to `address` once; the address is not stored. True when it went."""
    # Translators: the e-mail with a firm's private link; %(link)s is the link.
    body = gettext(
        "Your private link to the assessment for %(company)s:\n\n%(link)s\n\n"
        "It works on any device and picks up where you stopped. Anyone with the link can see and change "
        "your answers until you submit, so keep it to your team.\n\n"
        "We keep no copy of this e-mail address."
    )
    sent = send_mail(
        gettext("Your Manufacturing Readiness link"),
        body % {"company": assessment.company_name, "link": resume_link(request, token)},
        None,
        [address],
        fail_silently=True,
    )
    return bool(sent)
