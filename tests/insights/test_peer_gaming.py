"""Made-up assessments cannot read one firm's score out of the peer comparison, however adaptively
they are used.

The attacker of the security review: a victim is alone (or nearly) in its sector and size; the
attacker submits any number of fakes with chosen scores around it, deletes some, submits others,
re-submits its probe with another score, and reads the probe's results after every release (one look
per release: nothing changes in between). Against interpolated medians a fake "mover" bisected the
victim's exact score in seven rounds. The defence holds if everything the attacker ever sees — its
whole transcript — is the same for any two victims whose scores share a 10-point bucket.

The first tests replay attackers against every victim score 0–100 through the figures' own
functions (benchmarks.choose_group and compare), in milliseconds; the last replays the bisection
over HTTP against the real journey, the delete view and the daily release.
"""

import random
import re

import numpy as np
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from assessments.insights import benchmarks, peers
from assessments.models import Assessment, PeerCell, PeerRelease
from tests.helpers import make_content, release_peers, submit_firm

SCORES = range(101)
MAX_FAKES = 12
LOOKS = 16


def bucket(score):
    return benchmarks.released(score)


class World:
    """One driver's peer cell: the victim, other real firms the attacker cannot see, the attacker's
    fakes and its probe; and the rest of the firms of the same size, which the group widens to when
    the cell has fewer than MIN_GROUP peers."""

    def __init__(self, victim, others=(), size_others=()):
        self.victim, self.others, self.size_others = victim, list(others), list(size_others)
        self.fakes = []

    def look(self, probe):
        """What the probe's results page shows after a release: (group kind, firms, median, quarter)."""
        cell = [self.victim, *self.others, *self.fakes]  # the probe is not its own peer
        firms = {benchmarks.SECTOR_AND_SIZE: len(cell), benchmarks.SIZE: len(cell) + len(self.size_others)}
        firms[benchmarks.ALL] = firms[benchmarks.SIZE]
        group = benchmarks.choose_group(firms)
        if group is None:
            return None
        scores = cell if group.kind == benchmarks.SECTOR_AND_SIZE else cell + self.size_others
        shown = benchmarks.compare({"area": benchmarks.histogram(scores)}, {"area": probe}).get("area")
        return group.kind, group.firms, shown and (shown.median, shown.quarter)


def run(strategy, world):
    """The attacker's transcript: every look it took, given everything it saw before each move."""
    seen = []
    for _ in range(LOOKS):
        probe = strategy(world, seen)
        if probe is None:
            break
        seen.append(world.look(probe))
    return tuple(seen)


def bisection(world, seen):
    """The review's attack, rebuilt for a group of 10: eight anchors, half at 0 and half at 100, and a
    mover whose score is bisected on whether the median moved, after each look deleting the mover and
    submitting a new one. (With the victim the group is even, where an interpolated median is the
    mean of the victim's and the mover's scores.)"""
    if not seen:
        world.fakes = [0] * 4 + [100] * 4 + [50]
        world.low, world.high = 0, 100
        return 50
    mover = world.fakes.pop()
    last = seen[-1]
    if last and last[2] and last[2][0] > bucket(mover):
        world.low = mover
    else:
        world.high = mover
    if world.high - world.low <= 1:
        return None
    world.fakes.append((world.low + world.high) // 2)
    return 50


def greedy(world, seen):
    """No deletions: one more fake per look, placed at the median last seen plus or minus a step that
    halves each time, hunting for the point where the median moves."""
    if not seen:
        world.fakes, world.step = [0, 100], 32
        return 50
    last = seen[-1]
    centre = last[2][0] if last and last[2] else 50
    world.fakes.append(min(100, max(0, centre + (world.step if len(seen) % 2 else -world.step))))
    world.step = max(1, world.step // 2)
    return None if len(world.fakes) > MAX_FAKES else centre


def adaptive_random(seed):
    """Random moves chosen from everything seen so far (so two victims that ever look different are
    attacked differently): add 1–3 fakes, delete 1–3, re-submit the probe with a new score."""

    def strategy(world, seen):
        rng = random.Random(f"{seed}:{seen}")
        if not seen:
            world.fakes = [rng.randrange(101) for _ in range(rng.randrange(1, MAX_FAKES + 1))]
        move = rng.random()
        if move < 0.4 and len(world.fakes) < MAX_FAKES:
            world.fakes += [rng.randrange(101) for _ in range(rng.randrange(1, 4))]
        elif move < 0.7 and len(world.fakes) > 1:
            for _ in range(min(rng.randrange(1, 4), len(world.fakes) - 1)):
                world.fakes.pop(rng.randrange(len(world.fakes)))
        world.fakes = world.fakes[:MAX_FAKES]
        return rng.randrange(101)

    return strategy


STRATEGIES = {"bisection": bisection, "greedy": greedy} | {f"random-{s}": adaptive_random(s) for s in range(12)}
# Other firms the attacker cannot see: none, three in the victim's cell, and the rest of the size band.
SETTINGS = {
    "alone": ((), [7, 23, 35, 41, 48, 52, 66, 71, 84, 90, 95]),
    "with others": ((12, 57, 88), [3, 19, 44, 60, 61, 77, 79, 93, 99, 30, 15]),
}


def transcripts(strategy, others, size_others):
    return {victim: run(strategy, World(victim, others, size_others)) for victim in SCORES}


@pytest.mark.parametrize("setting", SETTINGS)
@pytest.mark.parametrize("name", STRATEGIES)
def test_an_adaptive_attacker_learns_nothing_finer_than_the_ten_point_bucket(name, setting):
    seen = transcripts(STRATEGIES[name], *SETTINGS[setting])
    for victim, transcript in seen.items():
        twin = next(v for v in SCORES if bucket(v) == bucket(victim))  # the lowest score of its bucket
        assert transcript == seen[twin], (name, victim, twin)


def test_the_bisection_still_learns_the_bucket_so_the_test_can_tell_a_leak():
    seen = transcripts(bisection, *SETTINGS["alone"])
    assert len({seen[v] for v in SCORES}) >= 5  # several buckets tell apart: the figures do say something


def interpolated(hist, q):
    """The quartiles peer figures used before: interpolated between two scores, as pandas does."""
    n = int(hist.sum())
    position = (n - 1) * q
    low, high = int(np.floor(position)), int(np.ceil(position))
    below = int(np.searchsorted(np.cumsum(hist), low, side="right"))
    above = int(np.searchsorted(np.cumsum(hist), high, side="right"))
    return below + (position - low) * (above - below)


def test_against_interpolated_medians_the_same_bisection_reads_scores_inside_a_bucket(monkeypatch):
    monkeypatch.setattr(benchmarks, "order_statistic", interpolated)
    seen = transcripts(bisection, *SETTINGS["alone"])
    leaked = [v for v in SCORES if seen[v] != seen[next(t for t in SCORES if bucket(t) == bucket(v))]]
    assert len(leaked) > 50  # the review's N1: the old figures gave most scores away


# ------------------------------------------------------------------------------------ over HTTP


def levels_for(score):
    """Four answer levels 0–4 whose score (mean level / 4 × 100, rounded half up) is `score`."""
    for levels in ([a, b, c, d] for a in range(5) for b in range(5) for c in range(5) for d in range(5)):
        if int(sum(levels) * 25 / 4 + 0.5) == score:
            return levels
    raise ValueError(score)


REACHABLE = sorted({int(sum(levels) * 25 / 4 + 0.5) for levels in np.ndindex(5, 5, 5, 5)})


class Attacker:
    """A stranger using only the public pages, from a new address for every firm it makes (so no
    per-network limit or burst rule is what stops it: this test is about the figures)."""

    def __init__(self, version):
        self.version, self.addresses = version, iter(range(1, 10_000))

    def client(self):
        return Client(REMOTE_ADDR=f"203.0.113.{next(self.addresses) % 250 + 1}")

    def submit(self, score, company="Fake Ltd"):
        """A fake through the journey: profile, both area pages, submit. Returns (client, token)."""
        client = self.client()
        profile = {"company_name": company, "sector": "25", "size_band": "small", "region": "wales"}
        response = client.post(reverse("assessments:new"), {**profile, "benchmark_consent": "on"})
        token = response.url.split("/")[2]
        for driver in ("safety", "green"):
            questions = self.version.questions.filter(driver__code=driver).order_by("order")
            levels = levels_for(score)
            chosen = zip(questions, levels, strict=True)
            data = {f"q-{q.code}": q.options.get(kind="scored", level=level).pk for q, level in chosen}
            url = reverse("assessments:driver", kwargs={"token": token, "driver": driver})
            client.post(url, {**data, "importance": 3})
        client.post(reverse("assessments:submit", kwargs={"token": token}))
        return client, token

    def delete(self, fake):
        client, token = fake
        assert client.post(reverse("assessments:delete", kwargs={"token": token})).status_code == 302

    def look(self, probe):
        client, token = probe
        text = re.sub(
            r"<[^>]+>", " ", client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
        )
        return tuple(re.findall(r"median of about (\d+); you are in their ([a-z ]+)", text)), tuple(
            re.findall(r"Compared with [^:]+: (\d+) firms", text)
        )


def bisect_over_http(version, victim):
    """The review's bisection, replayed as a stranger would: anchors, a probe and a mover; after each
    release the probe's results are read, the mover deleted and a new one submitted."""
    submit_firm(version, levels=_levels(victim), sector="25", size_band="small")  # the victim, through the helper
    attacker = Attacker(version)
    for score in [0] * 4 + [100] * 4:
        attacker.submit(score)
    probe = attacker.submit(50, company="Probe Ltd")
    low, high = 0, len(REACHABLE) - 1
    mover_score = REACHABLE[(low + high) // 2]
    mover = attacker.submit(mover_score)
    transcript = []
    for _ in range(5):
        release_peers()
        seen = attacker.look(probe)
        transcript.append(seen)
        medians = [int(m) for m, _q in seen[0]]
        if medians and medians[0] > bucket(mover_score):
            low = REACHABLE.index(mover_score)
        else:
            high = REACHABLE.index(mover_score)
        attacker.delete(mover)
        mover_score = REACHABLE[(low + high) // 2]
        mover = attacker.submit(mover_score)
    return transcript


def _levels(score):
    levels = levels_for(score)
    return {f"{d}-{i + 1:02d}": lv for d in ("safety", "green") for i, lv in enumerate(levels)}


def _wipe():
    Assessment.objects.all().delete()
    PeerCell.objects.all().delete()
    PeerRelease.objects.all().delete()
    cache.clear()


@pytest.fixture
def world(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # no PDFs rendered
    version = make_content(("safety", "green"), questions_per_driver=4).questionnaire
    return version


def test_the_review_s_bisection_over_http_reads_the_same_pages_for_two_scores_of_one_bucket(world):
    first = bisect_over_http(world, 38)
    _wipe()
    second = bisect_over_http(world, 44)
    _wipe()
    other_bucket = bisect_over_http(world, 56)
    assert first == second and first[0][0]  # figures were shown, and told 38 and 44 apart not at all
    assert first != other_bucket  # while a score in another bucket reads differently


@pytest.fixture
def cell(db):
    return make_content(drivers=("supply", "green"), questions_per_driver=2).questionnaire


def test_a_firm_that_left_an_area_unscored_does_not_count_as_a_peer(cell):
    for _ in range(9):
        submit_firm(cell)
    submit_firm(cell, levels={"supply-02": None, "green-01": None, "green-02": None})  # green: not enough answers
    probe, _ = submit_firm(cell)
    release_peers()
    probe.refresh_from_db()
    group, _ = peers.comparison(probe, {"supply": type("R", (), {"score": 50})()})
    assert group is None  # nine complete firms and one partial: no group of ten


def test_the_results_page_shows_released_figures_only(client, cell):
    for level in (0, 1, 2, 3, 4) * 2:
        submit_firm(cell, level)
    _, token = submit_firm(cell, 3)
    release_peers()
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    assert "median of about" in page and "higher than" not in page
