"""Which townships border which, from the bundled township polygons; which townships of the
bundled gazetteer, having no polygon there, stand for part or all of one that has; and which
villages are parts of one place under one name."""

from __future__ import annotations

import csv
import gzip
import re
from functools import cache

from thitsa.places.geo import GAZETTEER_CSV, km_between, township_at, township_shapes

# Simplified polygons no longer touch exactly: borders within ~1 km count as shared.
GAP = 0.01
# Parts of one village under one name ("(North)", "(South)") lie this close (km) at most.
TWIN_KM = 3.0
_QUALIFIER = re.compile(r"\s*\([^)]*\)")


@cache
def neighbours() -> dict[str, frozenset[str]]:
    """Township P-code -> the P-codes of the townships that border it. A township without a
    polygon borders the ones it overlaps and their neighbours."""
    tree, pcodes = township_shapes()
    geoms = tree.geometries
    found: dict[str, set[str]] = {p: set() for p in pcodes}
    for i, geom in enumerate(geoms):
        for j in tree.query(geom.buffer(GAP), predicate="intersects"):
            if int(j) != i:
                found[pcodes[i]].add(pcodes[int(j)])
    for pcode, hosts in overlaps().items():
        if pcode in found:
            continue  # a host: its own borders are in already
        near = set(hosts).union(*(found[h] for h in hosts)) - {pcode}
        found[pcode] = near
        for other in near:
            found.setdefault(other, set()).add(pcode)
    return {p: frozenset(n) for p, n in found.items()}


@cache
def overlaps() -> dict[str, frozenset[str]]:
    """Townships that cover the same ground under two codes, both ways: one MIMU 9.6 lists
    without a 9.3 polygon, and the polygons' townships it is part or all of. Hlaingtharya before
    its split is Hlaingtharya (East) and (West); Laukkaing (Kokang SAZ) is Laukkaing; a Wa
    township lies in the township that held its seat before."""
    named, by_point = _hosts()
    found: dict[str, set[str]] = {}
    for hosts in (named, by_point):
        for pcode, hs in hosts.items():
            for host in hs:
                found.setdefault(pcode, set()).add(host)
                found.setdefault(host, set()).add(pcode)
    return {p: frozenset(h) for p, h in found.items()}


@cache
def counted_with(pcode: str) -> frozenset[str]:
    """The townships whose incidents a figure of township `pcode` counts as its own: the parts
    it was split into (Hlaingtharya: its East and West), or the one that is the same township
    under another code (Laukkaing and Laukkaing (Kokang SAZ)). Not the reverse of a split (the
    East part's figure cannot take what is known only as Hlaingtharya), nor a Wa township's
    seat, which is more than the Wa township."""
    named, _by_point = _hosts()
    found = set(named.get(pcode, ()))
    found.update(p for p, hosts in named.items() if hosts == {pcode})
    return frozenset(found)


@cache
def _hosts() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Each township without a polygon -> the polygons' townships it stands for: by name (the
    same name without its bracketed qualifier, in the same state), else the one its point
    lies in."""
    with_polygon = set(township_shapes()[1])
    by_name: dict[tuple[str, str], list[str]] = {}
    bare: dict[str, tuple[str, str]] = {}
    points: dict[str, tuple[float, float]] = {}
    with gzip.open(GAZETTEER_CSV, "rt", encoding="utf-8", newline="") as fh:
        # 358 townships among 91,000 places: the rest is skipped before the CSV is parsed.
        header = next(fh)
        lines = [header, *(line for line in fh if ",township," in line)]
        for row in csv.DictReader(lines):
            if row["level"] != "township":
                continue
            key = (row["pcode"][:6], _QUALIFIER.sub("", row["name_en"]).casefold())
            bare[row["pcode"]] = key
            if row["pcode"] in with_polygon:
                by_name.setdefault(key, []).append(row["pcode"])
            elif row["lat"] and row["lon"]:
                points[row["pcode"]] = (float(row["lat"]), float(row["lon"]))
    named: dict[str, frozenset[str]] = {}
    by_point: dict[str, frozenset[str]] = {}
    for pcode, key in bare.items():
        if pcode in with_polygon:
            continue
        if key in by_name:
            named[pcode] = frozenset(by_name[key])
        elif pcode in points and (host := township_at(*points[pcode], near=0)):
            by_point[pcode] = frozenset({host})
    return named, by_point


@cache
def twins() -> dict[str, tuple[str, str]]:
    """Villages, tracts and wards that are parts of one place under one name: "Oe Htein Kwin
    (North)" and "Oe Htein Kwin (South)", 380 m apart, or the bare "Kyauk Ka" beside its
    "(North)". P-code -> (township, name without the qualifier), for the places of one township
    whose names differ only by a bracketed qualifier and that lie within TWIN_KM of another
    such part. Reports of the Oe Htein Kwin school bombing named either, and matching took them
    for two villages of one township: two events."""
    rows: dict[str, tuple[str, str, str, float | None, float | None]] = {}
    with gzip.open(GAZETTEER_CSV, "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            lat = float(row["lat"]) if row["lat"] else None
            lon = float(row["lon"]) if row["lon"] else None
            rows[row["pcode"]] = (row["level"], row["parent"], row["name_en"], lat, lon)

    def township(pcode: str) -> str | None:
        for _step in range(4):
            level, parent, *_rest = rows.get(pcode, ("", "", "", None, None))
            if level == "township":
                return pcode
            pcode = parent
        return None

    groups: dict[tuple[str, str], list[str]] = {}
    qualified: set[tuple[str, str]] = set()
    for pcode, (level, _parent, name, _lat, _lon) in rows.items():
        if level not in ("village", "tract", "ward") or not name:
            continue
        if (tsp := township(pcode)) is None:
            continue
        key = (tsp, _QUALIFIER.sub("", name).strip().casefold())
        groups.setdefault(key, []).append(pcode)
        if key[1] != name.strip().casefold():
            qualified.add(key)
    found: dict[str, tuple[str, str]] = {}
    for key in qualified:
        members = groups[key]
        for pcode in members:
            if any(_near(rows[pcode], rows[other]) for other in members if other != pcode):
                found[pcode] = key
    return found


def _near(a: tuple, b: tuple) -> bool:
    if a[3] is None or b[3] is None:
        return True  # no point to tell: one name in one township
    return km_between(a[3], a[4], b[3], b[4]) <= TWIN_KM
