"""Real-browser checks: the map draws township shapes from our own GeoJSON, and no page asks any
other origin for anything. Screenshots go to test-artifacts/ for a human to look at."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page(live_server, monkeypatch):
    if not CHROMIUM.exists():
        pytest.skip("Chromium not found: apt-get install chromium (Debian) to run browser tests")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django refuses ORM calls from inside one
    # unless told the test owns the thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        pg.foreign = []  # requests to any origin but the live server
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


def test_the_map_draws_township_shapes(page, live_server, world):
    page.goto(f"{live_server.url}/map/")
    page.wait_for_selector("#incident-map[data-townships-drawn]", timeout=30_000)
    drawn = int(page.get_attribute("#incident-map", "data-townships-drawn"))
    paths = page.locator(".leaflet-overlay-pane path").count()
    assert drawn > 300
    assert paths > 300
    assert page.locator(".map-legend").is_visible()
    assert "2 incidents match" in page.inner_text("#map-summary")
    page.screenshot(path=str(ARTIFACTS / "map.png"), full_page=True)
    assert page.foreign == [] and page.errors == []


def test_the_other_pages_render_in_a_browser(page, live_server, world):
    shots = {
        "home.png": "/",
        "list.png": "/incidents/?place=MMR005010",
        "incident.png": "/incidents/MMR-2025-000001/",
    }
    for name, url in shots.items():
        page.goto(f"{live_server.url}{url}")
        if name == "incident.png":
            page.wait_for_selector("#incident-map[data-township-drawn]", timeout=15_000)
        page.screenshot(path=str(ARTIFACTS / name), full_page=True)
        assert "MMR-2025-000001" in page.content()
    assert page.foreign == [] and page.errors == []
