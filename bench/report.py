"""The report's benchmark: what a fresh render costs (today and at commit 67b2804, WeasyPrint and
Chromium on the same HTML), how fast a stored PDF downloads under gunicorn, and whether web requests
still get served while renders run. Every figure comes from one run on one machine: compare ratios.

`main()` returns markdown lines for bench/RESULTS.md (bench/run.py calls it, after Django is set up
on a throwaway database). Traffic goes to 127.0.0.1 only; every load is bounded in time.
"""

import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The servers run as in production (DEBUG off, hashed static files), on loopback.
PRODUCTION = {"DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "SECURE_SSL_REDIRECT": "false",
              "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", "STAFF_OTP_REQUIRED": "false",
              "ALLOW_STAFF_WITHOUT_OTP": "true", "CACHE_BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
              "CACHE_LOCATION": tempfile.mkdtemp(prefix="report-bench-cache-"),
              "TASKS_BACKEND": "django_tasks_db.DatabaseBackend"}  # fmt: skip
OLD_COMMIT = "67b2804"  # the last commit before the report was reshaped and rendered in the background
PYTHON = sys.executable
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
WRK_SECONDS = 8
BUDGET_DOWNLOAD_MS, BUDGET_P99_RATIO = 10, 3


def main():
    work = Path(tempfile.mkdtemp(prefix="report-bench-"))
    new = probe(ROOT, work / "new")
    tree = old_tree(work)
    try:
        old = probe(tree, work / "old")
    finally:
        subprocess.run([shutil.which("git"), "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)  # noqa: S603
    chromium = chromium_render(work / "new")
    served = serve_and_load(work)
    return results(new, old, chromium, served)


# ------------------------------------------------------------------------------- fresh renders


def probe(tree, out):
    """Runs bench/report_probe.py against `tree` in a fresh process: same firm, same measuring."""
    run = subprocess.run(  # noqa: S603  (our own script and paths)
        [PYTHON, str(ROOT / "bench" / "report_probe.py"), str(tree), str(out)],
        capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    return json.loads(run.stdout.strip().splitlines()[-1])


def old_tree(work):
    """A temporary worktree of OLD_COMMIT, under the system's temporary folder."""
    tree = work / "old-tree"
    git = shutil.which("git")
    subprocess.run([git, "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(tree), OLD_COMMIT],  # noqa: S603
                   capture_output=True, check=True)  # fmt: skip
    return tree


def chromium_render(folder, repeat=5):
    """Headless Chromium (Debian's, via Playwright) printing the same HTML, stylesheet inlined."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    html = (folder / "report.html").read_text()
    css = (folder / "report.css").read_text()
    html = re.sub(r'<link rel="stylesheet" href="[^"]+">', lambda _: f"<style>{css}</style>", html)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.set_content(html)
        page.pdf(format="A4")  # warm
        walls, cpu_before = [], _descendant_cpu()
        for _ in range(repeat):
            start = time.perf_counter()
            page.set_content(html)
            body = page.pdf(format="A4", margin={"top": "18mm", "bottom": "20mm", "left": "18mm", "right": "18mm"})
            walls.append(time.perf_counter() - start)
        cpu = (_descendant_cpu() - cpu_before) / repeat
        browser.close()
    return {"wall": statistics.median(walls), "cpu": cpu, "pages": len(PdfReader(io.BytesIO(body)).pages)}


def _descendant_cpu():
    """CPU seconds (user + system) of this process's descendants still running (the browser)."""
    tick = os.sysconf("SC_CLK_TCK")
    parents, cpu = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid], cpu[pid] = int(fields[1]), (int(fields[11]) + int(fields[12])) / tick
    mine, me = 0.0, os.getpid()
    for pid in cpu:
        ancestor = parents.get(pid)
        while ancestor and ancestor != me:
            ancestor = parents.get(ancestor)
        mine += cpu[pid] if ancestor == me else 0
    return mine


# ------------------------------------------------------------------------------ under gunicorn


def serve_and_load(work):
    """Stored-PDF download latency, and GET / p99 idle and while four fresh renders run."""
    from django.core.management import call_command

    from assessments.models import StoredReport

    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)
    port = _free_port()
    env = {**os.environ, **PRODUCTION, "SECRET_KEY": secrets.token_urlsafe(50)}
    collect = [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"]
    subprocess.run(collect, cwd=ROOT, env=env, check=True)  # noqa: S603  (our own command)
    access = work / "access.log"  # gunicorn's own time per request (%(D)s, microseconds): the server time
    server = _start([PYTHON, "-m", "gunicorn", "readiness.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
                     "--timeout", "30", "--log-level", "warning", "--access-logfile", str(access),
                     "--access-logformat", "%(U)s %(s)s %(D)s"], env, work / "gunicorn.log")  # fmt: skip
    worker = _start(["nice", "-n", "10", PYTHON, "manage.py", "db_worker", "--interval", "0.2", "--no-reload",
                     "--no-startup-delay"], env, work / "worker.log")  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(lambda: _get(base + "/") == 200, 30)
        firm, token = submit_firm("Download Ltd")
        # The firm reads its results while the PDF renders, then downloads with the session it has.
        cookie = _session_cookie(f"{base}/assessments/{token}/results/")
        _wait_for(lambda: StoredReport.objects.filter(assessment=firm, status="ready").exists(), 120)
        download = wrk(f"{base}/assessments/{token}/report.pdf", connections=1, headers=[f"Cookie: {cookie}"])
        download["server_p50"] = server_median(access, "/report.pdf")
        for _ in range(20):  # both web workers warm before `GET /` is timed
            _get(base + "/")
        idle = wrk(base + "/", connections=4)
        started = time.time()
        fresh = [submit_firm(f"Fresh {n} Ltd")[0] for n in range(4)]  # four renders queued at once
        busy = wrk(base + "/", connections=4)
        _wait_for(lambda: StoredReport.objects.filter(assessment__in=fresh, status="ready").count() == 4, 180)
        finished = StoredReport.objects.filter(assessment__in=fresh).order_by("-finished_at")[0].finished_at
        renders_s = finished.timestamp() - started
    finally:
        for process in (worker, server):
            process.send_signal(signal.SIGTERM)
            process.wait(30)
    return {"download": download, "idle": idle, "busy": busy, "renders_s": renders_s}


def server_median(access_log, suffix):
    """Median server time in ms of the successful requests whose path ends with `suffix`."""
    times = [int(micro) / 1000 for path, status, micro in (line.split() for line in access_log.read_text().splitlines())
             if path.endswith(suffix) and status == "200"]  # fmt: skip
    return statistics.median(times)


def submit_firm(name):
    """A firm answers every question (levels vary by question) and submits: a render is enqueued."""
    from django.test import Client

    from assessments.models import Assessment, Option

    client = Client()
    profile = {"company_name": name, "sector": "25", "size_band": "small", "region": "north-west"}
    token = client.post("/assessments/new/", profile).url.split("/")[2]
    assessment = Assessment.objects.get_by_token(token)
    questions = list(assessment.questionnaire.questions.select_related("driver"))
    for i, driver in enumerate(sorted({q.driver for q in questions}, key=lambda d: d.order)):
        data = {"action": "next", "importance": 1 + (i + len(name)) % 5}
        for q in [q for q in questions if q.driver_id == driver.pk]:
            data[f"q-{q.code}"] = Option.objects.get(question=q, kind="scored", level=(i + q.order) % 5).pk
        client.post(f"/assessments/{token}/{driver.code}/", data)
    client.post(f"/assessments/{token}/submit/")
    return assessment, token


def wrk(url, connections, headers=()):
    """Latency percentiles in ms from wrk: bounded to WRK_SECONDS, loopback only."""
    options = [part for header in headers for part in ("-H", header)]
    run = subprocess.run(  # noqa: S603  (loopback URL we built)
        [shutil.which("wrk"), "-t", "1", "-c", str(connections), "-d", f"{WRK_SECONDS}s", "--latency", *options, url],
        capture_output=True, text=True, timeout=WRK_SECONDS + 30, check=True,
    )  # fmt: skip
    found = dict(re.findall(r"^\s+(50|90|99)%\s+([\d.]+\w+)", run.stdout, re.M))
    requests = int(re.search(r"(\d+) requests in", run.stdout)[1])
    return {"p50": _ms(found["50"]), "p99": _ms(found["99"]), "requests": requests}


def _ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def _start(command, env, log):
    handle = open(log, "w")  # noqa: SIM115  (closed with the process)
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)  # noqa: S603


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _session_cookie(url):
    import urllib.request

    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310  (loopback)
        response.read()
        return "; ".join(c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or [])


def _get(url):
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310  (loopback)
            response.read()
            return response.status
    except OSError:
        return None


def _wait_for(condition, seconds):
    deadline = time.time() + seconds
    while not condition():
        if time.time() > deadline:
            raise TimeoutError("the benchmark waited too long")
        time.sleep(0.2)


# ------------------------------------------------------------------------------------- results


def results(new, old, chromium, served):
    cpu_ratio = new["cpu"] / old["cpu"]
    engine_ratio = new["wall"] / chromium["wall"]
    download, idle, busy = served["download"], served["idle"], served["busy"]
    p99_ratio = busy["p99"] / idle["p99"]

    def verdict(ok):
        return "met" if ok else "**not met**"

    return [
        "## The report",
        "",
        "Fresh render of the same firm's report (Bench Ltd, same answers), WeasyPrint in-process, median of 3 "
        "after a warm-up. The old commit is checked out in a temporary worktree and run with the same venv.",
        "",
        "| render | CPU per report | wall | pages | ms per page |",
        "|---|---|---|---|---|",
        f"| WeasyPrint, commit {OLD_COMMIT} | {old['cpu'] * 1000:.0f} ms | {old['wall'] * 1000:.0f} ms | "
        f"{old['pages']} | {old['wall'] * 1000 / old['pages']:.0f} |",
        f"| WeasyPrint, this branch | {new['cpu'] * 1000:.0f} ms | {new['wall'] * 1000:.0f} ms | {new['pages']} | "
        f"{new['wall'] * 1000 / new['pages']:.0f} |",
        f"| Chromium (Debian, Playwright `page.pdf()`), same HTML | {chromium['cpu'] * 1000:.0f} ms | "
        f"{chromium['wall'] * 1000:.0f} ms | {chromium['pages']} | {chromium['wall'] * 1000 / chromium['pages']:.0f} |",
        "",
        f"- Fresh render CPU, this branch / {OLD_COMMIT}: {cpu_ratio:.2f}; WeasyPrint / Chromium wall time on the "
        f"same HTML: {engine_ratio:.1f}×. For information: renders run in the background, so what a firm feels "
        "is the time until its PDF is ready (`make load`), not a render's CPU.",
        "",
        "Under gunicorn (2 sync workers) with one background worker (`manage.py db_worker`, nice 10), "
        f"wrk on 127.0.0.1 for {WRK_SECONDS} s per measurement:",
        "",
        "| measurement | p50 (client) | p99 (client) | requests |",
        "|---|---|---|---|",
        f"| stored PDF download, right after the results page, render done (1 connection) | "
        f"{download['p50']:.1f} ms | {download['p99']:.1f} ms | {download['requests']} |",
        f"| `GET /` idle (4 connections) | {idle['p50']:.1f} ms | {idle['p99']:.1f} ms | {idle['requests']} |",
        f"| `GET /` while 4 fresh renders run (4 connections) | {busy['p50']:.1f} ms | {busy['p99']:.1f} ms | "
        f"{busy['requests']} |",
        "",
        "DEBUG off, static files collected, the default per-process cache (Redis with several servers); "
        "server time is gunicorn's own per-request time from its access log (`%(D)s`).",
        "",
        f"- Stored PDF download, server time at the median: **{download['server_p50']:.1f} ms** (budget ≤ "
        f"{BUDGET_DOWNLOAD_MS} ms: {verdict(download['server_p50'] <= BUDGET_DOWNLOAD_MS)}); seen by the client, "
        f"{download['p50']:.1f} ms.",
        f"- `GET /` p99 while rendering / idle: **{p99_ratio:.2f}** (budget ≤ {BUDGET_P99_RATIO}: "
        f"{verdict(p99_ratio <= BUDGET_P99_RATIO)}); the four renders took {served['renders_s']:.1f} s in all.",
        "",
        "Where a fresh render's time goes (cProfile, this branch, top functions by own time):",
        "",
        "```",
        *[line for line in new["profile"].strip().splitlines() if line.strip()][-10:],
        "```",
        "",
    ]
