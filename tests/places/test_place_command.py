from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from thitsa.places.resolver import resolve

TABAYIN, KANBALU, SHWEBO = "MMR005010", "MMR005007", "MMR005004"

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("place", "resolve", *args, stdout=out)
    return out.getvalue()


def test_resolve_at_point_text():
    out = run("--at", "22.65185,95.20943")
    assert "MMR005010" in out and "Tabayin" in out
    assert "172637" in out and "Oe Htein Kwin (North)" in out and "0.00 km" in out


def test_resolve_at_point_json():
    out = json.loads(run("--at", "22.65185, 95.20943", "--json"))
    assert out["at"] == [22.65185, 95.20943]
    assert out["township"]["pcode"] == "MMR005010"
    assert out["nearest_village"]["pcode"] == "172637"
    assert out["nearest_village"]["township_pcode"] == "MMR005010"
    assert out["nearest_village"]["km"] < 0.01


def test_resolve_at_point_outside():
    out = json.loads(run("--at", "1,1", "--json"))
    assert out["township"] is None and out["nearest_village"] is None


def test_a_point_just_across_the_border_is_said_to_be_outside_the_township():
    """Found by a documentation officer: Moreh, in India (3 km from the border), was "township
    Tamu" with no word that it lay outside Myanmar."""
    out = json.loads(run("--at", "24.2446,94.3030", "--json"))
    assert out["township"]["pcode"] == "MMR005030" and out["township"]["inside"] is False
    assert "the point is outside it" in run("--at", "24.2446,94.3030")
    assert json.loads(run("--at", "22.65185,95.20943", "--json"))["township"]["inside"] is True


def test_resolve_at_bad_point():
    with pytest.raises(CommandError):
        run("--at", "22.6")


def test_resolve_name_json_and_zawgyi(tmp_path):
    names = tmp_path / "names.txt"
    names.write_text("Depayin Township\nဒီပဲယင္းၿမိဳ႕နယ္\n\n", encoding="utf-8")
    lines = [json.loads(x) for x in run("--file", str(names), "--json").splitlines()]
    assert [x["matches"][0]["township_pcode"] for x in lines[:2]] == ["MMR005010", "MMR005010"]
    # Output line N answers input line N: a blank line gets an object with no match.
    assert lines[2] == {"query": "", "matches": [], "tied": 0} and len(lines) == 3


def test_a_tie_is_told_whatever_the_limit_and_a_town_is_not_its_townships_rival():
    """Found by a user's review: --limit 1 printed one "best" Htantabin, of two townships so
    named; and a township tied with its own town and district was "ambiguous: 3"."""
    out = run("Htantabin Township", "--limit", "1")
    assert "ambiguous: 2 different places match equally well" in out
    [line] = run("Htantabin Township", "--limit", "1", "--json").splitlines()
    assert json.loads(line)["tied"] == 2 and len(json.loads(line)["matches"]) == 1
    [line] = run("Hakha Township", "--json").splitlines()
    assert json.loads(line)["tied"] == 1


def test_a_township_tied_with_villages_of_its_name_is_said_to_come_first():
    # "ambiguous: 34" for a bare "Kani" read as doubt about the township, which it is.
    out = run("Kani")
    assert "the township first; 33 places elsewhere" in out and "ambiguous" not in out
    assert "ambiguous: 2 different places" in run("Minhla Township", "--limit", "1")


def test_two_quoted_names_are_two_queries():
    # Joined, "Minhla Township" "Kani township" was one query and one answer.
    out = run("Hakha Township", "Kani township")
    assert out.count("best") == 2 and out.endswith("2 of 2 names matched.\n")
    assert "1 of 1 names matched" in run("Let", "Yet", "Kone")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Depayin\n\xff\xfeBad\n", "names.txt: not UTF-8 text \\(line 2\\)"),
        ("Depayin\nHakha\n".encode("utf-16-le"), "names.txt, line 1: holds a NUL character"),
    ],
)
def test_a_names_file_with_a_bad_line_names_the_line(tmp_path, content, message):
    names = tmp_path / "names.txt"
    names.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run("--file", str(names))


def test_the_table_leaves_blank_lines_out(tmp_path):
    names = tmp_path / "names.txt"
    names.write_text("Depayin\n\n  \nKale\n", encoding="utf-8")
    assert run("--file", str(names)).splitlines()[-1] == "2 of 2 names matched."


def not_utf8(folder):
    path = folder / "cp1252.txt"
    path.write_bytes("Depayin\ncafé\n".encode("cp1252"))
    return path


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda folder: folder / "missing.txt", "No such file or directory"),
        (lambda folder: folder, "Is a directory"),
        (not_utf8, "not UTF-8 text"),
    ],
    ids=["missing", "folder", "not-utf8"],
)
def test_a_names_file_that_cannot_be_read_is_a_one_line_error(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(CommandError, match=f"^{path}: {message}"):
        run("--file", str(path))


def test_resolve_name_with_point_context():
    out = run("Oe Htein Kwin", "--at", "22.65185,95.20943", "--json")
    assert json.loads(out)["matches"][0]["township_pcode"] == "MMR005010"


@pytest.mark.parametrize(
    "text, township",
    [
        # Zawgyi-typed (as many phones still type it), and the same in Unicode.
        ("ဒီပဲယင္းၿမိဳ႕နယ္", TABAYIN),
        ("ဒီပဲယင္း", TABAYIN),
        ("ကန္႔ဘလူၿမိဳ႕နယ္", KANBALU),
        ("ေရႊဘိုၿမိဳ႕နယ္", SHWEBO),
        ("ဒီပဲယင်းမြို့နယ်", TABAYIN),
        # Unicode with marks typed out of order (u before i, zero width space inside).
        ("ကန့်ဘလူ\u200bမြို့နယ်", KANBALU),
        ("ရွှေဘုိမြို့နယ်", SHWEBO),
    ],
)
def test_zawgyi_and_unordered_burmese(text, township):
    assert resolve(text)[0].township_pcode == township


def test_unicode_that_looks_like_zawgyi_still_matches():
    # Pali stacking (U+1039) in correct Unicode: the Zawgyi detector says Zawgyi, but the text
    # as typed names a village; both readings are tried.
    from thitsa.burmese.zawgyi import is_zawgyi

    assert is_zawgyi("ကုက္ကိုစု")
    assert resolve("ကုက္ကိုစု")[0].name_my == "ကုက္ကိုစု"


@pytest.mark.parametrize("args", [("--limit", "0"), ("--limit", "-1"), ("--max-km", "0")])
def test_a_limit_or_distance_below_one_is_a_usage_error(args):
    """--limit 0 printed "no match" for names that match."""
    with pytest.raises(CommandError, match="give"):
        run("Depayin", *args)
