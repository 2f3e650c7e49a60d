"""Dates to give: reports imported without an event date are in no incident (the matcher
finds candidates by date). Found by a verification review: `thitsa match` said they were "left
for review", and no page listed them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from tests.incidents.test_matching import OE_HTEIN_KWIN_NORTH, school_bombing  # noqa: F401
from thitsa.accounts.models import AccessLog
from thitsa.incidents.matching import match_reports
from thitsa.reports.models import Source, SourceReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def undated(school_bombing):  # noqa: F811
    match_reports()
    source = Source.objects.create(name="Local CSO form", kind="media")
    return SourceReport.objects.create(
        import_key="undated-1", source=source, title="Jets bombed the school in Oe Htein Kwin",
        text="The school was bombed on Monday morning.", place_id=OE_HTEIN_KWIN_NORTH,
        event_type="Air/drone strike", published_at=datetime(2025, 5, 14, 9, tzinfo=UTC),
    )  # fmt: skip


def test_the_queue_counts_them_and_the_page_lists_them(staff, undated):
    queue = staff.get(reverse("review-queue")).content.decode()
    assert reverse("review-dates") in queue and "report without an event date" in queue
    page = staff.get(reverse("review-dates")).content.decode()
    assert "Jets bombed the school in Oe Htein Kwin" in page
    assert AccessLog.objects.filter(object_type="dates to give").exists()


@pytest.mark.parametrize("when", ["12 May 2025", "2025-05-12", "၁၂ မေ ၂၀၂၅", "on Monday"])
def test_a_date_given_matches_the_report_into_its_incident(staff, undated, when):
    incident = SourceReport.objects.exclude(pk=undated.pk).first().incident
    response = staff.post(
        reverse("review-date-set"), {"report": undated.pk, "when": when}, follow=True
    )
    undated.refresh_from_db()
    assert (str(undated.event_date), undated.event_date_precision) == ("2025-05-12", "day")
    assert undated.incident == incident
    assert f"Report {undated.pk} is dated 12 May 2025 and was matched" in response.content.decode()
    assert LogEntry.objects.filter(object_id=str(undated.pk)).exists()
    assert "Every report has an event date." in response.content.decode()


def test_on_a_burmese_page_the_date_given_is_said_in_burmese(staff, undated):
    # Found by a user in a browser: "2025-05 (month)" in Latin digits and an English word.
    staff.cookies["django_language"] = "my"
    response = staff.post(
        reverse("review-date-set"), {"report": undated.pk, "when": "မေ ၂၀၂၅"}, follow=True
    )
    text = response.content.decode()
    assert "မေ ၂၀၂၅" in text and "(month)" not in text and "2025-05" not in text


@pytest.mark.parametrize(
    "when, error",
    [
        ("soon", "is not a date"),
        ("2099-01-01", "is in the future"),
    ],
)
def test_what_is_not_a_date_is_refused_and_nothing_changes(staff, undated, when, error):
    response = staff.post(
        reverse("review-date-set"), {"report": undated.pk, "when": when}, follow=True
    )
    assert error in response.content.decode()
    undated.refresh_from_db()
    assert undated.event_date is None and undated.incident is None


def test_a_report_dated_meanwhile_is_not_dated_again(staff, undated):
    SourceReport.objects.filter(pk=undated.pk).update(event_date="2025-05-13")
    response = staff.post(
        reverse("review-date-set"), {"report": undated.pk, "when": "2025-05-12"}, follow=True
    )
    assert "has a date or an incident already" in response.content.decode()
    assert str(SourceReport.objects.get(pk=undated.pk).event_date) == "2025-05-13"


def test_only_verifiers_give_dates(client, signed_in, undated):
    signed_in("analyst")
    assert client.get(reverse("review-dates")).status_code == 403
    posted = client.post(reverse("review-date-set"), {"report": undated.pk, "when": "2025-05-12"})
    assert posted.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_match_runs_in_the_views_transaction(client, signed_in, monkeypatch):
    """Seen in the browser on a served SQLite home: the page hung, the log saying "match:
    waiting for another process". The view holds the turn with bulk matches; a match outside
    a transaction waits for that turn, on a lock file the tests' in-memory database has not."""
    from django.db import connection

    import thitsa.publish.review_dates as review_dates

    seen = []

    def match(ids):
        seen.append(connection.in_atomic_block)
        return match_reports(ids)

    monkeypatch.setattr(review_dates, "match_reports", match)
    signed_in("verifier")
    report = SourceReport.objects.create(
        import_key="t1", source=Source.objects.create(name="Local CSO form"), title="Airstrike"
    )
    client.post(reverse("review-date-set"), {"report": report.pk, "when": "2025-05-12"})
    assert seen == [True]


def test_yesterday_is_the_day_before_the_day_it_was_published_in_yangon(staff, undated):
    """Found by a review of this change: the publication day was taken in UTC. Published at
    00:30 in Yangon on 13 May (18:00 UTC on the 12th), "yesterday" is the 12th."""
    SourceReport.objects.filter(pk=undated.pk).update(
        published_at=datetime(2025, 5, 12, 18, 0, tzinfo=UTC)
    )
    staff.post(reverse("review-date-set"), {"report": undated.pk, "when": "yesterday"})
    assert str(SourceReport.objects.get(pk=undated.pk).event_date) == "2025-05-12"
