"""Loading places: the bundled national gazetteer, and MIMU P-code files as users download them."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path
from typing import IO

from django.db import transaction

from thitsa.burmese.normalize import normalize
from thitsa.places.geo import GAZETTEER_CSV
from thitsa.places.models import LEVEL_RANK, Place
from thitsa.workbooks import NotAWorkbook, first_sheet, is_workbook

BUNDLED = GAZETTEER_CSV
BATCH = 2000


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
    if stdout is not None:
        stdout.write(f"Loaded {n} places from the bundled gazetteer.\n")
    return n


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


def load_mimu_file(path: str | Path) -> int:
    """Load one MIMU P-code file (CSV or XLSX): its level is the deepest one whose P-code column
    it has. Ancestors named in the rows are added when missing. Returns the rows loaded."""
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
    for line, row in enumerate(table[header_at + 1 :], start=header_at + 2):
        if not any(row):
            continue
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
    objs = []
    for r in rows:
        pcode, level = r["pcode"], r["level"]
        parent = r["parent"] or None
        if parent is not None and parent not in known:
            raise GazetteerFileError(f"{pcode}: its parent {parent} is not in the gazetteer")
        ppath, ptsp, pst = known[parent] if parent else ("", None, None)
        path = f"{ppath}/{pcode}" if ppath else pcode
        tsp = pcode if level == "township" else ptsp
        st = pcode if level == "state" else pst
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
    reset_resolver()
    return len(objs)
