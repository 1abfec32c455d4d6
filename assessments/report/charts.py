"""The report's charts as small inline SVG strings, drawn directly: a radar of the five areas and
the priority matrix.

Drawn by hand rather than by a plotting library because the result is a few dozen elements: cheap
for WeasyPrint to lay out (a plotting library's SVG cost the PDF a fifth of its render time), valid
inline HTML (no metadata, no ids, so two charts on one page never clash) and fit for a strict CSP
(presentation attributes, no style). Every text is escaped here. Each chart is one image for screen
readers (role="img" and aria-label) and carries a <title>, which WeasyPrint turns into the PDF
figure's alternative text; the same figures are in the report's table.
"""

import math
from functools import lru_cache

from django.utils.html import escape
from django.utils.translation import gettext

from ..svg import svg_image

INK, PRIMARY, ACCENT, GRID, MUTED = "#1d2733", "#1f5f8b", "#c4561b", "#c9d3dc", "#5b6875"
THEN = "#6f7b87"  # the earlier score's bars: 4.3:1 on white (every data series at least 3:1), lighter than PRIMARY
LABEL = 13  # area names: as large as the drawing allows, so they stay readable when a chart is scaled down
FONT = 'font-family="DejaVu Sans, sans-serif"'


def _svg(width, height, label, body):
    """The report's charts: drawn at their own size, with the report's font."""
    size = f'width="{width}" height="{height}"'
    return svg_image(width, height, label, body, f'{size} {FONT} font-size="11" fill="{INK}"')


def _text(x, y, text, anchor="start", size=None, colour=None, extra=""):
    size = f' font-size="{size}"' if size else ""
    colour = f' fill="{colour}"' if colour else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{size}{colour}{extra}>{escape(text)}</text>'


def _polygon(points, **attributes):
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    return f'<polygon points="{coords}"{extra}/>'


@lru_cache(maxsize=256)
def radar(names, scores, peer_medians=None):
    """names: area names; scores: 0–100 or None (drawn at 0 and labelled n/a); peer_medians: similar
    firms' medians (None where there is no comparison), drawn dashed. Tuples, for caching."""
    cx, cy, radius = 220, 150, 95
    angles = [-math.pi / 2 + 2 * math.pi * i / len(names) for i in range(len(names))]

    def point(angle, value):
        return cx + radius * value / 100 * math.cos(angle), cy + radius * value / 100 * math.sin(angle)

    body = [_polygon([point(a, ring) for a in angles], fill="none", stroke=GRID) for ring in (20, 40, 60, 80, 100)]
    body += [f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}"/>' for x, y in
             (point(a, 100) for a in angles)]  # fmt: skip
    body += [_text(cx + 3, cy - radius * ring / 100 + 10, str(ring), size=8, colour=MUTED) for ring in (20, 60, 100)]
    if peer_medians and any(m is not None for m in peer_medians):
        peers = [point(a, m or 0) for a, m in zip(angles, peer_medians, strict=True)]
        body.append(_polygon(peers, fill="none", stroke=ACCENT, stroke_width="1.5", stroke_dasharray="5 3"))
        body.append(_legend(cy + radius + 38))
    firm = [point(a, s or 0) for a, s in zip(angles, scores, strict=True)]
    body.append(_polygon(firm, fill=PRIMARY, fill_opacity="0.18", stroke=PRIMARY, stroke_width="2"))
    body += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{PRIMARY}"/>' for x, y in firm]
    for angle, name, score in zip(angles, names, scores, strict=True):
        x, y = point(angle, 114)
        anchor = "middle" if abs(math.cos(angle)) < 0.3 else ("start" if math.cos(angle) > 0 else "end")
        y += -14 if math.sin(angle) < -0.5 else (8 if math.sin(angle) > 0.5 else -2)
        y += -3 if math.sin(angle) < -0.5 else 0  # the top label's two lines clear the outer ring
        body.append(_text(x, y, name, anchor, size=LABEL))
        body.append(
            _text(x, y + 15, "n/a" if score is None else str(score), anchor, LABEL, PRIMARY, ' font-weight="bold"')
        )
    figures = ", ".join(f"{name} {'n/a' if s is None else s}" for name, s in zip(names, scores, strict=True))
    label = gettext("Radar chart of readiness by area, 0 to 100: %(figures)s.") % {"figures": figures}
    return _svg(2 * cx, cy + radius + 50, label, body)


def _legend(y):
    return (
        f'<line x1="80" y1="{y - 4}" x2="104" y2="{y - 4}" stroke="{PRIMARY}" stroke-width="2"/>'
        + _text(110, y, gettext("Your firm"))
        + f'<line x1="200" y1="{y - 4}" x2="224" y2="{y - 4}" stroke="{ACCENT}" stroke-width="1.5" '
        + 'stroke-dasharray="5 3"/>'
        + _text(230, y, gettext("Similar firms (median)"))
    )


@lru_cache(maxsize=256)
def priority_matrix(points):
    """points: ((name, readiness 0–100, importance 1–5), ...). Top left = act first."""
    left, right, top, bottom = 56, 410, 14, 236

    def x(readiness):
        return left + (right - left) * readiness / 100

    def y(importance):
        return bottom - (bottom - top) * (importance - 0.5) / 5

    body = [
        f'<rect x="{left}" y="{top}" width="{x(50) - left:.1f}" height="{y(3) - top:.1f}" fill="{ACCENT}" '
        'fill-opacity="0.08"/>',
        f'<line x1="{x(50):.1f}" y1="{top}" x2="{x(50):.1f}" y2="{bottom}" stroke="{GRID}"/>',
        f'<line x1="{left}" y1="{y(3):.1f}" x2="{right}" y2="{y(3):.1f}" stroke="{GRID}"/>',
        f'<polyline points="{left},{top} {left},{bottom} {right},{bottom}" fill="none" stroke="{INK}"/>',
        _text(left + 6, top + 12, gettext("Act first: important, not yet ready"), size=10, colour=ACCENT),
        _text(right - 4, top + 12, gettext("Keep strong"), "end", size=10, colour=MUTED),
        _text(left + 6, bottom - 6, gettext("Watch"), size=10, colour=MUTED),
        _text(right - 4, bottom - 6, gettext("Good enough for now"), "end", size=10, colour=MUTED),
    ]
    body += [_text(x(r), bottom + 14, str(r), "middle", size=9) for r in range(0, 101, 20)]
    body += [_text(left - 6, y(i) + 4, str(i), "end", size=9) for i in range(1, 6)]
    body.append(_text((left + right) / 2, bottom + 30, gettext("Readiness score (0–100)"), "middle"))
    body.append(
        _text(
            14,
            (top + bottom) / 2,
            gettext("Importance (1–5)"),
            "middle",
            extra=f' transform="rotate(-90 14 {(top + bottom) / 2})"',
        )
    )
    placed = []
    for name, readiness, importance in sorted(points, key=lambda p: (p[2], p[1])):
        # Points close together get their labels pushed up in turn, so names never overlap.
        crowd = sum(1 for r, i in placed if i == importance and abs(r - readiness) < 25)
        px, py = x(readiness), y(importance)
        anchor, dx = ("end", -8) if readiness > 80 else ("start", 8)
        body.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5" fill="{PRIMARY}"/>')
        body.append(_text(px + dx, py - 6 - 15 * crowd, name, anchor))
        placed.append((readiness, importance))
    figures = ", ".join(f"{name} {readiness}/{importance}" for name, readiness, importance in points)
    label = gettext("Priority matrix, readiness (0 to 100) against importance (1 to 5): %(figures)s.")
    return _svg(420, bottom + 40, label % {"figures": figures}, body)


@lru_cache(maxsize=256)
def progress(names, then, now):
    """names: area names; then/now: 0–100 or None ("not enough answers": no bar, labelled n/a).
    Paired horizontal bars, the earlier score above the later one. Tuples, for caching."""
    left, bar_width, row = 130, 250, 34
    body = [_text(left, 12, gettext("Then"), size=9, colour=MUTED), _text(left + 60, 12, gettext("Now"), size=9)]
    body += [f'<rect x="{left - 14}" y="4" width="10" height="9" fill="{THEN}"/>',
             f'<rect x="{left + 46}" y="4" width="10" height="9" fill="{PRIMARY}"/>']  # fmt: skip
    figures = []
    for i, (name, before, after) in enumerate(zip(names, then, now, strict=True)):
        top = 24 + i * row
        body.append(_text(left - 8, top + 15, name, anchor="end"))
        for offset, score, colour in ((0, before, THEN), (14, after, PRIMARY)):
            width = bar_width * (score or 0) / 100
            body.append(f'<rect x="{left}" y="{top + offset}" width="{width:.1f}" height="12" fill="{colour}"/>')
            body.append(_text(left + width + 4, top + offset + 10, "n/a" if score is None else str(score), size=9))
        figures.append(f"{name} {'n/a' if before is None else before} → {'n/a' if after is None else after}")
    label = gettext("Scores then and now for each area: %(figures)s.") % {"figures": ", ".join(figures)}
    return _svg(left + bar_width + 40, 30 + len(names) * row, label, body)
