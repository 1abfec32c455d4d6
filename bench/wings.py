"""What users feel of a change: the area page, the results page and the stored PDF download of this
tree against an earlier commit, under gunicorn (2 workers, DEBUG off, SQLite), with 20 connections
at once on 127.0.0.1, measured in the same run, alternately, so a busy machine slows both alike.

Budget (issue "Wings"): the area page's and the results page's p95 no more than 10 % above the
earlier commit's; the stored PDF download ≤ 10 ms at the median; 0 errors.

Run alone with `python bench/wings.py [BASE [NOW]]` (default BASE: the commit before the Wings issue;
NOW: a commit to measure instead of this tree, e.g. the Wings issue's own last merge, to tell its
cost from that of the features merged after it), or as part of `make bench`. Each tree gets its own
throwaway database, set up by its own code.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = os.environ.get("BENCH_BASE", "cafc629")  # the last commit before the Wings issue
CONNECTIONS, THREADS, DURATION, ROUNDS = 20, 2, "8s", 2
P95_RATIO, DOWNLOAD_MS = 1.10, 10.0
SECRET = "bench-only-" + "s" * 50

# Both trees serve the same questionnaire version, so the comparison shows what the code costs, not
# what newer content adds (a later version may ask more questions on a page).
VERSION = int(os.environ.get("BENCH_VERSION", "2"))

# Sets up one tree's database with its own code: a firm part-way through and a submitted firm whose
# PDF is stored. Written for both layouts (before and after the Wings folders).
SETUP = r"""
import json, os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readiness.settings")
VERSION = int(os.environ["BENCH_VERSION"])
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("load_content", verbosity=0)
from assessments.models import Answer, Assessment, Questionnaire
try:
    from assessments.report import rendering
except ImportError:
    from assessments import tasks as rendering
q = Questionnaire.objects.get(version=VERSION)

def firm(name):
    a = Assessment(questionnaire=q, company_name=name, sector="25", size_band="small", region="north-west",
                   benchmark_consent=True)
    token = a.issue_token()
    a.save()
    return a, token

def answer(a, every):
    for i, question in enumerate(q.questions.order_by("code")):
        if i % every == 0:
            options = list(question.options.filter(kind="scored").order_by("level"))
            Answer.objects.create(assessment=a, question=question, option=options[i % len(options)])

def submit(a):
    if hasattr(a, "submit"):
        a.submit()
    else:
        from assessments import submission
        submission.submit(a)

for n in range(12):  # peers, so the results page shows peer figures
    peer, _ = firm(f"Peer {n}")
    answer(peer, 1)
    submit(peer)
part, part_token = firm("Part-way Ltd")
answer(part, 2)
done, done_token = firm("Submitted Ltd")
answer(done, 1)
submit(done)
done = Assessment.objects.get(pk=done.pk)
rendering.render_report.call(done.pk, "en-gb")
print("TOKENS " + json.dumps({"area": part_token, "results": done_token}))
"""

LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("JSON {\\"p50\\": %d, \\"p95\\": %d, \\"p99\\": %d, \\"requests\\": %d, "
    .. "\\"errors\\": %d, \\"non2xx\\": %d}\\n", latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.requests, e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def checkout(commit):
    """A throwaway copy of `commit`'s tree (git worktree), removed at the end."""
    path = Path(tempfile.mkdtemp(prefix="bench-base-"))
    subprocess.run(["git", "worktree", "add", "--detach", str(path), commit], cwd=ROOT, check=True, capture_output=True)
    return path


def environment(tree, debug):
    database = Path(tempfile.mkdtemp(prefix="bench-db-")) / "db.sqlite3"
    return {
        **os.environ,
        "DEBUG": debug,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": SECRET,
        "SECURE_SSL_REDIRECT": "False",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": str(tree),
        # DEBUG off refuses a cache each worker keeps to itself (the rate limits are counted in it).
        "CACHE_BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "CACHE_LOCATION": tempfile.mkdtemp(prefix="bench-cache-"),
    }


class Server:
    """One tree: its database set up by its own code, served by gunicorn on a free loopback port."""

    def __init__(self, name, tree):
        self.name, self.tree = name, tree
        env = {**environment(tree, "true"), "BENCH_VERSION": str(VERSION)}
        out = subprocess.run(
            [sys.executable, "-c", SETUP], cwd=tree, env=env, capture_output=True, text=True, timeout=600, check=True
        ).stdout
        self.tokens = json.loads(re.search(r"^TOKENS (.*)$", out, re.M).group(1))
        self.env = {**env, "DEBUG": "False"}
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=tree, env=self.env, check=True
        )
        self.port = free_port()
        logs = Path(tempfile.mkdtemp(prefix="bench-log-"))
        self.log, self.access = open(logs / "gunicorn.log", "w"), logs / "access.log"  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "readiness.wsgi",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "--access-logfile",
                str(self.access),
                "--access-logformat",
                "%(U)s %(D)s",
            ],
            cwd=tree,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(150):
            try:
                urllib.request.urlopen(self.url("/"), timeout=1)  # noqa: S310 (loopback)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn for {name} did not start")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def pages(self):
        return {
            "area page GET (Health & safety)": f"/assessments/{self.tokens['area']}/safety/",
            "results page GET": f"/assessments/{self.tokens['results']}/results/",
            "stored PDF download": f"/assessments/{self.tokens['results']}/report.pdf",
        }

    def server_median_ms(self, path):
        """gunicorn's own time per request (%(D)s, microseconds) for `path`, at the median: the time
        one request takes once a worker has it, without the queue 20 connections on 2 workers make."""
        # Both trees' access logs print /assessments/…/ where the token was (readiness.logs).
        logged = {path, re.sub(r"(/assessments/)[A-Za-z0-9_-]{20,}/", r"\1…/", path)}
        times = sorted(
            int(t) for line in self.access.read_text().splitlines() for u, t in [line.split()] if u in logged
        )
        return times[len(times) // 2] / 1000 if times else float("nan")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def wrk(url, script):
    out = subprocess.run(
        ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{DURATION}", "--timeout", "10s", "-s", script, url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    return json.loads(re.search(r"^JSON (.*)$", out, re.M).group(1))


def measure(servers, script):
    """page -> server name -> the run with the lower p95 of ROUNDS runs (alternating the servers)."""
    results = {}
    for page in servers[0].pages():
        for server in servers:  # warm both workers
            wrk(server.url(server.pages()[page]), script)
        for _ in range(ROUNDS):
            for server in servers:
                run = wrk(server.url(server.pages()[page]), script)
                best = results.setdefault(page, {}).get(server.name)
                if best is None or run["p95"] < best["p95"]:
                    results[page][server.name] = {**run, "errors_total": run["errors"] + run["non2xx"]}
                else:
                    best["errors_total"] += run["errors"] + run["non2xx"]
    return results


def main(base=BASE, now=None):
    base_tree = checkout(base)
    now_tree = checkout(now) if now else ROOT
    script = Path(tempfile.mkdtemp(prefix="bench-lua-")) / "percentiles.lua"
    script.write_text(LUA)
    servers = []
    try:
        servers = [Server(f"before ({base})", base_tree), Server(f"after ({now})" if now else "this tree", now_tree)]
        results = measure(servers, script)
        for server in servers:
            page = "stored PDF download"
            results[page][server.name]["server_p50_ms"] = server.server_median_ms(server.pages()[page])
    finally:
        for server in servers:
            server.stop()
        for tree in {base_tree, now_tree} - {ROOT}:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
        shutil.rmtree(script.parent, ignore_errors=True)
    return report(results, [s.name for s in servers])


def report(results, names):
    before, now = names
    lines = [
        "## What users feel of a change (Wings budget)",
        "",
        f"gunicorn, 2 workers, DEBUG off, SQLite, questionnaire v{VERSION} in both trees; "
        f"`wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}` on 127.0.0.1, "
        f"{ROUNDS} rounds alternating the two trees (the better run of each is shown; errors are summed over all). "
        "Latencies are the client's, queue included; the download's budget is gunicorn's own time per request.",
        "",
        "| page | tree | p50 ms | p95 ms | p99 ms | requests | errors | budget |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for page, runs in results.items():
        for name in (before, now):
            run = runs[name]
            budget = ""
            if page.startswith("stored PDF"):
                ok = run["server_p50_ms"] <= DOWNLOAD_MS and run["errors_total"] == 0
                budget = f"server time p50 {run['server_p50_ms']:.1f} ms (≤ {DOWNLOAD_MS:.0f})" + (
                    f", 0 errors {'✔' if ok else '✘'}" if name == now else ""
                )
            elif name == now:
                ratio = run["p95"] / runs[before]["p95"]
                ok = ratio <= P95_RATIO and run["errors_total"] == 0
                budget = f"p95 {ratio:.2f}× before (≤ {P95_RATIO:.2f}), 0 errors {'✔' if ok else '✘'}"
            lines.append(
                f"| {page} | {name} | {run['p50'] / 1000:.1f} | {run['p95'] / 1000:.1f} | {run['p99'] / 1000:.1f} "
                f"| {run['requests']} | {run['errors_total']} | {budget} |"
            )
    return [*lines, ""]


if __name__ == "__main__":
    print("\n".join(main(*sys.argv[1:3])))
