"""Facilitated and adviser-entered modes: an adviser starts an assessment with a firm, either in a
meeting where they fill it in together ("facilitated") or entering the firm's answers on its behalf
("adviser-entered"); the choice is recorded as the assessment's engagement and shown on the
adviser's firm page and at the top of the firm's results and report. Either way the adviser hands
it over: the assessment gets a new private link for the firm, the old one stops working everywhere
(this browser forgets it), and from then on the firm owns it exactly as if it had started it. The
adviser's organisation sees it afterwards only if the firm shares it, like any other firm."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from ..journey import mail, session_link
from ..journey.views import handover_form, landing_with_handover, with_assessment
from ..models import Assessment, Questionnaire
from .access import workspace
from .forms import helper

MODES = [
    (Assessment.Engagement.FACILITATED, _("Facilitated: I fill it in with the firm, in a meeting")),
    (Assessment.Engagement.ADVISER_ENTERED, _("Adviser-entered: I enter the firm's answers on its behalf")),
]


class StartForm(forms.ModelForm):
    """How the adviser works with the firm (MODES), and the firm's profile as the adviser types it
    in (the firm may change it later)."""

    engagement = forms.ChoiceField(
        choices=MODES,
        initial=Assessment.Engagement.FACILITATED,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        label=_("How are you filling it in?"),
        error_messages={"required": _("Choose how you are filling it in.")},
    )
    field_order = ["engagement"]  # first, then the profile

    class Meta:
        model = Assessment
        fields = ["company_name", "sector", "size_band", "region"]
        labels = {
            "company_name": _("Company name"),
            "sector": _("What does your site mainly make?"),
            "size_band": _("How many people does the firm employ?"),
            "region": _("Where in the UK is your main site?"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(self, _("Start the assessment"))

    def save(self, questionnaire):
        """Returns (assessment, token): the token is the meeting's, until the hand-over."""
        assessment = super().save(commit=False)
        assessment.questionnaire = questionnaire
        assessment.engagement = self.cleaned_data["engagement"]
        token = assessment.issue_token()
        assessment.save()
        return assessment, token


@require_http_methods(["GET", "HEAD", "POST"])
@workspace
def start(request, adviser):
    questionnaire = Questionnaire.objects.current()
    form = StartForm(request.POST or None)
    if questionnaire is not None and form.is_valid():
        assessment, token = form.save(questionnaire)
        session_link.bind(request, assessment)
        messages.success(
            request,
            gettext("The assessment has started. Fill it in, then hand it over to the firm from its task list."),
        )
        return redirect("assessments:tasks", token=token)
    context = {"adviser": adviser, "form": form, "unavailable": questionnaire is None}
    return render(request, "advisers/start.html", context, status=400 if form.errors else 200)


@require_POST
@with_assessment
def handover(request, assessment, journey):
    """Gives the assessment a new private link, shown once here (and e-mailed if asked); the old
    link and this browser's memory of the assessment stop working at once."""
    form = handover_form(assessment, journey, request.POST)
    if form is None:  # not started by an adviser: its own page has no hand-over to post
        return redirect(journey.landing_url())
    if not form.is_valid():
        return landing_with_handover(request, assessment, journey, form)
    token = assessment.issue_token()
    Assessment.objects.filter(pk=assessment.pk).update(token_hash=assessment.token_hash)
    session_link.forget(request)
    sent = form.cleaned_data["email"] and mail.send_resume_link(request, assessment, token, form.cleaned_data["email"])
    context = {"assessment": assessment, "link": mail.resume_link(request, token), "sent": sent}
    return render(request, "advisers/handed_over.html", context)
