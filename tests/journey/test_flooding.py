"""No anonymous flooding: limits per client network on starting, submitting and deleting, a small
question after a few starts, and made-up assessments held out of every figure until an analyst lets
them in."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from assessments.insights import peers
from assessments.models import Assessment, InsightCell, PeerCell
from tests.helpers import make_assessment, make_content, make_staff, page_data, release_peers, submit_firm

PROFILE = {
    "company_name": "Flood Ltd",
    "sector": "25",
    "size_band": "small",
    "region": "wales",
    "benchmark_consent": "on",
}


OFFICE = "198.51.100.7"  # one network, many browsers


@pytest.fixture
def site(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # no PDFs rendered
    return make_content(("safety", "green")).questionnaire


def browser(address=OFFICE):
    return Client(REMOTE_ADDR=address)


def start(client, **extra):
    return client.post(reverse("assessments:new"), {**PROFILE, **extra})


def answered_question():
    """The question the profile form asks on the office's network, answered as a person would."""
    html = browser().get(reverse("assessments:new")).content.decode()
    words = re.search(r"What is (\w+) plus (\w+)\?", html).groups()
    numbers = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    token = re.search(r'name="challenge_token" value="([^"]+)"', html).group(1)
    return {"challenge_answer": sum(numbers.index(w) + 1 for w in words), "challenge_token": token}


def test_a_hundred_starts_in_a_minute_from_one_client_are_stopped_at_the_limit(site, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "start_unchallenged": (1000, 3600)}  # the hard limit alone
    statuses = [start(browser()).status_code for _ in range(100)]
    assert statuses.count(302) == 30 and statuses.count(429) == 70 and Assessment.objects.count() == 30


def test_another_network_is_not_held_back_by_one_that_flooded(site):
    for _ in range(31):
        start(browser())
    assert start(browser("198.51.100.8")).status_code == 302


def test_the_addresses_of_one_ipv6_64_count_as_one_network(site, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "start": (2, 3600), "start_unchallenged": (1000, 3600)}
    results = [start(Client(REMOTE_ADDR=f"2001:db8:1:2::{i:x}")).status_code for i in range(1, 4)]
    assert results == [302, 302, 429]


def test_after_three_starts_the_profile_asks_a_small_question_without_javascript(site):
    for _ in range(3):
        assert start(browser()).status_code == 302
    page = browser().get(reverse("assessments:new")).content.decode()
    assert "What is" in page and "plus" in page and 'name="challenge_answer"' in page and "<script" not in page
    assert start(browser()).status_code == 400 and Assessment.objects.count() == 3
    assert "What is" not in browser("198.51.100.8").get(reverse("assessments:new")).content.decode()


def test_the_question_answered_starts_the_assessment_and_cannot_be_used_twice(site):
    for _ in range(3):
        start(browser())
    answer = answered_question()
    assert start(browser(), **answer).status_code == 302
    assert start(browser(), **answer).status_code == 400 and Assessment.objects.count() == 4


def test_a_wrong_answer_is_a_form_error_that_says_what_to_do(site):
    for _ in range(3):
        start(browser())
    answer = answered_question()
    response = start(browser(), **{**answer, "challenge_answer": answer["challenge_answer"] + 1})
    assert response.status_code == 400 and "Enter the answer to the question in figures" in response.content.decode()


def submit(client, content, level=2):
    """Starts, answers every question at `level` and submits, from `client`; the last response."""
    started = start(client)
    if started.status_code != 302:
        return started
    token = started.url.split("/")[2]
    for driver in content.drivers:
        client.post(
            reverse("assessments:driver", kwargs={"token": token, "driver": driver.code}),
            page_data(content.questions_of(driver.code), level),
        )
    return client.post(reverse("assessments:submit", kwargs={"token": token}))


@pytest.fixture
def content(db, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "start_unchallenged": (1000, 3600)}
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # no PDFs rendered
    return make_content(drivers=("safety", "remote", "green"), questions_per_driver=4)  # 12 answers


def test_a_burst_of_submits_from_one_network_is_held_out_of_every_figure(content):
    client = Client(REMOTE_ADDR="198.51.100.9")
    for level in (0, 1, 2, 3, 4):
        submit(client, content, level)
    release_peers()
    assert set(Assessment.objects.values_list("held", flat=True)) == {"burst"}
    assert not InsightCell.objects.filter(firms__gt=0).exists() and not PeerCell.objects.filter(firms__gt=0).exists()


def test_three_submits_from_one_network_are_not_a_burst(content):
    client = Client(REMOTE_ADDR="198.51.100.10")
    for level in (0, 1, 2):
        submit(client, content, level)
    assert set(Assessment.objects.values_list("held", flat=True)) == {""}


def test_identical_answers_from_different_networks_are_held_out(content):
    for i in range(3):
        submit(Client(REMOTE_ADDR=f"198.51.100.{20 + i}"), content, level=3)
    assert list(Assessment.objects.values_list("held", flat=True)) == ["identical"] * 3


def test_a_new_assessment_copied_from_the_firm_s_own_earlier_one_is_not_held_for_it(content):
    client = Client(REMOTE_ADDR="198.51.100.30")
    submit(client, content, level=3)
    first = Assessment.objects.get()
    token = client.post(reverse("assessments:again", kwargs={"token": "~" + client.session["assessment"]["ref"]}))
    token = token.url.split("/")[2]
    client.post(reverse("assessments:submit", kwargs={"token": token}))
    second = Assessment.objects.exclude(pk=first.pk).get()
    assert (second.previous_id, second.status, second.held) == (first.pk, "submitted", "")


def test_of_a_hundred_starts_from_one_client_none_reaches_a_peer_figure(content):
    submit_firm(content.questionnaire, 2)  # one real firm
    statuses = [submit(browser(), content, level=i % 5) for i in range(100)]
    release_peers()
    # 30 started (the start limit), 20 of them submitted (the submit limit), all 20 held out.
    assert [r.status_code for r in statuses].count(302) == 20
    assert Assessment.objects.count() == 31 and Assessment.objects.filter(held="burst").count() == 20
    assert sum(PeerCell.objects.filter(driver__code="safety").values_list("firms", flat=True)) == 1


@pytest.fixture
def analyst(client, db):
    client.force_login(make_staff("analyst-user", "Analyst"))
    return client


def test_an_analyst_lets_held_assessments_in_and_the_admin_log_says_so(content, analyst):
    flood = Client(REMOTE_ADDR="198.51.100.50")
    for level in (0, 1, 2, 3):
        submit(flood, content, level)
    held = list(Assessment.objects.values_list("pk", flat=True))
    changelist = reverse("admin:assessments_assessment_changelist")
    listed = analyst.get(changelist + "?held_out=any").content.decode()
    assert "Let into the figures" in listed
    analyst.post(changelist, {"action": "let_into_the_figures", "_selected_action": held})
    assert set(Assessment.objects.values_list("held", flat=True)) == {""}
    assert InsightCell.objects.get().firms == 4
    release_peers()
    assert PeerCell.objects.filter(driver__code="safety").get().firms == 4
    from django.contrib.admin.models import LogEntry

    assert LogEntry.objects.filter(change_message__startswith="Let into the figures").count() == 4


def test_a_content_editor_cannot_let_held_assessments_in(content, client):
    flood = Client(REMOTE_ADDR="198.51.100.60")
    for level in (0, 1, 2, 3):
        submit(flood, content, level)
    client.force_login(make_staff("editor-user", "Content editor"))
    held = list(Assessment.objects.values_list("pk", flat=True))
    client.post(
        reverse("admin:assessments_assessment_changelist"), {"action": "let_into_the_figures", "_selected_action": held}
    )
    assert set(Assessment.objects.values_list("held", flat=True)) == {"burst"}


def test_deleting_is_limited_per_network_too(site, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "delete": (2, 3600)}
    firms = [submit_firm(site)[1] for _ in range(3)]
    client = Client(REMOTE_ADDR="198.51.100.70")
    statuses = [client.post(reverse("assessments:delete", kwargs={"token": t})).status_code for t in firms]
    assert statuses == [302, 302, 429] and Assessment.objects.count() == 1


def test_submits_are_limited_per_network(content, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submit": (2, 3600)}
    client = Client(REMOTE_ADDR="198.51.100.80")
    statuses = [submit(client, content, level).status_code for level in (1, 2, 3)]
    assert statuses == [302, 302, 429] and Assessment.objects.filter(status="submitted").count() == 2


def test_screening_is_only_for_submits_through_the_service(content):
    for _ in range(6):
        submit_firm(content.questionnaire, 2)  # the helper, like demo data, records no network
    assert not Assessment.objects.exclude(held="").exists() and peers.held_summary() == {"held": 0, "bursts": 0}


@pytest.mark.parametrize("engagement", ["facilitated", "adviser_entered"])
def test_assessments_an_adviser_started_with_firms_in_one_room_are_not_a_burst(content, engagement):
    room = Client(REMOTE_ADDR="198.51.100.90")
    for level in (0, 1, 2, 3, 4):  # five firms at a workshop, each begun by the adviser (either adviser mode)
        _, token = make_assessment(content.questionnaire, benchmark_consent=True, engagement=engagement)
        for driver in content.drivers:
            url = reverse("assessments:driver", kwargs={"token": token, "driver": driver.code})
            room.post(url, page_data(content.questions_of(driver.code), level))
        room.post(reverse("assessments:submit", kwargs={"token": token}))
    assert set(Assessment.objects.values_list("status", "held")) == {("submitted", "")}
