"""Real-browser checks: the map draws township shapes from our own GeoJSON, and no page asks any
other origin for anything. Screenshots go to test-artifacts/ for a human to look at."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)


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


def test_an_incident_known_only_by_its_point_is_drawn_in_the_township_found_from_it(
    page, live_server, pointed
):
    from django.conf import settings

    for language in ("en", "my"):
        page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        page.goto(f"{live_server.url}/incidents/MMR-2025-000003/")
        page.wait_for_selector("#incident-map[data-township-drawn]", timeout=15_000)
        # The point, over the township's polygon.
        assert page.locator("#incident-map .leaflet-overlay-pane path").count() == 2
        page.evaluate("document.fonts.ready")
        page.screenshot(path=str(ARTIFACTS / f"incident-point-{language}.png"), full_page=True)
        page.goto(f"{live_server.url}/incidents/")
        page.evaluate("document.fonts.ready")
        page.screenshot(path=str(ARTIFACTS / f"list-point-{language}.png"), full_page=True)
    assert "ကိုဩဒိနိတ် 22.6510, 95.2090" in page.inner_text("table.incidents")
    assert page.foreign == [] and page.errors == []
