"""/places: the gazetteer (public data: MIMU P-codes and names) and the place resolver."""

from __future__ import annotations

from ninja import Query, Router
from ninja.errors import HttpError

from thitsa.api import schemas
from thitsa.api.errors import ApiError
from thitsa.places.models import Place
from thitsa.places.resolver import resolve

router = Router(tags=["places"])


@router.get("/places", response={200: list[schemas.PlaceMatch], 401: schemas.Message,
                                 422: schemas.Problem})  # fmt: skip
def resolve_places(
    request,
    q: str = Query(..., min_length=1, max_length=200, description="a place name, e.g. Depayin"),
    limit: int = Query(5, ge=1, le=50),
):
    """What `thitsa place resolve` answers: the places a name may mean, best first."""
    if any(ord(c) < 32 for c in q):
        raise ApiError("q", "control characters are not allowed")
    return [schemas.PlaceMatch(**m.as_dict()) for m in resolve(q, limit=limit)]


@router.get("/places/{pcode}", response={200: schemas.Place, 401: schemas.Message,
                                         404: schemas.Message})  # fmt: skip
def get_place(request, pcode: str):
    place = Place.objects.filter(pcode=pcode.upper()).first() if "\x00" not in pcode else None
    if place is None:
        raise HttpError(404, "Not Found")
    return schemas.Place(
        pcode=place.pcode, level=place.level, name_en=place.name_en, name_my=place.name_my,
        alt_names=place.alt_names or [], parent=place.parent_id, township=place.township_id,
        state=place.state_id, lat=place.lat, lon=place.lon,
    )  # fmt: skip
