"""thitsa.bulk writes rows as Django would: each value converted for the database."""

from datetime import UTC, datetime

import pytest

from thitsa.bulk import insert_rows
from thitsa.incidents.models import MatchDecision
from thitsa.reports.models import Source, SourceReport


@pytest.mark.django_db
def test_insert_rows_converts_a_value_shared_by_rows_and_each_other_one():
    source = Source.objects.create(name="Outlet")
    reports = [
        SourceReport.objects.create(import_key=f"k{i}", source=source, title=f"r{i}")
        for i in range(4)
    ]
    shared = datetime(2025, 5, 12, 9, 30, tzinfo=UTC)
    other = datetime(2025, 5, 13, 18, 0, tzinfo=UTC)
    features = {"date": 1.0}
    times = [shared, shared, other, shared]
    fields = [
        "report",
        "outcome",
        "judgement",
        "features",
        "decided_by",
        "by_human",
        "pending",
        "note",
        "decided_at",
    ]
    rows = [
        (
            r.pk,
            "new",
            "negative",
            features if i < 2 else {"date": i / 4},
            "test",
            False,
            False,
            "",
            when,
        )
        for i, (r, when) in enumerate(zip(reports, times, strict=True))
    ]
    assert insert_rows(MatchDecision, fields, rows) == 4
    stored = MatchDecision.objects.order_by("report_id")
    assert [d.decided_at for d in stored] == times
    assert [d.features for d in stored] == [
        {"date": 1.0},
        {"date": 1.0},
        {"date": 0.5},
        {"date": 0.75},
    ]
