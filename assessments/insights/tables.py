"""The dashboard's tables, one shape for the page and the downloads: a caption, column headings and
rows of values, None where a figure is hidden. `frame()` turns one into the DataFrame that
exports.to_csv / exports.workbook write (with formula-injection neutralising).
"""

from dataclasses import dataclass

import pandas as pd
from django.utils.translation import gettext as _

from ..scoring import BAND_NAMES
from .figures import BAND_CODES

HIDDEN = "hidden"


@dataclass(frozen=True)
class Table:
    slug: str  # its name in download URLs and sheet names
    caption: str
    columns: list
    rows: list  # lists of values; None = hidden
    row_headers: int = 1  # how many leading columns name the row


@dataclass(frozen=True)
class Labels:
    drivers: dict  # code -> name
    groups: dict  # dimension -> {value: label}
    dimensions: dict  # dimension -> its name ("Region")
    questions: dict  # code -> question text (newest version that asks it)


def _stat_columns():
    return [_("Firms"), _("Lower quartile"), _("Median"), _("Upper quartile")] + [
        _("%(band)s (%% of firms)") % {"band": BAND_NAMES[code]} for code in BAND_CODES
    ]


def _stat_values(stat):
    return [stat.firms, stat.lower_quartile, stat.median, stat.upper_quartile, *stat.bands]


def areas(insights, labels):
    rows = [[labels.drivers[d], *_stat_values(insights.areas[d])] for d in insights.drivers]
    caption = _("Readiness by area: all matching firms")
    return Table("areas", caption, [_("Area"), *_stat_columns()], rows)


def heatmap(insights, labels, dim):
    """Median (and firms) per group and area: the heatmap's figures."""
    breakdown = insights.breakdowns[dim]
    columns = [labels.dimensions[dim]]
    for d in insights.drivers:
        columns += [
            _("%(area)s: median") % {"area": labels.drivers[d]},
            _("%(area)s: firms") % {"area": labels.drivers[d]},
        ]
    rows = []
    for group in breakdown.groups:
        row = [labels.groups[dim][group]]
        for d in insights.drivers:
            stat = breakdown.stats[(group, d)]
            row += [stat.median, stat.firms]
        rows.append(row)
    caption = _("Median readiness by %(dimension)s and area") % {"dimension": labels.dimensions[dim].lower()}
    return Table(f"median-by-{dim.replace('_', '-')}", caption, columns, rows)


def full(insights, labels, dim):
    """Every figure per group and area, one row each."""
    breakdown = insights.breakdowns[dim]
    rows = [
        [labels.groups[dim][group], labels.drivers[d], *_stat_values(breakdown.stats[(group, d)])]
        for group in breakdown.groups
        for d in insights.drivers
    ]
    caption = _("Readiness by %(dimension)s and area: all figures") % {"dimension": labels.dimensions[dim].lower()}
    columns = [labels.dimensions[dim], _("Area"), *_stat_columns()]
    return Table(f"figures-by-{dim.replace('_', '-')}", caption, columns, rows, row_headers=2)


def weakest(insights, labels):
    rows = [
        [labels.drivers[d], q.code, labels.questions.get(q.code, ""), q.firms, q.mean_level, q.dont_know]
        for d in insights.drivers
        for q in insights.weakest[d]
    ]
    columns = [
        _("Area"),
        _("Question code"),
        _("Question"),
        _("Firms that answered"),
        _("Mean level (0–4)"),
        _("Don't know (% of firms)"),
    ]
    return Table("weakest-questions", _("The weakest questions in each area"), columns, rows, row_headers=3)


def dont_know(insights, labels):
    rows = [
        [q.code, labels.questions.get(q.code, ""), labels.drivers[q.driver], q.firms, q.dont_know]
        for q in insights.dont_know
    ]
    columns = [_("Question code"), _("Question"), _("Area"), _("Firms that answered"), _("Don't know (% of firms)")]
    caption = _("The commonest “don't know” answers: what advisers could explain")
    return Table("dont-know", caption, columns, rows, row_headers=3)


def all_tables(insights, labels, dim):
    """Every table the page shows, by its place on the page, in page order."""
    if not insights.firms:
        return {}
    return {
        "areas": areas(insights, labels),
        "heatmap": heatmap(insights, labels, dim),
        "figures": full(insights, labels, dim),
        "trend": heatmap(insights, labels, "quarter"),
        "weakest": weakest(insights, labels),
        "dont_know": dont_know(insights, labels),
    }


def frame(table):
    """The table as a DataFrame for CSV or XLSX: hidden figures written as "hidden"."""
    rows = [[HIDDEN if v is None else v for v in row] for row in table.rows]
    return pd.DataFrame(rows, columns=table.columns, dtype=object)
