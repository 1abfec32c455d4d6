"""Peer comparison on the results page (the maths and the stored cells: test_peer_cells.py)."""

import pytest
from django.urls import reverse

from assessments import peers
from assessments.models import save_scores
from tests.helpers import answer_all, make_assessment


def submitted(level, consent=True, **profile):
    assessment, token = make_assessment(benchmark_consent=consent, **profile)
    answer_all(assessment, level)
    assessment.mark_submitted()
    peers.record(assessment, save_scores(assessment))
    return assessment, token


@pytest.mark.django_db
def test_results_compare_only_with_firms_that_consented(client, content):
    for level in (0, 1, 2, 3):
        submitted(level)
    submitted(4, consent=False)
    _, token = submitted(2)
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    assert "Not enough similar firms have taken part yet" in page


@pytest.mark.django_db
def test_results_show_the_peer_median_and_group(client, content):
    for level in (0, 1, 2, 3, 4):
        submitted(level)
    _, token = submitted(3)
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    assert "Compared with firms of your size in your sector (25 Fabricated metal products): 5 firms" in page
    assert "have a median of 50; you score higher than 70 % of them" in page
