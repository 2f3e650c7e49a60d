"""Loading places: the bundled national gazetteer, and MIMU P-code files as users download them."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path
from typing import IO

from django.db import transaction
from django.utils import timezone

from thitsa.burmese.normalize import normalize
from thitsa.places.geo import GAZETTEER_CSV, RETIRED_CSV
from thitsa.places.models import LEVEL_RANK, Place
from thitsa.places.retired import Row, successors
from thitsa.workbooks import NotAWorkbook, first_sheet, is_workbook

BUNDLED = GAZETTEER_CSV
BATCH = 2000
# A report's extra[PLACE_MOVED]: each move a load made of its place, P-code from and to.
PLACE_MOVED = "place_moved"


class GazetteerFileError(ValueError):
    """A P-code file that cannot be loaded; the message names the file, row and column."""


def load_bundled(stdout: IO[str] | None = None) -> int:
    """Upsert the bundled gazetteer (about 91,000 places) into Place; safe to run again."""
    with gzip.open(BUNDLED, "rt", encoding="utf-8", newline="") as fh:
        rows = [
            {
                **r,
                "alt_names": [a for a in r["alt_names"].split(";") if a],
                "lat": float(r["lat"]) if r["lat"] else None,
                "lon": float(r["lon"]) if r["lon"] else None,
            }
            for r in csv.DictReader(fh)
        ]
    n = _save(rows, overwrite=True)
    with open(RETIRED_CSV, encoding="utf-8", newline="") as fh:
        gone = {r["pcode"]: (r["moved_to"] or None, _why(r["change"], r["remark"]))
                for r in csv.DictReader(fh)}  # fmt: skip
    said = retire(gone)
    if stdout is not None:
        stdout.write(f"Loaded {n} places from the bundled gazetteer.\n")
        for line in said:
            stdout.write(line + "\n")
    return n


def _why(change: str, remark: str) -> str:
    return f"MIMU: {change}: {remark.strip()}" if remark.strip() else f"MIMU: {change}"


# What each level's MIMU file calls its columns: (P-code, English name, Burmese name).
# Levels are listed top-down: a file's rows also carry their ancestors' codes and names.
MIMU_COLUMNS = [
    ("state", "SR_Pcode", "SR_Name_Eng", "SR_Name_MMR"),
    ("district", "District/SAZ_Pcode", "District/SAZ_Name_Eng", "District/SAZ_Name_MMR"),
    ("township", "Tsp_Pcode", "Township_Name_Eng", "Township_Name_MMR"),
    ("town", "Town_Pcode", "Town_Name_Eng", "Town_Name_MMR"),
    ("tract", "VT_Pcode", "Village_Tract_Name_Eng", "Village_Tract_Name_MMR"),
    ("ward", "Ward_Pcode", "Ward_Name_Eng", "Ward_Name_MMR"),
    ("village", "Village_Pcode", "Village_Name_Eng", "Village_Name_MMR"),
]
ALT_COLUMNS = ["Previous_Village_Tract_Name_Eng", "Previous_Name_Eng", "Village_Name_Eng_Alt"]


def _key(name: str) -> str:
    return "".join(name.lower().split())


def _read_table(path: Path) -> list[list[str]]:
    if path.is_dir():
        raise GazetteerFileError(f"{path}: a folder; give the P-code file itself")
    if is_workbook(path):
        return _xlsx_table(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-16") if raw.startswith(b"\xff\xfe") else raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GazetteerFileError(
            f"{path}: not UTF-8 text (byte {exc.start}): save it as CSV UTF-8, or as XLSX"
        ) from None
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]


def _xlsx_table(path: Path) -> list[list[str]]:
    try:
        return [["" if v is None else str(v).strip() for v in row] for row in first_sheet(path)]
    except NotAWorkbook as exc:
        raise GazetteerFileError(
            f"{exc}: download it from MIMU again, or save it as CSV UTF-8"
        ) from None


def load_mimu_file(path: str | Path, stdout: IO[str] | None = None) -> int:
    """Load one MIMU P-code file (CSV or XLSX): its level is the deepest one whose P-code column
    it has. Ancestors named in the rows are added when missing. Rows MIMU marks deleted or moved
    to another township are retired (`retire`). Returns the rows loaded."""
    path = Path(path)
    if not path.exists():
        raise GazetteerFileError(f"{path}: no such file")
    table = _read_table(path)
    # MIMU's spreadsheets sometimes put a title above the header: take the first row that
    # names a P-code column.
    wanted = {_key(c) for _lvl, c, _en, _my in MIMU_COLUMNS}
    header_at = next(
        (i for i, row in enumerate(table[:20]) if wanted & {_key(c) for c in row}), None
    )
    if header_at is None:
        raise GazetteerFileError(
            f"{path}: no P-code column found (expected one of "
            + ", ".join(c for _lvl, c, _en, _my in MIMU_COLUMNS)
            + ")"
        )
    col = {_key(c): i for i, c in enumerate(table[header_at]) if c}
    levels = [spec for spec in MIMU_COLUMNS if _key(spec[1]) in col]
    level, pcode_col, en_col, my_col = levels[-1]
    for needed in (en_col, "Tsp_Pcode" if LEVEL_RANK[level] > LEVEL_RANK["township"] else None):
        if needed and _key(needed) not in col:
            raise GazetteerFileError(f"{path}: the {level} file has no column {needed}")

    def get(row: list[str], name: str) -> str:
        i = col.get(_key(name))
        return row[i].strip() if i is not None and i < len(row) and row[i] else ""

    def number(row: list[str], name: str, line: int) -> float | None:
        value = get(row, name)
        if not value:
            return None
        try:
            return float(value)
        except ValueError:
            msg = f"{path}: row {line}: column {name}: not a number: {value!r}"
            raise GazetteerFileError(msg) from None

    places: dict[str, dict] = {}
    listed: list[Row] = []  # every row, for telling where the retired ones went
    for line, row in enumerate(table[header_at + 1 :], start=header_at + 2):
        if not any(row):
            continue
        listed.append(
            Row(get(row, pcode_col).removesuffix(".0"), level, get(row, "SR_Pcode"),
                get(row, "Tsp_Pcode"), get(row, "Township_Name_Eng"), get(row, en_col),
                get(row, my_col), get(row, "Town_Pcode") if level == "ward" else "",
                get(row, "Change_Type"), get(row, "Remark"))
        )  # fmt: skip
        if listed[-1].retired:
            continue  # nor its ancestors: a moved ward names its old town
        parent = "MMR"
        for lvl, pc_col, name_col, my_name_col in levels:
            pcode = get(row, pc_col)
            if not pcode:
                if lvl == level or lvl == "township":
                    raise GazetteerFileError(f"{path}: row {line}: column {pc_col} is empty")
                continue  # e.g. a village outside any tract
            pcode = pcode.removesuffix(".0")  # numeric village codes read from XLSX
            name = get(row, name_col)
            if lvl == level and not name:
                raise GazetteerFileError(f"{path}: row {line}: column {name_col} is empty")
            place = {"pcode": pcode, "level": lvl, "parent": parent, "name_en": name or pcode,
                     "name_my": get(row, my_name_col), "alt_names": [], "lat": None,
                     "lon": None, "ancestor": lvl != level}  # fmt: skip
            if lvl == level:
                place["alt_names"] = [a for c in ALT_COLUMNS if (a := get(row, c))]
                place["lat"] = number(row, "Latitude", line)
                place["lon"] = number(row, "Longitude", line)
            places.setdefault(pcode, place)
            parent = pcode
    existing = set(Place.objects.filter(pcode__in=list(places)).values_list("pcode", flat=True))
    # Ancestors already in the database keep what they have: the file only names them.
    rows = [p for p in places.values() if not (p["ancestor"] and p["pcode"] in existing)]
    _save(rows, overwrite=True)
    went = successors(listed)
    said = retire({r.pcode: (went[r.pcode], _why(r.change, r.remark)) for r in listed if r.retired})
    if stdout is not None:
        for line in said:
            stdout.write(line + "\n")
    return sum(1 for p in places.values() if not p["ancestor"])


def _save(rows: list[dict], overwrite: bool) -> int:
    """Upsert rows (pcode, level, parent, names, lat, lon), parents first, filling path,
    township and state from the parent chain."""
    from thitsa.places.resolver import reset_resolver

    rows = sorted(rows, key=lambda r: LEVEL_RANK[r["level"]])
    known, stored = {}, {}
    for pc, path, tsp, st, *kept in Place.objects.values_list(
        "pcode", "path", "township_id", "state_id", "name_my", "alt_names", "lat", "lon"
    ):
        known[pc] = (path, tsp, st)
        stored[pc] = kept
    objs, moved = [], []
    for r in rows:
        pcode, level = r["pcode"], r["level"]
        parent = r["parent"] or None
        if parent is not None and parent not in known:
            raise GazetteerFileError(f"{pcode}: its parent {parent} is not in the gazetteer")
        ppath, ptsp, pst = known[parent] if parent else ("", None, None)
        path = f"{ppath}/{pcode}" if ppath else pcode
        tsp = pcode if level == "township" else ptsp
        st = pcode if level == "state" else pst
        if pcode in stored and known[pcode][0] != path:
            moved.append(pcode)
        known[pcode] = (path, tsp, st)
        # A blank cell is not news: MIMU releases often leave Burmese names or coordinates out,
        # and a load that blanked them lost every Burmese search and figure for the place.
        name_my, alt_names, lat, lon = r["name_my"], r["alt_names"], r["lat"], r["lon"]
        # Spelt as Thitsa stores every Burmese text (MIMU writes a few names with a digit for a
        # letter, ၀က်မြေကန်, or a zero-width space): search and the resolver find them so.
        name_my = normalize(name_my) if name_my else name_my
        if pcode in stored:
            old_my, old_alt, old_lat, old_lon = stored[pcode]
            name_my = name_my or old_my
            alt_names = list(dict.fromkeys([*alt_names, *(old_alt or [])]))
            if lat is None or lon is None:
                lat, lon = old_lat, old_lon
        objs.append(
            Place(
                pcode=pcode,
                level=level,
                parent_id=parent,
                path=path,
                township_id=tsp,
                state_id=st,
                name_en=r["name_en"],
                name_my=name_my or "",
                alt_names=alt_names,
                lat=lat,
                lon=lon,
            )  # fmt: skip
        )
    fields = ["level", "parent", "path", "township", "state", "name_en", "name_my",
              "alt_names", "lat", "lon"]  # fmt: skip
    with transaction.atomic():
        for i in range(0, len(objs), BATCH):
            Place.objects.bulk_create(
                objs[i : i + BATCH],
                update_conflicts=overwrite,
                ignore_conflicts=not overwrite,
                unique_fields=["pcode"] if overwrite else None,
                update_fields=fields if overwrite else None,
            )
        if moved:
            _incidents_follow(moved)
    reset_resolver()
    return len(objs)


def _incidents_follow(pcodes: list[str]) -> None:
    """Incidents keep their place's township, state and path (counted by them without a
    join): where a load moved places within the hierarchy, their incidents are reconciled."""
    from thitsa.incidents.models import Incident
    from thitsa.incidents.reconcile import reconcile_incidents

    ids = set()
    for i in range(0, len(pcodes), BATCH):
        part = pcodes[i : i + BATCH]
        ids.update(Incident.objects.filter(place_id__in=part).values_list("id", flat=True))
    if ids:
        reconcile_incidents(ids)


def retire(gone: dict[str, tuple[str | None, str]]) -> list[str]:
    """Take the places MIMU has retired out of the gazetteer. `gone` maps each P-code to the
    P-code it moved to (None: deleted, or its new row not found) and MIMU's reason.

    What a database placed at a moved place moves to its new P-code: reports (each notes the
    move in extra[PLACE_MOVED]), their incidents, places loaded inside it. A retired place
    that is still used and has nowhere to go stays, named in what this returns: removed, its
    reports would lose their place without a word. Returns lines saying what it did."""
    from thitsa.bulk import bulk_set
    from thitsa.incidents.models import Incident
    from thitsa.incidents.reconcile import reconcile_incidents
    from thitsa.reports.models import SourceReport

    here = Place.objects.in_bulk(list(gone))
    if not here:
        return []
    new_places = Place.objects.in_bulk([gone[p][0] for p in here if gone[p][0]])
    moves = {old: new_places[gone[old][0]] for old in here if gone[old][0] in new_places}
    said = []
    with transaction.atomic():
        at = timezone.now().isoformat()
        reports = list(
            SourceReport.objects.filter(place_id__in=list(moves)).only("id", "place", "extra",
                                                                        "incident")
        )  # fmt: skip
        for r in reports:
            note = {"from": r.place_id, "to": moves[r.place_id].pcode, "at": at,
                    "why": gone[r.place_id][1]}  # fmt: skip
            r.extra = {**(r.extra or {}), PLACE_MOVED: [*(r.extra or {}).get(PLACE_MOVED, []),
                                                        note]}  # fmt: skip
            r.place_id = moves[r.place_id].pcode
        bulk_set(reports, ["place", "extra"])
        # Places loaded inside a moved one (the villages of a user's MIMU file) go with it.
        inside = [
            {"pcode": p.pcode, "level": p.level, "name_en": p.name_en, "name_my": p.name_my,
             "alt_names": p.alt_names, "lat": p.lat, "lon": p.lon,
             "parent": moves[old].pcode if p.parent_id == old else p.parent_id}
            for old in moves
            for p in Place.objects.filter(path__startswith=f"{here[old].path}/")
        ]  # fmt: skip
        if inside:
            _save(inside, overwrite=True)
        # An incident takes its place from its reports; one left with none keeps its own.
        incidents = Incident.objects.filter(place_id__in=list(moves))
        touched = {r.incident_id for r in reports if r.incident_id}
        touched.update(incidents.values_list("id", flat=True))
        for old, new in moves.items():
            Incident.objects.filter(place_id=old).update(
                place_id=new.pcode, township_id=new.township_id, state_id=new.state_id,
                place_path=new.path,
            )  # fmt: skip
        reconcile_incidents(touched)
        if reports or touched:
            said.append(
                f"Moved {len(reports)} reports and {len(touched)} incidents from places MIMU "
                f"moved to another township to their new P-codes."
            )
        used = set(SourceReport.objects.filter(place_id__in=list(here)).values_list(
            "place_id", flat=True))  # fmt: skip
        for name in ("place_id", "township_id", "state_id"):
            used.update(Incident.objects.filter(**{f"{name}__in": list(here)}).values_list(
                name, flat=True))  # fmt: skip
        used.update(
            Place.objects.filter(parent_id__in=list(here))
            .exclude(pcode__in=list(here))
            .values_list("parent_id", flat=True)
        )
        # A kept place keeps its retired ancestors too (a ward its old town).
        kept = {a for p in used for a in here[p].path.split("/") if a in here}
        gone_now = [p for p in here if p not in kept]
        for level in sorted({here[p].level for p in gone_now}, key=LEVEL_RANK.get, reverse=True):
            Place.objects.filter(pcode__in=[p for p in gone_now if here[p].level == level]).delete()
        if kept:
            said.append(
                f"Kept {len(kept)} places MIMU has retired, which reports or incidents still "
                f"use, with no new P-code to move them to: {', '.join(sorted(kept))}."
            )
    from thitsa.places.resolver import reset_resolver

    reset_resolver()
    return said
