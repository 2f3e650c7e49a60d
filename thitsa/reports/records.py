"""What an importer hands over: one parsed report, or the reason a row was rejected."""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import itertools
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, timedelta, tzinfo
from datetime import timezone as dt_timezone
from functools import lru_cache
from operator import attrgetter

from django.utils import timezone

from thitsa.burmese.dates import parse_date, weekday_clash
from thitsa.burmese.digits import to_ascii_digits
from thitsa.reports.casualties import CasualtyError, CasualtyRange, parse_casualties

EARLIEST_YEAR = 1900  # an event date before it is a typo ("0025-05-12")

COUNT_FIELDS = ("killed", "injured", "killed_children", "injured_children")
# Each count is stored as a range: killed_min, killed_max, injured_min, ...
COUNT_COLUMNS = tuple(f"{name}_{end}" for name in COUNT_FIELDS for end in ("min", "max"))


# Byte-order marks: Excel's "CSV UTF-8" starts with the first, its "Unicode text" (UTF-16,
# tab-separated) with one of the others. Without one a file is read as UTF-8.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ZIP = b"PK\x03\x04"
# A byte the encoding cannot read becomes one of these (as Python's "surrogateescape" writes it,
# for any byte): the file's lines are checked as they are read, so the error names its line.
BAD_BYTE = "thitsa.bad_byte"
ESCAPED = re.compile("[\udc00-\udcff]")


def _escape_bad_bytes(exc: UnicodeDecodeError) -> tuple[str, int]:
    return "".join(chr(0xDC00 + b) for b in exc.object[exc.start : exc.end]), exc.end


codecs.register_error(BAD_BYTE, _escape_bad_bytes)


def open_text(path) -> TextLines:
    """Open a CSV for reading, gzipped or not: UTF-8, or UTF-16 after its byte-order mark (which
    is dropped). An Excel workbook is refused with how to save it as a CSV."""
    raw = gzip.open(path, "rb") if str(path).endswith(".gz") else open(path, "rb")  # noqa: SIM115
    try:
        head = raw.peek(4)[:4]
        if head == _ZIP:
            raise ImportFormatError(f"{path}: {_zip_kind(path)}")
        encoding = next((name for bom, name in _BOMS if head.startswith(bom)), "utf-8-sig")
        return TextLines(raw, encoding, str(path))
    except _DAMAGED_GZIP as exc:
        raw.close()
        raise ImportFormatError(f"{path}: {_gzip_problem(exc, 0)}") from None
    except BaseException:
        raw.close()
        raise


# What gzip raises for a file that is not gzip, or one cut short or damaged.
_DAMAGED_GZIP = (gzip.BadGzipFile, EOFError, zlib.error)


def _gzip_problem(exc: BaseException, lines: int) -> str:
    if isinstance(exc, EOFError):
        return f"the compressed file ends after line {lines:,}, cut short: copy it again"
    return f"not a readable gzip file ({exc}): give the CSV itself, or gzip it again"


def _zip_kind(path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            workbook = any(name.startswith("xl/") for name in archive.namelist())
    except (zipfile.BadZipFile, OSError):
        workbook = False
    if workbook:
        return (
            "this is an Excel workbook: save it as CSV UTF-8 "
            "(or use --format kobo for KoboToolbox XLSX)"
        )
    return "this is a ZIP archive, not a CSV file: unzip it and import the CSV inside"


class TextLines:
    """A text file's lines, for `csv`. A byte the encoding cannot read stops the reading at its
    line: the decoder's own error gives a position within the block it was decoding, and the
    rows of that block before the bad byte would never reach the importer."""

    def __init__(self, raw, encoding: str, name: str = ""):
        self._name = name
        self._text = io.TextIOWrapper(raw, encoding=encoding, errors=BAD_BYTE, newline="")
        self._encoding = "UTF-16" if encoding == "utf-16" else "UTF-8"
        # The line last read: readline keeps it, iterating sets it only at a bad byte.
        self._line = 0
        first = self._text.readline()
        self._first = [first] if first else []
        # Excel's "Unicode text" separates its columns with tabs; a CSV, with commas.
        self.delimiter = "\t" if "\t" in first and "," not in first else ","

    def __enter__(self) -> TextLines:
        return self

    def __exit__(self, *exc) -> None:
        self._text.close()

    def __iter__(self) -> Iterator[str]:
        search = ESCAPED.search  # a lookup less per line: csv reads millions of them
        lines = itertools.chain(self._pop_first(), self._text)
        line = self._line
        try:
            for line, text in enumerate(lines, start=self._line + 1):  # noqa: B007
                if search(text):
                    self._line = line
                    self._refuse(text)
                yield text
        except _DAMAGED_GZIP as exc:
            raise ImportFormatError(f"{self._name}: {_gzip_problem(exc, line)}") from None

    def readline(self) -> str:
        first = self._pop_first()
        try:
            text = first[0] if first else self._text.readline()
        except _DAMAGED_GZIP as exc:
            raise ImportFormatError(f"{self._name}: {_gzip_problem(exc, self._line)}") from None
        if text:
            self._line += 1
        if ESCAPED.search(text):
            self._refuse(text)
        return text

    def _pop_first(self) -> list[str]:
        first, self._first = self._first, []
        return first

    def _refuse(self, text: str) -> None:
        byte = ord(ESCAPED.search(text)[0]) - 0xDC00
        raise RowError(
            self._line, "", f"not {self._encoding} (byte {byte:#04x}): save the file as CSV UTF-8"
        )


def csv_rows(reader, lines_before: int = 0) -> Iterator:
    """The rows of a `csv` reader; a row it cannot read refuses the file at the line the row
    starts on (`lines_before`: lines read before the reader began). A quote left open makes
    csv read the rest of the file into one field, until it passes csv's size limit."""
    while True:
        start = lines_before + reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = str(exc)
            if "field limit" in reason:
                # The limit is what finds a quote left open: csv reads the rest of the file
                # into that field without a word. So a longer text is refused too, and said.
                reason = (
                    f"a field runs on past {csv.field_size_limit():,} characters: "
                    'is a quote (") opened here and never closed? (A text longer than that '
                    "is not read: cut it, or import it as a Telegram export.)"
                )
            raise RowError(start, "", reason) from None
        yield row


def ran_on(error: RowError, last_line: int) -> RowError:
    """A refused row's error, saying so when the row ran on past its line: a quote opened in
    a field and not closed takes in the lines after it up to the next quote, and the rows on
    them were refused with it without a word (an ACLED row's notes, the next event's
    fatalities)."""
    if last_line <= error.line:
        return error
    hint = (
        f' (the row runs on to line {last_line:,}: is a quote (") opened in it and not '
        "closed? The rows it took in were not read)"
    )
    return RowError(error.line, error.field, error.reason + hint, error.also)


def swallowed(values, line: int, last_line: int, delimiter: str) -> RowError | None:
    """The error for a row that took in whole rows after it, or None. A quote opened in a
    field and not closed runs on to the next quote: ACLED's notes of one event took in the
    next event's line and its fatalities, and the row was stored so, the next event lost
    without a word. A line inside a field with half a row's separators is such a row (a
    written note's own line breaks hold a few commas at most). Rows on one line cost nothing."""
    if last_line <= line:
        return None
    fields = list(values.values() if isinstance(values, dict) else values)
    enough = max(3, len(fields) // 2)
    for value in fields:
        if isinstance(value, str) and "\n" in value:
            if any(later.count(delimiter) >= enough for later in value.split("\n")[1:]):
                reason = "a field holds a line that reads as a row of its own"
                return ran_on(RowError(line, "", reason), last_line)
    return None


def named_twice(header: list[str]) -> RowError | None:
    """The error for a header that names a column twice: a reader keeps the last one's
    values, and the first's (an event's deaths) would be lost without a word."""
    if twice := sorted({h for h in header if h and header.count(h) > 1}):
        return RowError(1, "header", f"the column {', '.join(twice)} comes twice")
    return None


def cut_short(row: dict, line: int, required=()) -> RowError | None:
    """The error for a row of a `csv.DictReader` with fewer values than the header has columns
    (it fills the rest with None), or None. A line left half written, as at the end of a file
    cut short, would otherwise be stored as an event without its place or its deaths. The
    columns named are the `required` ones first: a row may lack dozens."""
    missing = [name for name, value in row.items() if value is None]
    if not missing:
        return None
    missing.sort(key=lambda name: name not in required)
    shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
    return RowError(
        line,
        "",
        f"the row ends after {len(row) - len(missing)} of the {len(row)} columns "
        f"(is the file cut short?): no {shown}",
    )


class RowCheck:
    """Reads a row's fields keeping each one's error and going on, so that one import names
    every wrong field of a row: corrected a field at a time, a row took a run per field."""

    def __init__(self, line: int) -> None:
        self.line = line
        self.errors: list[RowError] = []

    def __call__(self, read, *args, default=None):
        try:
            return read(*args)
        except RowError as exc:
            self.errors.extend(exc.each())
            return default

    def refuse(self, field: str, reason: str) -> None:
        self.errors.append(RowError(self.line, field, reason))

    def done(self) -> None:
        """Raises the row's first error, carrying the others, if there was any."""
        if self.errors:
            first, *rest = self.errors
            raise RowError(first.line, first.field, first.reason, tuple(rest))


# An incident's public id (MMR-2025-000123), as `thitsa export incidents --format acled` writes
# it for `event_id_cnty`.
PUBLIC_ID = re.compile(r"[A-Z]{3}-\d{4}-\d{6}$")
# A column whose name says it holds a person who spoke, or how to reach them: kept as an
# unknown column it would be stored in plain text (`extra`), so an import refuses it unless
# it is one of the witness fields (stored encrypted). Matched anywhere in the name:
# "grp_witness/name", "witness_phone", "Informant name".
PERSONAL_COLUMN = re.compile(
    r"witness|informant|interviewee|respondent|phone|mobile|contact|viber|whatsapp|e-?mail"
    # A person's name, ID card (NRC), address or account: "src_name", "reporter_tel",
    # "victim_names", "src_nrc", "src_fb", a question named "name" (never "village_name").
    r"|(?:^|/)(?:(?:src|source|reporter|victims?|person|full|first|last|family|father|mother)"
    r"_?)?names?(?=$|[/_.:\s-])"
    r"|(?:^|[/_.:\s-])(?:nrc|tel|telephone|fb|facebook|address)(?=$|[/_.:\s-])"
    # As forms abbreviate them (found by a data manager: "wit2_nm", "wit_ph", "wit2_mob",
    # "mon_name", "dead_names", "collector_name" were kept in plain text).
    r"|(?:^|[/_.:\s-])(?:ph|ph_?no|mob|mob_?no|tel_?no|phone_?no)(?=$|[/_.:\s-])"
    r"|(?:^|[/_.:\s-])(?:witn?\d*|mon|monitor|collector|enumerator|documenter|deceased"
    r"|dead|killed|injured|victims?|src|reporter)\d*_?(?:names?|nm)(?=$|[/_.:\s-])"
    r"|သက်သေ|ဖုန်း|ဆက်သွယ်|အမည်|လိပ်စာ|မှတ်ပုံတင်",
    re.IGNORECASE,
)
WITNESS_FIELDS_HINT = "witness_name, witness_contact or restricted_notes (stored encrypted)"


class ImportFormatError(ValueError):
    """The file as a whole cannot be imported (its message names it)."""


@dataclass
class RowError(Exception):
    line: int
    field: str
    reason: str
    # The row's other wrong fields, where its reader names them all (`RowCheck`).
    also: tuple[RowError, ...] = ()

    def __reduce__(self):
        # An import's reading process sends its errors to the storing one, pickled.
        return (type(self), (self.line, self.field, self.reason, self.also))

    def each(self) -> list[RowError]:
        return [self, *self.also]

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", field {self.field}" if self.field else "")
        return f"{where}: {self.reason}"


class Skipped(RowError):
    """A row a reader leaves out on purpose (a submission without its witness's consent): not
    stored, counted by its reason in the summary, and no error. `key`: the import key the row
    would have been stored under, so that one stored before (consent since withdrawn) is
    found."""

    key: str = ""

    def __reduce__(self):
        return _skipped, (self.line, self.field, self.reason, self.key)


def _skipped(line: int, field: str, reason: str, key: str) -> Skipped:
    skipped = Skipped(line, field, reason)
    skipped.key = key
    return skipped


@dataclass
class ReportRow:
    source: str
    import_format: str
    source_kind: str = "media"
    external_id: str = ""
    url: str = ""
    published_at: datetime | None = None
    language: str = ""
    title: str = ""
    text: str = ""
    event_date: date | None = None
    event_date_precision: str = "day"
    place_text: str = ""
    latitude: float | None = None
    longitude: float | None = None
    event_type: str = ""
    targets: list[str] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    perpetrator: str = ""
    responsibility: str = ""
    casualties: dict[str, CasualtyRange] = field(default_factory=dict)
    credibility: int | None = None  # None: the row says none (stored as 6, cannot be judged)
    extra: dict[str, str] = field(default_factory=dict)
    witness: dict[str, str] = field(default_factory=dict)
    place_pcode: str = ""  # the place itself, where the file names it (an export's)
    line: int = 0  # where the file has it, for messages; never stored

    def __reduce__(self):
        # A large import sends its rows between two processes (thitsa.forked): as the values
        # in field order they pickle in a third of the time and unpickle in half, where the
        # default way stores and restores each row's attributes by name.
        return ReportRow, _row_values(self)

    def import_key(self) -> str:
        """Stable id from the natural key, so importing the same row twice finds the same report.

        An article can tell several events, and several sources cite one article: without an
        id of its own, a report is its source, its url and the event it tells (date and place,
        in any case and spacing), not the url alone (migration 0006)."""
        if self.import_format in GLOBAL_IDS and self.external_id:
            # A Kobo submission's _uuid is its own whatever the form names its group: fixing
            # a typo in a mapping's `source:` stored every submission again (two sources).
            parts = ["id", self.import_format, self.external_id]
        elif self.external_id:
            parts = ["id", self.import_format, self.source.casefold(), self.external_id]
        elif self.url:
            place = " ".join(self.place_text.split()).casefold()
            parts = [
                "url",
                self.source.casefold(),
                self.url.strip(),
                str(self.event_date or ""),
                place,
            ]
        else:
            parts = [
                "content",
                self.source.casefold(),
                self.title,
                self.text,
                str(self.event_date or ""),
                self.place_text,
            ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def key_named(self) -> tuple[str, str]:
        """The field the import key comes from (for a row error) and the key in words."""
        if self.external_id:
            column = ID_COLUMNS.get(self.import_format, "id")
            shown = self.external_id
            if self.import_format == "acled":  # event id : outlet
                shown = shown.rpartition(":")[0]
            return column, f"{column} {shown}"
        if self.url:
            return "url", "source, url, date and place"
        return "", "source, title, text, date and place"


_row_values = attrgetter(*(f.name for f in fields(ReportRow)))


# Formats whose report ids are unique in the world, not only within their source (migration
# reports.0009 keys the reports stored before by their id alone).
GLOBAL_IDS = frozenset({"kobo"})

# The column each format's report ids come from.
ID_COLUMNS = {
    "thitsa": "report_id",
    "acled": "event_id_cnty",
    "ucdp": "id",
    "kobo": "_uuid",
    "telegram": "id",
}


def separator_hint(header: list[str]) -> str:
    """What to add to a refused header that was written with ";" between its columns (Excel's
    CSV, where the system's list separator is ";")."""
    if any("\x00" in name for name in header):
        # UTF-16 without its byte-order mark reads as letters with NULs between them.
        return " (the file looks like UTF-16 without a byte-order mark: save it as CSV UTF-8)"
    if not any(";" in name for name in header):
        return ""
    return " (its columns are separated by ';': save the file with ',' between them)"


def parse_partial_date(
    value: str, line: int, name: str, published: date | None = None
) -> tuple[date | None, str]:
    """A date field with its precision, in English or Burmese: '2025-05-12', '12 May 2025',
    '၁၂ မေ ၂၀၂၅', '၂၀၂၅ ခုနှစ် မေလ ၁၂ ရက်' (day), '2025-05', 'May 2025' (month), '2025' (year);
    'May 12', 'yesterday', 'မနေ့က', 'on Monday' when the published date is known."""
    if not (value or "").strip():
        return None, "day"
    if parsed := parse_date(value, published):
        # A day after tomorrow (anywhere on Earth) is a typo: "2205-04-03" made an incident
        # MMR-2205-000001.
        if parsed[0] > date.today() + timedelta(days=1):
            raise RowError(line, name, f"{value!r} is in the future: is the year right?")
        if parsed[0].year < EARLIEST_YEAR:
            # "0025-05-12" made an incident MMR-25-000001, an id no other part reads.
            raise RowError(line, name, f"{value!r} is before {EARLIEST_YEAR}: is the year right?")
        return parsed
    if published is None and parse_date(value, date.today()):
        raise RowError(
            line, name, f"{value!r} needs the published date to be read: write 2025-05-12"
        )
    if clash := weekday_clash(value, published):
        # "Tuesday, 12 May 2025": the weekday or the day is a typo, and which is not known.
        raise RowError(
            line, name, f"{value!r} is not a date: {clash}; correct the day or the weekday"
        )
    m = _SLASHED.fullmatch(to_ascii_digits(value).strip())
    if m and int(m[1]) <= 12 < int(m[2]) <= 31:
        # 5/13/2025: a US spreadsheet's month first, where Thitsa reads the day first.
        raise RowError(
            line, name, f"{value!r} is not a date: dates with slashes are read day first "
            f"(day/month/year), and {m[2]} is no month; write {m[3]}-{int(m[1]):02}-{int(m[2]):02}"
            " if it is month/day",
        )  # fmt: skip
    raise RowError(
        line, name, f"{value!r} is not a date: write 2025-05-12, 12 May 2025, ၁၂ မေ ၂၀၂၅ or 2025-05"
    )


_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_datetime(value: str, line: int, name: str, naive: tzinfo = UTC) -> datetime | None:
    """A moment as a file writes it; one written without an offset is in `naive` (Kobo's
    server times are UTC; a documenter's own file is in the project's time zone)."""
    s = to_ascii_digits(value or "").strip()
    if not s:
        return None
    try:
        parsed = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        day, _precision = parse_partial_date(s, line, name)
        parsed = datetime(day.year, day.month, day.day)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=naive)
    return parsed.replace(tzinfo=_zone(parsed.utcoffset()))


@lru_cache(maxsize=64)
def _zone(offset: timedelta) -> tzinfo:
    """One time zone object per offset: a file's times share a few offsets, and a batch of rows
    sent to another process pickles each distinct zone object in full."""
    return dt_timezone(offset)


def written_day(moment: datetime | None) -> date | None:
    """The day a report was written on, to read its "yesterday" against: the day in the offset
    its time was written with, and for a time in UTC (Kobo's submission times, Telegram's Unix
    times) the day in the project's time zone: 20:00 UTC on the 12th is the 13th in Yangon."""
    if moment is None:
        return None
    if moment.utcoffset() == timedelta(0):
        moment = timezone.localtime(moment)
    return moment.date()


def parse_float(value: str, line: int, name: str, low: float, high: float) -> float | None:
    s = to_ascii_digits(value or "").strip()
    if not s:
        return None
    try:
        number = float(s)
    except ValueError:
        raise RowError(line, name, f"{value!r} is not a number") from None
    if not low <= number <= high:
        raise RowError(line, name, f"{number} is outside {low}..{high}")
    return number


_CHILDREN_SAID = re.compile(r"(?i)\b(?:children|child|kids|minors)\b|ကလေး")


def children_too(casualties: dict, said: dict[str, str]) -> None:
    """ "22 children" in the killed column: 22 killed, all of them children, where the children's
    column says nothing (its count was dropped, and a figure of children killed missed 22)."""
    for name in ("killed", "injured"):
        child = f"{name}_children"
        if name in casualties and child not in casualties and _CHILDREN_SAID.search(said[name]):
            casualties[child] = casualties[name]


def parse_count(value: str, line: int, name: str) -> CasualtyRange | None:
    try:
        return parse_casualties(value)
    except CasualtyError as exc:
        raise RowError(line, name, str(exc)) from None


def split_list(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]
