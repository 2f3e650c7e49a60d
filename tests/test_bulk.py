"""thitsa.bulk writes rows as Django would: each value converted for the database."""

import threading
from datetime import UTC, date, datetime

import pytest
from django.db import IntegrityError, transaction

from thitsa.bulk import BATCH, bulk_insert, insert_rows, reserve_ids, update_rows
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


# Text COPY must escape: tabs, newlines, backslashes, Burmese, quotes, "\N" as written.
AWKWARD = ["tab\there", "line\nbreak\r\n", "back\\slash \\N", 'မြင်းခြံ "quoted"', "", "\\."]


def _reports(n: int) -> list[SourceReport]:
    source = Source.objects.create(name="Outlet")
    return [
        SourceReport.objects.create(import_key=f"k{i}", source=source, title=f"r{i}")
        for i in range(n)
    ]


@pytest.mark.django_db
def test_bulk_insert_stores_every_value_as_written():
    source = Source.objects.create(name="Outlet")
    objs = [
        SourceReport(
            import_key=f"awkward-{i}",
            source=source,
            title=text,
            text=text * 3,
            targets=[text, "school"],
            extra={"note": text, "n": i, "none": None},
            event_date=date(2025, 5, i + 1),
            killed_min=None if i % 2 else i,
            latitude=21.5 + i / 1000,
        )
        for i, text in enumerate(AWKWARD)
    ]
    assert bulk_insert(objs) == len(AWKWARD)
    stored = list(SourceReport.objects.order_by("import_key"))
    assert [r.title for r in stored] == AWKWARD
    assert [r.text for r in stored] == [t * 3 for t in AWKWARD]
    assert [r.targets for r in stored] == [[t, "school"] for t in AWKWARD]
    assert [r.extra for r in stored] == [
        {"note": t, "n": i, "none": None} for i, t in enumerate(AWKWARD)
    ]
    assert [r.event_date.day for r in stored] == list(range(1, len(AWKWARD) + 1))
    assert [r.killed_min for r in stored] == [0, None, 2, None, 4, None]
    assert all(r.imported_at and r.updated_at for r in stored)


@pytest.mark.django_db
def test_bulk_insert_converts_shared_dates_and_stamps_one_moment():
    """Dates are converted once per distinct value: each row must still get its own."""
    source = Source.objects.create(name="Outlet")
    days = [date(2025, 5, 12), date(2025, 5, 12), None, date(2024, 1, 1), date(2025, 5, 12)]
    when = [datetime(2025, 5, 12, 9, 30, tzinfo=UTC), None, None, None, None]
    objs = [
        SourceReport(import_key=f"d{i}", source=source, event_date=day, published_at=at)
        for i, (day, at) in enumerate(zip(days, when, strict=True))
    ]
    bulk_insert(objs)
    stored = list(SourceReport.objects.order_by("import_key"))
    assert [r.event_date for r in stored] == days
    assert [r.published_at for r in stored] == when
    # One moment for the insert, on the objects as on the rows (save() sets them too).
    moments = {r.updated_at for r in stored} | {r.imported_at for r in stored}
    assert len(moments) == 1
    assert {o.updated_at for o in objs} == moments


@pytest.mark.django_db
def test_update_rows_writes_the_rows_named_and_stamps_their_update_time():
    reports = _reports(8)
    before = {r.pk: r.updated_at for r in reports}
    changed = reports[1::2]
    rows = [(t, 20 + i, r.pk) for i, (t, r) in enumerate(zip(AWKWARD, changed, strict=False))]
    assert update_rows(SourceReport, ["title", "killed_min"], rows) == 4
    stored = {r.pk: r for r in SourceReport.objects.all()}
    for i, r in enumerate(changed):
        assert (stored[r.pk].title, stored[r.pk].killed_min) == (AWKWARD[i], 20 + i)
        assert stored[r.pk].updated_at > before[r.pk]
    for r in reports[0::2]:
        assert (stored[r.pk].title, stored[r.pk].killed_min) == (r.title, None)
        assert stored[r.pk].updated_at == before[r.pk]
    # A second call in the same transaction (PostgreSQL stages the rows in a temporary table).
    assert update_rows(SourceReport, ["killed_min"], [(None, changed[0].pk)]) == 1
    assert SourceReport.objects.get(pk=changed[0].pk).killed_min is None


@pytest.mark.django_db
def test_a_refused_update_raises_and_changes_nothing():
    reports = _reports(3)
    rows = [(5, reports[0].pk), (-1, reports[1].pk)]  # killed_min is positive
    with pytest.raises(IntegrityError), transaction.atomic():
        update_rows(SourceReport, ["killed_min"], rows)
    assert list(SourceReport.objects.values_list("killed_min", flat=True)) == [None] * 3
    # Nothing of the failed call is left in the way of the next one.
    assert update_rows(SourceReport, ["killed_min"], [(7, reports[2].pk)]) == 1
    assert SourceReport.objects.get(pk=reports[2].pk).killed_min == 7


@pytest.mark.django_db(transaction=True)
def test_update_rows_outside_a_transaction():
    reports = _reports(2)
    with pytest.raises(IntegrityError):
        update_rows(SourceReport, ["killed_min"], [(-1, reports[0].pk)])
    assert update_rows(SourceReport, ["killed_min"], [(3, reports[0].pk), (4, reports[1].pk)]) == 2
    assert sorted(SourceReport.objects.values_list("killed_min", flat=True)) == [3, 4]


@pytest.mark.django_db
def test_many_rows_update_as_a_few_do():
    """From BATCH rows up, both databases stage them in a temporary table; fewer go as
    statements."""
    source = Source.objects.create(name="Outlet")
    bulk_insert(
        [SourceReport(import_key=f"m{i}", source=source, title="old") for i in range(BATCH + 2)]
    )
    ids = list(SourceReport.objects.order_by("id").values_list("id", flat=True))
    before = SourceReport.objects.get(pk=ids[0]).updated_at
    rows = [(AWKWARD[i % len(AWKWARD)], i, pk) for i, pk in enumerate(ids)]
    assert update_rows(SourceReport, ["title", "killed_min"], iter(rows)) == len(ids)
    stored = list(SourceReport.objects.order_by("id").values_list("title", "killed_min"))
    assert stored == [(title, n) for title, n, _pk in rows]
    assert SourceReport.objects.get(pk=ids[0]).updated_at > before
    assert update_rows(SourceReport, ["killed_min"], iter([])) == 0
    # One refused row among many: the whole update is refused, nothing of it stays.
    refused = [(5, pk) for pk in ids[:-1]] + [(-1, ids[-1])]
    with pytest.raises(IntegrityError), transaction.atomic():
        update_rows(SourceReport, ["killed_min"], refused)
    assert list(SourceReport.objects.order_by("id").values_list("killed_min", flat=True)) == [
        n for _t, n, _pk in rows
    ]


@pytest.mark.django_db
def test_insert_rows_stores_json_as_save_does():
    """JSON goes to the database as json.dumps' text, not through Django's conversion: the
    stored values, awkward ones included, must read back as save() stores them."""
    values = [
        [],
        {},
        ["school", "idp_camp"],
        {"zawgyi": {"title": "ေက်ာင္း"}, "note": 'tab\t"quoted" \\N'},
        [{"pcode": "MMR005010", "score": 95.5}],
    ]
    reports = _reports(len(values) + 1)
    fields = ["report", "outcome", "judgement", "features", "decided_by", "by_human",
              "pending", "note", "decided_at"]  # fmt: skip
    when = datetime(2025, 5, 12, 9, 30, tzinfo=UTC)
    rows = [
        (r.pk, "new", "negative", value, "test", False, False, "", when)
        for r, value in zip(reports, values, strict=False)
    ]
    insert_rows(MatchDecision, fields, rows)
    saved = MatchDecision.objects.create(
        report=reports[-1], outcome="new", judgement="negative", features=values[3],
        decided_by="test", decided_at=when,
    )  # fmt: skip
    stored = MatchDecision.objects.exclude(pk=saved.pk).order_by("report_id")
    assert [d.features for d in stored] == values
    # The database holds the same for both: a lookup by value finds the two, empty ones too
    # (written without the encoder).
    assert MatchDecision.objects.filter(features=values[3]).count() == 2
    saved.features = []
    saved.save()
    assert MatchDecision.objects.filter(features=[]).count() == 2


@pytest.mark.django_db
def test_bulk_insert_gives_new_objects_ids_no_other_writer_takes():
    source = Source.objects.create(name="Outlet")
    saved = SourceReport.objects.create(import_key="first", source=source)
    taken = reserve_ids(SourceReport, 2)
    assert taken == [saved.pk + 1, saved.pk + 2]
    objs = [SourceReport(import_key=f"b{i}", source=source) for i in range(3)]
    objs[1].pk = taken[1]
    bulk_insert(objs)
    assert [o.pk for o in objs] == [saved.pk + 3, taken[1], saved.pk + 4]
    assert dict(SourceReport.objects.values_list("import_key", "id")) == {
        "first": saved.pk, "b0": saved.pk + 3, "b1": taken[1], "b2": saved.pk + 4,
    }  # fmt: skip
    # Neither a reserved id left unused nor one written is given out again.
    assert SourceReport.objects.create(import_key="after", source=source).pk == saved.pk + 5


@pytest.mark.django_db
@pytest.mark.parametrize("many", [False, True])
def test_work_given_to_an_update_runs_once_and_its_error_undoes_the_update(many):
    """It runs in a thread while many rows are updated in one statement; before a few."""
    source = Source.objects.create(name="Outlet")
    n = BATCH + 1 if many else 3
    bulk_insert([SourceReport(import_key=f"w{i}", source=source) for i in range(n)])
    ids = list(SourceReport.objects.values_list("id", flat=True))
    ran = []
    assert (
        update_rows(
            SourceReport, ["killed_min"], [(1, pk) for pk in ids],
            lambda: ran.append(threading.get_ident()),
        )
        == n
    )  # fmt: skip
    # Many rows: beside the one statement that updates them all, on either database.
    assert len(ran) == 1 and (ran[0] != threading.get_ident()) == many

    def fails():
        raise ValueError("beside")

    with pytest.raises(ValueError, match="beside"), transaction.atomic():
        update_rows(SourceReport, ["killed_min"], [(2, pk) for pk in ids], fails)
    assert set(SourceReport.objects.values_list("killed_min", flat=True)) == {1}
