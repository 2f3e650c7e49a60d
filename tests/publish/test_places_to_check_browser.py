"""A verifier, in a real browser: from the review queue to the places to check, picks the
place of a text two reports share, and sees them placed. Screenshots go to test-artifacts/."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import ARTIFACTS, make_person, sign_in_page
from thitsa.reports.models import Source, SourceReport

pytestmark = pytest.mark.django_db(transaction=True)

PAZIGYI = "Pazigyi village, Depayin"


@pytest.fixture
def unplaced(world, monkeypatch):
    """conftest's world (its places are made there: the flush removed the gazetteer), and
    reports whose place the resolver did not settle: two written one way, with candidates;
    one placed only in the state; one with no candidates at all."""
    # The resolver is built from this test's few places and forgotten after it: the tests
    # after it see the whole gazetteer again.
    monkeypatch.setattr("thitsa.places.resolver._resolver", None)
    vera = make_person("verifier", "vera")
    source = Source.objects.create(name="Khit Thit Media", kind="media", reliability="C")
    candidates = [{"pcode": "172637", "score": 61.0}, {"pcode": "MMR005010", "score": 55.0}]
    for n, title in enumerate(["Jets bomb Pazigyi school", "School hit in Pazigyi"]):
        SourceReport.objects.create(
            import_key=f"p{n}", source=source, title=title, event_date=date(2025, 3, 14),
            place_text=PAZIGYI, place_candidates=candidates,
        )  # fmt: skip
    SourceReport.objects.create(
        import_key="p3", source=source, title="Shelling in the region", place_text="Sagaing Region",
        place=world["state"], place_score=100.0, event_date=date(2025, 3, 18),
    )  # fmt: skip
    SourceReport.objects.create(
        import_key="p4", source=source, title="Drone strike", place_text="near the river bend",
        event_date=date(2025, 3, 20),
    )  # fmt: skip
    return {"vera": vera}


def test_a_verifier_places_two_reports_at_once_in_the_browser(page, live_server, unplaced):
    page.goto(f"{live_server.url}/review/")
    sign_in_page(page, unplaced["vera"], "verifier", f"{live_server.url}/review/")

    page.click("text=Places to check")
    page.wait_for_url(f"{live_server.url}/review/places/")
    first = page.locator(".places-to-check tbody tr").first
    assert PAZIGYI in first.locator("th").inner_text()
    assert first.locator("td.num").inner_text() == "2"
    assert page.locator(".places-to-check tbody tr").count() == 3
    page.screenshot(path=str(ARTIFACTS / "review-places.png"), full_page=True)

    first.get_by_role("radio", name="Pazigyi").check()
    first.locator("button:has-text('Place the 2 reports here')").click()
    page.wait_for_url(f"{live_server.url}/review/places/")
    assert "2 reports written “Pazigyi village, Depayin” are now placed in Pazigyi" in (
        page.inner_text(".messages")
    )
    assert page.locator(".places-to-check tbody tr").count() == 2
    assert PAZIGYI not in page.inner_text(".places-to-check")
    page.screenshot(path=str(ARTIFACTS / "review-places-done.png"), full_page=True)

    # A text without candidates: its page finds a place by a typed name.
    river = page.locator(".places-to-check tbody tr", has_text="near the river bend")
    river.locator("a:has-text('Reports and other places')").click()
    page.wait_for_url("**/review/places/check/**")
    assert "Drone strike" in page.inner_text(".review-reports")
    page.fill("#id_q", "Tabayin")
    page.click(".find-form button")
    page.wait_for_url("**q=Tabayin**")
    assert page.locator(".choice.found input").first.is_checked()
    page.screenshot(path=str(ARTIFACTS / "review-place.png"), full_page=True)
    page.click("button:has-text('Place the report here')")
    page.wait_for_url(f"{live_server.url}/review/places/")
    assert "now placed in Tabayin" in page.inner_text(".messages")

    placed = SourceReport.objects.filter(place_text=PAZIGYI)
    assert {(r.place_id, r.place_score) for r in placed} == {("172637", 100.0)}

    # In Burmese: the page and its choices.
    with page.expect_navigation():
        page.click(".lang-switch button[value=my]")
    assert page.inner_text("h1") == "စစ်ဆေးရန် နေရာများ"
    choices = page.inner_text(".places-to-check")
    assert "သတင်းပို့ချက် ၁ ခုကို ဤနေရာတွင် သတ်မှတ်ရန်" in choices
    page.screenshot(path=str(ARTIFACTS / "review-places-my.png"), full_page=True)
    assert page.foreign == [] and page.errors == []
