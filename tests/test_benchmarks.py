"""Peer comparison: the narrowest fair group, never fewer than five firms."""

import pytest
from django.urls import reverse

from assessments import benchmarks
from assessments.models import save_scores
from tests.helpers import answer_all, make_assessment, make_content


def rows(firms, sector="25", size="small", driver="supply", start=0, score=50, step=1):
    return [(start + i, driver, score + i * step, sector, size) for i in range(firms)]


def group(peer_rows, sector="25", size="small"):
    return benchmarks.choose_group(benchmarks.peers_frame(peer_rows), sector, size)


def test_five_firms_of_the_same_sector_and_size_form_the_group():
    chosen, _ = group(rows(5))
    assert chosen == benchmarks.PeerGroup(benchmarks.SECTOR_AND_SIZE, 5)


def test_four_firms_widen_the_group_to_the_same_size_in_any_sector():
    chosen, _ = group(rows(4) + rows(3, sector="10", start=10))
    assert chosen.kind == benchmarks.SIZE and chosen.firms == 7


def test_then_to_all_manufacturers():
    chosen, _ = group(rows(2) + rows(3, sector="10", size="medium", start=10))
    assert chosen.kind == benchmarks.ALL and chosen.firms == 5


def test_fewer_than_five_firms_in_all_give_no_comparison():
    chosen, chosen_rows = group(rows(4))
    assert chosen is None and chosen_rows.empty


def test_the_median_and_the_firm_s_quarter_are_released_to_the_nearest_ten():
    _, peer_rows = group(rows(5, score=40, step=10))  # 40, 50, 60, 70, 80: quartiles 50, 60, 70
    result = benchmarks.compare(peer_rows, {"supply": 65, "green": 10})
    assert result == {"supply": benchmarks.PeerScore(median=60, quarter=3, firms=5)}


def test_a_score_on_a_quartile_counts_in_the_quarter_below_it():
    _, peer_rows = group(rows(5, score=40, step=10))  # quartiles 50, 60, 70
    assert benchmarks.compare(peer_rows, {"supply": 60})["supply"].quarter == 2


def test_a_driver_left_uncompared_does_not_stop_the_next_from_being_compared():
    _, peer_rows = group(rows(5, score=40))
    result = benchmarks.compare(peer_rows, {"green": 10, "safety": None, "supply": 42})
    assert list(result) == ["supply"]


def test_a_driver_that_fewer_than_five_peers_scored_is_not_compared():
    peer_rows = rows(5) + [(i, "green", None, "25", "small") for i in range(5)]
    _, chosen = group(peer_rows)
    assert "green" not in benchmarks.compare(chosen, {"green": 30})


def submitted(level, consent=True, **profile):
    assessment, token = make_assessment(benchmark_consent=consent, **profile)
    answer_all(assessment, level)
    assessment.mark_submitted()
    save_scores(assessment)
    return assessment, token


@pytest.fixture
def questionnaire(db):
    return make_content(drivers=("supply", "green"), questions_per_driver=2).questionnaire


def test_results_compare_only_with_firms_that_consented(client, questionnaire):
    for level in (0, 1, 2, 3):
        submitted(level)
    submitted(4, consent=False)
    _, token = submitted(2)
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    assert "Not enough similar firms have taken part yet" in page


def test_results_show_the_peer_median_and_group(client, questionnaire):
    for level in (0, 1, 2, 3, 4):
        submitted(level)
    _, token = submitted(3)
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    assert "Compared with firms of your size in your sector (25 Fabricated metal products): 5 firms" in page
    assert "have a median of about 50; you are in their upper middle quarter" in page
