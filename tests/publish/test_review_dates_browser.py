"""A verifier, in a real browser: from the review queue to the dates to give, dates a report
imported without one, and sees it matched. (In the browser, not the test client: the match
must take place inside the view's transaction, or it waits for the turn the view holds.)"""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import ARTIFACTS, make_person, sign_in_page
from thitsa.reports.models import Source, SourceReport

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_verifier_dates_a_report_and_it_joins_its_incident(page, live_server, world):
    vera = make_person("verifier", "vera")
    source = Source.objects.create(name="Khit Thit Media", kind="media", reliability="C")
    SourceReport.objects.create(
        import_key="d1", source=source, title="Jets bomb Pazigyi school", place_id="172637",
        event_date=date(2025, 3, 14), event_type="Air/drone strike", incident=world["airstrike"],
        linked_by="match v3",
    )  # fmt: skip
    undated = SourceReport.objects.create(
        import_key="d2", source=Source.objects.create(name="Local CSO form"),
        title="School in Pazigyi bombed", place_id="172637", event_type="Air/drone strike",
    )  # fmt: skip
    page.goto(f"{live_server.url}/review/")
    sign_in_page(page, vera, "verifier", f"{live_server.url}/review/")
    page.click("text=report without an event date")
    page.wait_for_url(f"{live_server.url}/review/dates/")
    assert "School in Pazigyi bombed" in page.inner_text("main")
    page.fill("input[name=when]", "14 March 2025")
    page.click("button:has-text('Give the date and match')")
    page.wait_for_url(f"{live_server.url}/review/dates/")
    text = page.inner_text("main")
    page.screenshot(path=str(ARTIFACTS / "review-dates.png"), full_page=True)
    assert f"Report {undated.pk} is dated 14 March 2025 and was matched" in text
    assert "Every report has an event date." in text
    undated.refresh_from_db()
    assert undated.incident_id is not None
