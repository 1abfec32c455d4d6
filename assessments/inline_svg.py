"""Makes matplotlib's inline SVG charts display under a CSP that allows no inline styles.

matplotlib writes `style="fill: …; stroke: …"` attributes and one `<style>` element; a page whose
policy says `style-src 'self'` refuses both. Every property it uses is also an SVG presentation
attribute, which no CSP restricts, so each declaration becomes an attribute of its own element.
"""

import re

from django.utils.safestring import mark_safe

# Only inside a tag (no < or > before the attribute): text content is never rewritten.
STYLE_ATTRIBUTE = re.compile(r'(<[A-Za-z][^<>]*?)\sstyle="([^"]*)"')
STYLE_ELEMENT = re.compile(r"<style[^>]*>\s*\*\s*\{([^}]*)\}\s*</style>")
PROPERTY = re.compile(r"^[a-z-]+$")


def _attributes(declarations):
    pairs = (part.split(":", 1) for part in declarations.split(";") if ":" in part)
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs if PROPERTY.match(name.strip()))


def without_inline_styles(svg):
    """The same drawing with presentation attributes instead of style attributes and elements.

    The `*{…}` rule (line joins and caps) moves to the root <svg>, from where it is inherited.
    """
    root_rule = STYLE_ELEMENT.search(svg)
    svg = STYLE_ELEMENT.sub("", svg)
    svg = STYLE_ATTRIBUTE.sub(lambda m: m.group(1) + _attributes(m.group(2)), svg)
    if root_rule:
        svg = svg.replace("<svg ", f"<svg{_attributes(root_rule.group(1))} ", 1)
    return mark_safe(svg)  # noqa: S308 - matplotlib's own markup, only re-arranged
