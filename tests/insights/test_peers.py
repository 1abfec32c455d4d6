"""Peer figures from stored distributions: who counts, the firm is not its own peer, one source of truth."""

import pandas as pd
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from assessments.insights import benchmarks, peers
from assessments.models import Assessment, PeerCell
from tests.helpers import answer, make_assessment, make_content, release_together, submit_firm

scores_lists = st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=60)


@given(scores_lists)
def test_the_median_of_a_histogram_is_the_median_of_its_scores_rounded_half_up(scores):
    expected = int((pd.Series(scores).median() + 0.5) // 1)
    assert benchmarks.median(benchmarks.histogram(scores)) == expected


@given(scores_lists, st.sampled_from([0.25, 0.5, 0.75]))
def test_quartiles_interpolate_as_pandas_does(scores, q):
    assert benchmarks.quantile(benchmarks.histogram(scores), q) == pytest.approx(pd.Series(scores).quantile(q))


def group(**firms):
    return benchmarks.choose_group(firms)


def test_five_firms_of_the_same_sector_and_size_form_the_group():
    assert group(sector_and_size=5, size=5, all=5) == benchmarks.PeerGroup(benchmarks.SECTOR_AND_SIZE, 5)


def test_four_firms_widen_the_group_to_the_same_size_then_to_everyone():
    size, everyone = group(sector_and_size=4, size=7, all=7), group(sector_and_size=2, size=2, all=5)
    assert (size.kind, size.firms, everyone.kind, everyone.firms) == ("size", 7, "all", 5)


def test_fewer_than_five_firms_in_all_give_no_group():
    assert group(sector_and_size=4, size=4, all=4) is None


def test_a_group_counts_the_firms_of_the_driver_most_firms_answered(version):
    for _ in range(5):
        submit_firm(version, 2, sector="10")
    PeerCell.objects.filter(driver__code="green").update(firms=3)
    firm, _ = submit_firm(version, 2, sector="25")
    assert peers.comparison(firm, {})[0] == benchmarks.PeerGroup(benchmarks.SIZE, 5)


@pytest.fixture
def version(db):
    return make_content(("safety", "green")).questionnaire


def cell(driver="safety", sector="25", size_band="small"):
    return PeerCell.objects.get(driver__code=driver, sector=sector, size_band=size_band)


def test_a_submit_through_the_service_adds_the_firm_to_its_cells(client, version):
    assessment, token = make_assessment(version, benchmark_consent=True)
    for question in version.questions.all():
        question.answers.create(assessment=assessment, option=question.options.get(level=3))
    client.post(reverse("assessments:submit", kwargs={"token": token}))
    assert (cell().firms, cell().histogram[75]) == (1, 1)


@pytest.mark.parametrize("profile", [{"consent": False}, {"is_demo": True}])
def test_firms_without_consent_and_demo_firms_are_not_in_any_cell(version, profile):
    submit_firm(version, **profile)
    assert not PeerCell.objects.filter(firms__gt=0).exists()


def test_the_firm_is_not_its_own_peer(version):
    for level in (0, 1, 2, 3, 4):
        submit_firm(version, level)
    firm, _ = submit_firm(version, 4)
    group, scores = peers.comparison(firm, {"safety": type("R", (), {"score": 100})()})
    assert group.firms == 5 and scores["safety"] == benchmarks.PeerScore(median=50, quarter=4, firms=5)


def test_five_others_are_needed_so_four_others_give_no_comparison(version):
    for level in (0, 1, 2, 3):
        submit_firm(version, level)
    firm, _ = submit_firm(version, 2)
    assert peers.comparison(firm, {}) == (None, {})


def stored_cells():
    rows = PeerCell.objects.values_list("driver_id", "sector", "size_band", "firms", "histogram")
    return {(d, sector, size, firms, tuple(hist)) for d, sector, size, firms, hist in rows}


def test_refresh_rebuilds_the_cells_submits_built(version):
    for i in range(7):
        submit_firm(version, i % 5, sector="25" if i % 2 else "10", size_band="small" if i % 3 else "micro")
    submit_firm(version, 4, consent=False)
    before = stored_cells()
    PeerCell.objects.update(firms=0, histogram=[0] * 101)
    Assessment.objects.update(in_aggregates=False)
    call_command("refresh_peers", verbosity=0)
    assert stored_cells() == before and Assessment.objects.filter(in_aggregates=True).count() == 7


def test_refresh_takes_out_a_firm_that_withdrew_consent(version):
    firm, _ = submit_firm(version, 3)
    Assessment.objects.filter(pk=firm.pk).update(benchmark_consent=False)
    call_command("refresh_peers", verbosity=0)
    assert cell().firms == 0 and not Assessment.objects.get(pk=firm.pk).in_aggregates


def test_the_revision_moves_when_a_peer_joins_the_group_and_not_for_another_group(version):
    for level in range(6):
        submit_firm(version, level % 5)
    firm = Assessment.objects.first()
    before = peers.revision(firm)
    submit_firm(version, 2, size_band="medium")
    unchanged = peers.revision(firm)
    submit_firm(version, 2)
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
    few = results_queries(client, token)
    for i in range(50):
        submit_firm(version, i % 5, sector=["25", "10", "28"][i % 3], size_band=["small", "micro"][i % 2])
    assert results_queries(client, token) == few


def test_a_driver_that_fewer_than_five_peers_scored_is_not_compared():
    compared = benchmarks.compare({"green": benchmarks.histogram([10, 20, None, 30, 40])}, {"green": 30})
    assert compared == {}


def test_a_deleted_firm_leaves_the_stored_figures(version):
    firm, _ = submit_firm(version, 3)
    submit_firm(version, 1)
    firm.delete()
    assert cell().firms == 1 and peers.refresh() == 0


@pytest.mark.django_db(transaction=True)
def test_firms_submitting_at_the_same_moment_into_one_cell_are_all_counted():
    version = make_content(("safety", "green")).questionnaire
    firms = [make_assessment(version, benchmark_consent=True) for _ in range(4)]
    for assessment, _token in firms:
        for question in version.questions.all():
            answer(assessment, question, 2)
    release_together([(Client(), reverse("assessments:submit", kwargs={"token": t}), {}) for _a, t in firms])
    for cell in PeerCell.objects.filter(sector="25", size_band="small"):
        assert cell.firms == 4 and sum(cell.histogram) == 4, cell
    assert PeerCell.objects.filter(sector="25", size_band="small").count() == 2
