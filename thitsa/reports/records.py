"""What an importer hands over: one parsed report, or the reason a row was rejected."""

from __future__ import annotations

import gzip
import hashlib
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from thitsa.burmese.dates import parse_date
from thitsa.burmese.digits import to_ascii_digits
from thitsa.reports.casualties import CasualtyError, CasualtyRange, parse_casualties

COUNT_FIELDS = ("killed", "injured", "killed_children", "injured_children")
# Each count is stored as a range: killed_min, killed_max, injured_min, ...
COUNT_COLUMNS = tuple(f"{name}_{end}" for name in COUNT_FIELDS for end in ("min", "max"))


def open_text(path) -> io.TextIOBase:
    """Open a CSV for reading, gzipped or not; a byte-order mark is dropped."""
    if str(path).endswith(".gz"):
        return gzip.open(path, "rt", newline="", encoding="utf-8-sig")
    return open(path, newline="", encoding="utf-8-sig")


@dataclass
class RowError(Exception):
    line: int
    field: str
    reason: str

    def __reduce__(self):
        # An import's reading process sends its errors to the storing one, pickled.
        return (type(self), (self.line, self.field, self.reason))

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", field {self.field}" if self.field else "")
        return f"{where}: {self.reason}"


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
    credibility: int = 6
    extra: dict[str, str] = field(default_factory=dict)
    witness: dict[str, str] = field(default_factory=dict)

    def import_key(self) -> str:
        """Stable id from the natural key, so importing the same row twice finds the same report."""
        if self.external_id:
            parts = ["id", self.import_format, self.source.casefold(), self.external_id]
        elif self.url:
            parts = ["url", self.url.strip()]
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


def parse_partial_date(
    value: str, line: int, name: str, published: date | None = None
) -> tuple[date | None, str]:
    """A date field with its precision, in English or Burmese: '2025-05-12', '12 May 2025',
    '၁၂ မေ ၂၀၂၅', '၂၀၂၅ ခုနှစ် မေလ ၁၂ ရက်' (day), '2025-05', 'May 2025' (month), '2025' (year);
    'May 12', 'yesterday', 'မနေ့က', 'on Monday' when the published date is known."""
    if not (value or "").strip():
        return None, "day"
    if parsed := parse_date(value, published):
        return parsed
    if published is None and parse_date(value, date.today()):
        raise RowError(
            line, name, f"{value!r} needs the published date to be read: write 2025-05-12"
        )
    raise RowError(
        line, name, f"{value!r} is not a date: write 2025-05-12, 12 May 2025, ၁၂ မေ ၂၀၂၅ or 2025-05"
    )


def parse_datetime(value: str, line: int, name: str) -> datetime | None:
    s = to_ascii_digits(value or "").strip()
    if not s:
        return None
    try:
        parsed = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        day, _precision = parse_partial_date(s, line, name)
        parsed = datetime(day.year, day.month, day.day)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


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


def parse_count(value: str, line: int, name: str) -> CasualtyRange | None:
    try:
        return parse_casualties(value)
    except CasualtyError as exc:
        raise RowError(line, name, str(exc)) from None


def split_list(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]
