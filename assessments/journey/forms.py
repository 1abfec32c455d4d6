from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Hidden, Layout
from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..form_pack import Button, Link, Question, Radios
from ..insights.disclosure import MIN_GROUP
from ..models import Answer, Assessment, Option, Validation

SECONDARY = "btn btn-outline-primary"
IMPORTANCE_CHOICES = [
    (1, _("1 – Not important")),
    (2, _("2 – Slightly important")),
    (3, _("3 – Important")),
    (4, _("4 – Very important")),
    (5, _("5 – Critical")),
]


class ProfileForm(forms.ModelForm):
    # Only for sending the private link once: the address is kept only until the worker has sent it (outbox.py).
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        help_text=_("We send your private link here once, and delete the address as soon as it has gone."),
        error_messages={"invalid": _("Enter an e-mail address like name@example.com, or leave it empty.")},
    )

    class Meta:
        model = Assessment
        fields = ["company_name", "sector", "size_band", "region", "benchmark_consent", "mode"]
        labels = {
            "company_name": _("Company name"),
            "sector": _("What does your site mainly make?"),
            "size_band": _("How many people does the firm employ?"),
            "region": _("Where in the UK is your main site?"),
            "benchmark_consent": _(
                "Include our answers and scores, without our company name, in comparisons with similar firms "
                "and in the programme's statistics"
            ),
        }
        help_texts = {
            "company_name": _("Printed on your report. It is never shown to other firms."),
            "sector": _("The SIC 2007 manufacturing division that fits best."),
            "region": _("Support programmes differ by region, so we use this to find the ones you can apply to."),
            "benchmark_consent": format_lazy(
                _(
                    "Other firms and published figures only ever see groups of {min_group} firms or more, never a "
                    "single firm. Programme analysts may study your answers, without your company name. "
                    "Untick to keep your answers out of comparisons and statistics."
                ),
                min_group=MIN_GROUP,
            ),
        }
        widgets = {"size_band": Radios, "mode": forms.HiddenInput}
        error_messages = {
            "company_name": {"required": _("Enter your company name.")},
            "sector": {"required": _("Choose the sector your site mainly works in.")},
            "size_band": {"required": _("Choose how many people the firm employs.")},
            "region": {"required": _("Choose the region of your main site.")},
        }

    def save(self, commit=True):
        """A new assessment is inserted; an existing one changes only its profile, and only while
        it is in progress (a stale copy must not write back its status or importance)."""
        if self.instance.pk is None or not commit:
            return super().save(commit)
        with transaction.atomic():
            lock_in_progress(self.instance, timezone.now())
            profile = {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}
            Assessment.objects.filter(pk=self.instance.pk).update(**profile)
        return self.instance

    def __init__(self, *args, back=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", gettext("Choose a sector…")), *self.fields["sector"].choices[1:]]
        self.fields["region"].choices = [("", gettext("Choose a region…")), *self.fields["region"].choices[1:]]
        self.fields["size_band"].choices = self.fields["size_band"].choices[1:]  # no blank radio
        self.fields["mode"].required = False
        starting = self.instance.pk is None
        if not starting:  # the link goes out when the assessment starts; editing keeps the mode
            del self.fields["email"], self.fields["mode"]
        self.order_fields(["company_name", "sector", "size_band", "region", "email", "benchmark_consent"])
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *returning_to(back),
            *(["mode"] if starting else []),
            "company_name",
            "sector",
            Div("size_band", css_class="question"),
            "region",
            *(["email"] if starting else []),
            "benchmark_consent",
            Button(save_label(back), css_class="btn btn-primary"),
        )

    def clean_mode(self):
        return self.cleaned_data.get("mode") or Assessment.Mode.FULL


class EmailLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send the link once and delete the address as soon as it has gone."),
        error_messages={
            "required": _("Enter the e-mail address to send the link to."),
            "invalid": _("Enter an e-mail address like name@example.com."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_class = "mb-4"
        self.helper.layout = Layout("email", Button(_("Send the link"), css_class=SECONDARY))


def returning_to(back):
    """The hidden field that takes a page back to where it came from after saving ("review"), if any."""
    return [Hidden("return", back)] if back else []


def save_label(back):
    return _("Save and return to check your answers") if back else _("Save and continue")


def area_buttons(back, last=True):
    """An area page's buttons, GOV.UK's order: "Save and continue" first, so Enter in the form
    moves on, then one secondary action. Each tells the view where to go next. Coming from check
    your answers (`back`), the area's last page returns there; its earlier pages go on through the
    area, with a way straight back."""
    primary = save_label(back) if last else _("Save and continue")
    buttons = [Button(primary, name="action", value="next", css_class="btn btn-primary")]
    if back and not last:
        buttons.append(Button(save_label(back), name="action", value="return", css_class=SECONDARY))
    buttons.append(Button(_("Save and come back later"), name="action", value="later", css_class=SECONDARY))
    return Div(*buttons, css_class="form-actions")


class AlreadySubmitted(Exception):
    """The assessment was submitted while this page was being filled in: nothing was saved."""


def lock_in_progress(assessment, now):
    """Takes the assessment's row for this transaction if it is still in progress, else raises.

    The conditional UPDATE is the check and the lock in one statement: PostgreSQL holds the row
    until commit (a racing submit waits, then sees our answers), and SQLite's IMMEDIATE
    transactions already hold the write lock. Returns the row's importance as committed now.
    """
    return lock_row(assessment, now)[0]


def lock_row(assessment, now):
    """lock_in_progress(), returning the row's (importance, saved_questions) as committed now."""
    in_progress = Assessment.objects.filter(pk=assessment.pk, status=Assessment.Status.IN_PROGRESS)
    if not in_progress.update(updated_at=now):
        raise AlreadySubmitted
    return Assessment.objects.values_list("importance", "saved_questions").get(pk=assessment.pk)


def question_field_name(question):
    return f"q-{question.code}"


class DriverForm(forms.Form):
    """One page of an area: a radio group per question on it and, on the area's last page, how
    important the area is to the firm.

    Every question is optional here: the review page lists what is still unanswered, and
    "Save and come back later" must keep a half-done page.
    """

    importance = forms.TypedChoiceField(
        label=_("How important is this to your business in the next 12 months?"),
        choices=IMPORTANCE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=Radios,
        error_messages={"invalid_choice": _("Choose an importance from 1 to 5.")},
    )

    def __init__(self, *args, assessment, questions, back=None, page=None, **kwargs):
        """page: the AreaPage shown (None: the whole area on one page, as a staff preview shows it)."""
        self.assessment, self.questions, self.page = assessment, questions, page
        # An unsaved assessment is a staff preview: nothing chosen yet, and save() is never called.
        chosen = (
            dict(
                Answer.objects.filter(assessment=assessment, question__in=questions).values_list(
                    "question_id", "option_id"
                )
            )
            if assessment.pk
            else {}
        )
        super().__init__(*args, **kwargs)
        for question in questions:
            options = question.options.all()
            self.fields[question_field_name(question)] = forms.TypedChoiceField(
                label=question.text,
                help_text=question.help_text,  # content: the pack prints it escaped, as it does every text
                required=False,
                coerce=int,
                empty_value=None,
                choices=[(o.pk, o.label) for o in options],
                widget=Radios(apart=[o.pk for o in options if o.kind != Option.Kind.SCORED]),
                initial=chosen.get(question.pk),
                # Django formats this message again with %(value)s, so a "%" in the question text is doubled.
                error_messages={
                    "invalid_choice": gettext("“%(question)s”: choose one of the answers shown.")
                    % {"question": question.text.replace("%", "%%")}
                },
            )
        driver = questions[0].driver.code if questions else ""
        self.driver_code = driver
        self.asks_importance = page is None or page.is_last
        if self.asks_importance:
            self.fields["importance"].initial = assessment.importance.get(driver)
            # Importance comes last, after the questions it sums up.
            self.order_fields([*(question_field_name(q) for q in questions), "importance"])
        else:
            del self.fields["importance"]
        self.helper = self.page_helper(back)

    def page_helper(self, back):
        """The page's form: a numbered box per question, then importance, then the buttons."""
        helper = FormHelper()
        helper.form_id = "area-form"
        preview = not self.assessment.pk  # a staff preview shows the questions only
        page = self.page.number if self.page else 1
        if not preview:  # draft.js keeps unsaved choices on this device under this key
            helper.attrs = {"data-draft": f"{self.assessment.token_hash[:16]}-{self.driver_code}-{page}"}
        first, total = self.numbering()
        helper.layout = Layout(
            *returning_to(back),
            *(
                Question(question_field_name(q), code=q.code, number=number, total=total)
                for number, q in enumerate(self.questions, start=first)
            ),
            *([Div("importance", css_class="question importance")] if self.asks_importance else []),
            *([] if preview else [area_buttons(back, last=self.asks_importance)]),
        )
        return helper

    def numbering(self):
        """(number of this page's first question, questions in the area): "Question 4 of 9"."""
        if self.page is None:
            return 1, len(self.questions)
        return self.page.first, self.page.area_total

    @transaction.atomic
    def save(self):
        """Saves the page in one transaction: upserts the chosen answers and the importance.

        Raises AlreadySubmitted, writing nothing, once the assessment is submitted. Importance
        is merged into the row as committed, so two tabs saving different pages keep both.
        """
        now = timezone.now()
        importance, saved = lock_row(self.assessment, now)
        answers = [
            Answer(
                assessment=self.assessment,
                question=q,
                option_id=self.cleaned_data[question_field_name(q)],
                updated_at=now,
            )
            for q in self.questions
            if self.cleaned_data.get(question_field_name(q)) is not None
        ]
        Answer.objects.bulk_create(
            answers,
            update_conflicts=True,
            unique_fields=["assessment", "question"],
            update_fields=["option", "updated_at"],
        )
        Validation.objects.void_changed(self.assessment, now)  # an adviser's level for a changed answer is void
        if self.cleaned_data.get("importance"):
            importance = {**importance, self.driver_code: self.cleaned_data["importance"]}
        # This page counts as saved even with questions left blank: the firm has been through it.
        saved = sorted({*saved, *(q.code for q in self.questions)})
        Assessment.objects.filter(pk=self.assessment.pk).update(importance=importance, saved_questions=saved)
        self.assessment.importance, self.assessment.saved_questions = importance, saved


class SubmitForm(forms.Form):
    """Check your answers' submit button, or (confirm=True) the one that submits although some areas
    cannot be scored yet. It has no fields: the submit view reads "confirm" and submits."""

    def __init__(self, journey, *, confirm=False, **kwargs):
        super().__init__(**kwargs)
        self.helper = FormHelper()
        self.helper.form_action = journey.url("submit")
        self.helper.form_class = "form-actions"
        if confirm:
            buttons = [
                Hidden("confirm", "yes"),
                Link(_("Go back and answer more"), journey.url("review"), css_class="btn btn-primary"),
                Button(_("Submit anyway"), css_class=SECONDARY),
            ]
        else:
            buttons = [
                Button(_("Submit and see my results"), css_class="btn btn-primary btn-lg"),
                Link(_("Finish later"), journey.url("saved"), css_class=SECONDARY),
            ]
        self.helper.layout = Layout(*buttons)


class HandoverForm(forms.Form):
    """The hand-over box on the task list and results of an assessment an adviser started (posted to
    advisers.facilitated.handover, which reads it too): the firm's address, if the new private link
    should be e-mailed to it. Here, below the advisers wing, because journey pages show it."""

    email = forms.EmailField(
        label=_("The firm's e-mail address (optional)"),
        required=False,
        help_text=_("We send the new link there once, and delete the address as soon as it has gone."),
        error_messages={"invalid": _("Enter an e-mail address like name@example.com, or leave it empty.")},
    )

    def __init__(self, *args, action="", **kwargs):
        kwargs.setdefault("auto_id", "id_handover_%s")  # beside other forms on the task list and results
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.layout = Layout("email", Button(_("Hand over with a new private link"), css_class=SECONDARY))
