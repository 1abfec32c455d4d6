"""Benchmark: pages whose cost does not grow with the number of firms, and the insights dashboard.

Each measurement runs against gunicorn on 127.0.0.1 (one worker, DEBUG off) in a throwaway database:
`wrk` (one connection, a few seconds, median latency) for repeated requests, one timed request for
a first view. Firms come from `seed_demo`, turned into real firms so they count in peer figures.
PostgreSQL is measured too when `pg_ctlcluster` can start it. `main()` returns markdown lines.
"""

import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
STEPS = [1_000, 9_000, 90_000]  # added in turn: 1,000, 10,000 and 100,000 firms
DASHBOARD_FIRMS = 100_000
WRK_SECONDS = 3
ROUNDS = 3
PG_URL = "postgres://readiness_bench:readiness_bench@127.0.0.1:5432/readiness_bench"


def environment(database_url):
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "STAFF_OTP_REQUIRED": "false",  # the analyst signs in without an authenticator app on loopback
        "ALLOW_STAFF_WITHOUT_OTP": "true",
        "CACHE_BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "CACHE_LOCATION": tempfile.mkdtemp(prefix="insights-bench-cache-"),
        "PYTHONUNBUFFERED": "1",
        # No background worker here: a PDF renders in the request that first asks for it, so the
        # benchmark can time a fresh render and then the stored one.
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }


def manage(env, *args, timeout=900):
    done = subprocess.run(  # noqa: S603 (our own command line)
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def step(env, name, *args):
    """Runs a function of bench/insights_setup.py in the benchmark database; its JSON result."""
    code = f"from bench import insights_setup as s; s.{name}(*{args!r})"
    return json.loads(manage(env, "shell", "-c", code).strip().splitlines()[-1])


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


@contextmanager
def gunicorn(env):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)  # noqa: SIM115 (closed below)
    process = subprocess.Popen(  # noqa: S603
        [
            PYTHON,
            "-m",
            "gunicorn",
            "readiness.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                get(base + "/")
                break
            except OSError:
                time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
        os.unlink(log.name)


def get(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310 (127.0.0.1)
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
        body = response.read()
        assert response.status == 200, url
        return body


def wrk(url, cookie=None, seconds=WRK_SECONDS):
    """Median latency in milliseconds of `seconds` of back-to-back requests on one connection."""
    command = ["wrk", "-t1", "-c1", f"-d{seconds}s", "--latency", "--timeout", "30s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout  # noqa: S603
    if "Non-2xx" in output:
        raise RuntimeError(f"wrk saw errors on {url}:\n{output}")
    value, unit = re.search(r"50%\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def urls(base, firm):
    """The firm's results page and PDF, each fetched once (the PDF renders and is cached)."""
    pair = [f"{base}/assessments/{firm['token']}/results/", f"{base}/assessments/{firm['token']}/report.pdf"]
    for url in pair:
        get(url, firm["cookie"])
    return pair


def interleaved(baseline, measured, cookies):
    """(baseline, measured) median milliseconds for the results page and the cached PDF, taken in turn
    on the two servers, ROUNDS times, so a busy moment on a shared machine touches both alike."""
    times = {(side, page): [] for side in (0, 1) for page in (0, 1)}
    for _ in range(ROUNDS):
        for page in (0, 1):
            for side, urls_ in enumerate((baseline, measured)):
                times[(side, page)].append(wrk(urls_[page], cookies[side]))
    return {key: statistics.median(values) for key, values in times.items()}


def fresh_render(env, base):
    """Median milliseconds of a PDF download that has to render (a new firm each time)."""
    times = []
    for _ in range(3):
        firm = step(env, "firm")
        times.append(timed(lambda f=firm: get(f"{base}/assessments/{f['token']}/report.pdf", f["cookie"]))[1] * 1000)
    return sorted(times)[1]


def prepare(env):
    manage(env, "migrate", "--noinput")
    manage(env, "load_content")
    return step(env, "firm")


def scaling(folder, label):
    """The issue's table: results page and cached PDF with 0, 1,000, 10,000 and 100,000 firms, each
    measured in turn with the same page on a database that has no other firm."""
    empty = environment(f"sqlite:///{folder / 'empty.sqlite3'}")
    busy = environment(f"sqlite:///{folder / 'busy.sqlite3'}")
    alone, firm = prepare(empty), prepare(busy)
    rows = []
    with gunicorn(empty) as base_empty:
        baseline = urls(base_empty, alone)
        for added in [0, *STEPS]:
            state = {"submitted": 1, "firms": 1}
            if added:
                manage(busy, "seed_demo", "--firms", str(added), "--seed", str(added))
                state = step(busy, "count_as_real")
            with gunicorn(busy) as base_busy:
                t = interleaved(baseline, urls(base_busy, firm), [alone["cookie"], firm["cookie"]])
            rows.append((state["submitted"], state["firms"] - 1, t[(1, 0)], t[(0, 0)], t[(1, 1)], t[(0, 1)]))
    with gunicorn(busy) as base_busy:
        render = fresh_render(busy, base_busy)
    lines = [
        f"### Results page and cached PDF as firms accumulate ({label})",
        "",
        "| submitted firms | the firm's peers among them | results page | with 0 firms | ratio | cached PDF | "
        "with 0 firms | ratio |",
        "|---|---|---|---|---|---|---|---|",
        *[
            f"| {s:,} | {n:,} | {r:.1f} ms | {r0:.1f} ms | {r / r0:.2f} | {p:.1f} ms | {p0:.1f} ms | {p / p0:.2f} |"
            for s, n, r, r0, p, p0 in rows
        ],
        "",
        f"Each row: the firm's pages on the database with that many firms, and the same pages of a firm alone in "
        f"a second database, measured in turn ({ROUNDS} rounds of {WRK_SECONDS} s each, medians), so a busy "
        "moment on a shared machine weighs on both. Peers are the firms that agreed to anonymous comparison "
        f"(85 % of the demo firms). A PDF download that renders: {render:.0f} ms; the cached download at "
        f"100,000 firms takes **{rows[-1][4]:.1f} ms**, **{rows[-1][4] / render:.4f}** of it (budget: 10 ms, "
        "or 1/100).",
        "",
    ]
    return lines, {"results": rows[-1][2] / rows[-1][3], "pdf": rows[-1][4] / rows[-1][5]}


def dashboard(env, label):
    """Seeds 100,000 demo firms (timed), then the dashboard's first view, repeat view and queries."""
    prepare(env)
    _, seconds = timed(lambda: manage(env, "seed_demo", "--firms", str(DASHBOARD_FIRMS), "--seed", "7"))
    cookie = step(env, "analyst")["cookie"]
    queries = step(env, "queries")
    rows = []
    with gunicorn(env) as base:
        get(f"{base}/admin/assessments/assessment/insights/?region=london", cookie)  # warm the process
        for query in ["?demo=on", "?demo=on&by=sector&size_band=small", "?demo=on&region=wales&by=size_band"]:
            url = f"{base}/admin/assessments/assessment/insights/{query}"
            _, first = timed(lambda u=url: get(u, cookie))
            rows.append((query, first * 1000, wrk(url, cookie)))
    lines = [
        f"### Insights dashboard over {DASHBOARD_FIRMS:,} demo firms ({label})",
        "",
        f"`seed_demo --firms {DASHBOARD_FIRMS}`: **{seconds:.1f} s** (budget 60 s). Queries per view, first and "
        f"repeat, for five filters: {queries['counts']} (budget 15).",
        "",
        "| filter | first view | repeat view (median) |",
        "|---|---|---|",
        *[f"| `{q}` | {first:.0f} ms | {repeat:.1f} ms |" for q, first, repeat in rows],
        "",
    ]
    return lines


def postgresql():
    """A PostgreSQL URL for a fresh benchmark database, or None when PostgreSQL cannot be started here."""
    if not shutil.which("pg_ctlcluster") or os.geteuid() != 0:
        return None
    subprocess.run(["pg_ctlcluster", "15", "main", "start"], capture_output=True, check=False)  # noqa: S607
    for _ in range(30):
        if subprocess.run(["pg_isready", "-q"], check=False).returncode == 0:  # noqa: S607
            break
        time.sleep(1)
    sql = [
        "DROP DATABASE IF EXISTS readiness_bench",
        "DROP ROLE IF EXISTS readiness_bench",
        "CREATE ROLE readiness_bench LOGIN PASSWORD 'readiness_bench'",
        "CREATE DATABASE readiness_bench OWNER readiness_bench",
    ]
    for statement in sql:
        command = ["su", "postgres", "-c", f'psql -q -c "{statement}"']
        done = subprocess.run(command, capture_output=True, check=False)  # noqa: S603, S607 (fixed statements)
        if done.returncode:
            return None
    return PG_URL


def main():
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is missing: `make bench` installs it (scripts/system-deps.sh --bench)")
    folder = Path(tempfile.mkdtemp(prefix="bench-insights-"))
    static = environment(f"sqlite:///{folder / 'static.sqlite3'}")
    manage(static, "collectstatic", "--noinput", "--verbosity", "0")  # DEBUG off serves hashed static names
    lines = [
        "## Insights and pages that do not grow with the firms",
        "",
        __doc__.split("\n\n")[1].replace("\n", " "),
        "",
    ]
    table, ratios = scaling(folder, "SQLite")
    lines += table
    lines += dashboard(environment(f"sqlite:///{folder / 'dashboard.sqlite3'}"), "SQLite")
    pg = postgresql()
    if pg:
        lines += dashboard(environment(pg), "PostgreSQL")
    else:
        lines += ["PostgreSQL was not measured: `pg_ctlcluster` could not start it on this machine.", ""]
    lines += [
        f"Ratios t(100,000)/t(0), budget 1.2: results page **{ratios['results']:.2f}**, "
        f"cached PDF **{ratios['pdf']:.2f}**.",
        "",
    ]
    shutil.rmtree(folder, ignore_errors=True)
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
