from functools import wraps

from django.contrib import messages
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import pdf, report, tasks
from .forms import DriverForm, ProfileForm
from .journey import Journey
from .models import Assessment, Driver, Questionnaire, assessment_url, hash_token, save_scores

SESSION_KEY = "assessment_token"


def with_assessment(view):
    """Looks the assessment up by its token: the same 404 for any unknown token, no caching."""

    @wraps(view)
    def wrapper(request, token, *args, **kwargs):
        try:
            assessment = Assessment.objects.get_by_token(token)
        except Assessment.DoesNotExist:
            raise Http404("No assessment at this link.") from None
        if request.session.get(SESSION_KEY) != token:  # writing the session costs a transaction
            request.session[SESSION_KEY] = token
        response = view(request, assessment, Journey(assessment, token), *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper


def resume_link(request, token):
    return request.build_absolute_uri(assessment_url("resume", token))


@require_GET
def start(request):
    token = request.session.get(SESSION_KEY)
    current = Assessment.objects.filter(token_hash=hash_token(token)).first() if token else None
    context = {
        "drivers": Driver.objects.all(),
        "questionnaire": Questionnaire.objects.current(),
        "current": current,
        "resume_url": assessment_url("resume", token) if current else None,
    }
    return render(request, "assessments/start.html", context)


@require_http_methods(["GET", "POST"])
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
        request.session[SESSION_KEY] = token
        link = resume_link(request, token)
        if assessment.contact_email:
            # Translators: the e-mail a firm gets when it gives its address; %(link)s is its private link.
            body = gettext(
                "Your private link to the assessment for %(company)s:\n\n%(link)s\n\n"
                "Anyone with the link can see your answers, so keep it to your team."
            )
            send_mail(
                gettext("Your Manufacturing Readiness link"),
                body % {"company": assessment.company_name, "link": link},
                None,
                [assessment.contact_email],
                fail_silently=True,
            )
        started = gettext(
            "Your assessment has started and every page is saved as you continue. To come back later, from any "
            "device, use your private link: %(link)s"
        )
        messages.success(request, started % {"link": link})
        return redirect(Journey(assessment, token).steps[1].url)
    return render(request, "assessments/profile.html", {"form": form, "journey": None})


@require_http_methods(["GET", "POST"])
@with_assessment
def profile(request, assessment, journey):
    if assessment.is_submitted:
        return _read_only(request, journey)
    form = ProfileForm(request.POST or None, instance=assessment)
    if form.is_valid():
        form.save()
        return redirect(journey.steps[1].url)
    return render(request, "assessments/profile.html", {"form": form, "journey": journey, "step": journey.steps[0]})


@require_GET
@with_assessment
def resume(request, assessment, journey):
    return redirect(journey.next_url())


@require_http_methods(["GET", "POST"])
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
        form.save()
        action = request.POST.get("action")
        if action == "later":
            return redirect(assessment_url("saved", journey.token))
        return redirect(journey.previous(step).url if action == "back" else journey.following(step).url)
    context = {"form": form, "journey": journey, "step": step, "driver": step.driver}
    return render(request, "assessments/driver.html", context, status=400 if form.errors else 200)


@require_GET
@with_assessment
def saved(request, assessment, journey):
    return render(request, "assessments/saved.html", {"journey": journey, "link": resume_link(request, journey.token)})


@require_GET
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
        # Only the request that flips the status writes scores: double clicks and second tabs
        # just follow on to the results.
        submitted = assessment.mark_submitted()
        if submitted:
            save_scores(assessment)
    if submitted:
        tasks.request_render(assessment)  # the PDF is ready before it is asked for
    return redirect(assessment_url("results", journey.token))


@require_GET
@with_assessment
def results(request, assessment, journey):
    if not assessment.is_submitted:
        messages.info(request, gettext("Submit your answers to see your results."))
        return redirect(assessment_url("review", journey.token))
    context = report.for_assessment(assessment).context()
    context["pdf_url"] = assessment_url("report", journey.token)
    context["link"] = resume_link(request, journey.token)
    tasks.current_pdf(assessment)  # renders in the background if the report changed since submit
    return render(request, "assessments/results.html", context)


@require_GET
@with_assessment
def report_pdf(request, assessment, journey):
    if not assessment.is_submitted:
        return redirect(assessment_url("review", journey.token))
    stored = tasks.current_pdf(assessment)
    if stored is None or stored.is_waiting:
        return render(request, "assessments/report_pending.html", {"journey": journey}, status=202)
    if not stored.is_ready:
        return render(request, "assessments/report_failed.html", {"journey": journey}, status=503)
    response = HttpResponse(bytes(stored.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.filename(assessment)}"'
    return response


def _read_only(request, journey):
    messages.info(request, gettext("This assessment has been submitted, so its answers can no longer be changed."))
    return redirect(assessment_url("results", journey.token))
