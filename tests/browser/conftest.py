import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM):
        # Fail, not skip: a skipped browser test would read as a pass. `make test` installs it.
        pytest.fail(
            f"Debian Chromium not found at {CHROMIUM}: run `apt-get install chromium` (make test does this as root)"
        )
    # Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(chromium):
    context = chromium.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def new_page(chromium):
    """Pages in browsers of their own (a second device, or one without JavaScript): `new_page()` or
    `new_page(javascript=False)`; every context is closed after the test."""
    contexts = []

    def make(javascript=True):
        context = chromium.new_context(
            viewport={"width": 1280, "height": 900}, java_script_enabled=javascript, accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


def pytest_collection_modifyitems(items):
    """Every browser test is slow: `make test-fast` leaves them out without each file saying so."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
