"""The firm's side: "Share with an adviser" (its consent, recorded per purpose) and withdrawing a
share in one click. Both are token pages of the firm's own assessment (journey's with_assessment)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from ..journey.views import with_assessment
from ..models import CONSENT_VERSION, AdviserOrganisation, Share
from . import mail
from .forms import ShareForm


@require_http_methods(["GET", "HEAD", "POST"])
@with_assessment
def share(request, assessment, journey):
    organisations = AdviserOrganisation.offered_to(assessment)
    form = ShareForm(request.POST or None, organisations=organisations, region=assessment.get_region_display())
    if form.is_valid():
        made = form.save(assessment)
        mail.tell_organisation(request, made)
        messages.success(
            request,
            gettext("You have shared with %(organisation)s. You can withdraw at any time.")
            % {"organisation": made.organisation.name},
        )
        return redirect(journey.landing_url())
    context = {
        "journey": journey,
        "assessment": assessment,
        "form": form,
        "organisations": organisations,
        "shares": Share.objects.active().filter(assessment=assessment).select_related("organisation"),
        "consent_version": CONSENT_VERSION,
    }
    return render(request, "advisers/share.html", context, status=400 if form.errors else 200)


@require_POST
@with_assessment
def withdraw(request, assessment, journey, share_id):
    """Ends one of this firm's shares at once: the organisation's next request is refused."""
    share = assessment.shares.select_related("organisation").filter(public_id=share_id).first()
    if share is None:
        raise Http404("No such share.")
    if share.withdraw():
        messages.success(
            request,
            gettext(
                "You have withdrawn your share with %(organisation)s. Its advisers can no longer see your assessment."
            )
            % {"organisation": share.organisation.name},
        )
    return redirect(journey.landing_url())
