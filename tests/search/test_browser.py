"""The search box in a real browser: type, press Enter, see the matches marked."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_searches_in_burmese_and_sees_the_matches_marked(page, live_server, world):
    page.goto(f"{live_server.url}/search/")
    page.fill("input[name=q]", "ကျောင်း")
    page.keyboard.press("Enter")
    page.wait_for_selector(".hits")
    marks = page.locator(".hits mark").all_inner_texts()
    assert marks and set(marks) == {"ကျောင်း"}
    assert "MMR-2025-000099" not in page.content()
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)
    page.goto(f"{live_server.url}/search/?q=school")
    assert page.locator(".hits mark").first.inner_text().lower() == "school"
    assert page.foreign == [] and page.errors == []
