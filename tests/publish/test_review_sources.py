"""Sources: a verifier rates each source (Admiralty A-F) on a page, and every rating is logged
with who made it, on the source and on each incident it moves. Found by a verifier: `thitsa
source Myawady --reliability E` turned a published incident from contested to fair, no page let
a verifier rate a source, and no log said who, when or what it was before."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from tests.incidents.test_matching import school_bombing  # noqa: F401
from thitsa.incidents.matching import match_reports
from thitsa.incidents.models import Incident
from thitsa.reports.models import Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def matched(school_bombing):  # noqa: F811
    match_reports()
    return Incident.objects.get()


def test_a_verifier_rates_a_source_and_the_log_says_so(staff, matched):
    page = staff.get(reverse("review-sources")).content.decode()
    assert "Myanmar Now" in page and reverse("review-source-set") in page
    source = Source.objects.get(name="Myanmar Now")
    was = matched.grade
    response = staff.post(
        reverse("review-source-set"), {"source": source.pk, "reliability": "E"}, follow=True
    )
    assert "Myanmar Now is rated E: unreliable now" in response.content.decode()
    assert Source.objects.get(pk=source.pk).reliability == "E"
    matched.refresh_from_db()
    on_source = LogEntry.objects.get(object_repr="Myanmar Now")
    assert on_source.get_change_message() == f"Myanmar Now: reliability {source.reliability} -> E"
    assert on_source.user.username == "vera"
    # Its other outlet too: one source is left, and the grade falls.
    rfa = Source.objects.get(name="RFA Burmese")
    staff.post(reverse("review-source-set"), {"source": rfa.pk, "reliability": "E"})
    matched.refresh_from_db()
    assert matched.grade != was
    entries = LogEntry.objects.filter(content_type__model="incident", object_id=str(matched.pk))
    note = entries.latest("id").get_change_message()
    assert note.startswith("RFA Burmese: reliability") and f"grade {was} -> {matched.grade}" in note
    log = staff.get(reverse("review-log")).content.decode()
    assert "Myanmar Now rated E (was " in log


def test_the_same_rating_changes_nothing(staff, matched):
    source = Source.objects.get(name="Myanmar Now")
    response = staff.post(
        reverse("review-source-set"),
        {"source": source.pk, "reliability": source.reliability},
        follow=True,
    )
    assert "is rated so already; nothing changed." in response.content.decode()
    assert not LogEntry.objects.exists()


def test_the_list_finds_a_source_by_name(staff, matched):
    page = staff.get(reverse("review-sources"), {"q": "rfa"}).content.decode()
    assert "RFA Burmese" in page and "Myanmar Now" not in page
    page = staff.get(reverse("review-sources"), {"q": "nobody"}).content.decode()
    assert "No source is called “nobody”." in page


def test_only_verifiers_rate_sources(client, signed_in, matched):
    signed_in("analyst")
    source = Source.objects.get(name="Myanmar Now")
    assert client.get(reverse("review-sources")).status_code == 403
    posted = client.post(reverse("review-source-set"), {"source": source.pk, "reliability": "E"})
    assert posted.status_code == 403
    assert Source.objects.get(pk=source.pk).reliability == source.reliability
