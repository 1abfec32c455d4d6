"""One context for the results page and the PDF, so the two never disagree; and the PDF itself.

WeasyPrint only ever sees the project's own static files and data: URIs (SafeFetcher), renders
with one FontConfiguration per process (memory stays flat), and each PDF is cached under the hash
of its HTML: any change to the answers or the content it uses changes the HTML, so it re-renders.
"""

import hashlib
import logging
from datetime import date

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.text import slugify

from . import advice, charts
from .models import Driver
from .scoring import BAND_NAMES, answers_frame, level_for, overall_score, priorities, questions_frame, score_drivers

log = logging.getLogger(__name__)
REPORT_ORIGIN = "https://report.invalid"  # never resolved: the fetcher answers from disk or refuses
MAX_DATA_URI = 200_000
STRENGTH_LEVEL, GAP_LEVEL = 3, 1


class ReportError(Exception):
    """The PDF could not be rendered; the view shows a clear error page instead of a 500."""


def build_context(assessment):
    """Everything the results page and the PDF show, from about ten queries."""
    questionnaire = assessment.questionnaire
    questions = list(questionnaire.questions.select_related("driver").prefetch_related("options"))
    answers = {a.question_id: a for a in assessment.answers.select_related("option")}
    drivers = list(Driver.objects.filter(questions__questionnaire=questionnaire).distinct())
    results = score_drivers(
        questions_frame([(q.code, q.driver.code, q.weight) for q in questions]),
        answers_frame([(q.code, a.option.kind, a.option.level) for q in questions if (a := answers.get(q.pk))]),
        [d.code for d in drivers],
    )
    ranked = priorities(results, assessment.importance)
    recommendations, programmes = advice.load_catalogue()
    eligible = advice.eligible_programmes(programmes, assessment.region, assessment.size_band)
    levels = {q.code: a.option.level for q in questions if (a := answers.get(q.pk)) and a.option.kind == "scored"}
    fired = advice.matching_recommendations(recommendations, results, levels)
    advice_items = [{"rec": r, "programmes": advice.programmes_for(r, eligible)} for r in fired]
    by_driver = {d.code: d for d in drivers}
    top = [{"driver": by_driver[p.driver], "priority": p, "rank": i} for i, p in enumerate(ranked[:3], start=1)]
    overall = overall_score(results)
    scored = sorted((r for r in results.values() if r.score is not None), key=lambda r: -r.score)
    return {
        "strongest": {"driver": by_driver[scored[0].driver], "result": scored[0]} if scored else None,
        "assessment": assessment,
        "questionnaire": questionnaire,
        "generated": date.today(),
        "overall": {"score": overall, "level": BAND_NAMES.get(level_for(overall))},
        "sections": [
            _section(d, results[d.code], questions, answers, advice_items, eligible, assessment.importance)
            for d in drivers
        ],
        "priorities": top,
        "plan": _plan(advice_items, [t["driver"].code for t in top]),
        "knowledge_gaps": [
            {"question": q, "driver": q.driver}
            for q in questions
            if (a := answers.get(q.pk)) and a.option.kind == "dont_know"
        ],
        "programmes": eligible,
        "closed_programmes": [p for p in programmes if not p.active],
        "radar_svg": charts.radar(tuple(d.name for d in drivers), tuple(results[d.code].score for d in drivers)),
        "matrix_svg": charts.priority_matrix(
            tuple(
                (d.name, results[d.code].score, int(assessment.importance.get(d.code) or 3))
                for d in drivers
                if results[d.code].score is not None
            )
        ),
    }


def _section(driver, result, questions, answers, advice_items, eligible, importance):
    own = [q for q in questions if q.driver_id == driver.pk]
    rows = [{"question": q, "answer": answers.get(q.pk)} for q in own]
    scored = [r for r in rows if r["answer"] and r["answer"].option.kind == "scored"]
    items = [i for i in advice_items if i["rec"].driver_id == driver.pk]
    return {
        "driver": driver,
        "result": result,
        "level": BAND_NAMES.get(result.level),
        "importance": importance.get(driver.code),
        "rows": rows,
        "strengths": [r for r in scored if r["answer"].option.level >= STRENGTH_LEVEL],
        "gaps": [r for r in scored if r["answer"].option.level <= GAP_LEVEL],
        "advice": _grouped(items),
        "programmes": [p for p in eligible if driver in p.drivers.all()],
    }


def _grouped(items):
    return [
        (label, [i for i in items if i["rec"] in recs]) for label, recs in advice.by_horizon([i["rec"] for i in items])
    ]


def _plan(advice_items, priority_drivers):
    recs = [i["rec"] for i in advice_items]
    plan = advice.action_plan(recs, priority_drivers)
    lookup = {id(i["rec"]): i for i in advice_items}
    return [(label, [lookup[id(r)] for r in group]) for label, group in plan]


def filename(assessment):
    return f"{slugify(assessment.company_name) or 'company'}-readiness-report.pdf"


def render_html(context):
    return render_to_string("report/report.html", context)


def render_pdf(context):
    """PDF bytes for a report context; a repeat call with unchanged HTML comes from the cache."""
    html = render_html(context)
    key = "report-pdf:" + hashlib.sha256(html.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = _weasyprint(html)
        cache.set(key, pdf)
    return pdf


_font_config = None


def _weasyprint(html):
    global _font_config
    # Imported here: WeasyPrint takes ~0.4 s to import and only the PDF view needs it.
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    if _font_config is None:
        _font_config = FontConfiguration()
    try:
        document = HTML(string=html, base_url=REPORT_ORIGIN + "/", url_fetcher=safe_fetcher())
        # Tagged PDF: screen readers get headings, lists and tables; it costs no measurable time.
        return document.write_pdf(font_config=_font_config, pdf_tags=True)
    except (RecursionError, MemoryError, ValueError, OSError) as exc:
        log.exception("Report rendering failed")
        raise ReportError(str(exc)) from exc


def safe_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeFetcher(URLFetcher):
        """Deny by default: the project's static files and small data: URIs, nothing else."""

        def __init__(self):
            super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=2)

        def fetch(self, url, headers=None):
            if url.startswith(REPORT_ORIGIN + "/static/"):
                relative = url.removeprefix(REPORT_ORIGIN + "/static/").split("?")[0]
                path = finders.find(relative) if ".." not in relative else None
                if path:
                    with open(path, "rb") as f:
                        return URLFetcherResponse(url, f.read(), {"Content-Type": _content_type(path)})
            elif url[:5].lower() == "data:" and len(url) < MAX_DATA_URI:
                return super().fetch(url, headers)
            raise ValueError(f"Report resource refused: {url[:80]}")

    return SafeFetcher()


def _content_type(path):
    return {"css": "text/css", "svg": "image/svg+xml", "png": "image/png"}.get(
        path.rsplit(".", 1)[-1], "application/octet-stream"
    )
