"""A stored PDF follows the peer figures it shows: a release that brings a new peer into the firm's
group makes a new report state; a new submit alone (before a release), or a firm in another group,
does not (peers.revision reads the firm's group's released cells only)."""

import pytest

from assessments.report import state as report_state
from tests.helpers import make_content, release_peers, submit_firm


@pytest.fixture
def firm(db):
    version = make_content(("safety", "green")).questionnaire
    for level in range(10):
        submit_firm(version, level % 5)
    firm = submit_firm(version, 3)[0]
    release_peers()
    firm.refresh_from_db()
    return firm


def test_a_release_with_a_new_peer_in_the_firm_s_group_changes_its_report_state(firm):
    before = report_state.state_key(firm, "en-gb")
    submit_firm(firm.questionnaire, 0)
    release_peers()
    assert report_state.state_key(firm, "en-gb") != before


def test_a_submit_changes_nothing_before_the_next_release(firm):
    before = report_state.state_key(firm, "en-gb")
    submit_firm(firm.questionnaire, 0)
    assert report_state.state_key(firm, "en-gb") == before


def test_a_new_firm_in_another_group_does_not(firm):
    before = report_state.state_key(firm, "en-gb")
    submit_firm(firm.questionnaire, 0, size_band="medium")
    release_peers()
    assert report_state.state_key(firm, "en-gb") == before
