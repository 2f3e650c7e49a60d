"""Large files are read in a second process: the same reports, errors and refusals as in one."""

import io
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thitsa.reports import loading
from thitsa.reports.loading import ImportFormatError, import_file
from thitsa.reports.models import SourceReport, Witness
from thitsa.reports.records import RowError

from .test_import_thitsa_csv import BAD, GOOD, write

pytestmark = pytest.mark.django_db

_COMPARED = ("imported_at", "updated_at", "id", "source_id")


def stored() -> list[dict]:
    return [
        {k: v for k, v in row.items() if k not in _COMPARED}
        for row in SourceReport.objects.order_by("external_id").values()
    ]


@pytest.fixture
def apart(monkeypatch):
    # Whatever the file's size and the machine's cores.
    monkeypatch.setattr(loading, "_worth_a_second_process", lambda path: True)
    # Batches of one row: each crosses from the reader to this process on its own.
    monkeypatch.setattr(loading, "BATCH", 1)
    # Proof that the second process ran: it is the one that reads the file.
    parent, seen = os.getpid(), []
    reader = loading.IMPORTERS["thitsa"]

    def watched(path, **options):
        seen.append(os.getpid() != parent)
        yield from reader(path, **options)

    monkeypatch.setitem(loading.IMPORTERS, "thitsa", watched)
    return seen


def test_a_file_read_apart_stores_what_one_process_stores(tmp_path, monkeypatch, apart):
    path = write(tmp_path, [GOOD[0], *BAD, GOOD[1]])
    summary = import_file(path, "thitsa", progress=False)
    assert apart == []  # the reader ran in the child, so this process never saw it called
    assert summary.created == 2
    assert {(e.line, e.field) for e in summary.errors} == {
        (3, "event_date"), (4, "source"), (5, "killed"), (6, "latitude"),
    }  # fmt: skip
    assert Witness.objects.count() == 1
    apart_rows = stored()

    SourceReport.objects.all().delete()
    monkeypatch.setattr(loading, "_worth_a_second_process", lambda path: False)
    import_file(path, "thitsa", progress=False)
    assert stored() == apart_rows
    assert apart_rows[0]["place_id"] and apart_rows[0]["place_candidates"]


PLACES = ["Depayin", "Kani", "Hakha", "Tedim", "Loikaw", "Demoso", "Mindat", "Falam"]


def test_each_place_is_located_by_one_process_only(tmp_path, apart):
    rows = [
        f"p{i},Myanmar Now,media,https://example.org/p{i},2025-05-12,en,Raid,Raid,"
        f"2025-05-{10 + i % 3},{PLACES[i % len(PLACES)]},,,,,,,,,,,,,,"
        for i in range(24)
    ]  # fmt: skip
    summary = import_file(write(tmp_path, rows), "thitsa", progress=False)
    assert summary.created == 24
    # This process located the places outside the reader's half, and only those.
    mine = {text for text, _lat, _lon in summary.place_cache}
    assert mine == {p for p in PLACES if not loading._readers_place(_Row(p))}
    assert 0 < len(mine) < len(PLACES)
    # The reader's half arrived located all the same.
    assert SourceReport.objects.filter(place__isnull=True).count() == 0


class _Row:
    def __init__(self, place_text):
        self.place_text = place_text


def test_importing_twice_apart_adds_nothing(tmp_path, apart):
    path = write(tmp_path, GOOD)
    import_file(path, "thitsa", progress=False)
    again = import_file(path, "thitsa", progress=False)
    assert (again.created, again.existing) == (0, 2)


def test_a_refused_header_is_raised_in_the_storing_process(tmp_path, apart):
    path = tmp_path / "x.csv"
    path.write_text("foo,bar\n1,2\n")
    with pytest.raises(CommandError, match="needs the columns source and text"):
        call_command("import", str(path), format="thitsa", stdout=io.StringIO(), no_progress=True)


def test_a_reader_that_dies_is_an_error_and_keeps_what_was_stored(tmp_path, monkeypatch, apart):
    reader = loading.IMPORTERS["thitsa"]

    def dying(path, **options):
        rows = reader(path, **options)
        yield next(rows)
        yield next(rows)
        os._exit(3)

    monkeypatch.setitem(loading.IMPORTERS, "thitsa", dying)
    with pytest.raises(ImportFormatError, match="exit code 3"):
        import_file(write(tmp_path, GOOD), "thitsa", progress=False)
    # Both rows were sent (batches of one) before the reader died: both are stored.
    assert sorted(SourceReport.objects.values_list("external_id", flat=True)) == ["r1", "r2"]


def test_a_reader_that_fails_part_way_stores_the_rows_before_and_raises_its_error(
    tmp_path, monkeypatch, apart
):
    reader = loading.IMPORTERS["thitsa"]

    def failing(path, **options):
        rows = reader(path, **options)
        yield next(rows)
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    monkeypatch.setitem(loading.IMPORTERS, "thitsa", failing)
    with pytest.raises(UnicodeDecodeError) as raised:
        import_file(write(tmp_path, GOOD), "thitsa", progress=False)
    assert "in the forked process" in "\n".join(raised.value.__notes__)
    assert list(SourceReport.objects.values_list("external_id", flat=True)) == ["r1"]


def test_when_storing_fails_the_reader_ends_at_once(tmp_path, monkeypatch, apart):
    import multiprocessing
    import time

    stored = loading._store

    def failing_store(batch, summary, update=False):
        if summary.created:
            raise RuntimeError("disk full")
        return stored(batch, summary, update)

    monkeypatch.setattr(loading, "_store", failing_store)
    # Rows larger than a pipe's buffer: the reader is blocked sending the next one when this
    # process fails.
    long = [f"r{i},Outlet,media,,2025-05-12,en,Title {i},{'x' * 100_000},2025-05-12,Tabayin,,,,,,,,"
            ",,,,,," for i in range(6)]  # fmt: skip
    started = time.perf_counter()
    with pytest.raises(RuntimeError, match="disk full"):
        import_file(write(tmp_path, long), "thitsa", progress=False)
    assert time.perf_counter() - started < 4  # not the 5 s wait for a reader stuck in send
    assert multiprocessing.active_children() == []
    assert SourceReport.objects.count() == 1


def test_a_row_error_of_a_readers_own_kind_keeps_its_kind_across_the_pipe():
    import pickle

    from thitsa.reports.importers.kobo import MappingError

    error = pickle.loads(pickle.dumps(MappingError(0, "form.yaml", "not YAML")))
    assert type(error) is MappingError and str(error) == "mapping form.yaml: not YAML"


def test_choosing_a_second_process_works_where_the_os_has_no_cpu_affinity(tmp_path, monkeypatch):
    # macOS has fork but no os.sched_getaffinity: a large import there crashed choosing.
    big = tmp_path / "big.csv"
    with open(big, "wb") as fh:
        fh.truncate(loading.APART_BYTES)
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert loading._worth_a_second_process(big) is (
        "fork" in loading.multiprocessing.get_all_start_methods()
    )
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert loading._worth_a_second_process(big) is False


def test_an_import_with_its_progress_bar_leaves_no_thread_behind(tmp_path):
    """tqdm starts a monitor thread that outlives its bar; a bulk match later in the same
    process (a benchmark, a script) forks only while no other thread runs."""
    import threading

    before = threading.enumerate()
    import_file(write(tmp_path, GOOD), "thitsa", progress=True)
    assert threading.enumerate() == before


def test_a_bad_byte_read_apart_is_named_by_its_line_after_the_rows_before(tmp_path, apart):
    path = write(tmp_path, GOOD)
    bad = "cafe,Myanmar Now,media,,,en,Caf\xe9,Bomb at the caf\xe9,2025-05-12,,,,,,,,1,,,\n"
    path.write_bytes(path.read_bytes() + bad.encode("latin-1"))
    with pytest.raises(RowError, match="^line 4: not UTF-8 \\(byte 0xe9\\)"):
        import_file(path, "thitsa", progress=False)
    assert sorted(SourceReport.objects.values_list("external_id", flat=True)) == ["r1", "r2"]


def test_rows_cross_the_pipe_whole_and_share_their_time_zones():
    import pickle
    from datetime import timedelta

    from thitsa.reports.casualties import parse_casualties
    from thitsa.reports.records import ReportRow, parse_datetime

    rows = [
        ReportRow(
            source="Myanmar Now", import_format="thitsa", external_id=f"r{i}", title="ကလေး",
            published_at=parse_datetime(f"2025-05-1{i}T08:00:00+06:30", i, "published_at"),
            casualties={"killed": parse_casualties("at least 5")}, targets=["school"],
            extra={"zawgyi": {"title": "x"}}, witness={"name": "Daw Hla"}, line=i + 2,
        )
        for i in range(3)
    ]  # fmt: skip
    back = pickle.loads(pickle.dumps(rows, pickle.HIGHEST_PROTOCOL))
    assert back == rows and [r.line for r in back] == [2, 3, 4]
    assert back[0].published_at.utcoffset() == timedelta(hours=6, minutes=30)
    # One zone object for the offset: pickled once for the batch, not once a row.
    assert len({id(r.published_at.tzinfo) for r in rows}) == 1
    assert len({id(r.published_at.tzinfo) for r in back}) == 1


def test_an_import_runs_without_the_cycle_collector_and_restores_it(tmp_path, monkeypatch, apart):
    import gc

    reader = loading.IMPORTERS["thitsa"]

    def checked(path, broken=False, **options):
        # In the forked reader, which inherits the setting.
        if gc.isenabled():
            raise RuntimeError("the cycle collector ran during the import")
        for line, item in reader(path, **options):
            yield line, item
            if broken:
                raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    monkeypatch.setitem(loading.IMPORTERS, "thitsa", checked)
    assert gc.isenabled()
    path = write(tmp_path, GOOD)
    assert import_file(path, "thitsa", progress=False).created == 2
    assert gc.isenabled()
    with pytest.raises(UnicodeDecodeError):
        import_file(path, "thitsa", progress=False, options={"broken": True})
    assert gc.isenabled()
