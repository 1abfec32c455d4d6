"""The insights dashboard in the staff area (permission `view_insights`: the Analyst group), and the
downloads of published quarters.

Filters live in the URL, so a view can be bookmarked and shared. The figures of each filter are
cached under the filter, the data revision (the insight cells' revisions) and the content revision
(names and question texts), so a repeat view costs a few small queries whatever the number of firms.

What the page shows is protected view by view, and says so: two filters can be compared to narrow
down a small group, so the page is for staff and offers no download of its own figures. What leaves
the building is a published quarter (published.py), downloaded as CSV or XLSX and logged (ExportLog).

Adviser support (`by=support`): the firms supported by an adviser (`Share.objects.supported()`, the
model's one rule) beside the rest. It is a grouping of the heatmap's rows and never a filter, so the
two groups and their total (the areas table) are always shown in one table, protected together by
disclosure.protect: when one group is below MIN_GROUP both are hidden, and no view shows the rest
alone for a difference to give the supported firms away. Support is not a key of the insight cells
(a share is made, withdrawn or expires without a submit, and cells would go stale): the supported
firms' histograms are read from their DriverScore rows (one query; they are few) for the firms in
the cells (`in_aggregates`) whose cell the filter matches, so they are always a part of the firms
shown. The cache key carries the supported shares' state, so a share made or ended shows at once.
"""

import hashlib

import numpy as np
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..form_pack import AdminSubmit
from ..models import (
    Assessment,
    Driver,
    DriverScore,
    ExportLog,
    InsightCell,
    InsightRelease,
    Question,
    Questionnaire,
    Region,
    Sector,
    Share,
    SizeBand,
)
from ..scoring import BANDS
from . import cells as insight_cells
from . import charts as insight_charts
from . import exports, peers, published
from . import figures as insights
from . import tables as insight_tables

CACHE_SECONDS = 24 * 3600
CHOICES = {"region": Region, "sector": Sector, "size_band": SizeBand}
# The tables of a published quarter (published.tables_of), as the dashboard links them.
PUBLISHED_CSV = [
    ("areas", gettext_lazy("all firms")),
    ("figures-by-region", gettext_lazy("by region")),
    ("figures-by-sector", gettext_lazy("by sector")),
    ("figures-by-size-band", gettext_lazy("by size")),
    ("weakest-questions", gettext_lazy("weakest questions")),
    ("dont-know", gettext_lazy("“don't know” answers")),
]
BREAKDOWNS = [
    ("region", gettext_lazy("Region")),
    ("sector", gettext_lazy("Sector")),
    ("size_band", gettext_lazy("Size")),
    (insights.SUPPORT, gettext_lazy("Adviser support")),
]
SUPPORT_LABELS = {
    "supported": gettext_lazy("Supported by an adviser"),
    "unsupported": gettext_lazy("Not supported by an adviser"),
}


def quarter_label(quarter):
    return _("%(year)s Q%(quarter)s") % {"year": quarter // 10, "quarter": quarter % 10}


class InsightsFilter(forms.Form):
    version = forms.ChoiceField(label=gettext_lazy("Questionnaire version"), required=False)
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    sector = forms.ChoiceField(label=gettext_lazy("Sector"), required=False)
    size_band = forms.ChoiceField(label=gettext_lazy("Size"), required=False)
    start = forms.TypedChoiceField(label=gettext_lazy("From quarter"), coerce=int, empty_value=None, required=False)
    end = forms.TypedChoiceField(label=gettext_lazy("To quarter"), coerce=int, empty_value=None, required=False)
    by = forms.ChoiceField(label=gettext_lazy("Heatmap rows"), choices=BREAKDOWNS, required=False)
    demo = forms.BooleanField(label=gettext_lazy("Include demo data"), required=False)

    def __init__(self, data, versions, quarters):
        super().__init__(data)
        anything = [("", _("Any"))]
        self.fields["version"].choices = [("", _("All versions (matched by question code)"))] + [
            (str(pk), _("Version %(version)s") % {"version": number}) for pk, number in versions
        ]
        self.fields["region"].choices = anything + Region.choices
        self.fields["sector"].choices = anything + Sector.choices
        self.fields["size_band"].choices = anything + SizeBand.choices
        periods = [(str(q), quarter_label(q)) for q in quarters]
        self.fields["start"].choices = [("", _("Earliest"))] + periods
        self.fields["end"].choices = [("", _("Latest"))] + periods
        self.helper = FormHelper()
        self.helper.form_tag, self.helper.form_method = False, "get"  # the page's form holds its heading too
        filters = [Field(name, wrapper_class="filter") for name in self.fields if name != "demo"]
        self.helper.layout = Layout(
            Div(*filters, css_class="filter-grid"),
            Field("demo", wrapper_class="filter filter-check"),
            AdminSubmit(_("Show")),
        )

    def filters(self):
        """The normalised filter: what the figures depend on (invalid input counts as no filter)."""
        self.is_valid()  # an invalid field is dropped; the valid ones still filter
        data = self.cleaned_data
        names = ("version", "region", "sector", "size_band", "start", "end", "demo")
        return tuple((name, data.get(name) or None) for name in names)

    def breakdown(self):
        """What the heatmap's rows are: a region, a sector or a size band."""
        self.is_valid()
        return self.cleaned_data.get("by") or "region"


def _require(request):
    if not request.user.has_perm("assessments.view_insights"):
        raise PermissionDenied


def _state():
    """The data revision (a sum of the cells' revisions, which only go up), whether there are real and
    demo firms, the quarters with firms (two queries on a small covering index), and the newest edit
    of the question texts and area names the page shows (one more), so an edit shows at once."""
    cells = InsightCell.objects.filter(firms__gt=0)
    state = InsightCell.objects.aggregate(
        revision=Sum("revision", default=0),
        real=Count("id", filter=Q(is_demo=False, firms__gt=0)),
        demo=Count("id", filter=Q(is_demo=True, firms__gt=0)),
    )
    state["quarters"] = sorted(cells.order_by().values_list("quarter", flat=True).distinct())
    # Names and question texts shown: every edit moves some version's content_revision.
    state["content"] = Questionnaire.objects.aggregate(n=Count("id"), revisions=Sum("content_revision"))
    # Which firms are supported: the set of shares changes only by new ones (a higher id) or by
    # ones ending (fewer), so their number and newest id name it.
    state["support"] = Share.objects.supported().aggregate(n=Count("id"), newest=Max("id"))
    return state


def _form(request, state):
    versions = Questionnaire.objects.exclude(status=Questionnaire.Status.DRAFT).values_list("pk", "version")
    return InsightsFilter(request.GET, list(versions), state["quarters"])


def _cells(filters):
    f = dict(filters)
    cells = InsightCell.objects.filter(firms__gt=0)
    if not f["demo"]:
        cells = cells.filter(is_demo=False)
    lookups = {
        "questionnaire_id": f["version"],
        "region": f["region"],
        "sector": f["sector"],
        "size_band": f["size_band"],
        "quarter__gte": f["start"],
        "quarter__lte": f["end"],
    }
    cells = cells.filter(**{k: v for k, v in lookups.items() if v is not None})
    return list(cells.values_list("questionnaire_id", "quarter", "region", "sector", "size_band", "firms", "counts"))


def _supported(rows, drivers, include_demo):
    """The score histograms (drivers × BINS) of the supported firms among those of `rows` (the
    matching cells): the firms in the insight cells whose cell is one of them. One query."""
    in_view = {row[:5] for row in rows}
    firms = Assessment.objects.filter(in_aggregates=True, pk__in=Share.objects.supported().values("assessment_id"))
    if not include_demo:
        firms = firms.filter(is_demo=False)
    fields = ["questionnaire_id", "submitted_at", "region", "sector", "size_band"]
    scores = DriverScore.objects.filter(assessment__in=firms, score__gte=0).values_list(
        *(f"assessment__{name}" for name in fields), "driver__code", "score"
    )
    index = {code: i for i, code in enumerate(drivers)}
    hists = np.zeros((len(drivers), insights.BINS), dtype=np.int64)
    for version, at, region, sector, size_band, driver, score in scores:
        if (version, insight_cells.quarter_of(at), region, sector, size_band) in in_view:
            hists[index[driver], score] += 1
    return hists


def _labels(layouts):
    codes = {code for layout in layouts.values() for code, _driver in layout.questions}
    texts = dict(Question.objects.filter(code__in=codes).order_by("questionnaire__version").values_list("code", "text"))
    return insight_tables.Labels(
        drivers=dict(Driver.objects.values_list("code", "name")),
        groups={dim: {value: str(label) for value, label in choices.choices} for dim, choices in CHOICES.items()}
        | {insights.SUPPORT: {value: str(label) for value, label in SUPPORT_LABELS.items()}},
        dimensions={
            "region": _("Region"),
            "sector": _("Sector"),
            "size_band": _("Size"),
            "quarter": _("Quarter"),
            insights.SUPPORT: _("Adviser support"),
        },
        questions=texts,
    )


def _key(filters, by, state):
    parts = [translation.get_language(), settings.RELEASE, state["content"], state["revision"], state["support"]]
    parts += [by, filters]
    return "insights:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def figures(filters, by, state=None):
    """Everything the page shows for a filter: computed from the insight cells, or from the cache."""
    key = _key(filters, by, state or _state())
    found = cache.get(key)
    if found is None:
        rows = _cells(filters)
        layouts = insight_cells.layouts({r[0] for r in rows})
        order = {dim: list(choices.values) for dim, choices in CHOICES.items()}
        drivers = list(Driver.objects.values_list("code", flat=True))
        cells = insights.unpack(rows, layouts, drivers)
        supported = _supported(rows, cells.drivers, dict(filters)["demo"])
        result = insights.build(cells, group_order=order, supported=supported)
        labels = _labels(layouts)
        quarters = result.breakdowns["quarter"].groups if result.firms else []
        labels.groups["quarter"] = {q: quarter_label(q) for q in quarters}
        found = {"insights": result, "tables": insight_tables.all_tables(result, labels, by)}
        found["charts"] = _charts(result, labels, by) if result.firms else {}
        cache.set(key, found, timeout=CACHE_SECONDS)
    return found


def _charts(result, labels, by):
    names = [labels.drivers[d] for d in result.drivers]
    breakdown = result.breakdowns[by]
    cells = {
        (r, c): breakdown.stats[(g, d)].median
        for r, g in enumerate(breakdown.groups)
        for c, d in enumerate(result.drivers)
    }
    rows = [labels.groups[by][g] for g in breakdown.groups]
    title = _("Heatmap of median readiness by %(dimension)s and area; the figures are in the table below.") % {
        "dimension": labels.dimensions[by].lower()
    }
    trend = result.breakdowns["quarter"]
    series = [(labels.drivers[d], [trend.stats[(q, d)].median for q in trend.groups]) for d in result.drivers]
    trend_title = _("Trend of median readiness by quarter for each area; the figures are in the table below.")
    return {
        "heatmap": insight_charts.heatmap(title, rows, names, cells),
        "trend": insight_charts.trend(trend_title, [labels.groups["quarter"][q] for q in trend.groups], series),
    }


def dashboard(request):
    _require(request)
    state = _state()
    form = _form(request, state)
    filters = form.filters()
    by = form.breakdown()
    query = request.GET.urlencode()
    demo_included = dict(filters)["demo"]
    only_demo = not state["real"] and state["demo"]
    # The figures' HTML is cached too (keyed like the figures, plus the query its links carry), so
    # a repeat view renders only the filter form; the figures are fetched only if it is missing.
    fragment = _key(filters, by, state) + hashlib.sha256(query.encode()).hexdigest()[:16]
    releases = InsightRelease.objects.all()
    if not (demo_included or only_demo):
        releases = releases.filter(is_demo=False)
    context = {
        **admin.site.each_context(request),
        "title": _("Insights"),
        "is_nav_sidebar_enabled": False,  # the page needs the width, and a repeat view stays cheap
        "form": form,
        "by": by,
        "query": f"?{query}" if query else "",
        "demo_included": demo_included,
        "only_demo": only_demo,
        "min_firms": insights.disclosure.MIN_GROUP,
        "legend": [(code, name) for _low, code, name in BANDS],
        "fragment": fragment,
        "cache_seconds": CACHE_SECONDS,
        "f": SimpleLazyObject(lambda: figures(filters, by, state)),
        "releases": [(r, quarter_label(r.quarter)) for r in releases],
        "csv_tables": PUBLISHED_CSV,
        "release_delay_days": settings.INSIGHTS_RELEASE_DELAY_DAYS,
        "held": peers.held_summary(),
    }
    return render(request, "insights/dashboard.html", context)


def published_download(request, pk, slug, fmt):
    """One table of a published quarter (or all of them, slug "all", as an XLSX workbook), with a
    first sheet or lines saying what the file is; logged in the export log."""
    _require(request)
    release = InsightRelease.objects.filter(pk=pk).first()
    if fmt not in exports.CONTENT_TYPES or release is None:
        raise Http404("No such publication.")
    result, layouts = published.figures_of(release)
    labels = _labels(layouts)
    tables = published.tables_of(release, labels)
    chosen = [t for t in tables.values() if t.slug == slug or (slug == "all" and fmt == "xlsx")]
    if not chosen:
        raise Http404("No such table in this publication.")
    frames = {t.slug: insight_tables.frame(t) for t in chosen}
    about = _about(release)
    body = exports.workbook(frames, about=about) if fmt == "xlsx" else exports.to_csv(frames[slug], about=about)
    name = f"insights-{'DEMO-' if release.is_demo else ''}{release.quarter // 10}Q{release.quarter % 10}-{slug}.{fmt}"
    filters = {"quarter": release.quarter, "demo": release.is_demo, "table": slug}
    ExportLog.record(request, ExportLog.Kind.INSIGHTS, filters, sum(len(t.rows) for t in chosen), name)
    response = HttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _about(release):
    """What a downloaded file is, in a few lines: its first sheet, or its first lines."""
    lines = [
        _("Manufacturing Readiness: published insight tables for %(quarter)s.")
        % {"quarter": quarter_label(release.quarter)},
        _(
            "Published on %(date)s from the %(firms)s firms that submitted in that quarter and agreed to anonymous "
            "comparison; a published quarter never changes."
        )
        % {"date": timezone.localtime(release.released_at).date().isoformat(), "firms": release.firms},
        _(
            'No figure rests on fewer than %(min)s firms: a smaller group or maturity band is written as "hidden", '
            "and so are figures from which a hidden one could be worked out."
        )
        % {"min": insights.disclosure.MIN_GROUP},
    ]
    if release.is_demo:
        lines.insert(0, _("DEMO DATA: synthetic firms made by “manage.py seed_demo”, not real assessments."))
    return lines
