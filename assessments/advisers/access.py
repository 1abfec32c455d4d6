"""The one door to a firm's data for an adviser.

Every workspace view passes `workspace` (the admin's staff sign-in and, where required, its second
factor; then the Adviser permission and a membership of an organisation); every view of one firm
passes `firm_view`, which finds the firm only among the active shares of the adviser's own
organisation (`Share.objects.seen_by`), checks the purpose the view needs, and logs the access.
All of it is read from the database on every request: a share withdrawn, expired or deleted, or an
adviser moved to another organisation, is refused on the very next request on every server.
Anything else is the same 403, so an id of another organisation's firm reveals nothing.
"""

import logging
from functools import wraps

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.cache import add_never_cache_headers

from ..models import Adviser, AdviserAccess, Share

log = logging.getLogger(__name__)
PERMISSION = "assessments.advise_firms"


def adviser_of(request):
    """The signed-in user's membership of an organisation, or PermissionDenied (superusers too:
    being a superuser opens no firm; a membership does)."""
    adviser = Adviser.objects.select_related("organisation", "user").filter(user_id=request.user.pk).first()
    if adviser is None or not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    return adviser


def private(response):
    """Never stored by a browser or a proxy, never indexed, no referrer to a firm's page."""
    add_never_cache_headers(response)  # private, no-cache, no-store, must-revalidate
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def workspace(view):
    """A workspace page: view(request, adviser, ...)."""

    @wraps(view)
    def signed_in(request, *args, **kwargs):
        return private(view(request, adviser_of(request), *args, **kwargs))

    # The admin's own door: a staff sign-in (throttled by axes), its second factor when required,
    # CSRF protection and never-cache; anyone else goes to the admin's sign-in page.
    return admin.site.admin_view(signed_in)


def firm_view(purpose=None, logs=None):
    """A page of one firm, addressed by its share's public id: view(request, adviser, share, ...).
    `purpose`: the Share.Purpose the page needs; `logs`: the AdviserAccess.Action to record."""

    def decorate(view):
        @workspace
        @wraps(view)
        def checked(request, adviser, share_id, *args, **kwargs):
            share = share_for(adviser, share_id, purpose)
            if logs:
                record(adviser, share, logs)
            return view(request, adviser, share, *args, **kwargs)

        return checked

    return decorate


def share_for(adviser, share_id, purpose=None):
    """The active share `share_id` of the adviser's organisation allowing `purpose`, or PermissionDenied."""
    shares = Share.objects.seen_by(adviser).select_related("assessment__questionnaire", "organisation")
    share = shares.filter(public_id=share_id).first()
    if share is None or (purpose and not share.allows(purpose)):
        log.warning("Adviser %s refused share %s (%s)", adviser.user_id, share_id, purpose or "any purpose")
        raise PermissionDenied
    return share


def record(adviser, share, action):
    """Logs one access for the firm to read in its own data."""
    AdviserAccess.objects.create(share=share, user=adviser.user, who=adviser.name, action=action)
