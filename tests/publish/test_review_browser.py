"""A verifier, in a real browser: signs in, opens the queue and a match, says "Same event", and
sees the match leave the queue and the acceptance in the incident's history. Screenshots go to
test-artifacts/ for a human to look at."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import ARTIFACTS, make_person, sign_in_page
from thitsa.incidents.models import MatchDecision
from thitsa.reports.models import Source, SourceReport

# The same value as conftest's world (conftest modules are not importable by name).
WITNESS_NAME = "Daw Secret Witness"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pending(world, django_user_model):
    """conftest's world (its places are made there: the flush removed the gazetteer), plus a
    third account of the airstrike that the matcher linked but was unsure of."""
    vera = make_person("verifier", "vera")
    airstrike = world["airstrike"]
    irrawaddy = Source.objects.create(name="The Irrawaddy", kind="media", reliability="C")
    report = SourceReport.objects.create(
        import_key="k3",
        source=irrawaddy,
        title="Junta jets hit Pazigyi village school, 24 reported dead",
        text="Two jets dropped bombs on the school in Pazigyi village, Tabayin Township.",
        language="en",
        event_date=date(2025, 3, 15),
        place_text="Pazigyi, Depayin",
        place=world["village"],
        event_type="Air/drone strike",
        killed_min=24,
        killed_max=24,
        incident=airstrike,
        link_score=0.64,
        linked_by="match v3",
    )
    features = {"date": 0.82, "place": 1.0, "type": 1.0, "means": 0.5, "targets": 1.0,
                "weapons": 0.5, "casualties": 1.0, "perpetrator": 0.5, "text": 0.31}  # fmt: skip
    decision = MatchDecision.objects.create(
        report=report, incident=airstrike, outcome="review", judgement="unsure", score=0.64,
        features=features, decided_by="match v3", pending=True,
    )  # fmt: skip
    airstrike.reconcile()  # as the matcher does after linking
    return {"decision": decision, "incident": airstrike, "report": report, "vera": vera}


def test_a_verifier_accepts_a_match_in_the_browser(page, live_server, pending):
    incident = pending["incident"]
    page.goto(f"{live_server.url}/review/")
    # Anonymous: the sign-in form (password, then the authenticator's code), then the queue.
    sign_in_page(page, pending["vera"], "verifier", f"{live_server.url}/review/")
    assert "1 match waits for a verifier" in page.inner_text(".review-counts")
    assert page.locator("nav a[aria-current=page]").inner_text() == "Review"
    page.screenshot(path=str(ARTIFACTS / "review-queue.png"), full_page=True)

    page.click("text=Junta jets hit Pazigyi village school")
    page.wait_for_url(f"{live_server.url}/review/{pending['decision'].pk}/")
    assert page.locator(".side-incident h2 .id").inner_text() == incident.public_id
    assert page.locator(".features tbody tr").count() == 9
    assert "Jets bomb school in Tabayin" in page.inner_text(".other-reports")
    page.fill("#id_note", "Same school, same day; the count rose to 24.")
    page.screenshot(path=str(ARTIFACTS / "review.png"), full_page=True)

    page.click("button:has-text('Same event')")
    page.wait_for_url(f"{live_server.url}/review/")
    assert "Same event: the report stays with" in page.inner_text(".messages")
    assert "Nothing waits for review." in page.content()
    assert "0 matches wait" in page.inner_text(".review-counts")

    page.click(f".messages a:has-text('{incident.public_id}')")
    page.wait_for_url(f"{live_server.url}/review/incidents/{incident.public_id}/")
    first = page.locator(".history tbody tr").first
    assert "vera" in first.inner_text() and "the same event" in first.inner_text()
    assert "the count rose to 24" in first.inner_text()
    assert "Junta jets hit Pazigyi" in page.inner_text(".review-reports")
    page.screenshot(path=str(ARTIFACTS / "review-incident.png"), full_page=True)

    assert WITNESS_NAME not in page.content()
    assert MatchDecision.objects.filter(
        report=pending["report"], by_human=True, decided_by="vera", judgement="positive"
    ).exists()
    assert page.foreign == [] and page.errors == []


def test_a_verifiers_pages_fit_a_phone(page, live_server, pending):
    """At 390 px the incident's page was 737 px wide (a grid column grew to its reports' table)
    and the places to check 574 px (a hidden label escaped its table's scrolling box): the
    whole page scrolled sideways. Wide tables scroll inside their own box, as the public's do."""
    source = pending["report"].source
    for i in range(3):
        SourceReport.objects.create(
            import_key=f"unplaced-{i}", source=source, title="Shelling", text="Shells fell.",
            place_text=f"a place the resolver does not know, number {i}",
        )  # fmt: skip
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/review/")
    sign_in_page(page, pending["vera"], "verifier", f"{live_server.url}/review/")
    for path in (
        "/review/",
        f"/review/{pending['decision'].pk}/",
        f"/review/incidents/{pending['incident'].public_id}/",
        "/review/places/",
    ):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    assert page.locator(".places-to-check tbody tr").count() == 3
    page.screenshot(path=str(ARTIFACTS / "review-places-phone.png"), full_page=True)
