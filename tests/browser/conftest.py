"""Browser-test fixtures: Playwright (sync API) driving Debian's headless Chromium.

Playwright's own browser download can't be used here (only package registries are reachable),
so tests drive /usr/bin/chromium (`scripts/ensure-system-deps.sh` installs it). When it is missing,
browser tests are skipped locally but fail under CI=true, so CI never skips them silently.
See tests/browser/README.md.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root; Chromium refuses to start sandboxed as root
    "--disable-gpu",
    "--disable-background-networking",  # no calls home: there is no internet here
    # Debian's launcher means to add this when /dev/shm is small, but its check breaks when
    # findmnt lists /dev/shm twice (as in containers); say it ourselves.
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1280, "height": 800}
LOCALE = "id-ID"

_call_report = pytest.StashKey[pytest.TestReport]()


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep the call-phase report on the item so `page` can tell whether the test failed."""
    report = yield
    if report.when == "call":
        item.stash[_call_report] = report
    return report


@pytest.fixture(scope="session")
def screenshots_dir(pytestconfig) -> Path:
    """test-artifacts/screenshots/ at the repository root (git-ignored); created on demand."""
    path = pytestconfig.rootpath / "test-artifacts" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session (starting it costs ~1-3 s)."""
    if not os.access(CHROMIUM, os.X_OK):
        reason = (
            f"Chromium not found at {CHROMIUM}: browser tests need Debian's chromium package "
            "(as root: bash scripts/ensure-system-deps.sh, or apt-get install chromium)"
        )
        if _in_ci():
            pytest.fail(f"{reason}; CI=true, so this is a failure, not a skip", pytrace=False)
        pytest.skip(reason)

    # Playwright's sync API keeps an asyncio event loop running in this thread while it is
    # started, so Django's async-safety check would refuse every ORM call made from the test
    # thread (creating users, loading frameworks, flushing the test database) until it stops.
    # The calls are in fact synchronous, so switch the check off for exactly that span.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(request, browser, screenshots_dir) -> Iterator[Page]:
    """A fresh browser context per test (no cookies carried over): 1280x800, Indonesian.

    If the test fails, the page as it was is saved to test-artifacts/screenshots/<test>.png.
    """
    context = browser.new_context(viewport=VIEWPORT, locale=LOCALE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
    finally:
        report = request.node.stash.get(_call_report, None)
        try:
            if report is not None and report.failed:
                name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
                page.screenshot(path=screenshots_dir / f"{name}.png", full_page=True)
        finally:
            context.close()


def _login(page: Page, live_server, username: str, password: str) -> None:
    """Log in through the real form at /masuk/ and wait for the page that follows.

    If the page is already on the login form (e.g. after being redirected there, with ?next=),
    that form is used as it is; otherwise /masuk/ is opened first.
    """
    if not re.match(rf"{re.escape(live_server.url)}/masuk/(\?|$)", page.url):
        page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("form:has(#id_username) [type=submit]")


@pytest.fixture
def login():
    """The helper `login(page, live_server, username, password)` (a fixture, because test
    modules can't import from conftest.py reliably)."""
    return _login
