"""Which township a point lies in, from the bundled (simplified) township polygons."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from shapely import STRtree
from shapely.geometry import Point, shape

TOWNSHIPS_GEOJSON = Path(__file__).parent / "data" / "townships.geojson"
STATES_GEOJSON = Path(__file__).parent / "data" / "states.geojson"
# Simplified polygons leave slivers along coasts and borders: a point this close (degrees,
# about 3 km) to a township still belongs to it.
NEAR = 0.03


@cache
def _townships() -> tuple[STRtree, list[str]]:
    features = json.loads(TOWNSHIPS_GEOJSON.read_text(encoding="utf-8"))["features"]
    geoms = [shape(f["geometry"]) for f in features]
    return STRtree(geoms), [f["properties"]["pcode"] for f in features]


def township_at(lat: float, lon: float) -> str | None:
    """P-code of the township containing (lat, lon), or of the nearest one within ~3 km."""
    tree, pcodes = _townships()
    point = Point(lon, lat)
    hits = tree.query(point, predicate="intersects")
    if len(hits):
        return pcodes[int(hits[0])]
    near = tree.query_nearest(point, max_distance=NEAR)
    return pcodes[int(near[0])] if len(near) else None


def townships_geojson() -> dict:
    """The bundled township polygons (properties: pcode, name_en, name_my, state_pcode,
    state_en), for maps."""
    return json.loads(TOWNSHIPS_GEOJSON.read_text(encoding="utf-8"))


def states_geojson() -> dict:
    return json.loads(STATES_GEOJSON.read_text(encoding="utf-8"))
