"""What a stored PDF depends on, as one key read from stored fields, without building the report.

A report shows the assessment's answers (fixed once submitted), the content its questionnaire
version prints, the peer figures, the code and templates that lay it out, and its language. The
key changes when any of them can have; this module is the one place that rule lives:

- the assessment: its pk and submitted_at (a re-submission after a reopen would change it);
- advisers' validations printed beside the answers: models.validation_revision(assessment);
- content: the version's `content_revision`, which every save or delete of its questions, answer
  levels, recommendations, and of any driver or programme, moves on (models/questionnaire.py);
- peers: peers.revision(assessment), from the stored cells' own revision counters;
- layout: settings.RELEASE, the deploy's identifier, so a deploy re-renders on the next request;
- the language the report is written in: the assessment's own (the one its firm last used).

Like Django's password-reset tokens, the key hashes stored values that change when the thing does,
rather than comparing the thing itself.
"""

import hashlib

from django.conf import settings

from ..insights import peers
from ..models import validation_revision


def state_key(assessment, language=None):
    """A 64-character key naming everything one assessment's PDF shows; equal keys, equal PDFs.
    Reads the questionnaire row the assessment was loaded with, and the peer cells' revisions."""
    version = assessment.questionnaire
    parts = [
        f"assessment:{assessment.pk}:{assessment.submitted_at.isoformat() if assessment.submitted_at else '-'}",
        f"validations:{validation_revision(assessment)}",
        f"content:{version.pk}:{version.content_revision}",
        f"peers:{peers.revision(assessment)}",
        f"release:{settings.RELEASE}",
        f"language:{language or assessment.language}",
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()
