"""The firm's own data: download it, delete it, and read what is kept, why and for how long."""

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, pgettext
from django.views.decorators.http import require_http_methods, require_safe

from .. import limits
from ..insights.disclosure import MIN_GROUP
from ..models import AdviserAccess
from . import session_link
from .views import too_many, with_assessment


def _export(assessment):
    """Everything stored about one assessment, in words as well as codes."""
    answers = assessment.answers.select_related("question__driver", "option").order_by(
        "question__driver__order", "question__order"
    )
    return {
        "profile": {
            "company_name": assessment.company_name,
            "sector": assessment.get_sector_display(),
            "size_band": assessment.get_size_band_display(),
            "region": assessment.get_region_display(),
            "contact_email": assessment.contact_email,
            "benchmark_consent": assessment.benchmark_consent,
            "importance": assessment.importance,
        },
        "questionnaire_version": assessment.questionnaire.version,
        "engagement": assessment.engagement,
        "status": assessment.status,
        "created_at": assessment.created_at.isoformat(),
        "updated_at": assessment.updated_at.isoformat(),
        "submitted_at": assessment.submitted_at.isoformat() if assessment.submitted_at else None,
        "answers": [
            {
                "question_code": a.question.code,
                "driver": a.question.driver.code,
                "question": a.question.text,
                "answer": a.option.label,
                "kind": a.option.kind,
                "level": a.option.level,
            }
            for a in answers
        ],
        "scores": [
            {"driver": s.driver.code, "score": s.score, "level": s.level or None, "coverage": s.coverage}
            for s in assessment.driver_scores.select_related("driver")
        ],
        **_shared(assessment),
    }


def _shared(assessment):
    """Every share (consent) the firm gave, and every adviser access to its data, oldest first."""
    shares = assessment.shares.select_related("organisation").order_by("created_at")
    accesses = AdviserAccess.objects.filter(share__assessment=assessment).select_related("share__organisation")
    return {
        "shares": [
            {
                "organisation": s.organisation.name,
                "purposes": [p.value for p in s.purposes()],
                "contact_email": s.contact_email,
                "consent_wording_version": s.consent_version,
                "shared_at": s.created_at.isoformat(),
                "expires_at": s.expires_at.isoformat(),
                "withdrawn_at": s.withdrawn_at.isoformat() if s.withdrawn_at else None,
            }
            for s in shares
        ],
        "adviser_accesses": [
            {"who": a.who, "organisation": a.share.organisation.name, "what": a.action, "when": a.at.isoformat()}
            for a in accesses.order_by("at")
        ],
        "adviser_validations": [
            {
                "question_code": v.question.code,
                "level": v.level,
                "reason": v.reason,
                "adviser": v.adviser_name,
                "organisation": v.organisation.name,
                "at": v.created_at.isoformat(),
                "voided_at": v.voided_at.isoformat() if v.voided_at else None,
            }
            for v in assessment.validations.select_related("question", "organisation")
        ],
    }


@require_safe
@with_assessment
def my_data(request, assessment, journey):
    response = JsonResponse(_export(assessment), json_dumps_params={"indent": 2, "ensure_ascii": False})
    name = pgettext("a file name, no spaces", "readiness-assessment")
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@with_assessment
def delete(request, assessment, journey):
    """A confirmation page; the POST deletes the assessment, its answers and its scores for good."""
    if request.method == "POST":
        if not limits.allow(request, "delete"):
            return too_many(request)
        assessment.delete()  # answers and driver scores cascade, so the benchmark forgets it too
        session_link.forget(request)
        messages.success(request, gettext("Your assessment has been deleted. Its link no longer works."))
        return redirect("assessments:start")
    return render(request, "journey/delete.html", {"journey": journey, "assessment": assessment})


@require_safe
def privacy(request):
    context = {
        "in_progress_days": settings.RETENTION_IN_PROGRESS_DAYS,
        "contact_email_months": settings.RETENTION_CONTACT_EMAIL_MONTHS,
        "staff_session_hours": settings.STAFF_SESSION_HOURS,
        "network_days": settings.RETENTION_NETWORK_DAYS,
        "release_age_days": settings.PEER_RELEASE_AGE_DAYS,
        "min_group": MIN_GROUP,
    }
    return render(request, "journey/privacy.html", context)
