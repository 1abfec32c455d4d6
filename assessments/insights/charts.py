"""The dashboard's charts as SVG built in code: a heatmap and a trend chart.

Colours and positions are SVG presentation attributes and fonts come from a class in insights.css,
so a strict Content-Security-Policy (no inline styles) holds. Every text is escaped here. Each chart
is one image for screen readers (role="img" with a title); the same figures are in a table beside it.
"""

from django.utils.html import escape

from ..scoring import level_for
from ..svg import svg_image

# Maturity bands, light to dark; text on the two darkest is white (contrast of 4.5:1 or more).
BAND_FILL = {
    "starting": "#e8f0f8",
    "developing": "#c2d7ec",
    "established": "#8db6dc",
    "advanced": "#2f6ea8",
    "leading": "#1b4674",
}
DARK_BANDS = {"advanced", "leading"}
HIDDEN_FILL, INK, GRID = "#f2f2f2", "#1d2733", "#c9d3dc"
LINE_COLOURS = ["#1f5f8b", "#c4561b", "#2e7d32", "#6a3d9a", "#8a6d00", "#b0306a"]
MARKERS = ["circle", "square", "diamond", "triangle", "cross", "circle"]


def _short(label, limit=30):
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _two_lines(label, width=13):
    """A column heading on at most two lines of about `width` characters."""
    words, lines = label.split(), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > width and len(lines) < 2:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return [_short(line, width + 2) for line in lines]


def _svg(width, height, title, body, css_class):
    """The dashboard's charts scale with the page (insights.css), so they carry a class, not a size."""
    return svg_image(width, height, title, body, f'class="{css_class}" focusable="false"')


def heatmap(title, rows, columns, values, hidden_text="–"):
    """rows, columns: labels; values[(row index, column index)] = median 0–100, or None when hidden.
    Each cell is coloured by the maturity band of its median and shows the number."""
    label_w, cell_w, cell_h, top = 230, 92, 30, 54
    width, height = label_w + cell_w * len(columns) + 4, top + cell_h * len(rows) + 4
    body = []
    for c, name in enumerate(columns):
        x = label_w + c * cell_w + cell_w / 2
        lines = _two_lines(name)
        spans = "".join(
            f'<tspan x="{x}" dy="{0 if i == 0 else 14}">{escape(line)}</tspan>' for i, line in enumerate(lines)
        )
        y = top - 10 - 14 * (len(lines) - 1)
        body.append(f'<text x="{x}" y="{y}" text-anchor="middle" fill="{INK}" class="chart-label">{spans}</text>')
    for r, name in enumerate(rows):
        y = top + r * cell_h
        body.append(
            f'<text x="{label_w - 8}" y="{y + cell_h / 2 + 4}" text-anchor="end" fill="{INK}" '
            f'class="chart-label">{escape(_short(name))}</text>'
        )
        for c in range(len(columns)):
            value = values.get((r, c))
            band = level_for(value) if value is not None else None
            fill = BAND_FILL[band] if band else HIDDEN_FILL
            ink = "#ffffff" if band in DARK_BANDS else INK
            x = label_w + c * cell_w
            body.append(f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{fill}"/>')
            text = hidden_text if value is None else str(value)
            body.append(
                f'<text x="{x + cell_w / 2}" y="{y + cell_h / 2 + 4}" text-anchor="middle" fill="{ink}" '
                f'class="chart-value">{escape(text)}</text>'
            )
    return _svg(width, height, title, body, "heatmap")


def _marker(shape, x, y, colour):
    if shape == "square":
        return f'<rect x="{x - 3.5}" y="{y - 3.5}" width="7" height="7" fill="{colour}"/>'
    if shape == "diamond":
        return f'<polygon points="{x},{y - 5} {x + 5},{y} {x},{y + 5} {x - 5},{y}" fill="{colour}"/>'
    if shape == "triangle":
        return f'<polygon points="{x},{y - 5} {x + 5},{y + 4} {x - 5},{y + 4}" fill="{colour}"/>'
    if shape == "cross":
        return (
            f'<path d="M{x - 4} {y - 4}L{x + 4} {y + 4}M{x - 4} {y + 4}L{x + 4} {y - 4}" stroke="{colour}" '
            f'stroke-width="2"/>'
        )
    return f'<circle cx="{x}" cy="{y}" r="4" fill="{colour}"/>'


def trend(title, periods, series):
    """periods: x labels; series: [(name, [median or None per period])]. Lines break where a median
    is hidden; each line has its own colour and marker shape and is named at its right end."""
    left, right, top, bottom, plot_h = 40, 170, 16, 40, 220
    step = 70 if len(periods) > 1 else 0
    width, height = left + step * max(len(periods) - 1, 1) + right, top + plot_h + bottom
    body = []

    def y_of(v):
        return top + plot_h * (1 - v / 100)

    for tick in range(0, 101, 20):
        y = y_of(tick)
        body.append(f'<line x1="{left}" y1="{y}" x2="{width - right + 20}" y2="{y}" stroke="{GRID}"/>')
        body.append(
            f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" fill="{INK}" class="chart-label">{tick}</text>'
        )
    for i, period in enumerate(periods):
        body.append(
            f'<text x="{left + i * step}" y="{top + plot_h + 22}" text-anchor="middle" fill="{INK}" '
            f'class="chart-label">{escape(period)}</text>'
        )
    ends = []
    for s, (name, values) in enumerate(series):
        colour, shape = LINE_COLOURS[s % len(LINE_COLOURS)], MARKERS[s % len(MARKERS)]
        points = [(left + i * step, y_of(v)) for i, v in enumerate(values) if v is not None]
        runs, run = [], []
        for i, v in enumerate(values):
            if v is None:
                runs, run = runs + [run], []
            else:
                run.append((left + i * step, y_of(v)))
        for line in [*runs, run]:
            if len(line) > 1:
                coords = " ".join(f"{x},{y}" for x, y in line)
                body.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>')
        body.extend(_marker(shape, x, y, colour) for x, y in points)
        if points:
            ends.append((points[-1][1], points[-1][0], name, colour))
    last = -100
    for y, x, name, colour in sorted(ends):  # names at the lines' ends, pushed apart so none overlap
        last = max(y + 4, last + 13)
        body.append(
            f'<text x="{x + 10}" y="{last}" fill="{colour}" class="chart-label">{escape(_short(name, 22))}</text>'
        )
    return _svg(width, height, title, body, "trend")
