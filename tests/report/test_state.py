"""A stored PDF follows the peer figures it shows: a release that brings a new peer into the firm's
group makes a new report state; a new submit alone (before a release), or a firm in another group,
does not (peers.revision reads the firm's group's released cells only)."""

import pytest

from assessments.models import Validation
from assessments.report import state as report_state
from tests.helpers import make_adviser, make_content, make_organisation, release_peers, share_with, submit_firm


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


def test_an_adviser_s_validation_and_its_voiding_each_change_the_report_state(firm):
    """The report prints validated levels beside the firm's: a stored PDF from before is stale."""
    adviser = make_adviser(make_organisation(regions=[firm.region]))
    share_with(firm, adviser.organisation)
    keys = [report_state.state_key(firm, "en-gb")]
    question = firm.questions().first()
    validation = Validation.record(firm, question, 4, "Seen on the shop floor.", adviser)
    keys.append(report_state.state_key(firm, "en-gb"))
    Validation.objects.filter(pk=validation.pk).update(voided_at=validation.created_at)
    keys.append(report_state.state_key(firm, "en-gb"))
    assert len(set(keys)) == 3
