"""`thitsa import`: every path checked first; what was stored is reported, matched and indexed
whether or not each file was read to its end."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import make_person
from thitsa.incidents.matching import match_reports
from thitsa.incidents.models import Incident
from thitsa.reports import loading
from thitsa.reports.loading import ImportFormatError, import_file
from thitsa.reports.models import Source, SourceReport
from thitsa.search.models import Document

from .test_import_encodings import MANY, latin1_file
from .test_import_thitsa_csv import BAD, GOOD, HEADER, write

pytestmark = pytest.mark.django_db


def run(*paths, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    options = {"format": "thitsa", "no_progress": True, **options}
    try:
        call_command("import", *map(str, paths), stdout=out, stderr=err, **options)
    finally:
        run.out, run.err = out.getvalue(), err.getvalue()
    return run.out, run.err


def matched_and_indexed() -> tuple[int, int, int]:
    reports = SourceReport.objects
    indexed = Document.objects.filter(kind="report").count()
    return reports.count(), reports.filter(incident__isnull=False).count(), indexed


def test_a_file_that_fails_part_way_reports_matches_and_indexes_what_was_stored(tmp_path):
    with pytest.raises(CommandError) as raised:
        run(latin1_file(tmp_path))
    assert str(raised.value).endswith(
        "latin1.csv: line 150: not UTF-8 (byte 0xe9): save the file as CSV UTF-8"
    )
    assert f"{len(MANY)} new reports" in run.out
    assert matched_and_indexed() == (len(MANY), len(MANY), len(MANY))


def test_when_storing_fails_what_was_stored_before_is_still_matched_and_indexed(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(loading, "BATCH", 1)
    store = loading._store

    def failing(batch, summary, update=False):
        if summary.created:
            raise RuntimeError("disk full")
        return store(batch, summary, update)

    monkeypatch.setattr(loading, "_store", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        run(write(tmp_path, GOOD))
    assert "1 new report," in run.out
    assert matched_and_indexed() == (1, 1, 1)


def test_every_path_is_checked_before_anything_is_imported(tmp_path):
    good = write(tmp_path, GOOD)
    (tmp_path / "folder").mkdir()
    with pytest.raises(CommandError) as raised:
        run(good, tmp_path / "missing.csv", tmp_path / "folder")
    assert "missing.csv: no such file" in str(raised.value)
    assert "folder: is a directory" in str(raised.value)
    assert str(good) not in str(raised.value)
    assert SourceReport.objects.count() == 0


def test_a_directory_is_named_as_one(tmp_path):
    with pytest.raises(ImportFormatError, match="is a directory"):
        import_file(tmp_path, "thitsa", progress=False)


def test_a_refused_file_does_not_keep_the_next_from_being_imported(tmp_path):
    refused = tmp_path / "refused.csv"
    refused.write_text("foo,bar\n1,2\n")
    with pytest.raises(CommandError, match="refused.csv: line 1, field header: needs the columns"):
        run(refused, write(tmp_path, GOOD))
    assert matched_and_indexed() == (2, 2, 2)


@pytest.mark.parametrize(
    "fmt, content",
    [
        ("thitsa", ""),
        ("thitsa", HEADER + "\n"),
        ("thitsa", "\ufeff" + HEADER + "\n\n"),
        ("acled", ""),
        ("acled", "event_id_cnty,event_date,notes\n"),
        ("ucdp", ""),
        ("kobo", ""),
    ],
)
def test_a_file_without_rows_is_warned_about(tmp_path, fmt, content):
    path = tmp_path / "empty.csv"
    path.write_text(content, encoding="utf-8")
    run(path, format=fmt)
    assert "empty.csv: no rows" in run.err


def test_a_file_separated_by_semicolons_is_refused_with_a_hint(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text(HEADER.replace(",", ";") + "\n" + GOOD[0].replace(",", ";") + "\n")
    with pytest.raises(CommandError, match="needs the columns source and text .*separated by ';'"):
        run(path)


@pytest.mark.parametrize("fmt", ["acled", "ucdp"])
def test_a_dataset_separated_by_semicolons_is_refused_with_a_hint(tmp_path, fmt):
    path = tmp_path / "excel.csv"
    path.write_text("event_id_cnty;event_date;notes;id;date_start;latitude;longitude;best\n")
    with pytest.raises(CommandError, match="separated by ';'"):
        run(path, format=fmt)


def test_a_kobo_file_that_does_not_fit_the_sample_form_points_to_a_mapping(tmp_path):
    path = tmp_path / "form.csv"
    path.write_text("what_happened,where\nA jet bombed the school,Tabayin\n")
    with pytest.raises(CommandError) as raised:
        run(path, format="kobo")
    assert "--mapping" in str(raised.value)
    assert "thitsa/reports/samples/kobo_mapping.yaml" in str(raised.value)


def test_a_reimport_of_rejected_rows_does_not_claim_rows_were_imported(tmp_path):
    path = write(tmp_path, [*BAD, GOOD[0]])
    with pytest.raises(CommandError, match="the other rows were imported"):
        run(path)
    with pytest.raises(CommandError) as raised:
        run(path)
    assert str(raised.value) == "4 rows rejected; the other row was already stored"


def test_a_wrong_mapping_is_named_once_before_any_file_is_read(tmp_path):
    mapping = tmp_path / "form.yaml"
    mapping.write_text("fields: [unclosed\n")
    first, second = write(tmp_path, GOOD, "a.csv"), write(tmp_path, GOOD, "b.csv")
    with pytest.raises(CommandError) as raised:
        run(first, second, format="kobo", mapping=str(mapping))
    assert str(raised.value).startswith(f"mapping {mapping}: not YAML")
    assert "a.csv" not in str(raised.value) and "b.csv" not in str(raised.value)


# `thitsa source NAME`: where two sources differ only in case, the exact name must win; it
# set the other one's reliability.
@pytest.mark.django_db
def test_source_command_sets_the_source_with_the_exact_name():
    Source.objects.create(name="Myanmar Now", reliability="B")
    Source.objects.create(name="myanmar now", reliability="F")
    make_person("verifier")
    call_command(
        "source", "myanmar now", "--reliability", "E", "--by", "verifier@example.org",
        stdout=io.StringIO(),
    )  # fmt: skip
    assert Source.objects.get(name="myanmar now").reliability == "E"
    assert Source.objects.get(name="Myanmar Now").reliability == "B"


# ACLED: a revised event refused without --update is one row, but it is counted once per
# outlet: "3 rows rejected" for a file with one refused row.
ACLED_HEADER = (
    "event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,admin1,admin2,"
    "admin3,location,latitude,longitude,geo_precision,source,notes,fatalities\n"
)


def _acled_event(tmp_path, name, killed):
    path = tmp_path / name
    path.write_text(
        ACLED_HEADER + "MMR63001,2025-05-12,1,Explosions/Remote violence,Air/drone strike,"
        "Military Forces of Myanmar (2021-),Sagaing,Shwebo,Tabayin,Let Yet Kone,22.6768,95.4024,"
        f'1,Myanmar Now; Radio Free Asia; The Irrawaddy,"A jet bombed a school.",{killed}\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.django_db
def test_a_refused_acled_row_is_counted_once_not_once_per_outlet(tmp_path):
    call_command(
        "import", str(_acled_event(tmp_path, "first.csv", 22)), format="acled",
        no_progress=True, stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    assert SourceReport.objects.count() == 3
    with pytest.raises(Exception) as refused:
        call_command(
            "import", str(_acled_event(tmp_path, "revised.csv", 24)), format="acled",
            no_progress=True, stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip
    assert "1 row rejected" in str(refused.value)


# Sources: "Myanmar Now" and "MYANMAR NOW" are one outlet to the import key, to ACLED's
# outlet list and to `thitsa source`, but the import stores them as two sources, which then
# count as two independent sources ("fair" from one outlet).
@pytest.mark.django_db
def test_one_outlet_written_in_two_cases_is_one_source(tmp_path):
    path = tmp_path / "reports.csv"
    path.write_text(
        "report_id,source,title,event_date,place,killed\n"
        "mn-1,Myanmar Now,Jet bombs school in Oe Htein Kwin,2025-05-12,"
        '"Oe Htein Kwin, Tabayin",22\n'
        "mn-2,MYANMAR NOW,Death toll in Oe Htein Kwin school bombing rises,2025-05-12,"
        '"Oe Htein Kwin, Tabayin",24\n',
        encoding="utf-8",
    )
    import_file(path, "thitsa", progress=False)
    match_reports()
    assert Source.objects.count() == 1
    assert Incident.objects.get().grade == "weak"


@pytest.mark.django_db
def test_a_stored_source_with_a_non_ascii_capital_is_found_again_by_the_next_import(tmp_path):
    """loading._sources compares Python's str.lower() with the database's LOWER(), which on
    SQLite folds ASCII letters only: a stored source named "Élan Media" is not found, the
    import creates it again and fails on the unique name (it was found by its exact name
    before the change). SQLite only: PostgreSQL's LOWER() folds it, and there it passes."""
    Source.objects.create(name="Élan Media", kind="media")
    path = tmp_path / "reports.csv"
    path.write_text(
        "report_id,source,title,event_date,place,killed\n"
        'el-1,Élan Media,Jet bombs school,2025-05-12,"Oe Htein Kwin, Tabayin",22\n',
        encoding="utf-8",
    )
    summary = import_file(path, "thitsa", progress=False)
    assert summary.created == 1
    assert Source.objects.count() == 1


@pytest.mark.parametrize("stage", ["reading", "matching"])
def test_ctrl_c_says_what_to_do_next_not_a_traceback(tmp_path, monkeypatch, stage):
    """Found by a review of the importers: Ctrl-C during an import printed a KeyboardInterrupt
    traceback and nothing of what was stored or what to do."""

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    if stage == "reading":
        monkeypatch.setattr("thitsa.reports.management.commands.import.import_file", interrupted)
    else:
        monkeypatch.setattr("thitsa.incidents.matching.match_reports", interrupted)
    with pytest.raises(CommandError, match=f"interrupted while {stage}: .*thitsa match"):
        run(write(tmp_path, GOOD))
