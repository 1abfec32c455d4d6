"""`make load`: whole journeys at once against the production stack on this machine (bench/load/stack.py:
PostgreSQL, Redis, gunicorn with 2 workers, one background worker), driven by Locust headless and
ramped up, bounded in time; then checks that nothing acknowledged was lost, and writes a short
report into bench/RESULTS.md ("Under load").

    python bench/load/run.py [--users 200] [--minutes 5] [--ramp 60]

`make chaos` (bench/load/chaos.py) runs the same with faults injected on a schedule.
"""

import argparse
import contextlib
import csv
import hashlib
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench.load.pages import page_name  # noqa: E402
from bench.load.stack import Stack  # noqa: E402

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
ACCESS_LINE = re.compile(r'^\S+ "(\w+) (\S+) HTTP/[\d.]+" (\d+) \S+ (\d+)$', re.M)
RESULTS = ROOT / "bench" / "RESULTS.md"
DRAIN_SECONDS = 60  # after the load stops: how long with no new PDF before a missing one counts as lost
DRAIN_LIMIT = 1200  # and how long the queue may take to empty in all
BUDGETS = {"area page": 200, "results": 400, "pdf_after_submit": 60}


@dataclass
class Fault:
    """One injected fault: when it began and ended, and when the service answered normally again."""

    name: str
    started: float
    ended: float = 0.0
    recovered: float | None = None
    notes: list = field(default_factory=list)

    @property
    def recovery(self):
        return None if self.recovered is None else max(0.0, self.recovered - self.ended)


class Poller(threading.Thread):
    """Watches the database every 2 s during the run (reconnecting after a restart): the first time
    each submitted firm has a ready PDF, and the depth of the task queue."""

    def __init__(self, url):
        super().__init__(daemon=True)
        self.url, self.running = url, True
        self.ready = {}  # token hash -> (submitted_at, first finished_at seen)
        self.queue = []  # (time, tasks waiting)
        self.load = []  # the machine's 1-minute load average: other people's work shares these cores

    def run(self):
        import psycopg

        connection = None
        while self.running:
            try:
                connection = connection or psycopg.connect(self.url, autocommit=True, connect_timeout=3)
                self.poll(connection)
            except psycopg.Error:
                connection = None
            self.load.append(os.getloadavg()[0])
            time.sleep(2)

    def poll(self, connection):
        rows = connection.execute(
            "SELECT a.token_hash, a.submitted_at, MIN(s.finished_at) FROM assessments_assessment a "
            "JOIN assessments_storedreport s ON s.assessment_id = a.id "
            "WHERE s.status = 'ready' AND a.submitted_at IS NOT NULL AND NOT a.is_demo "
            "GROUP BY a.token_hash, a.submitted_at"
        ).fetchall()
        for token_hash, submitted_at, finished_at in rows:
            seen = self.ready.get(token_hash)
            if seen is None or finished_at < seen[1]:
                self.ready[token_hash] = (submitted_at, finished_at)
        waiting = dict(
            connection.execute(
                "SELECT task_path || ':' || priority, COUNT(*) FROM django_tasks_database_dbtaskresult "
                "WHERE status = 'READY' GROUP BY 1"
            ).fetchall()
        )
        self.queue.append((time.time(), sum(waiting.values()), waiting))


def read_journal(path):
    events = []
    for line in path.read_text().splitlines():
        with contextlib.suppress(ValueError):  # a line cut short when Locust stopped
            events.append(json.loads(line))
    return events


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def check_answers(stack, events):
    """Every answer a firm saved with a redirect (the 2xx/3xx of a save) is in the database, once,
    with the option it last saved. Returns (checked, lost, duplicated, lost examples)."""
    import psycopg

    expected, later = {}, {}  # the last acknowledged option; options sent after it, never answered
    for event in events:
        if event["kind"] == "saving":
            for code, option in event["answers"].items():
                later.setdefault((token_hash(event["token"]), code), set()).add(int(option))
        elif event["kind"] == "save":
            for code, option in event["answers"].items():
                key = (token_hash(event["token"]), code)
                expected[key], later[key] = int(option), set()
    with psycopg.connect(stack.postgres.url) as connection:
        rows = connection.execute(
            "SELECT a.token_hash, q.code, ans.option_id, "
            "COUNT(*) OVER (PARTITION BY ans.assessment_id, ans.question_id) "
            "FROM assessments_answer ans JOIN assessments_assessment a ON a.id = ans.assessment_id "
            "JOIN assessments_question q ON q.id = ans.question_id"
        ).fetchall()
    stored = {(h, code): (option, n) for h, code, option, n in rows}
    lost = [
        (key[0][:8], key[1], option, stored.get(key, (None,))[0])
        for key, option in expected.items()
        if stored.get(key, (None,))[0] not in {option, *later[key]}
    ]
    duplicated = sum(1 for _, n in stored.values() if n > 1)
    return len(expected), len(lost), duplicated, lost[:5]


def submitted_firms(stack):
    import psycopg

    with psycopg.connect(stack.postgres.url) as connection:
        return connection.execute(
            "SELECT a.token_hash, a.submitted_at, EXISTS (SELECT 1 FROM assessments_storedreport s "
            "WHERE s.assessment_id = a.id AND s.status = 'ready') FROM assessments_assessment a "
            "WHERE a.submitted_at IS NOT NULL AND NOT a.is_demo"
        ).fetchall()


def drain(stack, poller, seconds=DRAIN_SECONDS):
    """Waits, asking no page, until every submitted firm has a ready PDF; returns the firms still
    without one. It waits as long as PDFs keep coming (a long queue is slow, not lost), and gives up
    when none has come for `seconds`, or after DRAIN_LIMIT."""
    started = last_progress = time.monotonic()
    before = None
    while True:
        missing = [h for h, _, ready in submitted_firms(stack) if not ready]
        now = time.monotonic()
        if before is None or len(missing) < before:
            before, last_progress = len(missing), now
        if not missing or now - last_progress > seconds or now - started > DRAIN_LIMIT:
            time.sleep(2.5)  # one more poll, so the last PDFs' times are seen
            return missing
        time.sleep(2)


def locust(stack, users, seconds, ramp, folder, analyst_cookie):
    env = {
        **stack.env,
        "LOAD_JOURNAL": str(folder / "journal.jsonl"),
        "LOAD_ANALYST_COOKIE": analyst_cookie,
    }
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        stack.web.url,
        "-u",
        str(users),
        "-r",
        f"{users / max(ramp, 1):.3f}",
        "-t",
        f"{seconds}s",
        "--csv",
        str(folder / "locust"),
        "--only-summary",
        "--stop-timeout",
        "5",
        "--loglevel",
        "WARNING",
    ]
    with open(folder / "locust.log", "w") as log:
        subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=seconds + 300)


def stats(folder):
    """Per page: requests, failures and the percentiles, from Locust's CSV."""
    rows = {}
    with open(folder / "locust_stats.csv") as f:
        for row in csv.DictReader(f):
            name = row["Name"] if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
            rows[name] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50": float(row["50%"] or 0),
                "p95": float(row["95%"] or 0),
                "p99": float(row["99%"] or 0),
            }
    return rows


def server_times(log):
    """Per page, the p50 and p95 of the time gunicorn's worker spent on it (ms), from the access log:
    Locust's times minus this is time spent waiting for a free worker."""
    times = {}
    for method, path, _status, ms in ACCESS_LINE.findall(log):
        times.setdefault(f"{method} {page_name(path)}", []).append(int(ms))
    return {name: (percentile(sorted(v), 50), percentile(sorted(v), 95)) for name, v in times.items()}


def in_window(t, faults, grace=5):
    return any(f.started - 1 <= t <= (f.recovered or f.ended) + grace for f in faults)


def run(users, seconds, ramp, during=None, label="load", demo_firms=2000, drain_seconds=DRAIN_SECONDS):
    """Runs the load, and `during(stack)` beside it (the fault injector, which returns its Faults);
    returns what the report needs."""
    with Stack() as stack:
        if demo_firms:  # figures for the analysts' dashboard
            stack.manage("seed_demo", "--firms", str(demo_firms), "--seed", "7")
        made = stack.manage("shell", "-c", "from bench.load import setup; setup.analyst()")
        analyst = json.loads(made.splitlines()[-1])
        poller = Poller(stack.postgres.url)
        poller.start()
        faults, injector = [], None
        if during:
            injector = threading.Thread(target=lambda: faults.extend(during(stack)), daemon=True)
            injector.start()
        started = data_started = time.time()
        cpu_before = stack.cpu_seconds()
        locust(stack, users, seconds, ramp, stack.folder, analyst["cookie"])
        load_seconds = time.time() - started
        if injector:
            injector.join(timeout=120)
        drain_started = time.monotonic()
        missing = drain(stack, poller, drain_seconds)
        drained = time.monotonic() - drain_started
        cpu = {part: used - cpu_before[part] for part, used in stack.cpu_seconds().items()}  # the PDFs made after too
        poller.running = False
        events = read_journal(stack.folder / "journal.jsonl")
        checked, lost, duplicated, lost_examples = check_answers(stack, events)
        firms = submitted_firms(stack)
        logs = (stack.folder / "gunicorn.log").read_text(errors="replace")
        worker_log = (stack.folder / "worker.log").read_text(errors="replace")
        data = {
            "label": label,
            "users": users,
            "seconds": seconds,
            "load_seconds": load_seconds,
            "started": data_started,
            "pages": stats(stack.folder),
            "server": server_times(logs),
            "events": events,
            "faults": faults,
            "answers_checked": checked,
            "answers_lost": lost,
            "answers_duplicated": duplicated,
            "lost_examples": lost_examples,
            "submitted": len(firms),
            "pdf_missing": len(missing),
            "drain_seconds": drained,
            "ready": poller.ready,
            "queue": poller.queue,
            "loadavg": statistics.mean(poller.load) if poller.load else 0.0,
            "cpu": cpu,
            "renders": worker_log.count("Rendering the report PDF"),
            "tracebacks_web": logs.count("Traceback (most recent call last)"),
            "tracebacks_worker": worker_log.count("Traceback (most recent call last)"),
            "mail": stack.smtp.messages,
            "folder": stack.folder,
        }
    return data


def pdf_delays(data):
    return sorted((done - submitted).total_seconds() for submitted, done in data["ready"].values())


def percentile(values, p):
    if not values:
        return float("nan")
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))]


def summary(data):
    """The figures the budgets speak of."""
    events, faults = data["events"], data["faults"]
    errors = [e for e in events if e["kind"] == "error"]
    outside = [e for e in errors if not in_window(e["t"], faults)]
    delays = pdf_delays(data)
    completed = sum(1 for e in events if e["kind"] == "completed")
    pages = data["pages"]
    return {
        "requests": sum(p["requests"] for name, p in pages.items() if name != "Aggregated"),
        "failures": sum(p["failures"] for name, p in pages.items() if name != "Aggregated"),
        "failed_outside": len(outside),
        "server_errors": sum(1 for e in errors if e["status"] and e["status"] >= 500 and e["status"] != 503),
        "unavailable": sum(1 for e in errors if e["status"] == 503),
        "no_answer": sum(1 for e in errors if not e["status"]),
        "traces_shown": sum(1 for e in errors if e.get("trace")),
        "completed": completed,
        "per_hour": completed / data["load_seconds"] * 3600,
        "pdfs_downloaded": sum(1 for e in events if e["kind"] == "pdf"),
        "pdf_timeouts": sum(1 for e in events if e["kind"] == "pdf_timeout"),
        "pdf_p50": percentile(delays, 50),
        "pdf_p95": percentile(delays, 95),
        "pdf_max": delays[-1] if delays else float("nan"),
        "queue_max": max((n for _, n, _ in data["queue"]), default=0),
        "queue_at_max": max(data["queue"], key=lambda q: q[1], default=(0, 0, {}))[2],
    }


def page_table(pages, server):
    lines = [
        "| page | requests | failures | p50 | p95 | p99 | in the worker p50 / p95 |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, p in sorted(pages.items(), key=lambda item: (item[0] == "Aggregated", item[0])):
        label = "all pages" if name == "Aggregated" else name
        times = " | ".join(f"{p[q]:.0f} ms" for q in ("p50", "p95", "p99"))
        inside = server.get(name)
        inside = f"{inside[0]} / {inside[1]} ms" if inside else ""
        lines.append(f"| {label} | {p['requests']:,} | {p['failures']} | {times} | {inside} |")
    return lines


def cpu_line(data):
    """CPU the stack used during the load, per firm that submitted: what this machine's neighbours
    do not change, and so what says how many firms two cores of its own would serve."""
    cpu, firms = data.get("cpu", {}), max(data["submitted"], 1)
    if not cpu:
        return ""
    parts = ", ".join(f"{part} {seconds:.0f} s" for part, seconds in cpu.items())
    per_firm = sum(cpu.values()) / firms
    web_per_firm = (cpu.get("web", 0) + cpu.get("postgres", 0) + cpu.get("redis", 0)) / firms
    return (
        f"- CPU used by the stack during the load: {parts} — **{per_firm:.1f} CPU-s per firm that submitted** "
        f"({web_per_firm:.1f} s for its pages, {cpu.get('worker', 0) / firms:.1f} s for its PDF and e-mail); two "
        f"cores of its own would complete at most about {2 * 3600 / per_firm:,.0f} firms an hour."
    )


def queue_kinds(waiting):
    """'12 first renders, 3 re-renders, 1 e-mail' from {task path:priority: count}."""
    kinds = {}
    for name, count in waiting.items():
        path, priority = name.rsplit(":", 1)
        kind = "e-mails" if path.endswith("outbox.send") else "first renders" if int(priority) > 0 else "renders"
        kind = "re-renders" if kind == "renders" and int(priority) < 0 else kind
        kinds[kind] = kinds.get(kind, 0) + count
    return ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1])) or "none"


def verdict(ok):
    return "✔" if ok else "✘"


def report(data, title="Under load"):
    s = summary(data)
    pages = data["pages"]
    area_p95 = max(pages.get("GET area page", {}).get("p95", 0), pages.get("POST area page", {}).get("p95", 0))
    results_p95 = pages.get("GET results", {}).get("p95", 0)
    lines = [
        f"## {title}",
        "",
        f"`make load`: {data['users']} simulated firms at once (ramped up, 5–15 s between pages) for "
        f"{data['seconds'] / 60:.0f} min against gunicorn (2 workers, DEBUG off, collected static), PostgreSQL, "
        "Redis and one background worker, all on this 2-core machine with Locust itself; 8 in 10 firms go straight "
        "through, 2 in 10 leave after two areas and come back through their private link; 2 analysts read the "
        "dashboard. Times are Locust's, from request to last byte; the last column is the time gunicorn's worker "
        f"spent on the request (the rest is waiting for a free worker). The machine's load average over the run: "
        f"{data['loadavg']:.1f} (2 cores; other people's tests run on them too).",
        "",
        *page_table(pages, data.get("server", {})),
        "",
        f"- Requests: {s['requests']:,}; failed: {s['failures']} ({s['failed_outside']} outside fault windows; "
        f"{s['server_errors']} answered 500, {s['unavailable']} answered 503, {s['no_answer']} with no answer). "
        f"Budget 0 outside fault windows {verdict(s['failed_outside'] == 0)}.",
        f"- Area page p95 (GET or POST, the higher) {area_p95:.0f} ms "
        f"(budget 200 {verdict(area_p95 <= BUDGETS['area page'])}); "
        f"results page p95 {results_p95:.0f} ms (budget 400 {verdict(results_p95 <= BUDGETS['results'])}).",
        f"- Firms submitted: {data['submitted']}; PDFs rendered by the worker: {data['renders']} "
        f"(re-renders included); downloaded by the firms before the load stopped: {s['pdfs_downloaded']}; "
        f"the queue emptied {data['drain_seconds']:.0f} s after the load stopped, no page asking; submitted "
        f"firms left with no PDF: {data['pdf_missing']}.",
        f"- From submit to PDF ready: p50 {s['pdf_p50']:.1f} s, p95 {s['pdf_p95']:.1f} s, max {s['pdf_max']:.1f} s "
        f"(budget p95 ≤ 60 s {verdict(s['pdf_p95'] <= BUDGETS['pdf_after_submit'])}); most tasks waiting at once: "
        f"{s['queue_max']} ({queue_kinds(s['queue_at_max'])}).",
        f"- Firms completed (submitted and PDF downloaded): {s['completed']}, "
        f"**{s['per_hour']:.0f} an hour** at this load.",
        cpu_line(data),
        f"- Answers saved with a redirect: {data['answers_checked']:,}; missing or different in the database: "
        f"{data['answers_lost']}; stored twice: {data['answers_duplicated']}. Resume e-mails delivered to the "
        f"SMTP sink: {data['mail']}. Tracebacks logged: web {data['tracebacks_web']}, worker "
        f"{data['tracebacks_worker']}; error pages showing one: {s['traces_shown']}.",
        *(
            [f"- Lost answers, first few (firm, question, saved, in the database): {data['lost_examples']}."]
            if data["answers_lost"]
            else []
        ),
        "",
    ]
    return lines


def write_section(lines):
    """Replaces the section with the same heading in bench/RESULTS.md, or adds it at the end."""
    heading = lines[0]
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    sections = text.split("\n## ")
    kept = [sections[0]] + ["## " + s for s in sections[1:] if not ("## " + s).startswith(heading + "\n")]
    new = "\n".join(part.rstrip("\n") + "\n" for part in kept) + "\n" + "\n".join(lines)
    RESULTS.write_text(new.rstrip("\n") + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--ramp", type=int, default=60, help="seconds to reach all users")
    parser.add_argument("--title", default="Under load", help="the RESULTS.md section to write")
    parser.add_argument("--no-write", action="store_true", help="print the report only")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped: the stack still stops its processes
    data = run(args.users, round(args.minutes * 60), args.ramp)
    lines = report(data, args.title)
    print("\n".join(lines))
    print(f"(logs and the journal: {data['folder']})")
    if not args.no_write:
        write_section(lines)
    s = summary(data)
    ok = data["answers_lost"] == 0 and data["pdf_missing"] == 0 and s["failed_outside"] == 0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
