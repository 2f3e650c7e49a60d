"""`thitsa export -o FILE`: an earlier export there is replaced whole or left alone."""

from __future__ import annotations

import io
import stat

import pytest
from django.core.management import CommandError, call_command

from thitsa.accounts.models import AccessLog
from thitsa.publish.exports import EXPORTERS

pytestmark = pytest.mark.django_db


def export(*args: str) -> str:
    err = io.StringIO()
    call_command("export", *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


@pytest.fixture
def earlier(tmp_path):
    path = tmp_path / "keep.csv"
    path.write_text("yesterday's export\n")
    return path


def test_a_refused_format_leaves_the_earlier_file_and_logs_nothing(earlier):
    with pytest.raises(CommandError, match="one row per event"):
        export("reports", "--format", "acled", "-o", str(earlier))
    assert earlier.read_text() == "yesterday's export\n"
    assert not AccessLog.objects.exists()


def test_an_error_half_way_leaves_the_earlier_file_and_no_partial_one(earlier, monkeypatch):
    def broken(kind, out, public=False):
        out.write("incident_id\nMMR-2025-000001\n")
        raise RuntimeError("the database went away")

    monkeypatch.setitem(EXPORTERS, "csv", broken)
    with pytest.raises(RuntimeError):
        export("incidents", "-o", str(earlier))
    assert earlier.read_text() == "yesterday's export\n"
    assert [p.name for p in earlier.parent.iterdir()] == ["keep.csv"]


def test_a_new_export_replaces_the_earlier_one(earlier):
    assert "wrote 0 incidents" in export("incidents", "-o", str(earlier))
    assert earlier.read_text().startswith("incident_id,")
    assert [p.name for p in earlier.parent.iterdir()] == ["keep.csv"]


@pytest.mark.parametrize("public, mode", [(False, 0o600), (True, 0o644)])
def test_restricted_exports_are_for_this_account_only(tmp_path, public, mode):
    path = tmp_path / "incidents.csv"
    export("incidents", "-o", str(path), *(["--public"] if public else []))
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.parametrize(
    "where, message",
    [("nowhere/x.csv", "cannot write .*nowhere/x.csv: No such file"), (".", "is a folder")],
)
def test_an_output_that_cannot_be_written_is_a_one_line_error(tmp_path, where, message):
    with pytest.raises(CommandError, match=message):
        export("incidents", "-o", str(tmp_path / where))


def test_a_dash_for_the_output_is_stdout(tmp_path, monkeypatch, capsys):
    """As everywhere on the command line: `-o -` wrote a file named "-"."""
    monkeypatch.chdir(tmp_path)
    assert "wrote" not in export("incidents", "--public", "-o", "-")
    assert capsys.readouterr().out.startswith("incident_id,")
    assert list(tmp_path.iterdir()) == []


def test_an_export_of_everything_says_it_is_not_for_publication(db, tmp_path):
    # Found by a newcomer: the ACLED export wrote restricted incidents (witness-only sources
    # among them) and said only "wrote 4,502 incidents".
    said = export("incidents", "--format", "acled", "-o", str(tmp_path / "a.csv"))
    assert "not for publication" in said
    assert "not for publication" not in export(
        "incidents", "--public", "-o", str(tmp_path / "b.csv")
    )
