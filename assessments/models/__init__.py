"""The domain model: content (drivers, programmes), versioned questionnaires (questions, answer
levels, recommendations) and the answers one firm gives (assessments, answers, driver scores)."""

from ..rich_text import validate_rich_text
from .audit import ExportLog
from .choices import Region, Sector, SizeBand
from .content import RESERVED_DRIVER_CODES, Driver, Programme, validate_recommendable
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
