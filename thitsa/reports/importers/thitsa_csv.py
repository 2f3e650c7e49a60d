"""The Thitsa reports CSV (DESIGN.md): UTF-8, header row, unknown columns kept as extra data."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from django.utils import timezone

from thitsa.incidents.taxonomy import TARGETS, WEAPONS, UnknownCode, known_codes
from thitsa.places.parsing import PCODE
from thitsa.publish.spreadsheet import as_written
from thitsa.reports.casualties import CasualtyRange
from thitsa.reports.models import RESPONSIBILITY, SOURCE_KINDS
from thitsa.reports.records import (
    COUNT_COLUMNS,
    COUNT_FIELDS,
    PERSONAL_COLUMN,
    WITNESS_FIELDS_HINT,
    ReportRow,
    RowCheck,
    RowError,
    children_too,
    csv_rows,
    named_twice,
    open_text,
    parse_count,
    parse_datetime,
    parse_float,
    parse_partial_date,
    ran_on,
    separator_hint,
    split_list,
    swallowed,
    written_day,
)

COLUMNS = [
    "report_id",
    "source",
    "source_kind",
    "url",
    "published_at",
    "language",
    "title",
    "text",
    "event_date",
    "place",
    "latitude",
    "longitude",
    "event_type",
    "targets",
    "weapons",
    "perpetrator",
    "killed",
    "injured",
    "killed_children",
    "injured_children",
    "responsibility",
    "credibility",
]
# Columns `thitsa export reports` writes that are read back into the report's own fields (its
# incident_id stays as extra data: another database's incident).
READ_FROM_EXPORTS = {"event_date_precision", "place_pcode", "import_format", *COUNT_COLUMNS}
# The formats a report exported by `thitsa export reports` may have come in.
_FORMATS = ("thitsa", "acled", "ucdp", "kobo", "telegram")
WITNESS_COLUMNS = {
    "witness_name": "name",
    "witness_contact": "contact",
    "restricted_notes": "notes",
}
_KINDS = {code for code, _label in SOURCE_KINDS}
_RESPONSIBILITY = {code for code, _label in RESPONSIBILITY if code}
_PRECISIONS = ("day", "week", "month", "year")


def read(path: Path) -> Iterator[tuple[int, ReportRow | RowError]]:
    with open_text(path) as fh:
        reader = csv.reader(fh, delimiter=fh.delimiter)
        try:
            header = [h.strip().lower() for h in next(reader)]
        except StopIteration:
            return
        if "source" not in header or not ({"text", "title"} & set(header)):
            raise RowError(
                1, "header", "needs the columns source and text (or title)" + separator_hint(header)
            )
        if error := named_twice(header):
            raise error
        known = set(COLUMNS) | set(WITNESS_COLUMNS) | READ_FROM_EXPORTS
        if personal := [h for h in header if h not in known and PERSONAL_COLUMN.search(h)]:
            raise RowError(
                1, "header",
                f"column {personal[0]!r} may hold a witness's details: a column Thitsa does not "
                f"know is kept in plain text, so name it {WITNESS_FIELDS_HINT}, or remove it",
            )  # fmt: skip
        unnamed = [i for i, h in enumerate(header) if not h]
        line = reader.line_num + 1
        for values in csv_rows(reader):
            if not any(v.strip() for v in values):
                line = reader.line_num + 1
                continue
            if error := swallowed(values, line, reader.line_num, fh.delimiter):
                yield line, error
            elif len(values) > len(header):
                error = RowError(line, "", f"{len(values)} values for {len(header)} columns")
                yield line, ran_on(error, reader.line_num)
            elif named := [i + 1 for i in unnamed if i < len(values) and values[i].strip()]:
                # Dropped without a word before: a value the header gives no column to.
                column = f"column {named[0]}, which has no name in the header"
                yield line, RowError(line, "", f"a value in {column}")
            else:
                try:
                    if "\x1f'" in "\x1f" + "\x1f".join(values):  # rare: one pass in C first
                        values = [as_written(v) for v in values]
                    yield line, parse(dict(zip(header, values, strict=False)), line)
                except RowError as exc:
                    yield line, ran_on(exc, reader.line_num)
            line = reader.line_num + 1


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def parse(row: dict[str, str], line: int) -> ReportRow:
    def get(name: str) -> str:
        return (row.get(name) or "").strip()

    check = RowCheck(line)
    if not get("source"):
        check.refuse("source", "is empty")
    if (
        not get("text").translate(_INVISIBLE).strip()
        and not get("title").translate(_INVISIBLE).strip()
    ):
        # Zero-width characters alone are no words (the loader drops them).
        check.refuse("text", "text and title are both empty")
    kind = get("source_kind") or "media"
    if kind not in _KINDS:
        check.refuse("source_kind", f"{kind!r} is not one of {', '.join(sorted(_KINDS))}")
    # A time without an offset is the documenter's, in the project's time zone.
    published_at = check(
        parse_datetime,
        get("published_at"), line, "published_at", timezone.get_default_timezone(),
    )  # fmt: skip
    # "yesterday" and "on Monday" count from the publication date.
    event_date, precision = check(
        parse_partial_date,
        get("event_date"), line, "event_date", written_day(published_at),
        default=(None, "day"),
    )  # fmt: skip
    report = ReportRow(
        source=get("source"),
        import_format="thitsa",
        source_kind=kind,
        external_id=get("report_id"),
        url=get("url"),
        published_at=published_at,
        language=get("language"),
        title=get("title"),
        text=get("text"),
        event_date=event_date,
        event_date_precision=precision,
        place_text=get("place"),
        latitude=check(parse_float, get("latitude"), line, "latitude", -90, 90),
        longitude=check(parse_float, get("longitude"), line, "longitude", -180, 180),
        event_type=get("event_type"),
        targets=check(_codes, TARGETS, get("targets"), line, "targets", default=[]),
        weapons=check(_codes, WEAPONS, get("weapons"), line, "weapons", default=[]),
        perpetrator=get("perpetrator"),
    )
    if get("responsibility"):
        if get("responsibility") not in _RESPONSIBILITY:
            check.refuse("responsibility", f"use one of {', '.join(sorted(_RESPONSIBILITY))}")
        report.responsibility = get("responsibility")
    if get("credibility"):
        if get("credibility") in {"1", "2", "3", "4", "5", "6"}:
            report.credibility = int(get("credibility"))
        else:
            check.refuse("credibility", f"{get('credibility')!r}: use 1 (confirmed) to 6")
    if (report.latitude is None) != (report.longitude is None) and not any(
        e.field in ("latitude", "longitude") for e in check.errors
    ):
        check.refuse("latitude", "latitude and longitude come together or not at all")
    for name in COUNT_FIELDS:
        parsed = check(parse_count, get(name), line, name)
        if parsed is None and (get(f"{name}_min") or get(f"{name}_max")):
            # `thitsa export reports` writes each count as its range: read back, not dropped.
            parsed = check(_exported_range, get(f"{name}_min"), get(f"{name}_max"), line, name)
        if parsed is not None:
            report.casualties[name] = parsed
    children_too(report.casualties, {name: get(name) for name in ("killed", "injured")})
    if exported := get("event_date_precision"):
        # Also the export's: 2025-05-01 with "month" is May, not the 1st of May.
        if exported not in _PRECISIONS:
            check.refuse("event_date_precision", f"use one of {', '.join(_PRECISIONS)}")
        elif report.event_date is not None:
            report.event_date_precision = exported
    if fmt := get("import_format"):
        # The export's: known again by the key it was stored under in its own format.
        if fmt in _FORMATS:
            report.import_format = fmt
        else:
            check.refuse("import_format", f"{fmt!r} is not one of {', '.join(_FORMATS)}")
    if pcode := get("place_pcode").upper():
        # The export's: a place a verifier chose for text the resolver could not place.
        if PCODE.match(pcode):
            report.place_pcode = pcode
        else:
            check.refuse("place_pcode", f"{pcode!r} is not a MIMU P-code")
    check.done()
    report.witness = {attr: get(col) for col, attr in WITNESS_COLUMNS.items() if get(col)}
    known = set(COLUMNS) | set(WITNESS_COLUMNS) | READ_FROM_EXPORTS
    report.extra = {k: v for k, v in row.items() if k not in known and k and v}
    return report


def _exported_range(low: str, high: str, line: int, name: str) -> CasualtyRange | None:
    first = parse_count(low or high, line, f"{name}_min")
    last = parse_count(high or low, line, f"{name}_max")
    if first is None or last is None:  # "unknown", as a hand-edited export may say
        return first or last
    if first.max > last.min:
        raise RowError(line, f"{name}_max", f"{high!r} is below {name}_min {low!r}")
    return CasualtyRange(first.min, last.max, "exact" if first.min == last.max else "range")


def _codes(table, value: str, line: int, name: str) -> list[str]:
    # "School; health_facility" -> ["school", "health_facility"]; a typo refuses the row.
    try:
        return known_codes(table, split_list(value))
    except UnknownCode as exc:
        raise RowError(line, name, str(exc)) from None
