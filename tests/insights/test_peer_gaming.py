"""Made-up assessments cannot read one firm's scores out of the peer comparison.

The attack: a firm is alone in its cell; an attacker submits four assessments with chosen scores
around it, then reads a probe's report. With exact figures the median of five is the firm's own
score. With released figures (disclosure.RELEASE_STEP) it is at most the firm's 10-point bucket.
"""

from itertools import combinations_with_replacement

import pytest
from django.urls import reverse

from assessments.insights import benchmarks, peers
from tests.helpers import make_content, submit_firm

GRID = (0, 25, 50, 75, 100)  # the scores an attacker may give the four fakes
PROBES = (0, 20, 45, 50, 55, 80, 100)  # the probe's own score


def what_the_probe_sees(fakes, target, probe):
    return benchmarks.compare({"supply": benchmarks.histogram([*fakes, target])}, {"supply": probe})


def test_four_fakes_and_a_probe_learn_nothing_within_a_ten_point_bucket():
    for fakes in combinations_with_replacement(GRID, 4):
        for probe in PROBES:
            seen = {str(what_the_probe_sees(fakes, target, probe)) for target in range(45, 55)}
            assert len(seen) == 1, (fakes, probe)


def test_the_classic_attack_no_longer_shows_the_firm_s_exact_score():
    exact = [what_the_probe_sees((0, 0, 100, 100), target, 50)["supply"].median for target in (46, 49, 53)]
    assert exact == [50, 50, 50]


@pytest.fixture
def cell(db):
    return make_content(drivers=("supply", "green"), questions_per_driver=2).questionnaire


def test_a_firm_that_left_an_area_unscored_does_not_count_as_a_peer(cell):
    for _ in range(4):
        submit_firm(cell)
    submit_firm(cell, levels={"supply-02": None, "green-01": None, "green-02": None})  # green: not enough answers
    probe, _ = submit_firm(cell)
    group, _ = peers.comparison(probe, {"supply": type("R", (), {"score": 50})()})
    assert group is None  # four complete firms and one partial: no group of five


def test_the_results_page_shows_released_figures_only(client, cell):
    for level in (0, 1, 2, 3, 4):
        submit_firm(cell, level)
    _, token = submit_firm(cell, 3)
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    assert "median of about" in page and "higher than" not in page
