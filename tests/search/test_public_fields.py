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
    # ...and so does the search: the incident is found by its summary; the group's own
    # report neither by its words nor by its title (its field notes, titled for its team).
    html = client.get("/search/", {"q": "monastery"}).content.decode()
    assert "Airstrike on a <mark>monastery</mark> school." in html
    assert "Field report" not in html
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


@pytest.mark.django_db
def test_a_word_common_in_reports_text_but_not_in_public_documents_reads_no_table_scan():
    """PostgreSQL, found by benchmarks/search.py: "killed" in 160,000 of 200,000 reports' text
    and in no public document. The planner took the public share of a word to be its share of
    all documents, expected a page of public matches early in the table, and read all of it
    for none: 315 ms at 200,000 reports, 1.6 s at 1,000,000. The public documents are now read
    from their own indexes only."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's FTS5 has no planner to mislead: the public token does this there")
    from thitsa.search.index import PUBLIC_REPORT, PUBLIC_TOKEN, _upsert
    from thitsa.search.query import _find, search
    from thitsa.search.terms import parse_query

    _upsert(
        [("report", n, None, False, None, f"soldiers killed villager {n}") for n in range(3000)]
        + [(PUBLIC_REPORT, n, 1, True, None, f"{PUBLIC_TOKEN} airstrike on school {n}")
           for n in range(300)]
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_document")
        scans = "SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'search_document'"
        cursor.execute(scans)
        before = cursor.fetchone()[0]
        assert search("killed", public_only=True).hits == []
        cursor.execute(scans)
        assert cursor.fetchone()[0] == before
        # A word of public documents: found there, newest first (no reports stand behind
        # these documents, so the rows, not the hits).
        rows = _find(parse_query("school"), True, 50, 0)
        assert [(kind, oid) for kind, oid, _p in rows] == [
            (PUBLIC_REPORT, n) for n in range(299, 249, -1)
        ]
        cursor.execute(scans)
        assert cursor.fetchone()[0] == before


@pytest.mark.parametrize("change", ["kind", "name"])
def test_a_source_turned_witness_or_renamed_is_searched_as_it_now_is(client, field_report, change):
    """Found by a search review: a source switched to `witness` (`thitsa source NAME --kind
    witness --no-reconcile`, or the admin) kept its reports' titles in the public index, so
    anyone could confirm a word of a testimony's title, a person's name. Saving a source
    changed nothing the index looked at."""
    source = field_report.source
    source.kind = "media"
    source.save()
    field_report.title = "Testimony of Ma Hnin Hiddenword"
    field_report.save()
    assert "Hiddenword" in client.get("/search/", {"q": "Hiddenword"}).content.decode()
    if change == "kind":
        source.kind = "witness"
        source.save()
        assert "Nothing found" in client.get("/search/", {"q": "Hiddenword"}).content.decode()
    else:
        source.name = "Field team East"
        source.save()
        html = client.get("/search/", {"q": "East"}).content.decode()
        assert "Hiddenword" in html


@pytest.mark.django_db
def test_a_report_with_a_token_too_long_for_postgresql_leaves_search_working():
    """Found on PostgreSQL: a 2,100-character key in a report's text made indexing fail
    ("word is too long (2100 bytes, max 2047 bytes)"), and every search after answered 500."""
    from thitsa.reports.models import Source, SourceReport
    from thitsa.search.index import refresh
    from thitsa.search.query import search

    source = Source.objects.create(name="Field notes", kind="media")
    SourceReport.objects.create(
        import_key="long", source=source, title="Kanbalu airstrike",
        text="key " + "z" * 2_100 + " zqxsecondword ဂဃနဏ" * 1,
    )  # fmt: skip
    refresh()
    assert len(search("zqxsecondword", public_only=False).hits) == 1
    assert len(search("ဂဃနဏ", public_only=False).hits) == 1
