"""Renders one firm's report with WeasyPrint in this process and prints what it cost, as JSON.

Run by bench/report.py as `python bench/report_probe.py TREE OUT`, where TREE is a checkout of this
project (this one, or an old commit in a temporary worktree) and OUT a folder for the HTML and PDF:
the same firm, the same answers and the same measuring code for both, so their CPU can be compared.
It knows the report API of today and of commit 67b2804.
"""

import cProfile
import io
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

RENDERS = 3


def build_firm():
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from assessments.models import Assessment, Option

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)
    client = Client()
    profile = {"company_name": "Bench Ltd", "sector": "25", "size_band": "small", "region": "north-west"}
    token = client.post("/assessments/new/", profile).url.split("/")[2]
    assessment = Assessment.objects.get_by_token(token)
    questions = assessment.questionnaire.questions.select_related("driver")
    for i, driver in enumerate(sorted({q.driver for q in questions}, key=lambda d: d.order)):
        data = {"action": "next", "importance": 1 + i % 5}
        for q in [q for q in questions if q.driver_id == driver.pk]:
            data[f"q-{q.code}"] = Option.objects.get(question=q, kind="scored", level=(i + q.order) % 5).pk
        client.post(f"/assessments/{token}/{driver.code}/", data)
    client.post(f"/assessments/{token}/submit/")
    return Assessment.objects.get_by_token(token)


def report_html(assessment):
    """(HTML, assets) through whichever report API this tree has."""
    from assessments.report import builder as report

    if hasattr(report, "for_assessment"):
        from assessments.report import pdf

        return pdf.render_html(report.for_assessment(assessment)), pdf.report_assets()
    context = report.build_context(assessment)  # commit 67b2804
    return report.render_html(context), report.report_assets()


def main():
    tree, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
    os.chdir(tree)
    sys.path.insert(0, str(tree))
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp()) / 'probe.sqlite3'}"
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"  # render here, not in a task
    os.environ["DJANGO_SETTINGS_MODULE"] = "readiness.settings"
    import django

    django.setup()
    from pypdf import PdfReader

    from assessments.report import pdf_worker

    html, assets = report_html(build_firm())
    pdf_worker._render_in_child(html, assets)  # warm: WeasyPrint imported, fonts loaded
    cpu, wall = [], []
    for _ in range(RENDERS):
        start_cpu, start = time.process_time(), time.perf_counter()
        body, _pages = pdf_worker._render_in_child(html, assets)
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    profiler = cProfile.Profile()
    profiler.runcall(pdf_worker._render_in_child, html, assets)
    stats = io.StringIO()
    pstats.Stats(profiler, stream=stats).sort_stats("tottime").print_stats(8)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.html").write_text(html)
    (out / "report.pdf").write_bytes(body)
    (out / "report.css").write_bytes(next(iter(assets.values()))[0])
    pages = len(PdfReader(io.BytesIO(body)).pages)
    result = {"cpu": sorted(cpu)[len(cpu) // 2], "wall": sorted(wall)[len(wall) // 2], "pages": pages,
              "html_bytes": len(html), "pdf_bytes": len(body), "profile": stats.getvalue()}  # fmt: skip
    print(json.dumps(result))


if __name__ == "__main__":
    main()
