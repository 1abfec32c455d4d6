"""Whole journeys at once, for `make load` and `make chaos` (bench/load/run.py starts Locust with this file).

- Firm: opens the start page, fills the profile, answers every area, checks its answers, submits,
  reads its results and downloads the PDF, waiting on the "nearly ready" page as a browser does.
- ReturningFirm: the same, but leaves after two areas with "Save and finish later", and comes back
  later on another device through its private link.
- Analyst: signed in (a session made by setup.py), opens the insights dashboard with a few filters.

People pause 5–15 s between pages (reading, choosing answers). A page that fails is tried again a few
seconds later, as a person presses reload. Every save answered with a redirect, every submit and every
PDF received is written to the journal (LOAD_JOURNAL, JSON lines), with every failed request, so
run.py can check afterwards that nothing acknowledged was lost. A save is written twice: before it is
sent ("saving") and once answered ("save"), so a save the server stored but never answered (cut by
a fault, or by the end of the run) is not mistaken for a lost one.
"""

import json
import os
import random
import re
import sys
import time
from pathlib import Path

import gevent
from locust import FastHttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
from bench.load.pages import NOT_AREAS, TOKEN_PATH, LoopbackCookies, page_name  # noqa: E402

JOURNAL = open(os.environ.get("LOAD_JOURNAL", os.devnull), "a", buffering=1)  # noqa: SIM115 (whole run)
THINK = (5, 15)
SCALE = float(os.environ.get("LOAD_THINK_SCALE", "1"))  # < 1 only for a quick try of the script itself
PDF_WAIT = 240  # seconds a firm keeps its "nearly ready" page open
RETRIES = 6
INPUT = re.compile(r"<input\b[^>]*>")
ATTR = re.compile(r'\b(name|value|type)="([^"]*)"')
OPTION = re.compile(r'<option value="([^"]+)"')
SELECT = re.compile(r'<select name="([^"]+)"(.*?)</select>', re.S)
BUSY_SECTORS = ["25", "28", "22", "10"]  # most firms come from a few sectors, so peer groups fill up


def journal(kind, **values):
    JOURNAL.write(json.dumps({"kind": kind, "t": time.time(), **values}) + "\n")


def inputs(html):
    found = []
    for tag in INPUT.findall(html):
        found.append(dict(ATTR.findall(tag)))
    return found


def csrf(html):
    return next((i["value"] for i in inputs(html) if i.get("name") == "csrfmiddlewaretoken"), "")


def radio_answers(html):
    """A plausible answer to every radio question on an area page: mostly a level, now and then
    "don't know" or "not relevant" (the last radios of each group); importance 1–5."""
    groups, checked = {}, {}
    for tag in INPUT.findall(html):
        i = dict(ATTR.findall(tag))
        if i.get("type") == "radio" and i.get("name", "").startswith(("q-", "importance")):
            groups.setdefault(i["name"], []).append(i["value"])
            if re.search(r"\schecked\b", tag):
                checked[i["name"]] = i["value"]
    answers = {}
    for name, values in groups.items():
        if name in checked and random.random() < 0.9:  # a firm back on a page mostly keeps what it chose
            answers[name] = checked[name]
        elif name == "importance":
            answers[name] = random.choice(values)
        elif random.random() < 0.9:
            answers[name] = random.choice(values[:5])
        else:
            answers[name] = random.choice(values)
    return answers


class Journey(FastHttpUser):
    """What both kinds of firm do; Locust runs the subclasses."""

    abstract = True
    wait_time = between(THINK[0] * SCALE, THINK[1] * SCALE)

    def on_start(self):
        self.client.cookiejar.set_policy(LoopbackCookies())
        self.address = "127.0.0.1"

    def new_address(self):
        """Each journey comes from an address of its own, as firms do, given in X-Forwarded-For as
        a proxy in front of the service gives it (the stack trusts 127.0.0.1 as its proxy): the
        limits per client network then count each firm, not the one machine Locust runs on."""
        self.address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"

    def think(self, low=THINK[0], high=THINK[1]):
        gevent.sleep(random.uniform(low, high) * SCALE)

    def page(self, method, path, data=None, ok=(200, 302), retries=RETRIES):
        """One page, tried again after a pause when it fails (a 5xx or a dropped connection), as a
        person does; returns the last response, or None when every try failed."""
        name = page_name(path)
        for attempt in range(retries):
            with self.client.request(
                method,
                path,
                data=data,
                name=name,
                allow_redirects=False,
                catch_response=True,
                headers={"X-Forwarded-For": self.address},
            ) as response:
                status = response.status_code
                if status in ok:
                    response.success()
                    return response
                body = response.text or "" if status else ""
                response.failure(f"{status}")
                journal(
                    "error",
                    name=name,
                    status=status,
                    attempt=attempt,
                    trace="Traceback" in body,
                    try_again="try again" in body.lower(),
                    error=str(response.error)[:200] if response.error else "",
                )
            self.think(3, 6)
        return None

    def post(self, path, html, fields, **kwargs):
        return self.page("POST", path, data={"csrfmiddlewaretoken": csrf(html), **fields}, **kwargs)

    def begin(self):
        self.client.cookiejar.clear()  # each journey is a new visitor
        self.new_address()
        self.page("GET", "/")
        self.think()
        page = self.page("GET", "/assessments/new/")
        if page is None:
            return None
        html = page.text
        selects = {name: OPTION.findall(body) for name, body in SELECT.findall(html)}
        sectors = selects.get("sector") or ["25"]
        profile = {
            "company_name": f"Load {random.randrange(10**6)} Ltd",
            "sector": random.choice(BUSY_SECTORS) if random.random() < 0.6 else random.choice(sectors),
            "size_band": random.choice(["micro", "small", "medium"]),
            "region": random.choice(selects.get("region") or ["wales"]),
        }
        if random.random() < 0.85:
            profile["benchmark_consent"] = "on"
        if random.random() < 0.25:
            profile["email"] = f"firm{random.randrange(10**6)}@example.com"
        self.think()
        response = self.post("/assessments/new/", html, profile, ok=(302,))
        if response is None:
            return None
        location = response.headers["Location"]
        token = TOKEN_PATH.match(location).group(1)
        journal("start", token=token)
        return token, location

    def answer_areas(self, token, first_url, stop_after=None):
        """From the task list: every area in turn with "Save and continue"; returns the page it ends on."""
        tasks = self.page("GET", first_url)
        if tasks is None:
            return None
        areas = [
            code
            for code in dict.fromkeys(re.findall(rf'href="/assessments/{re.escape(token)}/([a-z0-9-]+)/"', tasks.text))
            if code not in NOT_AREAS
        ]
        url = f"/assessments/{token}/{areas[0]}/"
        page = self.page("GET", url)
        done = 0
        while page is not None:
            segment = TOKEN_PATH.match(url).group(2)
            if segment in NOT_AREAS:
                return url
            self.think()
            answers = radio_answers(page.text)
            action = "later" if stop_after is not None and done + 1 >= stop_after else "next"
            chosen = {k[2:]: v for k, v in answers.items() if k[:2] == "q-"}
            journal("saving", token=token, area=segment, answers=chosen)  # may be stored though never answered
            saved = self.post(url, page.text, {**answers, "action": action}, ok=(302,))
            if saved is None:
                return None
            journal("save", token=token, area=segment, answers=chosen)
            done += 1
            url = saved.headers["Location"]
            page = self.page("GET", url)
        return None

    def finish(self, token):
        """Check answers, submit, read the results, download the PDF."""
        review = self.page("GET", f"/assessments/{token}/review/")
        if review is None:
            return
        self.think()
        submitted = self.post(f"/assessments/{token}/submit/", review.text, {}, ok=(200, 302))
        if submitted is None:
            return
        if submitted.status_code == 200:  # "some areas read 'not enough answers': submit anyway?"
            submitted = self.post(f"/assessments/{token}/submit/", submitted.text, {"confirm": "yes"}, ok=(302,))
            if submitted is None:
                return
        journal("submit", token=token)
        if self.page("GET", f"/assessments/{token}/results/") is None:
            return
        self.think()
        self.download(token)

    def download(self, token):
        deadline = time.monotonic() + PDF_WAIT
        while time.monotonic() < deadline:
            response = self.page("GET", f"/assessments/{token}/report.pdf", ok=(200, 202))
            if response is not None and response.status_code == 200:
                journal("pdf", token=token, ok=response.content[:5] == b"%PDF-")
                return
            wait = re.search(r'data-seconds="(\d+)"', (response and response.text) or "")
            gevent.sleep(int(wait.group(1)) if wait else 3)  # as often as the PDF's page asks again (its script)
        journal("pdf_timeout", token=token)


class Firm(Journey):
    weight = 8

    @task
    def whole_journey(self):
        started = self.begin()
        if started is None:
            return
        token, tasks_url = started
        if self.answer_areas(token, tasks_url) is not None:
            self.finish(token)
            journal("completed", token=token)


class ReturningFirm(Journey):
    weight = 2

    @task
    def resumes_from_its_link(self):
        started = self.begin()
        if started is None:
            return
        token, tasks_url = started
        saved = self.answer_areas(token, tasks_url, stop_after=2)
        if saved is None:
            return
        page = self.page("GET", saved)
        link = page and re.search(rf'href="https?://[^"/]+(/assessments/{re.escape(token)}/)"', page.text)
        if not link:
            return
        self.think(20, 60)  # away for a while (a real firm: days), then back on another device
        self.client.cookiejar.clear()
        landing = self.page("GET", link.group(1), ok=(302,))
        if landing is None or self.answer_areas(token, landing.headers["Location"]) is None:
            return
        self.finish(token)
        journal("completed", token=token)


class Analyst(FastHttpUser):
    """Programme staff reading the dashboard: a handful at most, whatever the number of firms."""

    fixed_count = 2
    wait_time = between(10, 30)
    FILTERS = ["", "?by=sector", "?by=size_band&region=wales", "?size_band=small", "?demo=on", "?demo=on&by=sector"]

    def on_start(self):
        self.cookie = os.environ.get("LOAD_ANALYST_COOKIE", "")

    @task
    def dashboard(self):
        with self.client.get(
            "/admin/assessments/assessment/insights/" + random.choice(self.FILTERS),
            headers={"Cookie": self.cookie},
            name="insights dashboard",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                body = response.text or "" if response.status_code else ""
                journal(
                    "error",
                    name="insights dashboard",
                    status=response.status_code,
                    attempt=0,
                    trace="Traceback" in body,
                    try_again="try again" in body.lower(),
                    error="",
                )
