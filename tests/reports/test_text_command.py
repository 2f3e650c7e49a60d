import io

import pytest
from django.core.management import call_command

from thitsa.reports.loading import clean_text
from thitsa.reports.records import ReportRow

LINES = ["ျမန္မာ", "မြန်မာ", "", "Depayin", "မြန်\u200bမာ ၁ဝ ဦး"]
CLEAN = ["မြန်မာ", "မြန်မာ", "", "Depayin", "မြန်မာ ၁၀ ဦး"]


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("text", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def stdin(monkeypatch):
    def feed(text: str) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO(text))

    return feed


def test_it_cleans_standard_input_one_line_out_for_each_line_in(stdin):
    stdin("\n".join(LINES) + "\n")
    out, err = run("clean")
    assert out.splitlines() == CLEAN
    assert "5 lines: 1 Zawgyi converted, 2 changed" in err


def test_a_stray_carriage_return_does_not_make_two_lines_of_one(tmp_path):
    # Universal newlines read "a\rb" as two lines: one line in gave two out.
    path = tmp_path / "posts.txt"
    path.write_bytes("Depayin\rKani\nျမန္မာ\r\r\n".encode())
    out, err = run("clean", "--file", str(path))
    assert out.split("\n")[:-1] == ["Depayin\rKani", "မြန်မာ"]
    assert "2 lines" in err


def test_it_cleans_a_file(tmp_path):
    path = tmp_path / "posts.txt"
    path.write_text("\ufeff" + "\r\n".join(LINES), encoding="utf-8")
    out, _err = run("clean", "--file", str(path))
    assert out.splitlines() == CLEAN


def test_it_shows_the_zawgyi_probability_of_each_line(stdin):
    stdin("ျမန္မာ\nDepayin\n")
    out, _err = run("clean", "--detect")
    first, second = (line.split("\t") for line in out.splitlines())
    assert float(first[0]) > 0.95 and first[1] == "မြန်မာ"
    assert second == ["0.0000", "Depayin"]


def test_a_missing_file_is_an_error(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No such file"):
        run("clean", "--file", str(tmp_path / "nothing.txt"))


def test_a_file_that_is_not_utf8_is_a_one_line_error(tmp_path):
    from django.core.management import CommandError

    path = tmp_path / "cp1252.txt"
    path.write_bytes("Depayin\ncafé\n".encode("cp1252"))
    with pytest.raises(CommandError, match="cp1252.txt: not UTF-8 text"):
        run("clean", "--file", str(path))


def test_standard_input_that_is_not_utf8_is_refused_not_passed_through(monkeypatch):
    # Under LANG=C Python reads standard input with surrogateescape: the bytes went out again
    # as they came, with exit status 0.
    from django.core.management import CommandError

    raw = io.BytesIO("မြန်မာ\n".encode() + b"\xff\xfe bad\n")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(raw, "utf-8", "surrogateescape"))
    with pytest.raises(CommandError, match="standard input: not UTF-8 text"):
        run("clean")


def test_imported_text_is_cleaned_and_the_original_kept():
    row = ReportRow(source="x", import_format="thitsa", text="မြန်\u200bမာ", title="Depayin")
    clean_text(row)
    assert row.text == "မြန်မာ"
    assert row.extra == {"original": {"text": "မြန်\u200bမာ"}}

    zawgyi = ReportRow(source="x", import_format="thitsa", text="ေက်ာင္း", place_text="ၿမိဳ႕နယ္")
    clean_text(zawgyi)
    assert (zawgyi.text, zawgyi.place_text) == ("ကျောင်း", "မြို့နယ်")
    assert zawgyi.extra["zawgyi"] == {"text": "ေက်ာင္း", "place_text": "ၿမိဳ႕နယ္"}


def test_one_line_is_counted_as_one_line(stdin):
    stdin("မြန်မာ\n")
    _out, err = run("clean")
    assert "1 line: 0 Zawgyi converted" in err


def test_unicode_the_detector_takes_for_zawgyi_is_left_as_it_is(stdin):
    """Found by a review: `text clean` converted by the detector's score alone, so valid
    Unicode it scored high (ရွာ, village) came out as other words (ရှာ, search)."""
    lines = ["ရွာကို", "ငါးရွာ", "ရွာသား ၃ ဦး"]
    stdin("\n".join(lines) + "\n")
    out, err = run("clean")
    assert out.splitlines() == lines
    assert "0 Zawgyi converted" in err
