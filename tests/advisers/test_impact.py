"""Impact over time: then → now per area for firms that agreed to count in the organisation's
statistics, each once, under the disclosure control."""

import pytest
from django.urls import reverse

from assessments.advisers import impact
from tests.helpers import share_with, submit_firm


def supported_firm(content, org, then, now, purposes=("statistics",)):
    """A firm that shared at level `then` and later re-assessed from it at level `now`."""
    t0, _ = submit_firm(content.questionnaire, level=then, region="wales")
    share_with(t0, org, purposes=purposes)
    if now is not None:
        submit_firm(content.questionnaire, level=now, region="wales", previous=t0)
    return t0


def test_ten_firms_that_moved_show_their_medians_then_and_now(content, org_a):
    for _ in range(10):
        supported_firm(content, org_a, then=1, now=3)
    safety = impact.impact(org_a)[0]
    assert (safety.firms, safety.then, safety.now, safety.moved_up) == (10, 30, 80, 10)


def test_fewer_than_the_minimum_group_shows_nothing(content, org_a):
    for _ in range(9):
        supported_firm(content, org_a, then=1, now=3)
    assert not impact.impact(org_a)[0].shown


def test_firms_without_the_statistics_purpose_or_a_later_assessment_do_not_count(content, org_a):
    for _ in range(4):
        supported_firm(content, org_a, then=1, now=3)
    supported_firm(content, org_a, then=1, now=3, purposes=("report",))
    supported_firm(content, org_a, then=1, now=None)
    assert impact.impact(org_a)[0].firms == 4


def test_a_withdrawn_share_stops_counting_at_once(content, org_a):
    firms = [supported_firm(content, org_a, then=1, now=3) for _ in range(10)]
    firms[0].shares.get().withdraw()
    assert not impact.impact(org_a)[0].shown


@pytest.mark.parametrize("moved", [2, 9])
def test_a_count_that_would_single_out_a_few_firms_is_hidden(content, org_a, moved):
    for n in range(11):
        supported_firm(content, org_a, then=2, now=3 if n < moved else 2)
    assert impact.impact(org_a)[0].moved_up is None


def test_a_shared_re_assessment_is_the_same_firm_counted_once_from_its_first_share(content, org_a):
    for _ in range(10):
        t0 = supported_firm(content, org_a, then=1, now=None)
        t1, _ = submit_firm(content.questionnaire, level=2, region="wales", previous=t0)
        share_with(t1, org_a, purposes=("statistics",))
        submit_firm(content.questionnaire, level=3, region="wales", previous=t1)
    safety = impact.impact(org_a)[0]
    assert (safety.firms, safety.then, safety.now) == (10, 30, 80)


@pytest.mark.parametrize("role, status", [("adviser_a", 200), ("none", 302)])
def test_the_impact_page_is_the_workspace_s(client, content, adviser_a, role, status):
    if role == "adviser_a":
        client.force_login(adviser_a.user)
    assert client.get(reverse("advisers:impact")).status_code == status
