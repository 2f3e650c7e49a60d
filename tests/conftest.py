from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
# Headless, and nothing that reaches out: this machine's network is closed.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test sees the bundled national gazetteer, loaded once per session."""
    from thitsa.places.gazetteer import load_bundled

    with django_db_blocker.unblock():
        load_bundled()


@pytest.fixture
def page(live_server, monkeypatch):
    """A Playwright page in Debian's Chromium; `page.foreign` collects requests to any origin
    but the live server and `page.errors` the page's JavaScript errors."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium not found: apt-get install chromium (Debian) to run browser tests")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django refuses ORM calls from inside one
    # unless told the test owns the thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        pg.foreign = []
        pg.errors = []
        site = urlsplit(live_server.url).netloc
        pg.on(
            "request",
            lambda r: (
                urlsplit(r.url).netloc not in ("", site)
                and not r.url.startswith("data:")
                and pg.foreign.append(r.url)
            ),
        )
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        yield pg
        context.close()
        browser.close()
