"""The domain model (the ground floor every wing uses): content (drivers, programmes), versioned
questionnaires (questions, answer levels, recommendations) and the answers one firm gives
(assessments, answers, driver scores), with the stored cells and reports derived from them.

Rules that live here, each in one place: the version lock (`questionnaire.LOCKED_FIELDS`, checked in
`clean()` and `delete()`), the content revision a stored PDF reads (`Questionnaire.content_revision`),
content in English and Welsh with no silent fallback (`bilingual`: `shown_in`, `Questionnaire.welsh_missing()`),
the submit sequence (`Assessment.submit()`), who counts in peer figures and insights
(`Assessment.objects.counted()`), which programmes may be recommended
(`Programme.objects.recommendable()`), who may see a firm (`Share.objects.active()`: the firm's
consent, in advisers.py) and what an adviser's validation stands beside (`Validation`).
"""

from ..rich_text import validate_rich_text
from .advisers import (
    CONSENT_VERSION,
    Adviser,
    AdviserAccess,
    AdviserOrganisation,
    Note,
    Share,
    ValidatedAnswer,
    Validation,
    validation_revision,
)
from .audit import ExportLog
from .bilingual import WELSH, Bilingual, WelshMissing, shown_in, welsh
from .choices import Language, Region, Sector, SizeBand
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
    "CONSENT_VERSION",
    "RESERVED_DRIVER_CODES",
    "WELSH",
    "Adviser",
    "AdviserAccess",
    "AdviserOrganisation",
    "Answer",
    "AnswerSheet",
    "Assessment",
    "Bilingual",
    "Driver",
    "DriverScore",
    "ExportLog",
    "InsightCell",
    "InsightRelease",
    "Language",
    "LinkCheck",
    "Note",
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
    "Share",
    "SizeBand",
    "StoredReport",
    "ValidatedAnswer",
    "Validation",
    "WelshMissing",
    "assessment_url",
    "compute_scores",
    "hash_token",
    "save_scores",
    "shown_in",
    "validate_recommendable",
    "validate_rich_text",  # migrations refer to it here
    "validation_revision",
    "welsh",
]
