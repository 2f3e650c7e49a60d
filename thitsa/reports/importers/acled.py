"""ACLED CSV as ACLED publishes it: one event a row, one report per outlet named in `source`.

ACLED codes an event from several outlets ("Myanmar Now; RFA; Irrawaddy"). Each outlet becomes its
own report of the same event (external id `<event_id_cnty>:<outlet>`), so matching sees how many
independent sources stand behind it, and a re-import finds the same reports again.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from thitsa.incidents.taxonomy import TARGETS, WEAPONS, UnknownCode, known_codes
from thitsa.publish.spreadsheet import as_written
from thitsa.reports.records import (
    PUBLIC_ID,
    ReportRow,
    RowError,
    csv_rows,
    cut_short,
    named_twice,
    open_text,
    parse_count,
    parse_float,
    parse_partial_date,
    ran_on,
    separator_hint,
    swallowed,
)

REQUIRED = ("event_id_cnty", "event_date", "notes")
PRECISIONS = {"1": "day", "2": "week", "3": "month"}
# ACLED's geo_precision 3: the point is its admin area's (a district's or region's centre),
# not the event's: on the map, or as the township found from an incident's point, it would put
# the event where it did not happen (1: the place itself, 2: near it or part of it).
AREA_POINT = "3"
# Stored in their own fields; every other ACLED column is kept in `extra` for the export.
# (`fatalities` too, where they are not Thitsa's killed: see `_civilian_dead`.)
STORED = {"event_date", "latitude", "longitude", "notes", "fatalities"}
# What an ACLED row puts in a report's `extra`: its columns (older files' too) and what is read
# from them. An `--update` takes ACLED's revision of these as it comes (a tag, an actor).
EXTRA_KEYS = frozenset(
    "event_id_cnty year time_precision disorder_type event_type sub_event_type actor1 "
    "assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso "
    "region country admin1 admin2 admin3 location geo_precision source source_scale tags "
    "timestamp data_id event_id_no_cnty iso3 fatalities acled_point acled_events".split()
)
# Outlets that are platforms rather than newsrooms.
SOCIAL_MEDIA = {"twitter", "x", "facebook", "telegram", "youtube", "tiktok"}
# Thitsa's own coding, as `thitsa export incidents --format acled` writes it into `tags`
# ("target=school; weapon=unguided_bomb; means=airstrike (fixed-wing)"): read back on import,
# and kept out of the tags stored as ACLED's (or each round trip would add them again).
# "acled=" names the ACLED events behind an exported incident (its event_id_cnty is Thitsa's).
OUR_TAGS = ("target=", "weapon=", "means=", "acled=", "killed_children=", "injured_children=")
_SLASHED = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*")
# ACLED's own export writes "12-May-2025"; spreadsheets re-save it as "12-May-25".
_DASHED = re.compile(r"(\d{1,2})-([A-Za-z]{3,9})-(\d{2}|\d{4})")


def slash_order(path: Path) -> bool:
    """Whether the file's slashed dates are month first ("5/13/2025"). ACLED writes none:
    they come from a spreadsheet that saved the file again, US-style (month first) or as
    Myanmar and most of the world write them (day first). One file has one order, which its
    dates past the 12th show; until then, "5/12/2025" is read day first and would be 5 December
    in a file of the US order. A file with both orders is refused at the first that differs."""
    day_first = month_first = None
    with open_text(path) as fh:
        reader = csv.DictReader(fh, delimiter=fh.delimiter)
        if reader.fieldnames is None:
            return False
        column = next((f for f in reader.fieldnames if f.strip().lower() == "event_date"), None)
        if column is None:
            return False
        line = 2
        for row in _readable(reader):
            if m := _SLASHED.fullmatch((row.get(column) or "").strip()):
                first, second = int(m[1]), int(m[2])
                if first > 12 and day_first is None:
                    day_first = line
                if second > 12 and month_first is None:
                    month_first = line
                if day_first and month_first:
                    raise RowError(
                        max(day_first, month_first), "event_date",
                        f"dates with slashes are written day first on line {day_first} and "
                        f"month first on line {month_first}: write them as 2025-05-12",
                    )  # fmt: skip
            line = reader.line_num + 1
    return month_first is not None


def _readable(reader) -> Iterator[dict]:
    """The rows up to one csv cannot read: the reading proper names it, after the rows before
    it are stored."""
    try:
        yield from csv_rows(reader)
    except RowError:
        return


def read(path: Path) -> Iterator[tuple[int, ReportRow | RowError]]:
    month_first = slash_order(path)
    with open_text(path) as fh:
        reader = csv.DictReader(fh, delimiter=fh.delimiter)
        if reader.fieldnames is None:
            return  # an empty file
        fields = [f.strip().lower() for f in reader.fieldnames]
        if error := named_twice(fields):
            raise error
        missing = [c for c in REQUIRED if c not in fields]
        if missing:
            raise RowError(
                1,
                "header",
                f"not an ACLED file: no column {', '.join(missing)}{separator_hint(fields)}",
            )
        reader.fieldnames = fields
        line = 2
        for row in csv_rows(reader):
            if error := swallowed(row, line, reader.line_num, fh.delimiter):
                yield line, error
            elif any((v or "").strip() for v in row.values() if isinstance(v, str)):
                row = {k: as_written(v) if isinstance(v, str) else v for k, v in row.items()}
                if month_first:
                    row["event_date"] = _SLASHED.sub(r"\2/\1/\3", row.get("event_date") or "")
                try:
                    for report in parse(row, line):
                        yield line, report
                except RowError as exc:
                    yield line, ran_on(exc, reader.line_num)
            line = reader.line_num + 1


def outlets(source: str) -> list[str]:
    """ "Myanmar Now; RFA; Myanmar Now" -> ["Myanmar Now", "RFA"] (ACLED repeats some)."""
    seen: dict[str, str] = {}
    for name in source.split(";"):
        name = name.strip()
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


def event_date(value: str, line: int) -> tuple:
    s = value.strip()
    if m := _DASHED.fullmatch(s):
        year = m[3] if len(m[3]) == 4 else f"20{m[3]}"
        s = f"{m[1]} {m[2]} {year}"
    parsed, precision = parse_partial_date(s, line, "event_date")
    if parsed is None:
        raise RowError(line, "event_date", "is empty")
    return parsed, precision


def parse(row: dict[str, str], line: int) -> list[ReportRow]:
    def get(name: str) -> str:
        return (row.get(name) or "").strip()

    if error := cut_short(row, line, REQUIRED):
        raise error
    event_id = get("event_id_cnty")
    if not event_id:
        raise RowError(line, "event_id_cnty", "is empty")
    day, precision = event_date(get("event_date"), line)
    if get("time_precision"):
        if get("time_precision") not in PRECISIONS:
            raise RowError(line, "time_precision", f"{get('time_precision')!r} is not 1, 2 or 3")
        precision = PRECISIONS[get("time_precision")]
    latitude = parse_float(get("latitude"), line, "latitude", -90, 90)
    longitude = parse_float(get("longitude"), line, "longitude", -180, 180)
    if (latitude is None) != (longitude is None):
        raise RowError(line, "latitude", "latitude and longitude come together or not at all")
    killed = parse_count(get("fatalities"), line, "fatalities")
    place = ", ".join(filter(None, (get(c) for c in ("location", "admin3", "admin2", "admin1"))))
    extra = {k: v.strip() for k, v in row.items() if k and k not in STORED and (v or "").strip()}
    if killed is not None and not _civilian_dead(row, event_id):
        # Kept as ACLED's, for the export: not counted as people killed in an attack.
        extra["fatalities"] = get("fatalities")
        killed = None
    targets, weapons, theirs = _tags(get("tags"), line)
    children = _children(get("tags"), line)
    if theirs:
        extra["tags"] = theirs
    else:
        extra.pop("tags", None)
    # A Thitsa export's own rows name the ACLED events behind them: kept for the next export.
    if events := [t.strip()[6:] for t in get("tags").split(";") if t.strip().startswith("acled=")]:
        extra["acled_events"] = events
    if get("geo_precision") == AREA_POINT and latitude is not None:
        # As UCDP's area points: kept, but not taken for where the event happened.
        extra["acled_point"] = f"{latitude},{longitude}"
        latitude = longitude = None
    # An event ACLED lists without an outlet is still ACLED's account of it.
    names = outlets(get("source")) or ["ACLED"]
    return [
        ReportRow(
            source=name,
            import_format="acled",
            source_kind=(
                "dataset"
                if name == "ACLED"
                else "social_media"
                if name.casefold() in SOCIAL_MEDIA
                else "media"
            ),
            external_id=f"{event_id}:{name}",
            language="en",
            text=get("notes"),
            event_date=day,
            event_date_precision=precision,
            place_text=place[:500],
            latitude=latitude,
            longitude=longitude,
            event_type=get("sub_event_type") or get("event_type"),
            perpetrator=get("actor1")[:200],
            targets=targets,
            weapons=weapons,
            casualties=({"killed": killed} if killed is not None else {}) | children,
            # ACLED has already weighed its sources: a coded event, not a raw claim.
            credibility=3,
            extra=extra,
        )
        for name in names
    ]


def _civilian_dead(row: dict[str, str], event_id: str) -> bool:
    """Whether ACLED's `fatalities` are the dead of an attack on civilians, which Thitsa counts
    as killed. ACLED counts every death of an event, fighters' too: an airstrike on an armed
    group's camp ("killing 10 PDF fighters", Explosions/Remote violence without civilian
    targeting) or a battle added its fighters to a figure of people killed in attacks. Its
    dead are civilians' where ACLED says civilians were the target: violence against
    civilians, `civilian_targeting`, or civilians as the second actor (older files have no
    `civilian_targeting`: their actors tell). A Thitsa export's own rows carry Thitsa's
    killed, as civilian dead where it says so, or where no ACLED event is behind the row; a
    file with neither column nor actors (a hand-made one) cannot tell: its fatalities count."""

    def get(name: str) -> str:
        return (row.get(name) or "").strip()

    if not {"civilian_targeting", "inter2", "actor2"} & row.keys():
        return True
    return bool(
        get("event_type") == "Violence against civilians"
        or get("civilian_targeting")
        or get("inter2") in ("Civilians", "7")
        or get("actor2").startswith("Civilians")
        or (PUBLIC_ID.match(event_id) and "acled=" not in get("tags"))
    )


def _children(value: str, line: int) -> dict:
    """The children among the dead and hurt a Thitsa export wrote in its tags
    ("killed_children=5"), as casualties."""
    out = {}
    for tag in (t.strip() for t in value.split(";")):
        kind, _, count = tag.partition("=")
        if kind in ("killed_children", "injured_children") and count:
            out[kind] = parse_count(count, line, "tags")
    return out


def _tags(value: str, line: int) -> tuple[list[str], list[str], str]:
    """(targets, weapons, ACLED's own tags) of a `tags` cell. The means Thitsa wrote are read
    again from the event type, as for every report; an unknown code refuses the row."""
    tags = [t.strip() for t in value.split(";") if t.strip()]
    try:
        targets = known_codes(TARGETS, [t[7:] for t in tags if t.startswith("target=")])
        weapons = known_codes(WEAPONS, [t[7:] for t in tags if t.startswith("weapon=")])
    except UnknownCode as exc:
        raise RowError(line, "tags", str(exc)) from None
    return targets, weapons, "; ".join(t for t in tags if not t.startswith(OUR_TAGS))
