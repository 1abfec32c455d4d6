"""Submitting an assessment: the one sequence the submit view, seeding and the tests all use."""

from django.db import transaction

from .insights import peers
from .models import save_scores


def submit(assessment):
    """Marks the assessment submitted, scores it and adds it to the stored peer and insight figures,
    all in one transaction. True when this call submitted it; False when it already was (a double
    click or a second tab), and then nothing is written."""
    with transaction.atomic():
        if not assessment.mark_submitted():
            return False
        peers.record(assessment, save_scores(assessment))
    return True
