"""The report: one typed object, built by `for_assessment()`, that the results page and the PDF both
show, so the two never disagree. Scores come from the same AnswerSheet that submit stores.

Its shape is a board summary (overall level, area scores with peer medians, the top three
priorities with their first steps, who can help) and then an appendix (each area, the plan, the
programme directory, the method, every answer). Each recommendation is printed in full once, in its
area; the plan and the summary name it by title. The parts are built in report_parts.
"""

from dataclasses import dataclass, fields
from datetime import date

from ..insights import benchmarks
from ..insights import peers as peer_figures
from ..models import AnswerSheet, Assessment, Validation
from ..scoring import BAND_NAMES, level_for, overall_score, priorities
from . import advice
from .parts import (
    Help,
    Overall,
    Strongest,
    knowledge_gaps,
    matrix,
    radar,
    ranked,
    section,
    strongest,
    who_can_help,
)
from .progress import progress_since


@dataclass(frozen=True)
class Report:
    assessment: Assessment
    questionnaire: object
    generated: date
    overall: Overall
    strongest: Strongest | None
    sections: list  # Section per driver, in driver order
    priorities: list  # Ranked, the top three, each with its lead advice
    plan: list  # [(horizon label, [advice.Advice])] for the top priorities
    knowledge_gaps: list  # KnowledgeGap per "don't know" answer
    programmes: list  # every programme open to the firm: the directory
    peer_group: benchmarks.PeerGroup | None
    radar_svg: str
    matrix_svg: str
    help: Help  # who can help: adviser routes, then programmes
    featured: frozenset = frozenset()  # pks of the recommendations whose first step the summary shows
    progress: object = None  # report_progress.Progress, for an assessment started from an earlier one
    validation: object = None  # models.advisers.Beside: advisers' levels beside the firm's (empty: none)

    def context(self):
        """The report's parts as template variables."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def for_assessment(assessment):
    """The report of one assessment, from about ten queries."""
    sheet = AnswerSheet.load(assessment)
    results = sheet.results()
    recommendations, programmes = advice.load_catalogue(assessment.questionnaire)
    eligible = advice.eligible_programmes(programmes, assessment.region, assessment.size_band)
    levels = sheet.scored_levels()
    legal = advice.legal_gaps(levels, {q.code for q in sheet.questions if q.legal_duty})
    fired = advice.matching_recommendations(recommendations, results, levels, assessment.sector, legal)
    items = advice.advise(fired, eligible, legal)
    group, peers = peer_figures.comparison(assessment, results)
    sections = [
        section(d, results[d.code], sheet, items, eligible, assessment, peers.get(d.code)) for d in sheet.drivers
    ]
    by_code = {d.code: d for d in sheet.drivers}
    top = ranked(priorities(results, assessment.importance)[:3], by_code, items)
    overall = overall_score(results)
    band = level_for(overall)
    return Report(
        assessment=assessment,
        questionnaire=assessment.questionnaire,
        generated=date.today(),
        overall=Overall(overall, BAND_NAMES.get(band), band if overall is not None else None),
        strongest=strongest(sections),
        sections=sections,
        priorities=top,
        plan=advice.action_plan(items, [t.driver.code for t in top]),
        knowledge_gaps=knowledge_gaps(sections),
        programmes=eligible,
        peer_group=group,
        radar_svg=radar(sections),
        matrix_svg=matrix(sections),
        help=who_can_help(eligible, top),
        featured=frozenset(t.lead.rec.pk for t in top if t.lead),
        progress=progress_since(assessment, sections),
        validation=Validation.objects.beside(sheet, assessment),
    )
