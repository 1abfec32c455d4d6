"""The domain model: content (drivers, versioned questionnaires, advice, programmes) and the
answers one firm gives (assessments, answers, driver scores)."""

from .choices import Region, Sector, SizeBand
from .content import (
    MAX_RICH_DEPTH,
    MAX_RICH_TEXT,
    Driver,
    Option,
    Programme,
    Question,
    Questionnaire,
    Recommendation,
    validate_rich_text,
)
from .responses import Answer, Assessment, DriverScore, assessment_url, compute_scores, hash_token, save_scores

__all__ = [
    "MAX_RICH_DEPTH",
    "MAX_RICH_TEXT",
    "Answer",
    "Assessment",
    "Driver",
    "DriverScore",
    "Option",
    "Programme",
    "Question",
    "Questionnaire",
    "Recommendation",
    "Region",
    "Sector",
    "SizeBand",
    "assessment_url",
    "compute_scores",
    "hash_token",
    "save_scores",
    "validate_rich_text",
]
