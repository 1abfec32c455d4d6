from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Answer, Assessment, Option
from .radios import radio_group

IMPORTANCE_CHOICES = [
    (1, _("1 – Not important")),
    (2, _("2 – Slightly important")),
    (3, _("3 – Important")),
    (4, _("4 – Very important")),
    (5, _("5 – Critical")),
]


class LinkedErrors:
    """After validation, links each field with an error to its message (written by _field.html)."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields and not isinstance(self.fields[name].widget, forms.RadioSelect):
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{attrs.get('aria-describedby', '')} id_{name}_error".strip()


class ProfileForm(LinkedErrors, forms.ModelForm):
    # Only for sending the private link once: the address is never stored (views.new, mail.py).
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        help_text=_("We send your private link here once, and keep no copy of the address."),
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
            "benchmark_consent": _("Include our scores, anonymously, when comparing similar firms"),
        }
        help_texts = {
            "company_name": _("Printed on your report. It is never shown to other firms."),
            "sector": _("The SIC 2007 manufacturing division that fits best."),
            "region": _("Support programmes differ by region, so we use this to find the ones you can apply to."),
            "benchmark_consent": _("Comparisons only ever show groups of five firms or more, never a single firm."),
        }
        widgets = {"size_band": forms.RadioSelect, "mode": forms.HiddenInput}
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", gettext("Choose a sector…")), *self.fields["sector"].choices[1:]]
        self.fields["region"].choices = [("", gettext("Choose a region…")), *self.fields["region"].choices[1:]]
        self.fields["size_band"].choices = self.fields["size_band"].choices[1:]  # no blank radio
        self.fields["mode"].required = False
        if self.instance.pk:  # the link goes out when the assessment starts; editing keeps the mode
            del self.fields["email"], self.fields["mode"]
        self.order_fields(["company_name", "sector", "size_band", "region", "email", "benchmark_consent"])
        style_controls(self)

    def clean_mode(self):
        return self.cleaned_data.get("mode") or Assessment.Mode.FULL

    def radio_groups(self):
        return {"size_band": radio_group(self["size_band"], legend_class="field-label")}


class EmailLinkForm(LinkedErrors, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send the link once and keep no copy of the address."),
        error_messages={
            "required": _("Enter the e-mail address to send the link to."),
            "invalid": _("Enter an e-mail address like name@example.com."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_controls(self)


def style_controls(form):
    """Bootstrap's classes, and the hint and error ids _field.html writes, on each field's control."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.HiddenInput):
            continue
        kind = {forms.Select: "form-select", forms.CheckboxInput: "form-check-input"}.get(type(widget), "form-control")
        widget.attrs["class"] = kind
        if field.help_text:
            widget.attrs["aria-describedby"] = f"id_{name}_hint"


class AlreadySubmitted(Exception):
    """The assessment was submitted while this page was being filled in: nothing was saved."""


def lock_in_progress(assessment, now):
    """Takes the assessment's row for this transaction if it is still in progress, else raises.

    The conditional UPDATE is the check and the lock in one statement: PostgreSQL holds the row
    until commit (a racing submit waits, then sees our answers), and SQLite's IMMEDIATE
    transactions already hold the write lock. Returns the row's importance as committed now.
    """
    in_progress = Assessment.objects.filter(pk=assessment.pk, status=Assessment.Status.IN_PROGRESS)
    if not in_progress.update(updated_at=now):
        raise AlreadySubmitted
    return Assessment.objects.values_list("importance", flat=True).get(pk=assessment.pk)


def question_field_name(question):
    return f"q-{question.code}"


class DriverForm(forms.Form):
    """One radio group per question of a driver, plus how important the driver is to the firm.

    Every question is optional here: the review page lists what is still unanswered, and
    "Save and finish later" must keep a half-done page.
    """

    importance = forms.TypedChoiceField(
        label=_("How important is this to your business in the next 12 months?"),
        choices=IMPORTANCE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose an importance from 1 to 5.")},
    )

    def __init__(self, *args, assessment, questions, **kwargs):
        self.assessment, self.questions = assessment, questions
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
            self.fields[question_field_name(question)] = forms.TypedChoiceField(
                label=question.text,
                # Content: radios.py prints it escaped (never crispy, which prints help with |safe).
                help_text=question.help_text,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[(o.pk, o.label) for o in question.options.all()],
                widget=forms.RadioSelect,
                initial=chosen.get(question.pk),
                # Django formats this message again with %(value)s, so a "%" in the question text is doubled.
                error_messages={
                    "invalid_choice": gettext("“%(question)s”: choose one of the answers shown.")
                    % {"question": question.text.replace("%", "%%")}
                },
            )
        driver = questions[0].driver.code if questions else ""
        self.fields["importance"].initial = assessment.importance.get(driver)
        self.driver_code = driver
        # Importance comes last on the page, after the questions it sums up.
        self.order_fields([*(question_field_name(q) for q in questions), "importance"])

    def question_fields(self):
        return [self[question_field_name(q)] for q in self.questions]

    def question_groups(self):
        """One RadioGroup per question, then the importance question."""
        groups = []
        for q in self.questions:
            apart = {o.pk for o in q.options.all() if o.kind != Option.Kind.SCORED}
            groups.append(radio_group(self[question_field_name(q)], apart, code=q.code))
        return groups

    def importance_group(self):
        return radio_group(self["importance"])

    @transaction.atomic
    def save(self):
        """Saves the page in one transaction: upserts the chosen answers and the importance.

        Raises AlreadySubmitted, writing nothing, once the assessment is submitted. Importance
        is merged into the row as committed, so two tabs saving different pages keep both.
        """
        now = timezone.now()
        importance = lock_in_progress(self.assessment, now)
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
        if self.cleaned_data.get("importance"):
            importance = {**importance, self.driver_code: self.cleaned_data["importance"]}
            Assessment.objects.filter(pk=self.assessment.pk).update(importance=importance)
        self.assessment.importance = importance
