"""Anonymous visitors search what the public API shows of a report (title, source), never its
text or its place as written, which may name people: the search page showed both in its
snippets, and matched on them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection

from thitsa.incidents.models import Incident
from thitsa.reports.models import Source, SourceReport

FIELD_TEXT = "U Kyaw Min from the ward office showed soldiers the way to the monastery"


@pytest.fixture
def field_report(db):
    incident = Incident.objects.create(
        public_id="MMR-2025-000010", date=date(2025, 5, 12), visibility="public",
        event_type="Explosions/Remote violence", summary_en="Airstrike on a monastery school.",
    )  # fmt: skip
    source = Source.objects.create(name="Sagaing Documentation Group", kind="cso")
    return SourceReport.objects.create(
        import_key="audit-k1", source=source, title="Field report: monastery school bombing",
        text=FIELD_TEXT, place_text="near the ward office", incident=incident,
        published_at=datetime(2025, 5, 14, 6, 0, tzinfo=UTC),
    )  # fmt: skip


def test_the_public_search_shows_and_matches_only_what_the_public_may_read(client, field_report):
    # The API keeps a report's text from the public (RESTRICTED_FIELDS), and so does the
    # public incident page...
    api = client.get(f"/api/v1/reports/{field_report.pk}").json()
    assert "text" not in api and "place_text" not in api
    page = client.get("/incidents/MMR-2025-000010/").content.decode()
    assert "U Kyaw Min" not in page
    # ...and so does the search: the match is in the title, the text stays out.
    html = client.get("/search/", {"q": "monastery"}).content.decode()
    assert "Field report: <mark>monastery</mark> school bombing" in html  # its public title
    assert "U Kyaw Min" not in html and "ward office" not in html
    assert "Nothing found" in client.get("/search/", {"q": "Kyaw Min"}).content.decode()


@pytest.mark.django_db
def test_a_public_incident_with_a_long_summary_is_found_by_the_public():
    """PostgreSQL: the public token is written after a document's words, and tsvector()
    keeps only the first MAX_TOKENS (16,000) tokens: a public incident with a longer
    summary loses the token, and anonymous searches never find it (staff do)."""
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL's tsvector keeps a limited number of tokens")
    from thitsa.search.index import refresh
    from thitsa.search.query import search

    Incident.objects.create(
        public_id="MMR-2025-000777", date=date(2025, 5, 12), visibility="public",
        summary_en="Kanbalu airstrike " + "word " * 16_000,
    )  # fmt: skip
    refresh()
    query = '"Kanbalu airstrike"'  # a phrase: no substring search to fall back on
    assert [h.incident for h in search(query, public_only=False).hits] == ["MMR-2025-000777"]
    assert [h.incident for h in search(query, public_only=True).hits] == ["MMR-2025-000777"]
