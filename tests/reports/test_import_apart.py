"""Large files are read in a second process: the same reports, errors and refusals as in one."""

import io
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thitsa.reports import loading
from thitsa.reports.loading import ImportFormatError, import_file
from thitsa.reports.models import SourceReport, Witness

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
    monkeypatch.setattr(loading, "APART_BYTES", 0)
    # Batches of one row: the reader locates every other batch, this process the rest.
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
    monkeypatch.setattr(loading, "APART_BYTES", 10**12)
    import_file(path, "thitsa", progress=False)
    assert stored() == apart_rows
    assert apart_rows[0]["place_id"] and apart_rows[0]["place_candidates"]


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


def test_a_reader_that_dies_is_an_error_and_keeps_what_was_stored(tmp_path, monkeypatch):
    import_file(write(tmp_path, GOOD, "first.csv"), "thitsa", progress=False)
    monkeypatch.setattr(loading, "APART_BYTES", 0)

    def dying(path, **options):
        os._exit(3)
        yield  # a generator, as readers are

    monkeypatch.setitem(loading.IMPORTERS, "thitsa", dying)
    with pytest.raises(ImportFormatError, match="exit code 3"):
        import_file(write(tmp_path, GOOD, "second.csv"), "thitsa", progress=False)
    assert SourceReport.objects.count() == 2
