"""The advisers wing's forms: the firm's consent, and the adviser's filter, note, validation and
assignment. Each performs its action in save(), in a transaction; what firms and advisers write is
plain text (Django escapes it wherever it is shown)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Field, Layout
from django import forms
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..form_pack import Button, Checkboxes, Radios
from ..models import AdviserOrganisation, Driver, Note, Region, Sector, Share, SizeBand, Validation
from ..scoring import MAX_LEVEL

STATUSES = [("new", _("New")), ("in_progress", _("In progress")), ("validated", _("Validated"))]

# What the firm agrees to for each purpose, printed under the purpose's box on the share page. Version
# CONSENT_VERSION (models): raise the version when a promise here changes.
CONSENT_WORDING = {
    Share.Purpose.REPORT: _(
        "Your scores, priorities and action plan, and the level of each answer: what your PDF report shows. "
        "Its advisers may download the PDF."
    ),
    Share.Purpose.ANSWERS: _(
        "The answer you chose to each question and anything you wrote beside it. An adviser may record their "
        "own view of a level, with a reason, beside your answer: your answers and scores stay exactly as you "
        "gave them, and your results show both."
    ),
    Share.Purpose.CONTACT: _(
        "An adviser may e-mail you, at the address you give below, about support for your business. The "
        "address is removed when you withdraw."
    ),
    Share.Purpose.STATISTICS: _(
        "Your scores, and those of the assessments you later start from this one, may be counted with other "
        "firms' in the organisation's anonymous figures for its funders (for example, how many of the firms "
        "it supported moved up a level). No figure names you or is small enough to pick you out."
    ),
}


def helper(form, button, method="post", action=""):
    """The project pack's FormHelper for `form`: its fields in order, then one button."""
    form_helper = FormHelper()
    form_helper.form_method = method
    form_helper.form_action = action
    form_helper.layout = Layout(*form.fields, Button(button, css_class="btn btn-primary"))
    for field in form.fields.values():
        if isinstance(field.widget, forms.Textarea):  # the pack's class converters know no textarea
            field.widget.attrs["class"] = "form-control"
    return form_helper


class ShareForm(forms.Form):
    """The firm's consent: one organisation of those serving its region, the purposes it agrees to,
    and an address for the contact purpose only. Each organisation's answer says where it serves and
    what it delivers; each purpose's answer, what the firm agrees to (CONSENT_WORDING)."""

    organisation = forms.ModelChoiceField(
        queryset=None,
        label=_("Which organisation?"),
        empty_label=None,
        widget=Radios,
        error_messages={"required": _("Choose the organisation to share with.")},
    )
    purposes = forms.MultipleChoiceField(
        choices=Share.Purpose.choices,
        label=_("What do you agree to?"),
        help_text=_("Tick each thing the organisation's advisers may do. Nothing else is shared."),
        widget=Checkboxes(hints=CONSENT_WORDING),
        error_messages={"required": _("Tick at least one thing the organisation may do.")},
    )
    contact_email = forms.EmailField(
        label=_("E-mail address for the adviser to contact you"),
        required=False,
        max_length=254,
        help_text=_("Only if you tick “Contact you”. Used for this organisation only, and removed when you withdraw."),
        error_messages={"invalid": _("Enter an e-mail address like name@example.com.")},
    )

    def __init__(self, *args, organisations, region, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        organisation.queryset = AdviserOrganisation.objects.filter(pk__in=[o.pk for o in organisations])
        organisation.help_text = gettext("The organisations that serve %(region)s and use this service.") % {
            "region": region
        }
        organisation.widget.hints = {str(o.pk): serves(o) for o in organisations}
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("organisation", wrapper_class="field"),
            Field("purposes", wrapper_class="field"),
            "contact_email",
            HTML('{% include "advisers/_share_terms.html" %}'),
            Button(_("Share with this organisation"), css_class="btn btn-primary"),
        )

    def clean(self):
        data = super().clean()
        contact = Share.Purpose.CONTACT in data.get("purposes", ())
        if contact and not data.get("contact_email") and "contact_email" not in self.errors:
            self.add_error("contact_email", _("Enter the e-mail address the adviser may use to contact you."))
        if not contact:
            data["contact_email"] = ""
        return data

    def save(self, assessment):
        data = self.cleaned_data
        return Share.record(assessment, data["organisation"], data["purposes"], data["contact_email"])


def serves(organisation):
    """An organisation's hint on the share page: the regions it serves and the programmes it delivers."""
    regions, delivers = gettext("Serves:"), gettext("Delivers:")  # outside the f-strings, for makemessages
    text = f"{regions} {', '.join(str(name) for name in organisation.region_names())}"
    programmes = organisation.programmes.all()
    if programmes:
        text += f". {delivers} {', '.join(str(programme) for programme in programmes)}"
    return text


def level_choices(question=None):
    """Levels 0–4, with the question's own label for each level when there is one."""
    labels = {}
    if question is not None:
        labels = {o.level: o.label for o in question.options.all() if o.level is not None}
    return [
        (level, _("Level %(level)s: %(label)s") % {"level": level, "label": labels[level]}
         if level in labels else _("Level %(level)s") % {"level": level})
        for level in range(MAX_LEVEL + 1)
    ]  # fmt: skip


class ValidationForm(forms.Form):
    """An adviser's level for one question and the reason; the firm's answer stays as it is."""

    level = forms.TypedChoiceField(coerce=int, label=_("Validated level"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What you saw or heard. The firm sees this beside its own answer."),
        error_messages={"required": _("Give the reason for this level.")},
    )

    def __init__(self, *args, question, action="", **kwargs):
        kwargs.setdefault("prefix", f"v-{question.code}")
        super().__init__(*args, **kwargs)
        self.question = question
        self.fields["level"].choices = level_choices(question)
        self.helper = helper(self, _("Record this level"), action=action)
        self.helper.form_class = "validation-form"

    def save(self, share, adviser):
        data = self.cleaned_data
        return Validation.record(share.assessment, self.question, data["level"], data["reason"], adviser)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Add a note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen only by your organisation's advisers. The firm does not see it."),
        error_messages={"required": _("Write the note first.")},
    )

    def __init__(self, *args, action="", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(self, _("Add the note"), action=action)

    def save(self, share, adviser):
        return Note.objects.create(
            assessment=share.assessment,
            organisation=adviser.organisation,
            author=adviser.user,
            author_name=adviser.name,
            text=self.cleaned_data["text"],
        )


class AssignForm(forms.Form):
    adviser = forms.ModelChoiceField(queryset=None, required=False, label=_("Assigned to"), empty_label=_("Nobody yet"))

    def __init__(self, *args, organisation, action="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = organisation.advisers.select_related("user")
        self.fields["adviser"].label_from_instance = lambda adviser: adviser.name
        self.helper = helper(self, _("Assign"), action=action)

    @transaction.atomic
    def save(self, share):
        Share.objects.filter(pk=share.pk).update(assigned_to=self.cleaned_data["adviser"])


class QueueFilter(forms.Form):
    """The queue's filters, read from the query string (so a view can be bookmarked)."""

    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any"))] + STATUSES)
    region = forms.ChoiceField(label=_("Region"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    size = forms.ChoiceField(label=_("Size"), required=False)
    priority = forms.ChoiceField(label=_("Top priority area"), required=False)
    mine = forms.BooleanField(label=_("Only firms assigned to me"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["region"].choices = anything + Region.choices
        self.fields["sector"].choices = anything + Sector.choices
        self.fields["size"].choices = anything + SizeBand.choices
        self.fields["priority"].choices = anything + [(d.code, d.name) for d in Driver.objects.all()]
        self.helper = helper(self, _("Show"), method="get")
        self.helper.form_class = "queue-filter"

    def filters(self):
        """The valid filters as a dict (empty values left out); nothing when the form is invalid."""
        return {k: v for k, v in self.cleaned_data.items() if v} if self.is_valid() else {}
