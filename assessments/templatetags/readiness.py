from django import template

from .. import rich_text

register = template.Library()


@register.filter
def rich(text):
    """Markdown to HTML, cleaned by nh3 to a short allowlist (see rich_text)."""
    return rich_text.render(text)


@register.filter
def percent(fraction):
    return f"{round((fraction or 0) * 100)} %"
