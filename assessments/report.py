"""One context for the results page and the PDF, so the two never disagree; and the PDF itself.

WeasyPrint runs in a child process with a deadline and a memory cap (pdf_worker), sees only the
report stylesheet and data: URIs, and each PDF is cached under the hash of its HTML: any change to
the answers or the content it uses changes the HTML, so it re-renders.
"""

import hashlib
import logging
from datetime import date

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.text import slugify

from . import advice, benchmarks, charts, pdf_worker
from .models import Driver, DriverScore
from .scoring import BAND_NAMES, answers_frame, level_for, overall_score, priorities, questions_frame, score_drivers

log = logging.getLogger(__name__)
REPORT_ORIGIN = pdf_worker.ORIGIN
REPORT_ASSETS = ["css/report.css"]
MAX_HTML = 2_000_000  # a normal report is ~100 KB; far more means runaway content
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
    advice_items = advice.advise(fired, eligible)
    by_driver = {d.code: d for d in drivers}
    top = [{"driver": by_driver[p.driver], "priority": p, "rank": i} for i, p in enumerate(ranked[:3], start=1)]
    peers = _peer_comparison(assessment, results)
    overall = overall_score(results)
    scored = sorted((r for r in results.values() if r.score is not None), key=lambda r: -r.score)
    return {
        "strongest": {"driver": by_driver[scored[0].driver], "result": scored[0]} if scored else None,
        "assessment": assessment,
        "questionnaire": questionnaire,
        "generated": date.today(),
        "overall": {"score": overall, "level": BAND_NAMES.get(level_for(overall))},
        "sections": [
            {
                **_section(d, results[d.code], questions, answers, advice_items, eligible, assessment.importance),
                "peers": peers["scores"].get(d.code),
            }
            for d in drivers
        ],
        "priorities": top,
        "plan": advice.action_plan(advice_items, [t["driver"].code for t in top]),
        "knowledge_gaps": [
            {"question": q, "driver": q.driver}
            for q in questions
            if (a := answers.get(q.pk)) and a.option.kind == "dont_know"
        ],
        "programmes": eligible,
        "closed_programmes": [p for p in programmes if not p.active],
        "peer_group": peers["group"],
        "radar_svg": charts.radar(
            tuple(d.name for d in drivers),
            tuple(results[d.code].score for d in drivers),
            tuple(getattr(peers["scores"].get(d.code), "median", None) for d in drivers),
        ),
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
    items = [i for i in advice_items if i.rec.driver_id == driver.pk]
    return {
        "driver": driver,
        "result": result,
        "level": BAND_NAMES.get(result.level),
        "importance": importance.get(driver.code),
        "rows": rows,
        "strengths": [r for r in scored if r["answer"].option.level >= STRENGTH_LEVEL],
        "gaps": [r for r in scored if r["answer"].option.level <= GAP_LEVEL],
        "advice": advice.by_horizon(items),
        "programmes": [p for p in eligible if driver in p.drivers.all()],
    }


def _peer_comparison(assessment, results):
    """The peer group used and, per driver, the median and this firm's percentile within it."""
    rows = (
        DriverScore.objects.filter(assessment__status="submitted", assessment__benchmark_consent=True)
        .exclude(assessment=assessment)
        .values_list("assessment_id", "driver__code", "score", "assessment__sector", "assessment__size_band")
    )
    sector = assessment.get_sector_display().split(" ", 1)[1]
    size = {"medium": "medium-sized"}.get(assessment.size_band, assessment.size_band)
    labels = {"sector": sector[0].lower() + sector[1:], "size": f"{size} firms"}
    group, group_rows = benchmarks.choose_group(
        benchmarks.peers_frame(list(rows)), assessment.sector, assessment.size_band, labels
    )
    return {"group": group, "scores": benchmarks.compare(group_rows, {c: r.score for c, r in results.items()})}


def filename(assessment):
    return f"{slugify(assessment.company_name) or 'company'}-readiness-report.pdf"


def render_html(context):
    return render_to_string("report/report.html", context)


def render_pdf(context):
    """PDF bytes for a report context; a repeat call with unchanged HTML and stylesheet is cached."""
    html, assets = render_html(context), report_assets()
    digest = hashlib.sha256(html.encode())
    for url, (body, _) in sorted(assets.items()):
        digest.update(url.encode() + body)
    key = "report-pdf:" + digest.hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = _weasyprint(html, assets)
        cache.set(key, pdf)
    return pdf


def prepare_pdf():
    pdf_worker.prestart()


def _weasyprint(html, assets=None):
    if len(html) > MAX_HTML:
        raise ReportError(f"the report HTML is {len(html)} characters, over the {MAX_HTML} limit")
    try:
        return pdf_worker.render(html, assets if assets is not None else report_assets(), settings.REPORT_TIMEOUT)
    except pdf_worker.RenderFailed as exc:
        log.error("Report rendering failed: %s", exc)
        raise ReportError(str(exc)) from exc


def report_assets():
    """The static files the report may load, by the URL WeasyPrint asks for: the same URL the
    template's {% static %} writes, hashed file names included in production."""
    assets = {}
    for name in REPORT_ASSETS:
        with open(finders.find(name), "rb") as f:
            assets[REPORT_ORIGIN + static(name)] = (f.read(), "text/css")
    return assets
