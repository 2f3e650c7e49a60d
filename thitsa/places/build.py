"""Build the bundled gazetteer (thitsa/places/data) from MIMU's files and mm-geo-coder's villages.

    python -m thitsa.places.build --shared /work/shared/data --out thitsa/places/data

Maintainers run this when MIMU publishes a new release; users never need to.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
import json
import sqlite3
from pathlib import Path

from shapely.geometry import mapping, shape

from thitsa.places.names import KNOWN_ALT_NAMES
from thitsa.places.retired import Row, successors

COLUMNS = ["pcode", "level", "parent", "name_en", "name_my", "alt_names", "lat", "lon"]
# retired.csv: the P-codes MIMU has retired and what became of each (moved_to, blank for a
# deleted one), so that a load moves what a database placed at them (gazetteer.retire).
RETIRED_COLUMNS = ["pcode", "level", "name_en", "township", "moved_to", "change", "remark"]
TOWNSHIPS = "gazetteer/mimu_townships_adm3_v9.3.geojson"
STATES = "gazetteer/mimu_states_adm1.geojson"
DISTRICTS = "gazetteer/mimu_districts_adm2_2024-02-15.geojson"
TOWNS = "gazetteer/mimu_pcodes_9.6_towns.csv"
TRACTS = "gazetteer/mimu_pcodes_9.6_village_tracts.csv"
WARDS = "gazetteer/mimu_pcodes_9.6_wards.csv"


def villages_db() -> Path:
    # find_spec, not import: importing mm_geo_coder pulls in pandas, which we do not need.
    spec = importlib.util.find_spec("mm_geo_coder")
    if spec is None or spec.origin is None:
        raise SystemExit("mm-geo-coder is not installed: pip install mm-geo-coder")
    return Path(spec.origin).parent / "database" / "mimu_geo_data_public.db"


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


# Each code list's file and columns: P-code, English name, Burmese name, a ward's town.
CODE_LISTS = {
    "town": (TOWNS, "Town_Pcode", "Town_Name_Eng", "Town_Name_MMR", None),
    "tract": (TRACTS, "VT_Pcode", "Village_Tract_Name_Eng", "Village_Tract_Name_MMR", None),
    "ward": (WARDS, "Ward_Pcode", "Ward_Name_Eng", "Ward_Name_MMR", "Town_Pcode"),
}


def _retired(lists: dict[str, list[dict[str, str]]]) -> dict[str, tuple[Row, str | None]]:
    """The rows MIMU marks deleted or moved (retired.py), each with what became of it: kept,
    they were dead places, and moved ones tied with, or won over, their new rows."""
    rows = [
        Row(r[pc], level, r["SR_Pcode"], r["Tsp_Pcode"], r["Township_Name_Eng"], r[en], r[my],
            r[town] if town else "", r.get("Change_Type", "").strip(), r.get("Remark", ""))
        for level, (_file, pc, en, my, town) in CODE_LISTS.items()
        for r in lists[level]
    ]  # fmt: skip
    went = successors(rows)
    return {r.pcode: (r, went[r.pcode]) for r in rows if r.retired}


def _features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def _round_coords(obj, ndigits: int):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], float):
            return [round(c, ndigits) for c in obj]
        return [_round_coords(o, ndigits) for o in obj]
    return obj


def _write_geojson(features: list[tuple[dict, object]], path: Path, tolerance: float) -> None:
    out = []
    for props, geom in features:
        simple = geom.simplify(tolerance, preserve_topology=True)
        g = mapping(simple)
        out.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": g["type"], "coordinates": _round_coords(g["coordinates"], 4)},
            }
        )
    data = {"type": "FeatureCollection", "features": out}
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _place_bare_townships(rows: dict[str, dict]) -> None:
    """Townships new in MIMU 9.6 (Wa, Kokang, split townships) have no polygon and no point:
    give them the mean point of their towns, else of their villages, so maps and "which
    9.3 polygon is this in" can still place them."""
    township_of: dict[str, str | None] = {}

    def tsp(pcode: str) -> str | None:
        if pcode not in township_of:
            r = rows.get(pcode)
            if r is None or r["level"] in ("country", "state", "district"):
                township_of[pcode] = None
            elif r["level"] == "township":
                township_of[pcode] = pcode
            else:
                township_of[pcode] = tsp(r["parent"])
        return township_of[pcode]

    points: dict[str, dict[str, list[tuple[float, float]]]] = {}
    for r in rows.values():
        if r["lat"] and r["level"] in ("town", "village"):
            t = tsp(r["pcode"])
            if t and not rows[t]["lat"]:
                points.setdefault(t, {}).setdefault(r["level"], []).append(
                    (float(r["lat"]), float(r["lon"]))
                )
    for t, by_level in points.items():
        xy = by_level.get("town") or by_level["village"]
        rows[t]["lat"] = f"{sum(a for a, _ in xy) / len(xy):.5f}"
        rows[t]["lon"] = f"{sum(b for _, b in xy) / len(xy):.5f}"


def build(shared: Path, out: Path) -> dict[str, int]:
    rows: dict[str, dict] = {}
    lists = {level: _read_csv(shared / spec[0]) for level, spec in CODE_LISTS.items()}
    retired = _retired(lists)
    # A moved place's old names, where its new row lacks them, are other names of the new one.
    former: dict[str, list[str]] = {}
    for row, new in retired.values():
        if new:
            former.setdefault(new, []).extend([row.name_en, row.name_my])
    towns, tracts, wards = (
        [r for r in lists[level] if r[CODE_LISTS[level][1]] not in retired] for level in lists
    )

    def add(pcode, level, parent, name_en, name_my="", alt=(), lat=None, lon=None):
        pcode = str(pcode).strip()
        if not pcode or pcode in rows:
            return
        was = [a for a in former.get(pcode, []) if a not in (name_en, name_my)]
        known = [*KNOWN_ALT_NAMES.get(pcode, []), *was]
        alts = [a for a in dict.fromkeys(a.strip() for a in [*alt, *known]) if a and a != name_en]
        rows[pcode] = dict(
            pcode=pcode, level=level, parent=parent or "", name_en=name_en.strip(),
            name_my=(name_my or "").strip(), alt_names=";".join(alts),
            lat="" if lat is None else f"{lat:.5f}", lon="" if lon is None else f"{lon:.5f}",
        )  # fmt: skip

    add("MMR", "country", "", "Myanmar", "မြန်မာ", ["Burma"], 21.0, 96.0)

    db = sqlite3.connect(villages_db())
    # Burmese names of districts and townships: the districts file cuts them short.
    my_names = dict(db.execute("SELECT district_saz_pcode, district_mmr FROM villages"))
    my_names.update(db.execute("SELECT township_pcode, township_mmr FROM villages"))

    state_geoms = []
    for f in _features(shared / STATES):
        p, geom = f["properties"], shape(f["geometry"])
        c = geom.centroid
        add(p["ST_PCODE"], "state", "MMR", p["ST"], p.get("Name_MMR4", ""), lat=c.y, lon=c.x)
        state_geoms.append(({"pcode": p["ST_PCODE"], "name_en": p["ST"],
                             "name_my": p.get("Name_MMR4", "")}, geom))  # fmt: skip

    for f in _features(shared / DISTRICTS):
        p, c = f["properties"], shape(f["geometry"]).centroid
        pc = p["ADM2_PCODE"]
        add(pc, "district", p["ADM1_PCODE"], p["ADM2_EN"], my_names.get(pc) or p["ADM2_MY"],
            lat=c.y, lon=c.x)  # fmt: skip

    tsp_geoms = []
    for f in sorted(_features(shared / TOWNSHIPS), key=lambda f: f["properties"]["TS_PCODE"]):
        p, geom = f["properties"], shape(f["geometry"])
        c = geom.centroid
        add(p["TS_PCODE"], "township", p["DT_PCODE"], p["TS"], p.get("TS_MMR4", ""),
            lat=c.y, lon=c.x)  # fmt: skip
        props = {"pcode": p["TS_PCODE"], "name_en": p["TS"], "name_my": p.get("TS_MMR4", ""),
                 "state_pcode": p["ST_PCODE"], "state_en": p["ST"]}  # fmt: skip
        tsp_geoms.append((props, geom))

    # MIMU 9.6 has townships (Wa and Kokang regions, split townships) that the 9.3 polygons
    # lack: they come from the code lists, without a polygon. Retired rows' too: Seikkan's
    # wards have all moved, but reports still name the township.
    for r in (r for rows_of_level in lists.values() for r in rows_of_level):
        add(r["District/SAZ_Pcode"], "district", r["SR_Pcode"], r["District/SAZ_Name_Eng"],
            my_names.get(r["District/SAZ_Pcode"], ""))  # fmt: skip
        add(r["Tsp_Pcode"], "township", r["District/SAZ_Pcode"], r["Township_Name_Eng"],
            my_names.get(r["Tsp_Pcode"], ""))  # fmt: skip

    def num(v):
        try:
            return float(v)
        except (TypeError, ValueError):
            return None

    for r in towns:
        add(r["Town_Pcode"], "town", r["Tsp_Pcode"], r["Town_Name_Eng"], r["Town_Name_MMR"],
            lat=num(r["Latitude"]), lon=num(r["Longitude"]))  # fmt: skip
    # Tracts have no coordinates of their own: the mean of their villages' stands in.
    vt_xy: dict[str, list[tuple[float, float]]] = {}
    villages = db.execute(
        "SELECT village_pcode, village_tract_pcode, township_pcode, village_eng, village_mmr,"
        " latitude, longitude FROM villages ORDER BY village_pcode"
    ).fetchall()
    for _pc, vt, _ts, _en, _my, lat, lon in villages:
        if lat is not None and lon is not None:
            vt_xy.setdefault(vt, []).append((lat, lon))
    for r in tracts:
        xy = vt_xy.get(r["VT_Pcode"])
        lat = sum(a for a, _ in xy) / len(xy) if xy else None
        lon = sum(b for _, b in xy) / len(xy) if xy else None
        add(r["VT_Pcode"], "tract", r["Tsp_Pcode"], r["Village_Tract_Name_Eng"],
            r["Village_Tract_Name_MMR"], [r.get("Previous_Village_Tract_Name_Eng", "")],
            lat, lon)  # fmt: skip
    for r in wards:
        parent = r["Town_Pcode"] if r["Town_Pcode"] in rows else r["Tsp_Pcode"]
        add(r["Ward_Pcode"], "ward", parent, r["Ward_Name_Eng"], r["Ward_Name_MMR"])
    moved_to = {pc: new for pc, (_row, new) in retired.items() if new}
    for pc, vt, ts, en, my, lat, lon in villages:
        vt = moved_to.get(vt, vt)  # "All villages moved to Namhsan": with their tract
        add(str(pc), "village", vt if vt in rows else ts, en or "", my or "", lat=lat, lon=lon)

    _place_bare_townships(rows)

    out.mkdir(parents=True, exist_ok=True)
    with gzip.open(out / "gazetteer.csv.gz", "wt", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, COLUMNS)
        w.writeheader()
        w.writerows(rows.values())
    with open(out / "retired.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(RETIRED_COLUMNS)
        for pc, (row, new) in sorted(retired.items()):
            w.writerow([pc, row.level, row.name_en, row.township, new or "", row.change,
                        row.remark.strip()])  # fmt: skip
    _write_geojson(tsp_geoms, out / "townships.geojson", 0.0015)
    _write_geojson(state_geoms, out / "states.geojson", 0.005)
    counts: dict[str, int] = {}
    for r in rows.values():
        counts[r["level"]] = counts.get(r["level"], 0) + 1
    return counts


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, required=True, help="shared data folder (data/)")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "data")
    args = ap.parse_args(argv)
    counts = build(args.shared, args.out)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()), f"-> {args.out}")


if __name__ == "__main__":
    main()
