"""Radio questions rendered fast: the markup of one radio group built in Python.

Rendering Django's radio widget templates once per option was most of an area page's time
(cProfile); _radio_field.html prints what this builds. Every value in it is escaped.
"""

from dataclasses import dataclass

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

OPTION_HTML = (
    '<div class="form-check{}"><input class="form-check-input" type="radio" name="{}" id="{}" value="{}"{}{}>'
    '<label class="form-check-label" for="{}">{}</label></div>'
)


@dataclass(frozen=True)
class RadioOption:
    id: str
    value: str
    label: str
    checked: bool
    apart: bool  # "Don't know" and "Not relevant", set apart from the levels


@dataclass(frozen=True)
class RadioGroup:
    """What _radio_field.html needs of one radio question, built in Python: rendering Django's
    radio widget templates once per option was most of a driver page's time (cProfile)."""

    name: str
    id: str
    legend: str
    hint: str
    errors: list
    options: list
    code: str = ""

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


def radio_group(bound, apart=(), code=""):
    value = bound.value()
    chosen = "" if value in (None, "") else str(value)
    options = [
        RadioOption(f"{bound.auto_id}_{i}", str(v), label, str(v) == chosen, v in apart)
        for i, (v, label) in enumerate(bound.field.choices)
    ]
    return RadioGroup(bound.html_name, bound.auto_id, bound.label, bound.help_text, bound.errors, options, code)
