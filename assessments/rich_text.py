"""Staff-written Markdown: rendered to a short allowlist of HTML, and kept small and shallow.

One home for both, so the admin, the content pack loader and the report agree on what is allowed.
"""

import re

import markdown
import nh3
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

MAX_LENGTH = 5000
MAX_DEPTH = 8
VOID_TAGS = {"br", "hr", "img"}

# Admin-written Markdown may carry raw HTML; only this short list survives. No images or styles:
# the PDF renderer must never be asked to fetch anything an editor typed.
CLEANER = nh3.Cleaner(
    tags={"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote"},
    attributes={"a": {"href"}},
    url_schemes={"https", "http", "mailto"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def render(text):
    """Markdown to HTML, cleaned by nh3 to the allowlist above (safe to print unescaped)."""
    return mark_safe(CLEANER.clean(markdown.markdown(text or "")))  # noqa: S308 - nh3-cleaned just above


def nesting_depth(html):
    depth = deepest = 0
    for tag in re.finditer(r"<(/?)(\w+)[^>]*?(/?)>", str(html)):
        if tag[2] in VOID_TAGS or tag[3]:
            continue
        depth += -1 if tag[1] else 1
        deepest = max(deepest, depth)
    return deepest


def validate_rich_text(text):
    """Keeps Markdown small and shallow: the PDF renderer recurses on nesting."""
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            _("Keep this under %(limit)s characters (it has %(length)s).") % {"limit": MAX_LENGTH, "length": len(text)}
        )
    deepest = nesting_depth(render(text))
    if deepest > MAX_DEPTH:
        raise ValidationError(
            _("Lists or quotes are nested %(depth)s deep; keep nesting to %(limit)s levels.")
            % {"depth": deepest, "limit": MAX_DEPTH}
        )
