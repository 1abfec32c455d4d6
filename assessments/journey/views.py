"""The firm's journey: start, profile, one page per area, the task list (its hub), review, submit,
results and the PDF, and the ways to begin again. The firm's own data (download, delete) is in privacy."""

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from readiness.client_ip import client_ip

from .. import limits
from ..models import Assessment, Driver, Questionnaire, Share, assessment_url
from ..report import page, pdf, rendering
from . import challenge, mail, session_link, timing
from .forms import AlreadySubmitted, DriverForm, EmailLinkForm, HandoverForm, ProfileForm, SubmitForm
from .languages import in_page_language
from .pages import Journey, return_to, start_from

NOT_SENT = gettext_lazy(
    "The e-mail with your link was not sent: several were sent to this address or from this connection "
    "recently. Copy the link instead."
)


def with_assessment(view):
    """Looks the assessment up by its token (or this browser's session reference): the same 404
    for anything unknown. Every token page is uncached, unindexed and sends no referrer, and shows
    the assessment in the language of its URL (languages.in_page_language)."""

    @wraps(view)
    def wrapper(request, token, *args, **kwargs):
        try:
            assessment = session_link.find(request, token)
        except Assessment.DoesNotExist:
            raise Http404("No assessment at this link.") from None
        session_link.bind(request, assessment)
        journey = Journey(assessment, token)

        def page():
            return view(request, assessment, journey, *args, **kwargs)

        response = in_page_language(request, assessment.questionnaire, page, assessment)
        add_never_cache_headers(response)
        # Links out (programmes) must never carry the token. Not "no-referrer": under it Chromium
        # sends "Origin: null" with every form POST, which Django's CSRF check rightly refuses.
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


@require_safe
def start(request):
    questionnaire = Questionnaire.objects.current()

    def page():
        full_minutes, quick_minutes = timing.current_minutes()
        context = {
            "drivers": Driver.objects.all(),
            "questionnaire": questionnaire,
            "full_minutes": full_minutes,
            "quick_minutes": quick_minutes,
            "current": session_link.bound_assessment(request),
        }
        return render(request, "journey/start.html", context)

    return in_page_language(request, questionnaire, page)


@require_safe
def continue_assessment(request):
    """Where "Continue where you left off" leads: this browser's assessment, without its token."""
    assessment = session_link.bound_assessment(request)
    if assessment is None:
        return redirect("assessments:start")
    response = redirect(Journey(assessment, session_link.session_ref(request)).landing_url())
    add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def new(request):
    questionnaire = Questionnaire.objects.current()
    if questionnaire is None:
        return render(request, "journey/unavailable.html", status=503)
    return in_page_language(request, questionnaire, lambda: _new(request, questionnaire))


def _new(request, questionnaire):
    current = session_link.bound_assessment(request)
    if request.method != "POST" and current and not current.is_submitted:
        quick = request.GET.get("mode") == Assessment.Mode.QUICK
        return redirect(reverse("assessments:start_again") + ("?mode=quick" if quick else ""))
    if request.method == "POST" and not limits.allow(request, "start"):
        return too_many(request)
    form = ProfileForm(request.POST or None, initial={"mode": request.GET.get("mode")})
    if limits.reached(request, "start_unchallenged"):
        challenge.attach(form)  # a small question once this network has started a few in the hour
    if form.is_valid() and (challenge.ANSWER not in form.fields or challenge.spend(form)):
        limits.allow(request, "start_unchallenged")
        assessment = form.save(commit=False)
        assessment.questionnaire = questionnaire
        assessment.language = translation.get_language()
        token = assessment.issue_token()
        assessment.save()
        session_link.bind(request, assessment)
        if form.cleaned_data["email"] and not mail.send_resume_link(
            request, assessment, token, form.cleaned_data["email"]
        ):
            messages.warning(request, NOT_SENT)
        messages.success(
            request, gettext("Your assessment has started. Your private link is below: keep it to come back.")
        )
        return redirect("assessments:tasks", token=token)
    if form.is_bound and not form.errors:  # a question answered twice
        form.add_error(challenge.ANSWER, challenge.WRONG)
    context = {"form": form, "journey": None, "page_url": request.get_full_path()}  # the switcher's page
    return render(request, "journey/profile.html", context, status=400 if form.errors else 200)


def too_many(request):
    """The answer to a client network past one of its limits (limits.py)."""
    return render(request, "journey/too_many.html", status=429)


@require_http_methods(["GET", "HEAD", "POST"])
@with_assessment
def profile(request, assessment, journey):
    if assessment.is_submitted:
        return _read_only(request, journey)
    back = return_to(request.GET.get("return") or request.POST.get("return"))
    form = ProfileForm(request.POST or None, instance=assessment, back=back)
    if form.is_valid():
        try:
            form.save()
        except AlreadySubmitted:  # submitted from another tab since this request began
            return _read_only(request, journey)
        messages.success(request, gettext("Your business details are saved."))
        return redirect(journey.url(back or "tasks"))
    context = {"form": form, "journey": journey, "step": journey.steps[0], "back": back,
               "page_url": request.get_full_path()}  # fmt: skip
    return render(request, "journey/profile.html", context, status=400 if form.errors else 200)


@require_safe
@with_assessment
def resume(request, assessment, journey):
    return redirect(journey.landing_url())


@require_http_methods(["GET", "HEAD", "POST"])
@with_assessment
def driver_page(request, assessment, journey, driver, page=1):
    """One page of an area: a few of its questions (the last page also asks its importance)."""
    if assessment.is_submitted:
        return _read_only(request, journey)
    step = journey.step_for(driver)
    this = journey.area_page(step, page) if step else None
    if this is None:
        raise Http404("No such section.")
    back = return_to(request.GET.get("return") or request.POST.get("return"))
    form = DriverForm(request.POST or None, assessment=assessment, questions=this.questions, back=back, page=this)
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except AlreadySubmitted:
            return _read_only(request, journey)
        messages.success(request, gettext("Your answers for %(area)s are saved.") % {"area": step.title})
        return redirect(_after_save(journey, this, request.POST.get("action"), back))
    context = {"form": form, "journey": journey, "step": step, "driver": step.driver, "back": back, "page": this,
               "page_url": request.get_full_path()}  # fmt: skip
    return render(request, "journey/driver.html", context, status=400 if form.errors else 200)


def _after_save(journey, page, action, back):
    """Where a saved area page leads: on through the area (and the areas after it); back to the
    area's card on check your answers when the firm came from there; or the saved page."""
    if action == "later":
        return journey.url("saved")
    if action == "tasks":  # a page still open from before the task list button went
        return journey.url("tasks")
    if back and (page.is_last or action == "return"):
        return f"{journey.url(back)}#answers-{page.step.driver.code}"
    following = journey.after(page)
    return f"{following}?return={back}" if back else following


@require_http_methods(["GET", "HEAD", "POST"])
@with_assessment
def saved(request, assessment, journey):
    """Where "Save and come back later" leads: the private link and the form that e-mails it."""
    return _link_page(request, assessment, journey, "saved")


@require_http_methods(["GET", "HEAD", "POST"])
@with_assessment
def link(request, assessment, journey):
    """Where "E-mail the link to yourself" leads: the private link and the form that e-mails it."""
    return _link_page(request, assessment, journey, "link")


def _link_page(request, assessment, journey, name):
    form = EmailLinkForm(request.POST or None)
    if form.is_valid():
        address = form.cleaned_data["email"]
        if session_link.is_session_ref(journey.token):  # no link to send from here: a new one goes
            token = mail.send_new_link(request, assessment, address)
            if token:
                session_link.bind(request, assessment)
                journey = Journey(assessment, session_link.session_ref(request))
                sent = gettext("We have sent a new private link to %(email)s. The old link no longer works.")
                messages.success(request, sent % {"email": address})
            else:
                messages.error(request, NOT_SENT)
        elif mail.send_resume_link(request, assessment, journey.token, address):
            messages.success(request, gettext("We have sent your link to %(email)s.") % {"email": address})
        else:
            messages.error(request, NOT_SENT)
        return redirect(journey.url(name))
    context = {"journey": journey, "link": mail.resume_link(request, journey.token), "form": form,
               "page_url": request.get_full_path()}  # fmt: skip
    return render(request, f"journey/{name}.html", context, status=400 if form.errors else 200)


@require_POST
@with_assessment
def new_link(request, assessment, journey):
    """A new private link on demand, for a browser that came back without one (or a firm that shared
    its link too widely): the old link stops working, and the new one is shown with the e-mail form."""
    token = assessment.rotate_token()
    session_link.bind(request, assessment)
    messages.success(request, gettext("This is your new private link. The old link no longer works."))
    return redirect(assessment_url("link", token))


@require_safe
@with_assessment
def review(request, assessment, journey):
    if assessment.is_submitted:
        return redirect(journey.url("results"))
    return render(request, "journey/review.html", _review_context(journey))


def _review_context(journey, **extra):
    sheet = journey.sheet
    return {
        "journey": journey,
        "sections": journey.review_sections(),
        "thin": sheet.thin_drivers(),
        "blank": sheet.blank(),
        "form": SubmitForm(journey),
        **extra,
    }


@require_POST
@with_assessment
def submit(request, assessment, journey):
    if assessment.is_submitted:
        return redirect(journey.url("results"))
    if journey.sheet.blank():
        context = _review_context(journey, refused=True, page_url=journey.url("review"))
        return render(request, "journey/review.html", context, status=400)
    thin = journey.sheet.thin_drivers()
    if thin and request.POST.get("confirm") != "yes":
        context = {
            "journey": journey,
            "thin": thin,
            "form": SubmitForm(journey, confirm=True),
            "page_url": journey.url("review"),  # the switcher's page: submit takes only POSTs
        }
        return render(request, "journey/submit_confirm.html", context)
    if not limits.allow(request, "submit"):
        return too_many(request)
    # Where it came from, as a keyed fingerprint of the network: how a burst of made-up assessments
    # from one client is found and held out of the figures (insights.peers.screen, within submit()).
    assessment.submitted_from = limits.network_fingerprint(request)
    in_progress = Assessment.objects.filter(pk=assessment.pk, status=Assessment.Status.IN_PROGRESS)
    in_progress.update(submitted_from=assessment.submitted_from)
    assessment.submit()  # only the request that flips the status writes: a double click just follows on
    return redirect(journey.url("results"))


@require_safe
@with_assessment
def results(request, assessment, journey):
    if not assessment.is_submitted:
        messages.info(request, gettext("Submit your answers to see your results."))
        return redirect(journey.url("review"))
    return _results(request, assessment, journey)


def _results(request, assessment, journey, handover=None):
    context = {
        "assessment": assessment,
        "report_body": page.body(assessment),  # built once per report state, then read from the cache
        "pdf_url": journey.url("report"),
        "link": mail.resume_link(request, journey.token),
        "journey": journey,  # the firm's own links: start again, download and delete its data
        "shares": active_shares(assessment),
        "pdf": rendering.ready_pdf(assessment),  # once stored, the link gives its size (queues nothing)
        "handover_form": handover or handover_form(assessment, journey),
    }
    return render(request, "journey/results.html", context, status=400 if handover else 200)


@require_safe
@with_assessment
def report_page(request, assessment, journey):
    """The PDF's own page: "being made", with Check again (it never reloads by itself; where
    JavaScript runs, report-status.js asks this page again every few seconds and says when it is
    ready), then the download with its size and page count."""
    if not assessment.is_submitted:
        return redirect(journey.url("review"))
    stored = rendering.current_pdf(assessment, client=client_ip(request))
    if stored is not None and not (stored.is_ready or stored.is_waiting):
        return render(request, "journey/report_failed.html", {"journey": journey}, status=503)
    return render(request, "journey/report_page.html", _report_page(journey, stored))


def _report_page(journey, stored):
    """The PDF page's context; while it is made, how long to wait before asking again (rendering:
    longer when many renders are queued ahead, so waiting firms do not crowd those filling in)."""
    waiting = stored is None or stored.is_waiting
    seconds = rendering.seconds_to_wait(journey.assessment) if waiting else 0
    return {"journey": journey, "pdf": stored, "seconds": seconds}


@require_safe
@with_assessment
def report_pdf(request, assessment, journey):
    if not assessment.is_submitted:
        return redirect(journey.url("review"))
    stored = rendering.current_pdf(assessment, client=client_ip(request))
    if stored is None or stored.is_waiting:  # 202: the PDF's page, still being made
        return render(request, "journey/report_page.html", _report_page(journey, stored), status=202)
    if not stored.is_ready:
        return render(request, "journey/report_failed.html", {"journey": journey}, status=503)
    response = HttpResponse(bytes(stored.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.filename(assessment)}"'
    return response


def _read_only(request, journey):
    messages.info(request, gettext("This assessment has been submitted, so its answers can no longer be changed."))
    return redirect(journey.url("results"))


@require_safe
@with_assessment
def tasks(request, assessment, journey):
    if assessment.is_submitted:
        return redirect(journey.url("results"))
    return _tasks(request, assessment, journey)


def _tasks(request, assessment, journey, handover=None):
    estimate = timing.estimate(assessment.questionnaire, quick=assessment.is_quick)
    context = {
        "journey": journey,
        "tasks": journey.tasks(estimate.area_minutes()),
        "answered": journey.answered_count(),
        "link": mail.resume_link(request, journey.token),
        "shares": active_shares(assessment),
        "handover_form": handover or handover_form(assessment, journey),
    }
    return render(request, "journey/tasks.html", context, status=400 if handover else 200)


def handover_form(assessment, journey, data=None):
    """The hand-over box's form, for an assessment an adviser started (advisers.facilitated)."""
    if not assessment.with_adviser:
        return None
    return HandoverForm(data, action=reverse("advisers:handover", kwargs={"token": journey.token}))


def landing_with_handover(request, assessment, journey, handover):
    """The page the hand-over box is on (journey.landing_url: the task list, or the results once
    submitted) again, with the box as posted: its mistake beside the field, what was typed kept (400)."""
    show = _results if assessment.is_submitted else _tasks
    return show(request, assessment, journey, handover=handover)


def active_shares(assessment):
    """The firm's shares in force, listed with a Withdraw button (the advisers wing's pages)."""
    return Share.objects.active().filter(assessment=assessment).select_related("organisation")


@require_http_methods(["GET", "POST"])
def start_again(request):
    """Asks before a new assessment replaces the one this browser remembers (which stays at its link)."""
    current = session_link.bound_assessment(request)
    if request.method == "POST" or current is None:
        session_link.forget(request)
        quick = (request.POST.get("mode") or request.GET.get("mode")) == Assessment.Mode.QUICK
        return redirect(reverse("assessments:new") + ("?mode=quick" if quick else ""))
    context = {"current": current, "mode": request.GET.get("mode", "")}
    return render(request, "journey/start_again.html", context)


@require_POST
@with_assessment
def again(request, assessment, journey):
    """A new full assessment from a submitted one, on the newest version, for then → now."""
    if not assessment.is_submitted:
        return redirect(journey.landing_url())
    if not limits.allow(request, "start"):
        return too_many(request)
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
        # An edit like any other: it keeps the draft from the retention purge (which reads updated_at).
        Assessment.objects.filter(pk=assessment.pk).update(mode=Assessment.Mode.FULL, updated_at=timezone.now())
        return redirect(journey.url("tasks"))
    if not limits.allow(request, "start"):
        return too_many(request)
    new, token = start_from(assessment, assessment.questionnaire)
    session_link.bind(request, new)
    messages.success(request, gettext("Your full assessment has started with your quick check answers."))
    return redirect("assessments:tasks", token=token)
