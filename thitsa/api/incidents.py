"""/incidents: the incidents behind `thitsa figure`'s filters, one at a time, as CSV or GeoJSON."""

from __future__ import annotations

import json
from dataclasses import replace

from django.http import StreamingHttpResponse
from ninja import Query, Router
from ninja.errors import HttpError

from thitsa.accounts.audit import log_access
from thitsa.accounts.roles import can
from thitsa.api import schemas
from thitsa.api.errors import ApiError
from thitsa.api.filters import FigureFilters, refuse_unknown
from thitsa.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, page
from thitsa.figures.query import BATTLES, NON_VIOLENT_Q, Filters, incidents_matching
from thitsa.incidents.models import Incident
from thitsa.incidents.taxonomy import event_type_of, non_violent, sub_event_type_of
from thitsa.publish import spreadsheet
from thitsa.publish.exports import INCIDENT_COLUMNS, PLACE_CREDIT, incident_row
from thitsa.publish.views import point_of

router = Router(tags=["incidents"])
JOINS = ("place", "township", "state", "merged_into")
NOT_FOUND = {404: schemas.Message}
BAD = {401: schemas.Message, 422: schemas.Problem}


class _Echo:
    def write(self, value):
        return value


def restricted_ok(request) -> bool:
    return can(request.auth, "view_restricted")


def visible(request):
    """Incidents the caller may see: all for view_restricted, else the public ones."""
    qs = Incident.objects.select_related(*JOINS)
    return qs if restricted_ok(request) else qs.filter(visibility="public")


def named(request, public_id: str) -> Incident:
    """The incident a list's `incident` filter names, as the caller may see it: an id that is
    not there (or is restricted, to the public) is a 422, not an empty list that reads as "no
    reports"."""
    found = visible(request).filter(public_id=public_id.replace("\x00", "")).first()
    if found is None:
        raise ApiError("incident", f"no incident has the id {public_id!r}")
    return found


def as_schema(inc: Incident, restricted: bool):
    # Where its reports are now, at the end of a chain of merges (one step could name an
    # incident merged away since, which itself reads as empty).
    merged = inc.surviving() if inc.merged_into_id else None
    fields = {
        "public_id": inc.public_id,
        "date": inc.date,
        "date_precision": inc.date_precision,
        "place": inc.place_id,
        "place_name": inc.place.name_en if inc.place else "",
        "township": inc.township_id,
        "township_name": inc.township.name_en if inc.township else "",
        "state": inc.state_id,
        "state_name": inc.state.name_en if inc.state else "",
        "latitude": inc.latitude,
        "longitude": inc.longitude,
        "geo_precision": inc.geo_precision,
        "event_type": inc.event_type,
        "sub_event_type": inc.sub_event_type,
        "attack_means": inc.attack_means,
        "targets": inc.target_list,
        "weapons": inc.weapon_list,
        "perpetrator": inc.perpetrator,
        "grade": inc.grade,
        "source_count": inc.source_count,
        "summary_en": inc.summary_en,
        "summary_my": inc.summary_my,
        # A pointer to a restricted incident would tell the public it exists.
        "merged_into": merged.public_id
        if merged and (restricted or merged.visibility == "public")
        else None,
        **{
            f"{kind}_{end}": getattr(inc, f"{kind}_{end}")
            for kind in ("killed", "injured", "killed_children", "injured_children")
            for end in ("min", "max")
        },
    }
    if not restricted:
        return schemas.PublicIncident(**fields)
    return schemas.RestrictedIncident(
        **fields,
        visibility=inc.visibility,
        grade_override=inc.grade_override,
        created_at=inc.created_at,
        updated_at=inc.updated_at,
    )


def log_restricted(request, incidents) -> None:
    for inc in incidents:
        if inc.visibility != "public":
            log_access(request.auth, "view", "incident", inc.public_id, via="api")


def matching(request, query: Filters):
    """The figure's incidents for these filters (restricted too for those who may see them)."""
    qs = incidents_matching(query, public_only=not restricted_ok(request))
    return qs.select_related(*JOINS)


def battles_said(request, query: Filters) -> dict:
    """What a figure with these filters says of battles and of events without violence:
    whether it counts them, and how many matching the other filters it leaves out."""
    if query.event_type:
        named = event_type_of(query.event_type)
        return {
            "include_battles": named == BATTLES,
            "battles_left_out": 0,
            "include_non_violent": non_violent(named, sub_event_type_of(query.event_type)),
            "non_violent_left_out": 0,
        }
    every = incidents_matching(
        replace(query, include_battles=True, include_non_violent=True), not restricted_ok(request)
    )
    fought = 0 if query.include_battles else every.filter(event_type=BATTLES).count()
    quiet = 0 if query.include_non_violent else every.filter(NON_VIOLENT_Q).count()
    return {
        "include_battles": query.include_battles,
        "battles_left_out": fought,
        "include_non_violent": query.include_non_violent,
        "non_violent_left_out": quiet,
    }


# Said on each of the lists: a client that did not ask for battles sees why none came.
BATTLES_LEFT_OUT = (
    "By default battles (clashes between armed groups) and events without violence (peaceful "
    "protests, arrests, agreements) are not listed, as `thitsa figure` counts: "
    "`include_battles=true` and `include_non_violent=true` list them too, `event_type` names "
    "one type alone."
)


@router.get(
    "/incidents",
    response={200: schemas.IncidentPage, **BAD},
    description=f"""The incidents a figure with these filters counts, oldest first (by date,
then id). {BATTLES_LEFT_OUT} The page says so in `include_battles`, `battles_left_out`,
`include_non_violent` and `non_violent_left_out`.

Follow `next` until it is null: every incident comes once, even while new ones are added.""",
)
def list_incidents(
    request,
    filters: Query[FigureFilters],
    cursor: str | None = Query(None, max_length=200, description="from a `next` link"),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    refuse_unknown(request, "cursor", "limit")
    query = filters.to_filters()
    rows, next_url = page(request, matching(request, query), ("date", "public_id"), limit, cursor)
    restricted = restricted_ok(request)
    log_restricted(request, rows)
    return {
        "results": [as_schema(r, restricted) for r in rows],
        "next": next_url,
        **battles_said(request, query),
    }


def _stream(request, filters: FigureFilters, kind: str):
    refuse_unknown(request)
    qs = matching(request, filters.to_filters()).order_by("date", "public_id")
    restricted = restricted_ok(request)
    if kind == "csv":
        writer = spreadsheet.DictWriter(_Echo(), INCIDENT_COLUMNS, lineterminator="\n")

        def lines():
            yield writer.writeheader()  # _Echo: each write returns its line
            for inc in qs.iterator(chunk_size=2000):
                if restricted and inc.visibility != "public":
                    log_access(request.auth, "export", "incident", inc.public_id, via="api")
                yield writer.writerow(incident_row(inc, public=not restricted))

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="incidents.csv"'
        return response

    def features():
        yield (
            '{"type":"FeatureCollection","attribution":'
            + json.dumps(PLACE_CREDIT)
            + ',"features":['
        )
        for i, inc in enumerate(qs.iterator(chunk_size=2000)):
            if restricted and inc.visibility != "public":
                log_access(request.auth, "export", "incident", inc.public_id, via="api")
            point = point_of(inc)
            feature = {
                "type": "Feature",
                "id": inc.public_id,
                "geometry": {"type": "Point", "coordinates": [point[1], point[0]]}
                if point
                else None,
                "properties": as_schema(inc, restricted).model_dump(mode="json"),
            }
            yield ("," if i else "") + json.dumps(feature, ensure_ascii=False)
        yield "]}"

    return StreamingHttpResponse(features(), content_type="application/geo+json")


FILE_RESPONSES = {
    200: {"description": "the whole set, streamed"},
    401: {"description": "bad token"},
    422: {"description": "a bad filter"},
}


@router.get(
    "/incidents.csv",
    response=BAD,
    description="The same incidents as CSV (all of them: no pages), columns as `thitsa export`. "
    + BATTLES_LEFT_OUT,
    openapi_extra={"responses": {200: {"description": "CSV, the columns of "
                                       "`thitsa export incidents`",
                                       "content": {"text/csv": {"schema": {"type": "string"}}}}}},
)  # fmt: skip
def incidents_csv(request, filters: Query[FigureFilters]):
    return _stream(request, filters, "csv")


@router.get(
    "/incidents.geojson",
    response=BAD,
    description="The same incidents as GeoJSON points (the incident's point, else its place's). "
    + BATTLES_LEFT_OUT,
    openapi_extra={"responses": {200: {"description": "a GeoJSON FeatureCollection of points",
                                       "content": {"application/geo+json": {
                                           "schema": {"type": "object"}}}}}},
)  # fmt: skip
def incidents_geojson(request, filters: Query[FigureFilters]):
    return _stream(request, filters, "geojson")


@router.get(
    "/incidents/{public_id}",
    response={
        200: schemas.RestrictedIncident | schemas.PublicIncident,
        401: schemas.Message,
        **NOT_FOUND,
    },
)
def get_incident(request, public_id: str):
    """One incident; a restricted one is 404 for those who may not see it, as a missing one."""
    inc = visible(request).filter(public_id=public_id).first() if "\x00" not in public_id else None
    if inc is None:
        raise HttpError(404, "Not Found")
    log_restricted(request, [inc])
    return as_schema(inc, restricted_ok(request))
