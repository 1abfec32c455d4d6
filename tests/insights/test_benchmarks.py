"""Peer comparison on the results page (the maths and the stored cells: test_peers.py)."""

import pytest
from django.urls import reverse

from assessments.insights import benchmarks
from tests.helpers import make_content, release_peers, submit_firm


def spread(firms, score=50, step=1):
    """The histogram of `firms` peers scoring score, score + step, …"""
    return benchmarks.histogram([score + i * step for i in range(firms)])


def test_the_median_and_the_firm_s_quarter_are_released_to_the_nearest_ten():
    # Ten peers at 40, 45 … 85: nearest-rank quartiles are the 3rd, 5th and 8th scores, 50, 60 and 75,
    # released as 50, 60 and 80.
    result = benchmarks.compare({"supply": spread(10, score=40, step=5)}, {"supply": 65, "green": 10})
    assert result == {"supply": benchmarks.PeerScore(median=60, quarter=3, firms=10)}


def test_a_score_on_a_quartile_counts_in_the_quarter_below_it():
    assert benchmarks.compare({"supply": spread(10, score=40, step=5)}, {"supply": 60})["supply"].quarter == 2


def test_a_driver_left_uncompared_does_not_stop_the_next_from_being_compared():
    result = benchmarks.compare({"supply": spread(10, score=40)}, {"green": 10, "safety": None, "supply": 42})
    assert list(result) == ["supply"]


@pytest.fixture
def questionnaire(db):
    return make_content(drivers=("supply", "green"), questions_per_driver=2).questionnaire


def test_results_compare_only_with_firms_that_consented(client, questionnaire):
    for level in (0, 1, 2, 3, 4, 0, 1, 2, 3):
        submit_firm(level=level)
    submit_firm(level=4, consent=False)
    _, token = submit_firm(level=2)
    release_peers()
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    assert "Not enough similar firms have taken part yet" in page


def test_results_show_the_peer_median_and_group(client, questionnaire):
    for level in (0, 1, 2, 3, 4) * 2:
        submit_firm(level=level)
    _, token = submit_firm(level=3)
    release_peers()
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    assert "Compared with firms of your size in your sector (25 Fabricated metal products): 10 firms" in page
    assert "have a median of about 50; you are in their upper middle quarter" in page
