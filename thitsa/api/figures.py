"""/figures/{measure}: `thitsa figure MEASURE ... --json`, over HTTP, with the same query."""

from __future__ import annotations

from typing import Annotated, Literal

from ninja import Query, Router

from thitsa.accounts.roles import can
from thitsa.api import schemas
from thitsa.api.errors import ApiError
from thitsa.api.filters import FigureFilters, refuse_unknown
from thitsa.figures.query import GROUPS, MEASURES, FigureError, evaluate, incidents_matching
from thitsa.incidents.models import Incident

router = Router(tags=["figures"])
Measure = Literal[tuple(MEASURES)]
By = Literal[GROUPS]


@router.get(
    "/figures/{measure}",
    response={200: schemas.Figure, 401: schemas.Message, 403: schemas.Problem,
              422: schemas.Problem},
    exclude_none=True,
)  # fmt: skip
def figure(
    request,
    measure: Measure,
    filters: Query[FigureFilters],
    by: Annotated[
        By | None, Query(description="group by month, year, state, township or target")
    ] = None,
    include_restricted: bool = Query(
        False, description="count restricted incidents too (analysts and above)"
    ),
    settled_only: bool = Query(
        False,
        description="count each incident from its settled reports only, leaving out reports "
        "the matcher linked but queued for a verifier's review (`awaiting_review` says what)",
    ),
):
    """The value, the public ids behind it and the query, as `thitsa figure --json` prints.

    Public figures count public incidents only. With `include_restricted=true` (analysts and
    above) restricted incidents are counted too; those who may not view restricted incidents
    get the count of them in `withheld`, not their ids.

    By default battles and events without violence are not counted (`battles`,
    `non_violent`: those left out) and reports
    awaiting a verifier's review count as linked (`awaiting_review`: what rests on them)."""
    refuse_unknown(request, "by", "include_restricted", "settled_only")
    if include_restricted and not can(request.auth, "view_restricted_figures"):
        raise ApiError(
            "include_restricted", "restricted figures need an analyst's role or above", 403
        )
    query = filters.to_filters()
    try:
        out = evaluate(
            measure, query, by=by, public_only=not include_restricted, settled_only=settled_only
        ).as_json()
    except FigureError as e:
        raise ApiError("", str(e)) from e
    withheld = 0
    if include_restricted and not can(request.auth, "view_restricted"):
        public = set(incidents_matching(query).values_list("public_id", flat=True))
        withheld = sum(1 for i in out["incidents"] if i not in public)
        out["incidents"] = [i for i in out["incidents"] if i in public]
        for group in out.get("groups", []):
            group["incidents"] = [i for i in group["incidents"] if i in public]
        review = out["awaiting_review"]
        review["incidents"] = [i for i in review["incidents"] if i in public]
        loose = Incident.objects.filter(public_id__in=out["loosely_dated"], visibility="public")
        shown = set(loose.values_list("public_id", flat=True))
        out["loosely_dated"] = [i for i in out["loosely_dated"] if i in shown]
    return {**out, "include_restricted": include_restricted, "withheld": withheld}
