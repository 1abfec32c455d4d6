"""Benchmarks for the journey and the report, measured in one run on a throwaway SQLite database.

Run with `make bench`; writes bench/RESULTS.md. Nothing here is part of the test suite.
"""

import io
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
os.environ.setdefault("DEBUG", "true")  # the settings refuse to guess

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from assessments import report  # noqa: E402
from assessments.models import Assessment, Driver, Option  # noqa: E402


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
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
        queries[driver.code] = (driver.questions.count(), len(captured))
        data = {"action": "next", "importance": 1 + i % 5}
        for q in driver.questions.all():
            data[f"q-{q.code}"] = Option.objects.filter(question=q, kind="scored", level=(i + q.order) % 5).get().pk
        client.post(url, data)
    page_get = timed(lambda: client.get(f"/assessments/{token}/safety/"), 20)
    client.post(f"/assessments/{token}/submit/")
    results_get = timed(lambda: client.get(f"/assessments/{token}/results/"), 10)

    pdf_url = f"/assessments/{token}/report.pdf"
    start = time.perf_counter()
    first = client.get(pdf_url)
    cold = time.perf_counter() - start

    def uncached():
        cache.clear()
        client.get(pdf_url)

    warm = timed(uncached, 5)
    cached = timed(lambda: client.get(pdf_url), 10)
    context = report.build_context(assessment)
    html = report.render_html(context)
    pages = len(PdfReader(io.BytesIO(first.content)).pages)

    rows = [
        ("driver page GET (7 questions), median of 20", f"{page_get * 1000:.1f} ms", "1.00"),
        ("results page GET, median of 10", f"{results_get * 1000:.1f} ms", f"{results_get / page_get:.1f}"),
        ("PDF, first download in a new process", f"{cold * 1000:.0f} ms", f"{cold / page_get:.0f}"),
        ("PDF, warm render (cache cleared), median of 5", f"{warm * 1000:.0f} ms", f"{warm / page_get:.0f}"),
        ("PDF, repeat download (cached), median of 10", f"{cached * 1000:.1f} ms", f"{cached / page_get:.1f}"),
    ]
    lines = [
        "# Benchmark results",
        "",
        f"One run of `make bench` ({os.cpu_count()} cores, Python "
        f"{platform.python_version()}, SQLite). Ratios are to the driver page GET of the same run; absolute "
        "times drift between runs on a shared machine, the ratios much less.",
        "",
        "| measurement | time | ratio to driver page |",
        "|---|---|---|",
        *[f"| {name} | {t} | {r} |" for name, t, r in rows],
        "",
        f"Cached PDF download / uncached render: **{cached / warm:.3f}**. "
        f"Report: {len(first.content) // 1024} KiB, {pages} A4 pages, HTML {len(html) // 1024} KiB.",
        "",
        "Queries per driver page GET (session warm):",
        "",
        "| driver | questions | queries |",
        "|---|---|---|",
        *[f"| {code} | {n} | {q} |" for code, (n, q) in queries.items()],
        "",
    ]
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
