"""Which assessment this browser is working on, remembered without its token.

The session keeps the token's SHA-256 (as the database does) and a random reference. The start
page finds the assessment by the hash; "Continue" leads to URLs carrying `~<reference>` in the
token's place, which work only with this session, and stop working as soon as the browser opens
another assessment, so an old tab can never save into the wrong one.
"""

import secrets

from ..models import Assessment

SESSION_KEY = "assessment"
LEGACY_KEY = "assessment_token"  # sessions from before held the raw token
REF_PREFIX = "~"  # never in a token: token_urlsafe uses only letters, digits, - and _


def bind(request, assessment):
    """Remembers the assessment for this browser; a newly bound one gets a fresh session id."""
    bound = request.session.get(SESSION_KEY)
    if bound and bound["hash"] == assessment.token_hash:
        return  # writing the session costs a transaction: only when something changes
    request.session.cycle_key()  # whoever knew the old session id learns nothing about this one
    request.session.pop(LEGACY_KEY, None)
    request.session[SESSION_KEY] = {"hash": assessment.token_hash, "ref": secrets.token_urlsafe(9)}


def forget(request):
    request.session.pop(SESSION_KEY, None)


def bound_assessment(request):
    bound = request.session.get(SESSION_KEY)
    return Assessment.objects.filter(token_hash=bound["hash"]).first() if bound else None


def session_ref(request):
    """The stand-in for the token in URLs reached through "Continue"."""
    return REF_PREFIX + request.session[SESSION_KEY]["ref"]


def is_session_ref(token):
    return token.startswith(REF_PREFIX)


def find(request, token):
    """The assessment of a token or of this session's reference; DoesNotExist for anything else."""
    if not is_session_ref(token):
        return Assessment.objects.get_by_token(token)
    bound = request.session.get(SESSION_KEY)
    if not bound or token != REF_PREFIX + bound["ref"]:
        raise Assessment.DoesNotExist
    return Assessment.objects.select_related("questionnaire").get(token_hash=bound["hash"])
