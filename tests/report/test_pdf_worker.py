"""The PDF renderer's reach (pdf_worker.py, through pdf.py): it fetches only the report's own assets and
small `data:` URIs, embeds no local file, and a render too long, too deep or too big is contained."""

import io

import pytest
from pypdf import PdfReader

from assessments.report import pdf, pdf_worker


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/secret",
        "https://example.com/x.css",
        f"{pdf.REPORT_ORIGIN}/static/../../readiness/settings.py",
        f"{pdf.REPORT_ORIGIN}/etc/passwd",
    ],
)
def test_the_pdf_fetcher_refuses_anything_but_the_report_assets(url):
    with pytest.raises(ValueError):
        pdf_worker.asset_fetcher(pdf.report_assets()).fetch(url)


def test_the_pdf_fetcher_serves_the_report_stylesheet():
    response = pdf_worker.asset_fetcher(pdf.report_assets()).fetch(f"{pdf.REPORT_ORIGIN}/static/css/report.css")
    assert b"@page" in response.read()


def test_a_local_file_attachment_in_report_html_is_not_embedded(settings):
    html = '<html><body><p>Hi</p><link rel="attachment" href="file:///etc/hostname"><img src="file:///etc/hostname"></body></html>'
    body, _pages = pdf._weasyprint(html, pdf.report_assets())
    assert PdfReader(io.BytesIO(body)).attachments == {}


def test_a_render_that_overruns_its_deadline_is_stopped_and_the_next_one_works(settings):
    settings.REPORT_TIMEOUT = 1
    huge = "<table>" + "<tr><td>row</td><td>cell</td></tr>" * 20_000 + "</table>"
    with pytest.raises(pdf.ReportError, match="longer than 1 seconds"):
        pdf._weasyprint(f"<html><body>{huge}</body></html>", pdf.report_assets())
    settings.REPORT_TIMEOUT = 30
    assert pdf._weasyprint("<html><body><p>Still working</p></body></html>", pdf.report_assets())[0][:5] == b"%PDF-"


def test_nesting_that_breaks_weasyprint_in_process_renders_in_the_worker():
    # About 140 nested blocks exhaust Python's default recursion limit inside WeasyPrint.
    html = "<html><body>" + "<div>" * 300 + "deep" + "</div>" * 300 + "</body></html>"
    assert pdf._weasyprint(html, pdf.report_assets())[0][:5] == b"%PDF-"


def test_an_oversized_report_is_refused_before_rendering():
    with pytest.raises(pdf.ReportError, match="over the"):
        pdf._weasyprint("x" * (pdf.MAX_HTML + 1), pdf.report_assets())


def data_uri(length):
    """A data: URI of exactly `length` characters."""
    head = "data:text/plain;base64,"
    return head + "A" * (length - len(head))


def test_the_pdf_fetcher_serves_a_small_data_uri():
    response = pdf_worker.asset_fetcher(pdf.report_assets()).fetch("data:text/plain;base64,aGVsbG8=")
    assert response.read() == b"hello"


def test_the_pdf_fetcher_serves_a_data_uri_just_under_its_cap():
    response = pdf_worker.asset_fetcher(pdf.report_assets()).fetch(data_uri(pdf_worker.MAX_DATA_URI - 1))
    assert len(response.read()) > 100_000


@pytest.mark.parametrize("length", [pdf_worker.MAX_DATA_URI, pdf_worker.MAX_DATA_URI * 10])
def test_the_pdf_fetcher_refuses_a_data_uri_at_or_over_its_cap(length):
    with pytest.raises(ValueError, match="refused"):
        pdf_worker.asset_fetcher(pdf.report_assets()).fetch(data_uri(length))


def test_a_render_process_ends_with_the_worker_that_started_it_however_it_ends():
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    code = (  # a long render under way in the child when the worker is killed
        "import threading, time; from assessments.report import pdf_worker; "
        "html = '<p>' + 'A long report. ' * 200 + '</p>'; "
        "threading.Thread(target=pdf_worker.render, args=(html * 300, {}, 60), daemon=True).start(); "
        "time.sleep(3); print('started', flush=True); time.sleep(60)"
    )
    worker = subprocess.Popen(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE, text=True
    )
    assert worker.stdout.readline().strip() == "started"
    children = [pid for f in Path(f"/proc/{worker.pid}/task").glob("*/children") for pid in f.read_text().split()]
    render_child = next(pid for pid in children if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes())
    os.kill(worker.pid, signal.SIGKILL)  # as a killed worker is: no atexit, no pool.terminate()
    worker.wait(timeout=10)
    time.sleep(0.5)  # the render alone would go on for half a minute
    status = Path(f"/proc/{render_child}/status")
    assert not status.exists() or "State:\tZ" in status.read_text()  # gone, or dead and not yet reaped
