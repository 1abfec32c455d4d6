from functools import wraps

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import pdf, report, session_link
from .forms import AlreadySubmitted, DriverForm, ProfileForm
from .inline_svg import without_inline_styles
from .journey import Journey
from .models import Assessment, Driver, Questionnaire, assessment_url, save_scores
from .resume_email import send_resume_link


def with_assessment(view):
    """Looks the assessment up by its token (or this browser's session reference): the same 404
    for anything unknown. Every token page is uncached, unindexed and refers no other site to it."""

    @wraps(view)
    def wrapper(request, token, *args, **kwargs):
        try:
            assessment = session_link.find(request, token)
        except Assessment.DoesNotExist:
            raise Http404("No assessment at this link.") from None
        session_link.bind(request, assessment)
        response = view(request, assessment, Journey(assessment, token), *args, **kwargs)
        add_never_cache_headers(response)
        # Links out (programmes) must never carry the token. Not "no-referrer": under it Chromium
        # sends "Origin: null" with every form POST, which Django's CSRF check rightly refuses.
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def resume_link(request, token):
    """The firm's private link, or None on pages reached through the session (no token to show)."""
    if session_link.is_session_ref(token):
        return None
    return request.build_absolute_uri(assessment_url("resume", token))


@require_safe
def start(request):
    context = {
        "drivers": Driver.objects.all(),
        "questionnaire": Questionnaire.objects.current(),
        "current": session_link.bound_assessment(request),
    }
    return render(request, "assessments/start.html", context)


@require_safe
def continue_assessment(request):
    """Where "Continue where you left off" leads: this browser's assessment, without its token."""
    assessment = session_link.bound_assessment(request)
    if assessment is None:
        return redirect("assessments:start")
    response = redirect(Journey(assessment, session_link.session_ref(request)).next_url())
    add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def new(request):
    questionnaire = Questionnaire.objects.current()
    if questionnaire is None:
        return render(request, "assessments/unavailable.html", status=503)
    form = ProfileForm(request.POST or None)
    if form.is_valid():
        assessment = form.save(commit=False)
        assessment.questionnaire = questionnaire
        token = assessment.issue_token()
        assessment.save()
        session_link.bind(request, assessment)
        link = resume_link(request, token)
        if assessment.contact_email and not send_resume_link(request, assessment, link):
            messages.warning(
                request,
                gettext(
                    "The e-mail with your link was not sent: several were sent to this address or from "
                    "this connection recently. Copy the link below instead."
                ),
            )
        started = gettext(
            "Your assessment has started and every page is saved as you continue. To come back later, from any "
            "device, use your private link: %(link)s"
        )
        messages.success(request, started % {"link": link})
        return redirect(Journey(assessment, token).steps[1].url)
    return render(request, "assessments/profile.html", {"form": form, "journey": None})


@require_http_methods(["GET", "HEAD", "POST"])
@with_assessment
def profile(request, assessment, journey):
    if assessment.is_submitted:
        return _read_only(request, journey)
    form = ProfileForm(request.POST or None, instance=assessment)
    if form.is_valid():
        try:
            form.save()
        except AlreadySubmitted:  # submitted from another tab since this request began
            return _read_only(request, journey)
        return redirect(journey.steps[1].url)
    return render(request, "assessments/profile.html", {"form": form, "journey": journey, "step": journey.steps[0]})


@require_safe
@with_assessment
def resume(request, assessment, journey):
    return redirect(journey.next_url())


@require_http_methods(["GET", "HEAD", "POST"])
@with_assessment
def driver_page(request, assessment, journey, driver):
    if assessment.is_submitted:
        return _read_only(request, journey)
    step = journey.step_for(driver)
    if step is None:
        raise Http404("No such section.")
    questions = list(
        assessment.questionnaire.questions.filter(driver=step.driver)
        .select_related("driver")
        .prefetch_related("options")
    )
    form = DriverForm(request.POST or None, assessment=assessment, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except AlreadySubmitted:
            return _read_only(request, journey)
        action = request.POST.get("action")
        if action == "later":
            return redirect(assessment_url("saved", journey.token))
        return redirect(journey.previous(step).url if action == "back" else journey.following(step).url)
    context = {"form": form, "journey": journey, "step": step, "driver": step.driver}
    return render(request, "assessments/driver.html", context, status=400 if form.errors else 200)


@require_safe
@with_assessment
def saved(request, assessment, journey):
    return render(request, "assessments/saved.html", {"journey": journey, "link": resume_link(request, journey.token)})


@require_safe
@with_assessment
def review(request, assessment, journey):
    if assessment.is_submitted:
        return redirect(assessment_url("results", journey.token))
    context = {"journey": journey, "step": journey.steps[-1], "sections": journey.review_sections()}
    return render(request, "assessments/review.html", context)


@require_POST
@with_assessment
def submit(request, assessment, journey):
    with transaction.atomic():
        # Wait for any page save holding the row, so submitted_at comes after its answers and
        # the scores see them (SQLite's IMMEDIATE transactions already queue; this is for PostgreSQL).
        list(Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("pk"))
        # Only the request that flips the status writes scores: double clicks and second tabs
        # just follow on to the results.
        if assessment.mark_submitted():
            save_scores(assessment)
    return redirect(assessment_url("results", journey.token))


@require_safe
@with_assessment
def results(request, assessment, journey):
    if not assessment.is_submitted:
        messages.info(request, gettext("Submit your answers to see your results."))
        return redirect(assessment_url("review", journey.token))
    context = report.for_assessment(assessment).context()
    for chart in ("radar_svg", "matrix_svg"):  # inline on the page, so held to the page's CSP
        context[chart] = without_inline_styles(context[chart])
    context["pdf_url"] = assessment_url("report", journey.token)
    context["link"] = resume_link(request, journey.token)
    context["journey"] = journey  # the firm's own links: download and delete its data
    return render(request, "assessments/results.html", context)


@require_safe
@with_assessment
def report_pdf(request, assessment, journey):
    if not assessment.is_submitted:
        return redirect(assessment_url("review", journey.token))
    try:
        body = pdf.render_pdf(report.for_assessment(assessment))
    except pdf.ReportError:
        return render(request, "assessments/report_failed.html", {"journey": journey}, status=503)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.filename(assessment)}"'
    return response


def _read_only(request, journey):
    messages.info(request, gettext("This assessment has been submitted, so its answers can no longer be changed."))
    return redirect(assessment_url("results", journey.token))
