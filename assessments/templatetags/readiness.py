import markdown
import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# Admin-written Markdown may carry raw HTML; only this short list survives. No images or styles:
# the PDF renderer must never be asked to fetch anything an editor typed.
CLEANER = nh3.Cleaner(
    tags={"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote"},
    attributes={"a": {"href"}},
    url_schemes={"https", "http", "mailto"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)


@register.filter
def rich(text):
    """Markdown to HTML, cleaned by nh3 to the allowlist above."""
    return mark_safe(CLEANER.clean(markdown.markdown(text or "")))


@register.filter
def percent(fraction):
    return f"{round((fraction or 0) * 100)} %"
