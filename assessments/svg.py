"""The one wrapper for inline SVG charts (the report's and the dashboard's): one image for screen
readers, with every text escaped before it reaches the markup."""

from django.utils.html import escape
from django.utils.safestring import mark_safe


def svg_image(width, height, label, body, attributes=""):
    """Inline SVG that is one image for screen readers (role="img", aria-label, and a <title> that
    WeasyPrint makes the PDF figure's alternative text). The report's and the dashboard's charts.
    body: code-built elements whose texts are escaped already; attributes: fixed markup."""
    label = escape(label)
    return mark_safe(  # code-built markup; every text in it is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" {attributes} role="img" '
        f'aria-label="{label}"><title>{label}</title>{"".join(body)}</svg>'
    )
