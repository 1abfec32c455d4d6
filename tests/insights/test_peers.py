"""Peer figures from released distributions: who counts, the firm is not its own peer, one source of
truth, and nothing a submit or a delete does shows before the next release."""

import io
import math
from datetime import timedelta

import pandas as pd
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from assessments.insights import benchmarks, disclosure, peers
from assessments.models import Assessment, InsightCell, PeerCell
from tests.helpers import answer, make_assessment, make_content, release_peers, release_together, submit_firm

scores_lists = st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=60)


@given(scores_lists, st.sampled_from([0.25, 0.5, 0.75]))
def test_quartiles_are_nearest_rank_order_statistics_never_between_two_scores(scores, q):
    expected = sorted(scores)[math.ceil(q * len(scores)) - 1]
    assert benchmarks.order_statistic(benchmarks.histogram(scores), q) == expected


@given(scores_lists)
def test_the_median_of_an_even_group_is_its_lower_middle_score(scores):
    expected = pd.Series(sorted(scores)).iloc[(len(scores) - 1) // 2]
    assert benchmarks.order_statistic(benchmarks.histogram(scores), 0.5) == expected


def group(**firms):
    return benchmarks.choose_group(firms)


def test_ten_firms_of_the_same_sector_and_size_form_the_group():
    assert group(sector_and_size=10, size=10, all=10) == benchmarks.PeerGroup(benchmarks.SECTOR_AND_SIZE, 10)


def test_nine_firms_widen_the_group_to_the_same_size_then_to_everyone():
    size, everyone = group(sector_and_size=9, size=12, all=12), group(sector_and_size=2, size=2, all=10)
    assert (size.kind, size.firms, everyone.kind, everyone.firms) == ("size", 12, "all", 10)


def test_fewer_than_ten_firms_in_all_give_no_group():
    assert group(sector_and_size=9, size=9, all=9) is None


def test_the_minimum_group_is_ten_firms_for_peers_and_the_dashboard_alike():
    assert benchmarks.MIN_GROUP == disclosure.MIN_GROUP == 10


def test_a_group_counts_the_firms_of_the_driver_most_firms_answered(version):
    for _ in range(10):
        submit_firm(version, 2, sector="10")
    firm, _ = submit_firm(version, 2, sector="25")
    release_peers()
    firm.refresh_from_db()
    PeerCell.objects.filter(driver__code="green").update(firms=3)
    assert peers.comparison(firm, {})[0] == benchmarks.PeerGroup(benchmarks.SIZE, 10)


@pytest.fixture
def version(db):
    return make_content(("safety", "green")).questionnaire


def cell(driver="safety", sector="25", size_band="small"):
    return PeerCell.objects.get(driver__code=driver, sector=sector, size_band=size_band)


def test_a_submit_through_the_service_joins_its_cells_at_the_first_release_days_later(client, version):
    assessment, token = make_assessment(version, benchmark_consent=True)
    for question in version.questions.all():
        question.answers.create(assessment=assessment, option=question.options.get(level=3))
    client.post(reverse("assessments:submit", kwargs={"token": token}))
    release_peers(days_later=1)
    assert not PeerCell.objects.filter(firms__gt=0).exists()
    release_peers()
    assert (cell().firms, cell().histogram[75]) == (1, 1)


@pytest.mark.parametrize("profile", [{"consent": False}, {"is_demo": True}])
def test_firms_without_consent_and_demo_firms_are_not_in_any_cell(version, profile):
    submit_firm(version, **profile)
    release_peers()
    assert not PeerCell.objects.filter(firms__gt=0).exists()


def test_the_firm_is_not_its_own_peer(version):
    for level in (0, 1, 2, 3, 4) * 2:
        submit_firm(version, level)
    firm, _ = submit_firm(version, 4)
    release_peers()
    firm.refresh_from_db()
    group, scores = peers.comparison(firm, {"safety": type("R", (), {"score": 100})()})
    assert group.firms == 10 and scores["safety"] == benchmarks.PeerScore(median=50, quarter=4, firms=10)


def test_ten_others_are_needed_so_nine_others_give_no_comparison(version):
    for level in (0, 1, 2, 3, 4, 0, 1, 2, 3):
        submit_firm(version, level)
    firm, _ = submit_firm(version, 2)
    release_peers()
    firm.refresh_from_db()
    assert peers.comparison(firm, {}) == (None, {})


def stored_cells():
    rows = PeerCell.objects.values_list("driver_id", "sector", "size_band", "firms", "histogram")
    return {(d, sector, size, firms, tuple(hist)) for d, sector, size, firms, hist in rows}


def test_a_release_counts_every_firm_old_enough_and_a_second_changes_nothing(version):
    for i in range(7):
        submit_firm(version, i % 5, sector="25" if i % 2 else "10", size_band="small" if i % 3 else "micro")
    submit_firm(version, 4, consent=False)
    Assessment.objects.update(submitted_at=timezone.now() - timedelta(days=4))
    call_command("release_peers", stdout=io.StringIO())
    before = stored_cells()
    call_command("release_peers", stdout=io.StringIO())
    assert stored_cells() == before and Assessment.objects.filter(in_peer_release=True).count() == 7


def test_a_release_takes_out_a_firm_that_withdrew_consent(version):
    firm, _ = submit_firm(version, 3)
    release_peers()
    Assessment.objects.filter(pk=firm.pk).update(benchmark_consent=False)
    release_peers()
    assert cell().firms == 0 and not Assessment.objects.get(pk=firm.pk).in_peer_release


def test_a_release_is_made_only_when_the_last_one_is_a_day_old(version):
    first = peers.release_if_due()
    assert first is not None and peers.release_if_due() is None
    assert peers.release_if_due(now=first.released_at + timedelta(hours=25)) is not None


def test_the_revision_moves_when_a_released_peer_joins_the_group_and_not_for_another_group(version):
    for level in range(11):
        submit_firm(version, level % 5)
    release_peers()
    firm = Assessment.objects.first()
    before = peers.revision(firm)
    submit_firm(version, 2, size_band="medium")
    release_peers()
    unchanged = peers.revision(firm)
    submit_firm(version, 2)
    assert peers.revision(firm) == unchanged  # not released yet
    release_peers()
    assert before == unchanged != peers.revision(firm)


def results_queries(client, token):
    url = reverse("assessments:results", kwargs={"token": token})
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_results_page_runs_the_same_queries_with_ten_or_sixty_firms(client, version):
    for i in range(10):
        submit_firm(version, i % 5, sector=["25", "10"][i % 2])
    _, token = submit_firm(version, 2)
    release_peers()
    few = results_queries(client, token)
    for i in range(50):
        submit_firm(version, i % 5, sector=["25", "10", "28"][i % 3], size_band=["small", "micro"][i % 2])
    release_peers()
    assert results_queries(client, token) == few


def test_a_driver_that_fewer_than_ten_peers_scored_is_not_compared():
    compared = benchmarks.compare({"green": benchmarks.histogram([10, 20, None, 30, 40] * 2)}, {"green": 30})
    assert compared == {}


def test_a_deleted_firm_leaves_the_insight_cells_at_once_and_the_peer_cells_at_the_next_release(version):
    firm, _ = submit_firm(version, 3)
    submit_firm(version, 1)
    release_peers()
    firm.delete()
    assert cell().firms == 2 and peers.refresh() == 0
    release_peers()
    assert cell().firms == 1


@pytest.mark.django_db(transaction=True)
def test_firms_submitting_at_the_same_moment_into_one_cell_are_all_counted(settings):
    settings.BURST_SUBMITS = 10  # four firms from one test client are not a burst here
    version = make_content(("safety", "green")).questionnaire
    firms = [make_assessment(version, benchmark_consent=True) for _ in range(4)]
    for assessment, _token in firms:
        for question in version.questions.all():
            answer(assessment, question, 2)
    release_together([(Client(), reverse("assessments:submit", kwargs={"token": t}), {}) for _a, t in firms])
    # The live insight cell takes each submit under its row lock; the release then counts them all.
    assert InsightCell.objects.get().firms == 4
    release_peers()
    for cell in PeerCell.objects.filter(sector="25", size_band="small"):
        assert cell.firms == 4 and sum(cell.histogram) == 4, cell
    assert PeerCell.objects.filter(sector="25", size_band="small").count() == 2
