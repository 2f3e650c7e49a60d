"""Edited, published, split and re-linked reports reach the index on the next refresh: every
write moves a report's updated_at, bulk ones included."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_person
from thitsa.bulk import bulk_insert, update_rows
from thitsa.incidents.matching import match_reports
from thitsa.incidents.models import Incident
from thitsa.reports.loading import import_file
from thitsa.reports.models import SourceReport
from thitsa.search.index import purge_removed_words, refresh
from thitsa.search.models import Document
from thitsa.search.query import search

from .test_search import found


def test_a_report_edited_through_the_orm_is_found_by_its_new_words_not_its_old(world):
    refresh()
    report = world["report"]
    assert ("report", "Jets bomb school in Tabayin") in found("jets")
    # What the admin's change form does: a full save().
    report.title = "Helicopters strafe Tabayin market"
    report.text = "Eleven people were killed at the market."
    report.save()
    assert refresh().reports == 1
    # (The incident is still found: its means of attack, a jet's, is indexed.)
    assert {hit for hit in found("jets") if hit[0] == "report"} == set()
    assert found("helicopters") == {("report", "Helicopters strafe Tabayin market")}
    # Its text is for staff: the public finds a report by its title and source only.
    assert ("report", "Helicopters strafe Tabayin market") in found("eleven market", False)
    assert found("eleven") == set()


def test_a_report_follows_its_incident_from_restricted_to_public_and_back(world):
    verifier = make_person("verifier")
    refresh()
    assert found("massacre") == set()
    world["hidden"].publish(verifier)
    refresh()
    assert found("massacre") == {
        ("incident", "MMR-2025-000099"),
        ("report", "Massacre report from Tabayin"),
    }
    assert Document.objects.get(kind="report", object_id=world["secret"].pk).public
    world["hidden"].publish(verifier, public=False)
    refresh()
    assert found("massacre") == set()
    assert not Document.objects.get(kind="report", object_id=world["secret"].pk).public


def test_a_report_split_off_by_a_verifier_is_found_under_its_new_incident(world):
    refresh()
    airstrike, report = world["airstrike"], world["report"]
    new = airstrike.split_off([report.pk], by="verifier")
    refresh()
    hits = [h for h in _search("jets", public_only=False) if h.kind == "report"]
    assert [h.incident for h in hits] == [new.public_id]
    doc = Document.objects.get(kind="report", object_id=report.pk)
    assert doc.incident_pk == new.pk
    # Like every new incident it is restricted until a verifier publishes it.
    assert not doc.public and ("report", "Jets bomb school in Tabayin") not in found("jets")
    new.publish(make_person("verifier", "publisher"))
    refresh()
    assert ("report", "Jets bomb school in Tabayin") in found("jets")


def test_the_matchers_bulk_link_moves_updated_at_and_reaches_the_index(world):
    unmatched = world["unmatched"]
    unmatched.event_date = date(2025, 4, 2)
    unmatched.save()
    refresh()
    before = unmatched.updated_at
    summary = match_reports([unmatched.pk])
    assert summary.opened == 1
    unmatched.refresh_from_db()
    assert unmatched.incident is not None and unmatched.updated_at > before
    refresh()
    doc = Document.objects.get(kind="report", object_id=unmatched.pk)
    assert doc.incident_pk == unmatched.incident_id
    hits = [h for h in _search("kani", public_only=False) if h.kind == "report"]
    assert [h.incident for h in hits] == [unmatched.incident.public_id]


def test_bulk_updates_and_imports_stamp_updated_at(world, tmp_path):
    report = world["unmatched"]
    before = report.updated_at
    update_rows(SourceReport, ["title"], [("Shelling in Kani, edited in bulk", report.pk)])
    report.refresh_from_db()
    assert report.updated_at > before
    # Imports write rows with insert_rows, which stamps the fields it is not given.
    csv = tmp_path / "reports.csv"
    csv.write_text("source,title\nMyanmar Now,Airstrike on Pale market\n", encoding="utf-8")
    assert import_file(csv, "thitsa", progress=False).created == 1
    fresh = SourceReport.objects.get(title="Airstrike on Pale market")
    assert fresh.updated_at >= fresh.imported_at > before
    refresh()
    assert found("pale", public_only=False) == {("report", "Airstrike on Pale market")}
    # Incidents: reconciliation writes updated_at itself; a bulk update without it stamps it.
    incident = world["hidden"]
    update_rows(Incident, ["summary_en"], [("Still under verification.", incident.pk)])
    assert Incident.objects.get(pk=incident.pk).updated_at > incident.updated_at


def test_a_refresh_with_nothing_to_do_costs_five_queries(world):
    refresh()
    with CaptureQueriesContext(connection) as queries:
        summary = refresh()
    assert summary.reports == summary.incidents == 0
    assert len(queries) == 5, [q["sql"] for q in queries]


def test_after_a_bulk_link_a_refresh_with_nothing_to_do_seeks_past_its_moment(world):
    """A bulk match stamps every link with one moment. The walk after the last indexed report
    was a row comparison that SQLite served by the stamp alone: it read every report of that
    moment again on each search (130 ms at 1,000,000). Now it seeks on stamp and id."""
    source_id = world["report"].source_id
    bulk_insert(
        [SourceReport(import_key=f"bulk{n}", source_id=source_id, title=f"Bulk report {n}")
         for n in range(50)]
    )  # fmt: skip
    ids = SourceReport.objects.values_list("pk", flat=True)
    update_rows(SourceReport, ["title"], [(f"Linked {pk}", pk) for pk in ids])  # one moment
    refresh()
    with CaptureQueriesContext(connection) as queries:
        assert refresh().reports == 0
    walk = [q["sql"] for q in queries if 'FROM "reports_sourcereport"' in q["sql"]]
    assert len(walk) == 2, walk
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + walk[0])
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "report_updated (updated_at=? AND id>?)" in plan, plan


def test_a_large_bulk_link_is_indexed_a_budget_at_a_time_without_losing_any(world, monkeypatch):
    monkeypatch.setattr("thitsa.search.index.BATCH", 7)  # pages that cut the same moment
    refresh()
    source_id = world["report"].source_id
    bulk_insert(
        [SourceReport(import_key=f"bulk{n}", source_id=source_id, title=f"Bulk report {n}")
         for n in range(30)]
    )  # fmt: skip
    refresh()
    ids = list(
        SourceReport.objects.filter(import_key__startswith="bulk").values_list("id", flat=True)
    )
    # One UPDATE stamps all thirty with the same moment, as the matcher's link does.
    update_rows(SourceReport, ["incident"], [(world["airstrike"].pk, pk) for pk in ids])
    runs = 1
    while not refresh(budget=7).complete:
        runs += 1
    assert runs >= 4
    linked = Document.objects.filter(kind="report", object_id__in=ids)
    assert linked.filter(incident_pk=world["airstrike"].pk, public=True).count() == 30


def _search(query: str, public_only: bool = True):
    return search(query, public_only=public_only, limit=50).hits


def test_an_incident_merged_away_drops_out_of_public_search(world):
    """Found before: its page showed stale figures and no sources (it now redirects)."""
    verifier = make_person("verifier")
    world["hidden"].publish(verifier)
    refresh()
    assert ("incident", "MMR-2025-000099") in found("massacre")
    world["hidden"].merge_into(world["airstrike"], by="verifier")
    refresh()
    assert ("incident", "MMR-2025-000099") not in found("massacre")
    # Its report lives on in the incident it joined; the pointer keeps no words of it.
    assert found("massacre", public_only=False) == {("report", "Massacre report from Tabayin")}


def _indexed_words(pk: int) -> str:
    return " ".join(Document.objects.filter(object_id=pk).values_list("terms", flat=True))


def test_a_deleted_report_leaves_nothing_of_its_text_in_the_index(world):
    """A report is deleted because it should not be kept (it named a witness, say): its words
    must not stay in the index for whoever seizes the machine. They did, until the whole index
    was rebuilt; search only hid them."""
    report = world["report"]
    refresh()
    assert "twenty" in _indexed_words(report.pk)
    report.delete()
    assert not Document.objects.filter(kind__in=["report", "title"], object_id=report.pk).exists()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH 'twenty'")
        else:
            cursor.execute("SELECT count(*) FROM search_document WHERE terms LIKE '%%twenty%%'")
        assert cursor.fetchone()[0] == 0
    assert found("twenty", public_only=False) == set()


def test_reports_deleted_together_purge_the_index_once(world, django_capture_on_commit_callbacks):
    """The admin's "delete selected" sends a signal a report: the index, rewritten to leave
    their words out of the file (test_deleted_words.py), is rewritten once, after the commit."""
    refresh()
    with django_capture_on_commit_callbacks() as callbacks:
        SourceReport.objects.filter(pk__in=[world["report"].pk, world["burmese"].pk]).delete()
    purges = [c for c in callbacks if c is purge_removed_words]
    assert len(purges) == (1 if connection.vendor == "sqlite" else 0)


def test_a_deleted_incident_leaves_its_reports_indexed_as_unlinked(world):
    airstrike, report = world["airstrike"], world["report"]
    refresh()
    assert Document.objects.filter(kind="title", object_id=report.pk).exists()
    airstrike.delete()
    assert not Document.objects.filter(kind="incident", object_id=airstrike.pk).exists()
    # Its reports stay, unlinked: staff still find them, the public no longer.
    assert not Document.objects.filter(kind="title", object_id=report.pk).exists()
    doc = Document.objects.get(kind="report", object_id=report.pk)
    assert (doc.incident_pk, doc.public) == (None, False)
    assert ("report", "Jets bomb school in Tabayin") not in found("jets")
    refresh()
    assert ("report", "Jets bomb school in Tabayin") not in found("jets")
    assert any(h.id == report.pk for h in _search("jets", public_only=False))
