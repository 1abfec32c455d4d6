"""The Python half of the project's crispy template pack, templates/crispy_readiness/: the radio
and checkbox-list widgets and the few layout objects that Django and django-crispy-forms do not have.

Every form of the service renders through the pack (`{% crispy form %}`, with the form's FormHelper),
and its error summary through `{{ form|as_crispy_errors }}`. The pack follows GOV.UK's patterns: an
error summary linking to each field, one fieldset and legend per radio question or checkbox list
(hint, then error, then the answers, each with its own hint if it has one), and buttons in the order
the layout gives them. Its templates escape everything they print, help text included; nothing here
marks text safe.
"""

from crispy_forms.layout import Div
from crispy_forms.utils import TEMPLATE_PACK
from django import forms
from django.template.loader import render_to_string


class Choices:
    """The pack's markup for a list of answers (Radios, Checkboxes): each answer a form-check, with
    no wrapper between them, so `apart` answers ("Don't know", "Not relevant": their values) can be
    set apart in CSS. `hints` gives an answer's own hint line by its value (as text); the pack prints
    it escaped under the answer's label and ties it to the answer with aria-describedby."""

    template_name = "crispy_readiness/widgets/radios.html"
    option_template_name = "crispy_readiness/widgets/radio.html"

    def __init__(self, attrs=None, choices=(), apart=(), hints=None):
        super().__init__(attrs, choices)
        self.apart = frozenset(apart)
        self.hints = dict(hints or {})

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["apart"] = value in self.apart
        # What the option template prints of the attributes Django sets, as flags that are always
        # there: a missing key costs the template engine an exception, and 56 radios make it count.
        option["required"] = "required" in option["attrs"]
        option["invalid"] = "aria-invalid" in option["attrs"]
        option["hint"] = self.hints.get(str(value), "")
        return option


class Radios(Choices, forms.RadioSelect):
    """Django's radio widget in the pack's markup (Choices)."""


class Checkboxes(Choices, forms.CheckboxSelectMultiple):
    """Django's checkbox list in the pack's markup (Choices): one fieldset, a checkbox per answer."""


class Question(Div):
    """A radio question in its own box, numbered ("Question 2 of 9"); #q-<code> links to it."""

    template = "%s/layout/question.html"

    def __init__(self, field, *, code, number, total):
        super().__init__(field, css_id=f"q-{code}", css_class="question")
        self.number, self.total = number, total


class Button:
    """A submit button. `name` and `value`, if given, tell the view which one was pressed."""

    template = "layout/button.html"

    def __init__(self, text, *, css_class, name="", value=""):
        self.text, self.css_class, self.name, self.value = text, css_class, name, value

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        return render_to_string(f"{template_pack}/{self.template}", {"button": self})


class Link(Button):
    """A link among a form's buttons, looking like one ("Finish later")."""

    template = "layout/link.html"

    def __init__(self, text, href, *, css_class):
        super().__init__(text, css_class=css_class)
        self.href = href


class AdminSubmit(Button):
    """The Django admin's own submit row, for the staff forms the pack renders inside the admin."""

    template = "layout/admin_submit.html"

    def __init__(self, text):
        super().__init__(text, css_class="default")
