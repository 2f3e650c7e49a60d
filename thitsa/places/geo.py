"""Which township a point lies in, from the bundled (simplified) township polygons."""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

from shapely import STRtree
from shapely.geometry import Point, shape

TOWNSHIPS_GEOJSON = Path(__file__).parent / "data" / "townships.geojson"
STATES_GEOJSON = Path(__file__).parent / "data" / "states.geojson"
GAZETTEER_CSV = Path(__file__).parent / "data" / "gazetteer.csv.gz"
# P-codes MIMU has retired, and the new P-code of each it moved (build.py writes it).
RETIRED_CSV = Path(__file__).parent / "data" / "retired.csv"
# Simplified polygons leave slivers along coasts and borders: a point this close (degrees,
# about 3 km) to a township still belongs to it.
NEAR = 0.03


@cache
def township_shapes() -> tuple[STRtree, list[str]]:
    """The bundled township polygons in a spatial index, and their P-codes in its order."""
    features = json.loads(TOWNSHIPS_GEOJSON.read_text(encoding="utf-8"))["features"]
    geoms = [shape(f["geometry"]) for f in features]
    return STRtree(geoms), [f["properties"]["pcode"] for f in features]


def township_at(lat: float, lon: float, near: float = NEAR) -> str | None:
    """P-code of the township containing (lat, lon), or of the nearest one within `near`
    degrees (~3 km). `near=0`: the containing one only, as where an incident took place is
    read (3 km from a border township may be a camp in Thailand or a town in China)."""
    tree, pcodes = township_shapes()
    point = Point(lon, lat)
    hits = tree.query(point, predicate="intersects")
    if len(hits):
        return pcodes[int(hits[0])]
    if not near:
        return None
    found = tree.query_nearest(point, max_distance=near)
    return pcodes[int(found[0])] if len(found) else None


def townships_geojson() -> dict:
    """The bundled township polygons (properties: pcode, name_en, name_my, state_pcode,
    state_en), for maps."""
    return json.loads(TOWNSHIPS_GEOJSON.read_text(encoding="utf-8"))


def states_geojson() -> dict:
    return json.loads(STATES_GEOJSON.read_text(encoding="utf-8"))


# Reverse lookup: the nearest village (or ward, or town) to a point. A grid of cells this many
# degrees wide (about 5.5 km), built once per process from the Place table.
CELL = 0.05
EARTH_KM = 6371.0088
POINT_LEVELS = ("village", "ward", "town")
_village_grid: dict[tuple[int, int], list[tuple[float, float, str]]] | None = None


def _grid() -> dict[tuple[int, int], list[tuple[float, float, str]]]:
    global _village_grid
    if _village_grid is None:
        from thitsa.places.models import Place

        grid: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
        rows = Place.objects.filter(
            level__in=POINT_LEVELS, lat__isnull=False, lon__isnull=False
        ).values_list("lat", "lon", "pcode")
        for lat, lon, pcode in rows.order_by().iterator(chunk_size=20_000):
            grid.setdefault((math.floor(lat / CELL), math.floor(lon / CELL)), []).append(
                (lat, lon, pcode)
            )
        _village_grid = grid
    return _village_grid


def reset_village_index() -> None:
    """Forget the cached grid: call after loading places."""
    global _village_grid
    _village_grid = None


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def nearest_village_km(lat: float, lon: float, max_km: float = 5) -> tuple[str, float] | None:
    """(P-code, distance in km) of the village, ward or town nearest to (lat, lon) within
    max_km, or None."""
    grid = _grid()
    ci, cj = math.floor(lat / CELL), math.floor(lon / CELL)
    di = math.ceil(max_km / (111.2 * CELL))
    dj = math.ceil(max_km / (111.2 * max(0.01, math.cos(math.radians(lat))) * CELL))
    best: tuple[str, float] | None = None
    for i in range(ci - di, ci + di + 1):
        for j in range(cj - dj, cj + dj + 1):
            for plat, plon, pcode in grid.get((i, j), ()):
                d = km_between(lat, lon, plat, plon)
                if d <= max_km and (best is None or d < best[1]):
                    best = (pcode, d)
    return best


def nearest_village(lat: float, lon: float, max_km: float = 5) -> str | None:
    """P-code of the village, ward or town nearest to (lat, lon) within max_km, or None."""
    found = nearest_village_km(lat, lon, max_km)
    return found[0] if found else None
