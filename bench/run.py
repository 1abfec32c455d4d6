"""Benchmarks, measured in one run on a throwaway SQLite database.

Run with `make bench`; writes bench/RESULTS.md: the journey below, then each module in MODULES (its
`main()` returns markdown lines). Nothing here is part of the test suite.
"""

import importlib
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readiness.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from assessments.models import Assessment, Driver, Option  # noqa: E402

MODULES = ["bench.wings", "bench.journey", "bench.report", "bench.insights"]  # each adds a section to RESULTS.md


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def journey():
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)
    client = Client()
    response = client.post(
        "/assessments/new/", {"company_name": "Bench Ltd", "sector": "25", "size_band": "small", "region": "north-west"}
    )
    token = response.url.split("/")[2]
    assessment = Assessment.objects.get_by_token(token)
    queries = {}
    for i, driver in enumerate(Driver.objects.all()):
        url = f"/assessments/{token}/{driver.code}/"
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        asked = driver.questions.filter(questionnaire=assessment.questionnaire)
        queries[driver.code] = (asked.count(), len(captured))
        data = {"action": "next", "importance": 1 + i % 5}
        for q in asked:
            data[f"q-{q.code}"] = Option.objects.filter(question=q, kind="scored", level=(i + q.order) % 5).get().pk
        client.post(url, data)
    page_get = timed(lambda: client.get(f"/assessments/{token}/safety/"), 20)
    client.post(f"/assessments/{token}/submit/")
    results_get = timed(lambda: client.get(f"/assessments/{token}/results/"), 10)
    rows = [
        ("driver page GET, median of 20", f"{page_get * 1000:.1f} ms", "1.00"),
        ("results page GET, median of 10", f"{results_get * 1000:.1f} ms", f"{results_get / page_get:.1f}"),
    ]
    lines = [
        "# Benchmark results",
        "",
        f"One run of `make bench` ({os.cpu_count()} cores, Python "
        f"{platform.python_version()}, SQLite). Ratios are to the driver page GET of the same run; absolute "
        "times drift between runs on a shared machine, the ratios much less.",
        "",
        "## The journey",
        "",
        "| measurement | time | ratio to driver page |",
        "|---|---|---|",
        *[f"| {name} | {t} | {r} |" for name, t, r in rows],
        "",
        "Queries per driver page GET (session warm):",
        "",
        "| driver | questions | queries |",
        "|---|---|---|",
        *[f"| {code} | {n} | {q} |" for code, (n, q) in queries.items()],
        "",
    ]
    return lines


def kept_sections(path):
    """The sections `make load` and `make chaos` wrote ("## Under …"): a `make bench` run keeps them."""
    if not path.exists():
        return []
    sections = path.read_text().split("\n## ")[1:]
    return [line for s in sections if s.startswith("Under ") for line in ("## " + s.rstrip("\n")).split("\n") + [""]]


def main():
    lines = journey()
    for name in MODULES:
        lines += importlib.import_module(name).main()
    results = ROOT / "bench" / "RESULTS.md"
    lines += kept_sections(results)
    results.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
