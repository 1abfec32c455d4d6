"""The domain model (the ground floor every wing uses): content (drivers, programmes), versioned
questionnaires (questions, answer levels, recommendations) and the answers one firm gives
(assessments, answers, driver scores), with the stored cells and reports derived from them.

Rules that live here, each in one place: the version lock (`questionnaire.LOCKED_FIELDS`, checked in
`clean()` and `delete()`), the content revision a stored PDF reads (`Questionnaire.content_revision`),
the submit sequence (`Assessment.submit()`), who counts in peer figures and insights
(`Assessment.objects.counted()`), and which programmes may be recommended
(`Programme.objects.recommendable()`).
"""

from ..rich_text import validate_rich_text
from .audit import ExportLog
from .choices import Region, Sector, SizeBand
from .content import RESERVED_DRIVER_CODES, Driver, LinkCheck, Programme, validate_recommendable
from .insights import InsightCell, InsightRelease, ReleasedInsightCell
from .peers import PeerCell, PeerRelease
from .questionnaire import Option, Question, Questionnaire
from .recommendation import Recommendation
from .reports import StoredReport
from .responses import (
    Answer,
    AnswerSheet,
    Assessment,
    DriverScore,
    assessment_url,
    compute_scores,
    hash_token,
    save_scores,
)

__all__ = [
    "RESERVED_DRIVER_CODES",
    "Answer",
    "AnswerSheet",
    "Assessment",
    "Driver",
    "DriverScore",
    "ExportLog",
    "InsightCell",
    "InsightRelease",
    "LinkCheck",
    "Option",
    "PeerCell",
    "PeerRelease",
    "Programme",
    "Question",
    "Questionnaire",
    "Recommendation",
    "ReleasedInsightCell",
    "Region",
    "Sector",
    "SizeBand",
    "StoredReport",
    "assessment_url",
    "compute_scores",
    "hash_token",
    "save_scores",
    "validate_recommendable",
    "validate_rich_text",  # migrations refer to it here
]
