"""The migrations that drop indexes (thitsa/schema.py) leave exactly the indexes queries use,
and go back and forward again."""

import pytest
from django.core.management import call_command
from django.db import connection

REPORTS, INCIDENTS = "reports_sourcereport", "incidents_incident"


def _indexes(table: str) -> dict[str, dict]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {name: info for name, info in found.items() if info["index"] or info["unique"]}


def _alone(table: str, column: str) -> list[str]:
    return sorted(n for n, i in _indexes(table).items() if i["columns"] == [column])


def _pattern_ops(table: str) -> list[str]:
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [table, "%_pattern_ops%"],
        )
        return sorted(name for (name,) in cursor.fetchall())


def _state() -> dict:
    return {
        "event_date": _alone(REPORTS, "event_date"),
        "import_key": [(n, _indexes(REPORTS)[n]["unique"]) for n in _alone(REPORTS, "import_key")],
        "patterns": _pattern_ops(REPORTS) + _pattern_ops(INCIDENTS),
    }


@pytest.mark.django_db
def test_reports_keep_the_unique_import_key_and_lose_the_unused_indexes():
    state = _state()
    assert state["event_date"] == []
    assert state["patterns"] == []
    # Idempotent imports rest on it.
    assert [unique for _n, unique in state["import_key"]] == [True]
    # The place and the source keep their own (a place's or an outlet's reports).
    assert _alone(REPORTS, "place_id") and _alone(REPORTS, "source_id")


@pytest.mark.django_db(transaction=True)
def test_the_index_migrations_go_back_and_forward():
    after = _state()
    try:
        call_command("migrate", "reports", "0004", verbosity=0)
        call_command("migrate", "incidents", "0008", verbosity=0)
        before = _state()
    finally:
        call_command("migrate", verbosity=0)  # whatever happened, the next test gets the schema
    assert len(before["event_date"]) == 1
    if connection.vendor == "postgresql":
        assert len(before["patterns"]) == 7
    assert _state() == after


@pytest.mark.django_db
def test_the_incidents_merged_into_one_are_found_by_an_index_live_queries_cannot_use():
    from thitsa.incidents.models import Incident

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The test's tables are tiny: ask whether the index can serve, not whether it pays.
            cursor.execute("SET LOCAL enable_seqscan = off")
    merged = Incident.objects.filter(merged_into_id=1).explain()
    assert "incident_merged" in merged
    live = Incident.objects.filter(merged_into__isnull=True, township_id="MMR005010").explain()
    assert "incident_merged" not in live
