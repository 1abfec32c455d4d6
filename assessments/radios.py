"""Radio questions rendered fast: the markup of one radio group built in Python.

Rendering Django's radio widget templates once per option was most of an area page's time
(cProfile); _radio_field.html prints what this builds. Every label is escaped by format_html_join.
"""

from dataclasses import dataclass

from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

OPTION_HTML = (
    '<div class="form-check{}"><input class="form-check-input" type="radio" name="{}" id="{}" value="{}"{}{}>'
    '<label class="form-check-label" for="{}">{}</label></div>'
)
CHECKED = mark_safe(" checked")  # noqa: S308 (a constant)


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
        time (a template variable lookup per attribute of 56 radios was most of an area page)."""
        invalid = mark_safe(' aria-invalid="true"') if self.errors else ""  # noqa: S308 (a constant)
        return format_html_join(
            "\n",
            OPTION_HTML,
            (
                (
                    " apart" if o.apart else "",
                    self.name,
                    o.id,
                    o.value,
                    CHECKED if o.checked else "",
                    invalid,
                    o.id,
                    o.label,
                )
                for o in self.options
            ),
        )


def radio_group(bound, apart=(), code=""):
    value = bound.value()
    chosen = "" if value in (None, "") else str(value)
    options = [
        RadioOption(f"{bound.auto_id}_{i}", str(v), label, str(v) == chosen, v in apart)
        for i, (v, label) in enumerate(bound.field.choices)
    ]
    return RadioGroup(bound.html_name, bound.auto_id, bound.label, bound.help_text, bound.errors, options, code)
