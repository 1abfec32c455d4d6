"""Radio questions rendered fast: the markup of one radio group, GOV.UK's order (legend, hint,
error message, answers), built in Python. Every value in it is escaped here (never |safe).

Rendering Django's radio widget templates once per option was most of an area page's time, and
then a template per group, with a variable lookup for each attribute, was still a third of it
(cProfile). Templates print `{{ group.html }}`.
"""

from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

OPTION_HTML = (
    '<div class="form-check{}"><input class="form-check-input" type="radio" name="{}" id="{}" value="{}"{}{}>'
    '<label class="form-check-label" for="{}">{}</label></div>'
)
FIELDSET_HTML = '<fieldset class="radio-group{}"{}>\n  <legend class="{}">{}</legend>\n  {}\n  {}\n  {}\n</fieldset>'


@dataclass(frozen=True)
class RadioOption:
    id: str
    value: str
    label: str
    checked: bool
    apart: bool  # "Don't know" and "Not relevant", set apart from the levels


@dataclass(frozen=True)
class RadioGroup:
    """One radio question, ready to print: `html()` is its whole fieldset."""

    name: str
    id: str
    legend: str
    hint: str
    errors: list
    options: list
    code: str = ""
    legend_class: str = "question-legend"

    def html(self):
        hint_id, error_id = f"{self.id}_hint", f"{self.id}_error"
        described = " ".join([*([hint_id] if self.hint else []), *([error_id] if self.errors else [])])
        return format_html(
            FIELDSET_HTML,
            " is-invalid" if self.errors else "",
            format_html(' aria-describedby="{}"', described) if described else "",
            self.legend_class,
            self.legend,
            format_html('<p class="hint" id="{}">{}</p>', hint_id, self.hint) if self.hint else "",
            self.errors_html(error_id) if self.errors else "",
            self.options_html(),
        )

    def errors_html(self, error_id):
        errors = format_html_join(
            "", '<span class="visually-hidden">{} </span>{}', ((gettext("Error:"), e) for e in self.errors)
        )
        return format_html('<p class="error-message" id="{}">{}</p>', error_id, errors)

    def options_html(self):
        """The radios, built here rather than by a template loop: the same markup, a fraction of the
        time (a template variable lookup per attribute of 56 radios was most of an area page). Each
        value is escaped once, the group's name once for all its radios: format_html per radio
        escaped eight values each, and was still a quarter of the page's rendering."""
        invalid = ' aria-invalid="true"' if self.errors else ""
        name = conditional_escape(self.name)
        radios = []
        for o in self.options:
            id_ = conditional_escape(o.id)
            apart, checked = " apart" if o.apart else "", " checked" if o.checked else ""
            value, label = conditional_escape(o.value), conditional_escape(o.label)
            radios.append(OPTION_HTML.format(apart, name, id_, value, checked, invalid, id_, label))
        return mark_safe("\n".join(radios))  # noqa: S308 (every value in it is escaped above)


def radio_group(bound, apart=(), **details):
    """The RadioGroup of a bound radio field; `apart`: the values set apart from the levels, and
    `details` the group's code and legend_class."""
    value = bound.value()
    chosen = "" if value in (None, "") else str(value)
    options = [
        RadioOption(f"{bound.auto_id}_{i}", str(v), label, str(v) == chosen, v in apart)
        for i, (v, label) in enumerate(bound.field.choices)
    ]
    return RadioGroup(bound.html_name, bound.auto_id, bound.label, bound.help_text, bound.errors, options, **details)
