"""The journey's queries per page, and an area page's throughput beside a hello-world view behind the
same middleware (gunicorn, 2 workers, wrk on 127.0.0.1, bounded), for information: what users feel is
budgeted in bench/wings.py (p95 under 20 connections) and `make load`.

Budget: ≤ 6 queries per area page whatever its question count; ≤ 8 for the task list and the review.
Called by bench/run.py after Django is set up on a throwaway
SQLite database with the default content loaded; returns markdown lines.
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment, Driver, Option

ROOT = Path(__file__).resolve().parent.parent
DURATION, CONNECTIONS, THREADS = "5s", 8, 2
AREA_QUERIES, HUB_QUERIES = 6, 8


def start_assessment(client, mode="full"):
    profile = {"company_name": "Bench Ltd", "sector": "25", "size_band": "small", "region": "north-west"}
    response = client.post(f"/assessments/new/?mode={mode}", {**profile, "mode": mode})
    return response.url.split("/")[2]


def answer_half(client, token):
    """Answers every other question of each area, so pages show checked answers and mixed statuses."""
    assessment = Assessment.objects.get_by_token(token)
    for driver in Driver.objects.all():
        questions = list(assessment.questions().filter(driver=driver))
        data = {"action": "next", "importance": 3}
        for q in questions[::2]:
            data[f"q-{q.code}"] = Option.objects.filter(question=q, kind="scored").first().pk
        client.post(f"/assessments/{token}/{driver.code}/", data)


def count_queries(client, url):
    client.get(url)  # the session already knows the token: no write
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def query_rows(client):
    rows = []
    for mode in ("full", "quick"):
        token = start_assessment(client, mode)
        answer_half(client, token)
        assessment = Assessment.objects.get_by_token(token)
        for driver in assessment.drivers():
            n = assessment.questions().filter(driver=driver).count()
            rows.append(
                (
                    f"{mode}: area page {driver.code} ({n} questions)",
                    count_queries(client, f"/assessments/{token}/{driver.code}/"),
                    AREA_QUERIES,
                )
            )
        for page in ("tasks", "review"):
            rows.append((f"{mode}: {page}", count_queries(client, f"/assessments/{token}/{page}/"), HUB_QUERIES))
    return rows


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url, cookie):
    out = subprocess.run(
        [
            "wrk",
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{DURATION}",
            "--timeout",
            "10s",
            "-H",
            f"Cookie: {cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        raise RuntimeError(f"{url}: {non_2xx.group(1)} failed responses\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def gunicorn(port):
    env = {
        **os.environ,
        "BENCH": "1",
        "DEBUG": "False",
        "SECRET_KEY": settings.SECRET_KEY,  # the bench client's session must decode in the workers
        "SECURE_SSL_REDIRECT": "False",
        "ALLOWED_HOSTS": "127.0.0.1",
        # Production refuses a cache each worker keeps to itself (the rate limits are counted in it).
        "CACHE_BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "CACHE_LOCATION": tempfile.mkdtemp(prefix="journey-bench-cache-"),
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    # The access log (one line a request, as in production) goes to a file, as it would there: on the
    # bench's own terminal its scrolling speed became part of hello-world's throughput.
    with open(Path(tempfile.mkdtemp(prefix="journey-bench-")) / "gunicorn.log", "w") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "readiness.wsgi",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/hello/", timeout=1)  # noqa: S310 (loopback)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def throughput(client):
    token = start_assessment(client)
    answer_half(client, token)
    # The servers run as production does, where the session cookie is "__Host-sessionid".
    cookie = f"__Host-sessionid={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    port = free_port()
    server = gunicorn(port)
    try:
        base = f"http://127.0.0.1:{port}"
        wrk(f"{base}/bench/hello/", cookie)  # warm both workers
        hello = wrk(f"{base}/bench/hello/", cookie)
        area = wrk(f"{base}/assessments/{token}/safety/", cookie)
        tasks = wrk(f"{base}/assessments/{token}/tasks/", cookie)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return hello, area, tasks


def main():
    client = Client()
    rows = query_rows(client)
    hello, area, tasks = throughput(client)
    ratio = area / hello
    return [
        "## Journey",
        "",
        f"gunicorn, 2 workers, DEBUG off, SQLite; `wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}` on 127.0.0.1, "
        "one run, with the session cookie of a visitor part-way through.",
        "",
        "| page | requests/s | ratio to hello-world | |",
        "|---|---|---|---|",
        f"| hello-world view (same middleware) | {hello:.0f} | 1.00 | |",
        f"| area page GET (Health & safety, 8 questions) | {area:.0f} | {ratio:.3f} (1/{1 / ratio:.1f}) | |",
        f"| task list GET | {tasks:.0f} | {tasks / hello:.3f} | |",
        "",
        "Queries per page (session warm):",
        "",
        "| page | queries | budget |",
        "|---|---|---|",
        *[f"| {name} | {n} | ≤ {limit} {'✔' if n <= limit else '✘'} |" for name, n, limit in rows],
        "",
    ]
