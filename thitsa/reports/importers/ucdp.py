"""UCDP Georeferenced Event Dataset (GED) CSV, as UCDP publishes it."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from thitsa.incidents.taxonomy import ATTACK_MEANS, codes_mentioned
from thitsa.reports.casualties import CasualtyRange
from thitsa.reports.records import (
    ReportRow,
    RowError,
    csv_rows,
    cut_short,
    named_twice,
    open_text,
    parse_float,
    parse_partial_date,
    ran_on,
    separator_hint,
    swallowed,
)

REQUIRED = ("id", "date_start", "latitude", "longitude", "best")
# Above any event's toll: the largest GED has counted is in the hundreds of thousands.
MAX_DEATHS = 1_000_000
# UCDP's type_of_violence -> ACLED event type. Armed conflict (1, 2) holds what ACLED splits
# into battles and remote violence: the headline tells an airstrike or shelling (see _event_type).
EVENT_TYPES = {"1": "Battles", "2": "Battles", "3": "Violence against civilians"}
REMOTE = "Explosions/Remote violence"
REMOTE_MEANS = {"airstrike_fixed_wing", "airstrike_helicopter", "airstrike", "drone", "artillery",
                "landmine"}  # fmt: skip
# UCDP's date_prec (1 exact day ... 5 year) -> our precision.
PRECISIONS = {"1": "day", "2": "week", "3": "week", "4": "month", "5": "year"}
# UCDP's where_prec (GED codebook): 1 the exact place, 2 within about 25 km of a known point;
# from 3 on the point stands for a wider area (3 a district's centroid, 4 a state's, 5 a
# linear feature or an area, 6 the country, 7 international waters). Such a point does not
# locate the event: on the map, or as the township found from an incident's point, it would
# put the event where it did not happen. The report keeps it in extra["ucdp_point"].
AREA_POINTS = {"3", "4", "5", "6", "7"}
# But in UCDP's Myanmar events nearly all of 5 (2,249 of the demo's 2,403) are an event known
# to its township, the point its centroid (where_coordinates "Monywa township"): it locates
# the event to that township, as precisely as Thitsa reads an incident's point, and the
# resolver finds "Kin Ywa village" inside it (set aside too, they left 219 more of the demo's
# reports without a place). Those on a road, a border or a river stay out.
TOWNSHIP_CENTROID = "5"
KEEP = (
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "where_prec",
    "where_coordinates",
    "side_b",
    "source_article",
    "conflict_name",
    "relid",
)


def _event_type(violence: str, headline: str) -> str:
    """ACLED's event type for UCDP's kind of violence. Filed as a battle, the military's
    airstrike on a school could never be matched with the reports that call it an attack on
    civilians (the two types rule a pair out; remote violence is kin to both)."""
    kind = EVENT_TYPES.get(violence, "")
    if kind == "Battles" and REMOTE_MEANS.intersection(codes_mentioned(ATTACK_MEANS, headline)):
        return REMOTE
    return kind


def point_locates(row: dict) -> bool:
    """Whether UCDP's point for the event (a row, or a report's extra) says where it happened,
    to its township at least: not a district's or state's centroid, nor a point on a road."""
    where_prec = _int(str(row.get("where_prec") or "").strip())
    if where_prec == TOWNSHIP_CENTROID:
        return str(row.get("where_coordinates") or "").strip().lower().endswith(" township")
    return where_prec not in AREA_POINTS


def _int(value: str) -> str:
    # UCDP's CSV writes integers as floats ("48528.0").
    return value[:-2] if value.endswith(".0") else value


def read(path: Path) -> Iterator[tuple[int, ReportRow | RowError]]:
    with open_text(path) as fh:
        reader = csv.DictReader(fh, delimiter=fh.delimiter)
        if reader.fieldnames is None:
            return  # an empty file
        if error := named_twice(reader.fieldnames):
            raise error
        missing = [c for c in REQUIRED if c not in reader.fieldnames]
        if missing:
            hint = separator_hint(reader.fieldnames)
            raise RowError(
                1, "header", f"not a UCDP GED file: no column {', '.join(missing)}{hint}"
            )
        line = 2
        for row in csv_rows(reader):
            try:
                if error := swallowed(row, line, reader.line_num, fh.delimiter):
                    raise error
                yield line, parse(row, line)
            except RowError as exc:
                yield line, ran_on(exc, reader.line_num)
            line = reader.line_num + 1


def parse(row: dict[str, str], line: int) -> ReportRow:
    if error := cut_short(row, line, REQUIRED):
        raise error
    event_id = _int(row["id"].strip())
    if not event_id:
        raise RowError(line, "id", "is empty")
    event_date, _ = parse_partial_date(row["date_start"], line, "date_start")
    if event_date is None:
        raise RowError(line, "date_start", "is empty")
    # low and high are UCDP's bounds around its best estimate, the count Thitsa needs: a
    # selection of GED's columns may leave them out.
    counts = {"best": 0}
    for name in ("low", "best", "high"):
        if value := (row.get(name) or "").strip():
            counts[name] = _count(value, line, name)
    best = counts["best"]
    place = ", ".join(
        p
        for p in (
            row.get("where_description", "").strip(),
            row.get("adm_2", "").strip(),
            row.get("adm_1", "").strip(),
        )
        if p
    )
    precision = PRECISIONS.get(_int(row.get("date_prec", "1")), "day")
    latitude = parse_float(row["latitude"], line, "latitude", -90, 90)
    longitude = parse_float(row["longitude"], line, "longitude", -180, 180)
    extra = {k: row[k] for k in KEEP if row.get(k)} | {
        k: str(counts[k]) for k in ("low", "best") if k in counts
    }
    if not point_locates(row):
        if latitude is not None and longitude is not None:
            extra["ucdp_point"] = f"{latitude},{longitude}"
        latitude = longitude = None
    return ReportRow(
        source="UCDP GED",
        import_format="ucdp",
        source_kind="dataset",
        external_id=event_id,
        title=row.get("source_headline", "")[:500],
        text=row.get("source_headline", "") or row.get("where_description", ""),
        event_date=event_date,
        event_date_precision=precision,
        place_text=place[:500],
        latitude=latitude,
        longitude=longitude,
        event_type=_event_type(
            _int(row.get("type_of_violence", "")), row.get("source_headline", "")
        ),
        perpetrator=row.get("side_a", ""),
        casualties=_killed(row, best, counts.get("high", best), line),
        credibility=3,
        extra=extra,
    )


def _count(value: str, line: int, name: str) -> int:
    """A death count of UCDP's ("3", "3.0"): a whole number of people, not -5, inf or 1e20
    (which reached the database and stopped the import with its error)."""
    try:
        number = float(value)
    except ValueError:
        raise RowError(line, name, f"{value!r} is not a number") from None
    if not (0 <= number <= MAX_DEATHS and number.is_integer()):
        raise RowError(line, name, f"{value!r} is not a count of people (0 to {MAX_DEATHS:,})")
    return int(number)


def _killed(row: dict[str, str], best: int, high: int, line: int) -> dict[str, CasualtyRange]:
    """Killed as Thitsa counts it: people killed in attacks, not fighters.

    In one-sided violence every death UCDP counts is a civilian's: its best estimate, up to
    its high one. In armed conflict its totals count both sides' fighters too (an airstrike
    filed so counted its soldiers): killed is the civilians, up to the dead UCDP could not
    tell apart. Files without the split (older GED versions) give the totals."""
    low, high = best, max(best, high)
    if row.get("type_of_violence", "").startswith(("1", "2")) and row.get("deaths_civilians"):
        civilians, unknown = (
            _count((row.get(k) or "0").strip() or "0", line, k)
            for k in ("deaths_civilians", "deaths_unknown")
        )
        low, high = civilians, civilians + unknown
    if not (low or high):
        return {}
    return {"killed": CasualtyRange(low, high, "range" if high > low else "exact")}
