"""The journey's hub and its ways to begin again: the task list, starting afresh (after asking),
a new assessment from a submitted one, and continuing a quick check into the full assessment."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import mail, session_link
from .journey import start_from
from .models import Assessment, Questionnaire
from .views import with_assessment


@require_safe
@with_assessment
def tasks(request, assessment, journey):
    if assessment.is_submitted:
        return redirect(journey.url("results"))
    context = {
        "journey": journey,
        "tasks": journey.tasks(),
        "answered": journey.answered_count(),
        "link": mail.resume_link(request, journey.token),
    }
    return render(request, "assessments/tasks.html", context)


@require_http_methods(["GET", "POST"])
def start_again(request):
    """Asks before a new assessment replaces the one this browser remembers (which stays at its link)."""
    current = session_link.bound_assessment(request)
    if request.method == "POST" or current is None:
        session_link.forget(request)
        quick = (request.POST.get("mode") or request.GET.get("mode")) == Assessment.Mode.QUICK
        return redirect(reverse("assessments:new") + ("?mode=quick" if quick else ""))
    context = {"current": current, "mode": request.GET.get("mode", "")}
    return render(request, "assessments/start_again.html", context)


@require_POST
@with_assessment
def again(request, assessment, journey):
    """A new full assessment from a submitted one, on the newest version, for then → now."""
    if not assessment.is_submitted:
        return redirect(journey.landing_url())
    new, token = start_from(assessment, Questionnaire.objects.current(), previous=assessment)
    session_link.bind(request, new)
    messages.success(
        request, gettext("Your new assessment has started from your last answers. Change what is different now.")
    )
    return redirect("assessments:tasks", token=token)


@require_POST
@with_assessment
def full(request, assessment, journey):
    """A quick check goes on as the full assessment, keeping every answer given."""
    if not assessment.is_quick:
        return redirect(journey.landing_url())
    if not assessment.is_submitted:
        Assessment.objects.filter(pk=assessment.pk).update(mode=Assessment.Mode.FULL)
        return redirect(journey.url("tasks"))
    new, token = start_from(assessment, assessment.questionnaire)
    session_link.bind(request, new)
    messages.success(request, gettext("Your full assessment has started with your quick check answers."))
    return redirect("assessments:tasks", token=token)
