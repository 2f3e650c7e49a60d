"""Which townships border which, from the bundled township polygons."""

from __future__ import annotations

import json
from functools import cache

from shapely import STRtree
from shapely.geometry import shape

from thitsa.places.geo import TOWNSHIPS_GEOJSON

# Simplified polygons no longer touch exactly: borders within ~1 km count as shared.
GAP = 0.01


@cache
def neighbours() -> dict[str, frozenset[str]]:
    """Township P-code -> the P-codes of the townships that border it."""
    features = json.loads(TOWNSHIPS_GEOJSON.read_text(encoding="utf-8"))["features"]
    pcodes = [f["properties"]["pcode"] for f in features]
    geoms = [shape(f["geometry"]) for f in features]
    tree = STRtree(geoms)
    found: dict[str, set[str]] = {p: set() for p in pcodes}
    for i, geom in enumerate(geoms):
        for j in tree.query(geom.buffer(GAP), predicate="intersects"):
            if int(j) != i:
                found[pcodes[i]].add(pcodes[int(j)])
    return {p: frozenset(n) for p, n in found.items()}
