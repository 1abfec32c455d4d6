"""`make chaos`: the load of `make load`, with faults injected on a schedule while firms fill in,
submit and download:

1. the background worker killed (kill -9) in the middle of a render, started again 2 s later;
2. Redis stopped for 20 s, then started again (empty, as a restarted Redis without persistence is);
3. PostgreSQL restarted (a fast shutdown, which cuts every open connection, as a failover does);
4. a gunicorn worker sent SIGTERM while firms save;
5. gunicorn's graceful restart (HUP), as a deploy does.

After each, a probe asks for the start page, a firm's area page, its results and its PDF every half
second: the fault's recovery is the time from its end until all four answer normally again, however
slowly (for the killed worker: until the render it was killed in is ready, no page asking). Afterwards, as for
`make load`: every answer saved with a redirect is in the database once, every submitted firm has
its PDF. The report goes into bench/RESULTS.md ("Under faults").

    python bench/load/chaos.py [--users 200] [--minutes 5]
"""

import argparse
import http.cookiejar
import re
import signal
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import run as load  # noqa: E402
from bench.load.pages import LoopbackCookies  # noqa: E402
from bench.load.run import Fault  # noqa: E402

RECOVERY_LIMIT = 60  # seconds a probe keeps trying after a fault before it is recorded as not recovered


class Probe:
    """A firm of the probe's own, submitted through the pages at the start: four URLs that must
    answer 200 when the service is well (the PDF also 202 while it is being made)."""

    def __init__(self, base):
        self.base = base
        cookies = http.cookiejar.CookieJar(LoopbackCookies())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
        self.urls = []

    def open(self, path, data=None, timeout=10):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 (127.0.0.1 only)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode(errors="replace"), response.url
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), error.url
        except OSError:
            return None, "", ""

    def prepare(self):
        """Starts and submits an assessment with the first answer of every question."""
        _, html, _ = self.open("/assessments/new/")
        form = {"csrfmiddlewaretoken": _csrf(html), "company_name": "Probe Ltd", "sector": "25",
                "size_band": "small", "region": "wales"}  # fmt: skip
        status, html, url = self.open("/assessments/new/", form)
        if "/tasks/" not in url:
            raise RuntimeError(f"the probe could not start an assessment: {status}")
        token = re.search(r"/assessments/([^/]+)/tasks/", url).group(1)
        areas = list(dict.fromkeys(re.findall(rf'href="/assessments/{token}/([a-z0-9-]+)/"', html)))
        areas = [a for a in areas if a not in {"profile", "review", "saved", "tasks"}]
        for area in areas:
            _, page, _ = self.open(f"/assessments/{token}/{area}/")
            answers = dict.fromkeys(re.findall(r'name="(q-[^"]+)"', page))
            for name in answers:
                answers[name] = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]+)"', page).group(1)
            self.open(f"/assessments/{token}/{area}/", {"csrfmiddlewaretoken": _csrf(page), **answers, "importance": 3,
                                                        "action": "next"})  # fmt: skip
        _, review, _ = self.open(f"/assessments/{token}/review/")
        self.open(f"/assessments/{token}/submit/", {"csrfmiddlewaretoken": _csrf(review), "confirm": "yes"})
        self.urls = ["/", f"/assessments/{token}/results/", f"/assessments/{token}/report.pdf"]
        self.draft = self.open("/assessments/new/")  # a second firm, left in progress, for its area page
        _, html, url = self.open("/assessments/new/", {**form, "csrfmiddlewaretoken": _csrf(self.draft[1])})
        self.urls.insert(1, url.replace("/tasks/", f"/{areas[0]}/").replace(self.base, ""))

    def well(self):
        """Every probe URL answers as it should. However slowly: under an overload pages are slow
        whether or not a fault happened, and that is the load budgets' business, not recovery's."""
        return all(self.open(url, timeout=30)[0] in (200, 202) for url in self.urls)

    def wait_until_well(self, since):
        """Seconds from `since` until every probe URL answers normally, or None after RECOVERY_LIMIT."""
        while time.time() - since < RECOVERY_LIMIT:
            if self.well():
                return time.time()
            time.sleep(0.5)
        return None


def _csrf(html):
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found.group(1) if found else ""


def rendering(stack):
    """The id of an assessment whose PDF a worker is rendering now, or None."""
    import psycopg

    with psycopg.connect(stack.postgres.url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT assessment_id FROM assessments_storedreport WHERE status = 'rendering' ORDER BY started_at DESC"
        ).fetchone()
    return row and row[0]


def has_pdf(stack, assessment_id):
    import psycopg

    try:
        with psycopg.connect(stack.postgres.url, autocommit=True, connect_timeout=3) as connection:
            return connection.execute(
                "SELECT 1 FROM assessments_storedreport WHERE assessment_id = %s AND status = 'ready'", [assessment_id]
            ).fetchone()
    except psycopg.Error:
        return False


def kill_worker_mid_render(stack, probe, wait=90):
    deadline = time.time() + wait
    victim = None
    while victim is None and time.time() < deadline:
        victim = rendering(stack)
        time.sleep(0.05)
    fault = Fault("background worker killed (kill -9) mid-render, restarted 2 s later", time.time())
    if victim is None:
        fault.notes.append("no render was running to kill")
    stack.worker.kill()
    time.sleep(2)
    stack.worker.start()
    fault.ended = time.time()
    if victim is not None:
        while time.time() - fault.ended < RECOVERY_LIMIT and not has_pdf(stack, victim):
            time.sleep(0.5)
        fault.recovered = time.time() if has_pdf(stack, victim) else None
        fault.notes.append("recovery: until the killed render's PDF was ready, no page asking")
    return fault


def stop_redis(stack, probe, seconds=20):
    fault = Fault(f"Redis stopped for {seconds} s", time.time())
    stack.redis.stop()
    time.sleep(seconds)
    stack.redis.start()
    fault.ended = time.time()
    fault.recovered = probe.wait_until_well(fault.ended)
    return fault


def restart_postgres(stack, probe):
    fault = Fault("PostgreSQL restarted (fast shutdown: open connections cut)", time.time())
    stack.postgres.restart()
    fault.ended = time.time()
    fault.recovered = probe.wait_until_well(fault.ended)
    return fault


def sigterm_web_worker(stack, probe):
    fault = Fault("a gunicorn worker sent SIGTERM during saves", time.time())
    pids = stack.web.worker_pids()
    if pids:
        import os

        os.kill(pids[0], signal.SIGTERM)
    time.sleep(1)
    fault.ended = time.time()
    fault.recovered = probe.wait_until_well(fault.ended)
    return fault


def hup_gunicorn(stack, probe):
    fault = Fault("gunicorn graceful restart (HUP)", time.time())
    stack.web.signal(signal.SIGHUP)
    time.sleep(1)
    fault.ended = time.time()
    fault.recovered = probe.wait_until_well(fault.ended)
    return fault


# (seconds after the load starts, fault): spaced so each recovers before the next begins.
SCHEDULE = [
    (70, kill_worker_mid_render),
    (110, stop_redis),
    (165, restart_postgres),
    (210, sigterm_web_worker),
    (250, hup_gunicorn),
]
SHORT_SCHEDULE = [  # the CI chaos test (tests/test_chaos.py): three faults in 80 s
    (15, lambda stack, probe: kill_worker_mid_render(stack, probe, wait=25)),
    (42, lambda stack, probe: stop_redis(stack, probe, seconds=10)),
    (62, restart_postgres),
]


def injector(schedule):
    def inject(stack):
        started, faults = time.time(), []
        probe = Probe(stack.web.url)
        try:
            probe.prepare()
            for at, fault in schedule:
                # On schedule, but never inside the last fault's window, so each is counted alone.
                previous = (faults[-1].recovered or faults[-1].ended) + 15 if faults else 0
                time.sleep(max(0.0, started + at - time.time(), previous - time.time()))
                faults.append(fault(stack, probe))
        except Exception as error:  # noqa: BLE001 (reported, and the run goes on to its checks)
            faults.append(Fault(f"the fault injection stopped: {type(error).__name__}: {error}", time.time()))
        return faults

    return inject


def fault_rows(data):
    events = [e for e in data["events"] if e["kind"] == "error"]
    rows = [
        "| fault | at | lasted | failed requests during it | of which 500 | recovered after |",
        "|---|---|---|---|---|---|",
    ]
    for fault in data["faults"]:
        during = [e for e in events if load.in_window(e["t"], [fault])]
        server_errors = sum(1 for e in during if e["status"] and e["status"] >= 500 and e["status"] != 503)
        kinds = ", ".join(
            f"{n} × {status or 'no answer'}"
            for status, n in sorted(_count(e["status"] for e in during).items(), key=lambda kv: -kv[1])
        )
        recovery = "not within 60 s" if fault.recovery is None else f"{fault.recovery:.1f} s"
        at, lasted = fault.started - data["started"], max(0, fault.ended - fault.started)
        failed = f"{len(during)}{f' ({kinds})' if kinds else ''}"
        notes = "".join(f"; {n}" for n in fault.notes)
        rows.append(f"| {fault.name} | {at:.0f} s | {lasted:.1f} s | {failed} | {server_errors} | {recovery}{notes} |")
    return rows


def _count(values):
    counts = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def report(data, title="Under faults"):
    lines = load.report(data, title)
    s = load.summary(data)
    lines[2] = lines[2].replace("`make load`", "`make chaos`: the load of `make load`,") + (
        " Faults injected during the load, one after another:"
    )
    recoveries = [f.recovery for f in data["faults"]]
    ok = all(r is not None and r <= 30 for r in recoveries)
    return [
        *lines[:4],
        *fault_rows(data),
        "",
        f"Under faults: answers lost or changed {data['answers_lost']}, stored twice {data['answers_duplicated']}; "
        f"submitted firms without a PDF {data['pdf_missing']}; requests answered 500 {s['server_errors']}; "
        f"recovery ≤ 30 s after every fault {load.verdict(ok)}.",
        "",
        *lines[4:],
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--ramp", type=int, default=60)
    parser.add_argument("--title", default="Under faults")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    data = load.run(args.users, round(args.minutes * 60), args.ramp, during=injector(SCHEDULE), label="chaos")
    lines = report(data, args.title)
    print("\n".join(lines))
    print(f"(logs and the journal: {data['folder']})")
    if not args.no_write:
        load.write_section(lines)
    s = load.summary(data)
    ok = data["answers_lost"] == 0 and data["pdf_missing"] == 0 and s["server_errors"] == 0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
