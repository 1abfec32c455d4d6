"""seed_demo: clearly flagged synthetic firms, scored by the service's own rules, kept apart from real ones."""

import io

import pytest
from django.core.management import call_command

from assessments.insights import peers
from assessments.models import Assessment, InsightCell, PeerCell, compute_scores
from tests.helpers import make_content, make_question, make_questionnaire, submit_firm


@pytest.fixture
def versions(db):
    content = make_content(("safety", "green"))
    older, drivers = content.questionnaire, content.drivers
    older.status = older.Status.RETIRED
    older.save()
    newer = make_questionnaire(version=2)
    for driver in drivers:
        for n in (1, 3):  # one question kept from version 1, one new
            make_question(newer, driver, f"{driver.code}-{n:02d}", order=n)
    return older, newer


def seed(firms):
    call_command("seed_demo", "--firms", str(firms), "--seed", "1", stdout=io.StringIO())


def test_demo_firms_are_flagged_submitted_and_on_both_versions(versions):
    seed(300)
    demo = Assessment.objects.filter(is_demo=True, status=Assessment.Status.SUBMITTED)
    assert demo.count() == 300 and {a.questionnaire.version for a in demo} == {1, 2}


def test_their_stored_scores_are_the_scores_of_their_answers(versions):
    seed(200)
    for firm in Assessment.objects.filter(is_demo=True)[:60]:
        stored = {s.driver.code: (s.score, s.coverage) for s in firm.driver_scores.select_related("driver")}
        assert stored == {code: (r.score, r.coverage) for code, r in compute_scores(firm).items()}


def test_their_insight_cells_are_what_a_rebuild_makes(versions):
    seed(250)
    assert InsightCell.objects.filter(is_demo=True, firms__gt=0).exists() and peers.refresh() == 0


def test_the_seeder_counts_exactly_the_firms_the_one_counted_rule_counts(versions):
    seed(250)
    marked = set(Assessment.objects.filter(is_demo=True, in_aggregates=True).values_list("pk", flat=True))
    counted = set(Assessment.objects.counted(include_demo=True).values_list("pk", flat=True))
    assert marked == counted and 0 < len(counted) < 250


def test_demo_firms_never_enter_peer_figures(versions):
    seed(100)
    assert not PeerCell.objects.filter(firms__gt=0).exists()


def test_seeding_again_replaces_the_demo_firms_and_keeps_real_ones(versions):
    real, _ = submit_firm(versions[1], 2)
    seed(120)
    seed(80)
    assert Assessment.objects.filter(is_demo=True).count() == 80 and Assessment.objects.filter(pk=real.pk).exists()


def test_no_firms_removes_them_and_their_insight_cells(versions):
    seed(90)
    seed(0)
    assert not Assessment.objects.filter(is_demo=True).exists()
    assert not InsightCell.objects.filter(is_demo=True, firms__gt=0).exists()
