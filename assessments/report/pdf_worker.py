"""Renders report HTML to PDF in a child process, so a runaway render is stopped, not suffered.

WeasyPrint has no time or memory limit of its own. Each web worker keeps one child process (spawned
on the first PDF, WeasyPrint and one FontConfiguration loaded once), capped in memory and recursion.
A render that overruns its deadline gets the child killed; the next render starts a fresh one.
Nothing here imports Django: the child only knows the HTML and the assets it may fetch.
"""

import atexit
import multiprocessing
import os
import resource
import sys
import threading

ORIGIN = "https://report.invalid"  # never resolved: the fetcher answers from `assets` or refuses
MEMORY_LIMIT = 1536 * 1024 * 1024
RECURSION_LIMIT = 3000
MAX_DATA_URI = 200_000
RENDERS_PER_CHILD = 200  # a fresh child now and then returns memory WeasyPrint keeps

_lock = threading.Lock()
_pool = None
_owner = None  # the process that started the pool: a forked web worker must start its own


class RenderFailed(Exception):
    pass


def render(html, assets, timeout):
    """(PDF bytes, page count), or RenderFailed when the render fails or takes longer than `timeout`
    seconds.

    assets: {absolute URL under ORIGIN: (bytes, content type)}, the only files the HTML may load."""
    pool = _get_pool()
    job = pool.apply_async(_render_in_child, (html, assets))
    try:
        return job.get(timeout)
    except multiprocessing.TimeoutError:
        _discard(pool)
        raise RenderFailed(f"the report took longer than {timeout} seconds") from None
    except Exception as exc:  # raised in the child and sent back: the child itself is fine
        raise RenderFailed(f"{type(exc).__name__}: {exc}") from exc


def prestart():
    """Starts the child, which loads WeasyPrint in the background, so the first PDF is quicker.
    Called once as each web worker boots (readiness/wsgi.py)."""
    _get_pool()


def _get_pool():
    global _pool, _owner
    with _lock:
        if _pool is None or _owner != os.getpid():
            context = multiprocessing.get_context("spawn")  # no fork of a threaded web worker
            _pool = context.Pool(1, initializer=_start_child, maxtasksperchild=RENDERS_PER_CHILD)
            _owner = os.getpid()
        return _pool


@atexit.register
def _shutdown():
    if _pool is not None and _owner == os.getpid():
        _pool.terminate()


def _discard(pool):
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.terminate()


# ------------------------------------------------------------------------------ in the child process

_font_config = None


def _start_child():
    _die_with_parent()
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    sys.setrecursionlimit(RECURSION_LIMIT)  # deep but legitimate nesting renders instead of failing
    import weasyprint  # noqa: F401  (loaded while the visitor reads the results page)


def _die_with_parent():
    """On Linux, the kernel ends the child when the process that started it ends, however it ends:
    a worker killed mid-render (kill -9, the OOM killer) leaves no render running on for nobody."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def _render_in_child(html, assets):
    global _font_config
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    if _font_config is None:
        _font_config = FontConfiguration()  # one per process: memory stays flat across renders
    document = HTML(string=html, base_url=ORIGIN + "/", url_fetcher=asset_fetcher(assets))
    # PDF/UA-1: tagged (headings, lists, tables, figures with their <title> as /Alt), with title and
    # language; it costs no measurable time. Laid out first, so the page count comes with the bytes.
    laid_out = document.render(font_config=_font_config, pdf_variant="pdf/ua-1")
    return laid_out.write_pdf(pdf_variant="pdf/ua-1", finisher=finish_accessibility), len(laid_out.pages)


def finish_accessibility(document, pdf):
    """What WeasyPrint 70 leaves out of PDF/UA-1: the viewer shows the title, not the file name, and
    every table header cell says whether it heads a column or a row. The report's markup puts column
    headers in <thead> and row headers (scope="row") in <tbody>, so the structure tells which."""
    import pydyf

    pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
    by_reference = {obj.reference: obj for obj in pdf.objects if isinstance(obj, pydyf.Dictionary)}
    for obj in by_reference.values():
        if obj.get("S") != "/TH":
            continue
        row = by_reference.get(obj.get("P"))
        group = by_reference.get(row.get("P")) if row is not None else None
        scope = "/Column" if group is not None and group.get("S") == "/THead" else "/Row"
        obj.setdefault("A", pydyf.Dictionary({"O": "/Table"}))["Scope"] = scope


def asset_fetcher(assets):
    """A WeasyPrint URL fetcher that serves `assets` and small data: URIs and refuses everything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetFetcher(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=2)

        def fetch(self, url, headers=None):
            if url in assets:
                body, content_type = assets[url]
                return URLFetcherResponse(url, body, {"Content-Type": content_type})
            if url[:5].lower() == "data:" and len(url) < MAX_DATA_URI:
                return super().fetch(url, headers)
            raise ValueError(f"Report resource refused: {url[:80]}")

    return AssetFetcher()
