"""The report's charts as inline SVG strings (matplotlib, no pyplot: no global state, thread-safe).

Output is deterministic for the same data (fixed hash salt, no date). Text stays as <text> elements;
matplotlib escapes it. Each chart is cleaned for inline use in a page and in the PDF: no RDF
metadata, ids prefixed per chart (two charts on one page never share an id), style attributes
turned into presentation attributes (a strict CSP blocks inline styles), and a <title>, which
WeasyPrint turns into the PDF figure's alternative text.
"""

import io
import math
import re
from functools import lru_cache

import matplotlib
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from matplotlib.figure import Figure

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "readiness",
        "font.family": "DejaVu Sans",
        "font.size": 9,
    }
)

INK, PRIMARY, ACCENT, GRID = "#1d2733", "#1f5f8b", "#c4561b", "#c9d3dc"


def _svg(fig, label, prefix):
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    svg = clean_svg(buf.getvalue(), prefix)
    # role/aria-label make the chart one image for screen readers, <title> its alternative text in
    # the PDF; the data table sits beside it. Code-built markup: matplotlib XML-escapes every text it
    # writes (tested), and the label is escaped here.
    label = escape(label)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return mark_safe(re.sub(r"(<svg[^>]*>)", rf"\1<title>{label}</title>", svg, count=1))


def clean_svg(svg, prefix):
    """matplotlib's SVG made fit to inline: metadata and the <style> element dropped, style
    attributes written as presentation attributes, and only referenced ids kept, prefixed."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    # The one rule matplotlib puts in <style> applies to every shape: inherit it from the root.
    svg = re.sub(r"<defs>\s*<style[^>]*>[^<]*</style>\s*</defs>\s*", "", svg)
    svg = svg.replace("<svg ", '<svg stroke-linejoin="round" stroke-linecap="butt" ', 1)
    svg = re.sub(r' style="([^"]*)"', lambda m: _attributes(m[1]), svg)
    referenced = set(re.findall(r'(?:url\(#|href="#)([^)"]+)', svg))
    svg = re.sub(r' id="([^"]+)"', lambda m: f' id="{prefix}-{m[1]}"' if m[1] in referenced else "", svg)
    svg = re.sub(r'(url\(#|href="#)([^)"]+)', lambda m: f"{m[1]}{prefix}-{m[2]}", svg)
    return re.sub(r"\n\s*", "\n", svg)  # indentation is a third of the bytes


def _attributes(style):
    pairs = (item.split(":", 1) for item in style.split(";") if ":" in item)
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)


@lru_cache(maxsize=256)
def radar(names, scores, peer_medians=None):
    """names: driver names; scores: 0–100 or None (drawn at 0 and marked n/a); peer_medians: the
    similar firms' medians (None where there is no comparison), drawn dashed. Tuples, for caching."""
    n = len(names)
    angles = [2 * math.pi * i / n for i in range(n)]
    values = [s or 0 for s in scores]
    fig = Figure(figsize=(4.4, 4.0))
    ax = fig.add_subplot(projection="polar")
    ax.set_theta_offset(math.pi / 2)  # first driver at the top, then clockwise
    ax.set_theta_direction(-1)
    ax.set_ylim(0, 100)
    ax.set_rlabel_position(180 / n)  # ring labels between the first two spokes, clear of driver names
    ax.set_yticks([20, 40, 60, 80, 100], labels=["20", "40", "60", "80", "100"], color="#5b6875", fontsize=7)
    labels = [f"{name}\n{'n/a' if s is None else s}" for name, s in zip(names, scores, strict=True)]
    ax.set_xticks(angles, labels=labels, color=INK)
    ax.tick_params(axis="x", pad=8)
    ax.grid(color=GRID, linewidth=0.8)
    ax.spines["polar"].set_color(GRID)
    closed_angles, closed_values = [*angles, angles[0]], [*values, values[0]]
    ax.fill(closed_angles, closed_values, color=PRIMARY, alpha=0.18)
    ax.plot(closed_angles, closed_values, color=PRIMARY, linewidth=2, marker="o", markersize=4, label="Your firm")
    if peer_medians and any(m is not None for m in peer_medians):
        medians = [m or 0 for m in peer_medians]
        ax.plot(
            [*angles, angles[0]],
            [*medians, medians[0]],
            color=ACCENT,
            linewidth=1.5,
            linestyle="--",
            label="Similar firms (median)",
        )
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False, fontsize=8)
    figures = ", ".join(f"{name} {'n/a' if s is None else s}" for name, s in zip(names, scores, strict=True))
    return _svg(
        fig, gettext("Radar chart of readiness by area, 0 to 100: %(figures)s.") % {"figures": figures}, "radar"
    )


@lru_cache(maxsize=256)
def priority_matrix(points):
    """points: ((name, readiness 0–100, importance 1–5), ...). Top left = act first."""
    fig = Figure(figsize=(5.6, 3.6))
    ax = fig.add_subplot()
    ax.set_xlim(0, 100)
    ax.set_ylim(0.5, 5.5)
    ax.axvline(50, color=GRID, linewidth=1)
    ax.axhline(3, color=GRID, linewidth=1)
    ax.fill_between([0, 50], 3, 5.5, color=ACCENT, alpha=0.08)
    ax.text(2, 5.3, "Act first: important, not yet ready", color=ACCENT, fontsize=8, va="top")
    ax.text(98, 5.3, "Keep strong", color="#5b6875", fontsize=8, va="top", ha="right")
    ax.text(2, 0.7, "Watch", color="#5b6875", fontsize=8)
    ax.text(98, 0.7, "Good enough for now", color="#5b6875", fontsize=8, ha="right")
    placed = []
    for name, readiness, importance in sorted(points, key=lambda p: (p[2], p[1])):
        ax.scatter([readiness], [importance], s=60, color=PRIMARY, zorder=3)
        # Points close together get their labels pushed up in turn, so names never overlap.
        crowd = sum(1 for r, i in placed if i == importance and abs(r - readiness) < 25)
        ax.annotate(
            name, (readiness, importance), xytext=(6, 4 + 11 * crowd), textcoords="offset points", color=INK, fontsize=8
        )
        placed.append((readiness, importance))
    ax.set_xlabel("Readiness score (0–100)", color=INK)
    ax.set_ylabel("Importance to the business (1–5)", color=INK)
    ax.set_yticks([1, 2, 3, 4, 5])
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    figures = ", ".join(f"{name} {readiness}/{importance}" for name, readiness, importance in points)
    label = gettext("Priority matrix, readiness (0 to 100) against importance (1 to 5): %(figures)s.")
    return _svg(fig, label % {"figures": figures}, "matrix")
