import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(__file__).parent in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module.

    Playwright's sync API runs an event loop in the test thread while it is open; the ORM calls the
    journeys make in that thread are still synchronous, so Django's async guard is relaxed for as
    long as the browser is open, and only then (the other tests of the worker keep the guard).
    """
    if not CHROMIUM.exists():
        reason = (
            f"Chromium not found at {CHROMIUM} (apt-get install chromium): browser journeys skipped"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason.replace("skipped", "required under CI"))
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def public_address(settings, live_server):
    """The live server is the portal's public address: links in e-mails and feeds lead to it.
    Autouse, so set before ``portal`` (ensure_site) gives the Wagtail site this address."""
    settings.WAGTAILADMIN_BASE_URL = live_server.url


@pytest.fixture
def page(browser, live_server):
    from playwright.sync_api import expect

    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    # Actions and expectations wait as long (10 s): on a busy machine, a debounced request and
    # its answer can take more than expect()'s own 5 s.
    context.set_default_timeout(10_000)
    expect.set_options(timeout=10_000)
    page = context.new_page()
    yield page
    context.close()
