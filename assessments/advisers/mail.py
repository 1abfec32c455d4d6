"""The e-mail to an organisation's inbox when a firm shares with it.

It carries the company name (one line, shortened) and a link that opens only after an adviser's
sign-in: no scores, answers or contact address. Each organisation and each firm may trigger only a
few per period (limits.py, counted in the shared cache, so the limit holds across servers); the
queue shows every share whether or not its e-mail went. The background worker sends it (outbox.py).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext

from .. import limits, outbox

COMPANY_CHARS = 60
# (how many, per how many seconds): to one organisation's inbox, and about one firm's assessment.
NOTICE_LIMITS = {"organisation": (30, 3600), "firm": (3, 24 * 3600)}


def firm_link(request, share):
    path = reverse("advisers:firm", kwargs={"share_id": share.public_id})
    return f"{settings.SITE_URL}{path}" if settings.SITE_URL else request.build_absolute_uri(path)


def tell_organisation(request, share):
    """Queues the notice for the worker; False when a limit held it back."""
    within = limits.hit(f"share-notice:organisation:{share.organisation_id}", *NOTICE_LIMITS["organisation"])
    if not (within and limits.hit(f"share-notice:firm:{share.assessment_id}", *NOTICE_LIMITS["firm"])):
        return False
    company = Truncator(" ".join(share.assessment.company_name.split())).chars(COMPANY_CHARS)
    context = {"company": company, "organisation": share.organisation.name, "link": firm_link(request, share)}
    body = render_to_string("advisers/email/share_notice.txt", context)
    subject = gettext("A firm has shared its readiness assessment with you")
    outbox.send.enqueue(share.organisation.inbox, subject, body)
    return True
