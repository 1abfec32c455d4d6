"""A stored PDF follows the peer figures it shows: a new peer in the firm's group makes a new report
state, a firm in another group does not (peers.revision reads the firm's group's cells only)."""

import pytest

from assessments.report import state as report_state
from tests.helpers import make_content, submit_firm


@pytest.fixture
def firm(db):
    version = make_content(("safety", "green")).questionnaire
    for level in range(5):
        submit_firm(version, level)
    return submit_firm(version, 3)[0]


def test_a_new_peer_in_the_firm_s_group_changes_its_report_state(firm):
    before = report_state.state_key(firm, "en-gb")
    submit_firm(firm.questionnaire, 0)
    assert report_state.state_key(firm, "en-gb") != before


def test_a_new_firm_in_another_group_does_not(firm):
    before = report_state.state_key(firm, "en-gb")
    submit_firm(firm.questionnaire, 0, size_band="medium")
    assert report_state.state_key(firm, "en-gb") == before
