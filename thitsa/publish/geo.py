"""GeoJSON and counts for the maps. Polygons come from our own files (no tile server): the files
are read once per process and served gzipped where the browser accepts it (slow links)."""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path

from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

import thitsa.places
from thitsa.figures.query import FigureError, evaluate
from thitsa.publish.forms import filters_from

DATA = Path(thitsa.places.__file__).resolve().parent / "data"
TOWNSHIPS = DATA / "townships.geojson"
STATES = DATA / "states.geojson"
# Boundaries change once in years; a day of caching saves 1.3 MB per visit.
CACHE_CONTROL = "public, max-age=86400"


@cache
def _file(path: Path) -> tuple[bytes, bytes]:
    raw = path.read_bytes()
    return raw, gzip.compress(raw, compresslevel=9)


@cache
def _township_features() -> dict[str, dict]:
    return {f["properties"]["pcode"]: f for f in json.loads(_file(TOWNSHIPS)[0])["features"]}


def states_available() -> bool:
    return STATES.exists()


def _serve(request, path: Path) -> HttpResponse:
    if not path.exists():
        raise Http404(f"{path.name} has not been built")
    raw, packed = _file(path)
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(packed, content_type="application/geo+json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(raw, content_type="application/geo+json")
    response["Cache-Control"] = CACHE_CONTROL
    response["Vary"] = "Accept-Encoding"
    return response


@require_GET
def townships_geojson(request):
    return _serve(request, TOWNSHIPS)


@require_GET
def states_geojson(request):
    return _serve(request, STATES)


@require_GET
def township_feature(request, pcode: str):
    if not TOWNSHIPS.exists():
        raise Http404("townships.geojson has not been built")
    feature = _township_features().get(pcode)
    if feature is None:
        raise Http404(f"no township polygon for {pcode}")
    response = JsonResponse(feature, content_type="application/geo+json")
    response["Cache-Control"] = CACHE_CONTROL
    return response


@require_GET
def map_counts(request):
    """Public incidents per township for the filters: {"counts": {pcode: n}, "total": n, ...}."""
    form, filters = filters_from(request)
    if filters is None:
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    try:
        # The counts only: naming what rests on reports awaiting review (`map_page`'s notes)
        # is enough; reconciling each of their incidents again on every map load is not.
        figure = evaluate(
            "incidents", filters, by="township", with_incidents=False, review_value=False
        )
    except FigureError as e:
        return JsonResponse({"errors": {"__all__": [{"message": str(e)}]}}, status=400)
    counts = {g.key: g.value for g in figure.groups if g.key}
    return JsonResponse(
        {
            "counts": counts,
            "total": figure.value,
            # Incidents placed only to a state (or not at all) have no township to colour.
            "without_township": figure.value - sum(counts.values()),
            "filters": figure.filters,
            "computed_at": figure.computed_at,
        }
    )
