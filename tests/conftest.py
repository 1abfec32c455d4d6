import json
import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def _welsh_compiled():
    """The Welsh catalogue compiled, as `make run` compiles it (the .mo is not committed)."""
    from django.conf import settings

    from readiness.checks import compile_catalogue

    compile_catalogue(settings.LOCALE_PATHS[0])


@pytest.fixture(autouse=True)
def _english_to_begin():
    """Each test starts in English: a request under /cy/ activates Welsh for the rest of its thread."""
    from django.utils import translation

    translation.activate("en-gb")
    yield
    translation.activate("en-gb")


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks (the PDF render) run where they are enqueued: tests need no worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def pytest_collection_modifyitems(items):
    """Under `make mutation` each mutant's run stops at its first failing test, so the quickest run
    first (by the durations mutmut recorded), and most mutants are killed in a fraction of a second.
    Tests that need a transactional database stay last, as pytest-django orders them."""
    if os.environ.get("MUTANT_UNDER_TEST", "") in ("", "stats", "fail", "list_all_tests"):
        return
    stats = Path("mutmut-stats.json")  # mutmut runs the tests from inside mutants/
    if not stats.exists():
        return
    durations = json.loads(stats.read_text())["duration_by_test"]

    def transactional(item):
        marker = item.get_closest_marker("django_db")
        return bool(marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)))

    items.sort(key=lambda item: (transactional(item), durations.get(item.nodeid, float("inf"))))
