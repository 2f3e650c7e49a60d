"""/reports and /sources: the public see reports of public incidents, with the fields the
public incident page shows (thitsa.publish.views.public_sources); never a witness or `extra`."""

from __future__ import annotations

from ninja import Query, Router
from ninja.errors import HttpError

from thitsa.accounts.audit import log_access
from thitsa.api import schemas
from thitsa.api.incidents import named, restricted_ok
from thitsa.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, page
from thitsa.reports.models import (
    RESTRICTED_FIELDS,
    UNPUBLISHED_KINDS,
    Source,
    SourceReport,
    public_published_at,
    public_source,
    public_title,
    public_url,
)

router = Router(tags=["reports"])
COUNTS = tuple(
    f"{kind}_{end}"
    for kind in ("killed", "injured", "killed_children", "injured_children")
    for end in ("min", "max")
)


def visible(request):
    qs = SourceReport.objects.select_related("source", "incident")
    if restricted_ok(request):
        return qs
    return qs.filter(incident__visibility="public")


def is_restricted(report: SourceReport) -> bool:
    """Whether reading the report shows what the public may not read: a report of no public
    incident, or one never published by its source (a testimony, a group's field notes)
    whatever its incident."""
    return (
        report.incident is None
        or report.incident.visibility != "public"
        or report.source.kind in UNPUBLISHED_KINDS
    )


def as_schema(r: SourceReport, restricted: bool):
    fields = {
        "id": r.pk,
        "incident": r.incident.public_id if r.incident else None,
        "source": r.source.name if restricted else public_source(r.source.kind, r.source.name),
        "source_kind": r.source.kind,
        # A testimony's or a group's own report is no publication: the public got its
        # submission time to the second (when a witness spoke), which no page shows.
        "published_at": r.published_at
        if restricted
        else public_published_at(r.source.kind, r.published_at),
        "title": r.title if restricted else public_title(r.source.kind, r.title, r.import_format),
        # Only web links (no javascript:, no file paths from an import); the public, as on the
        # incident page, none to a testimony.
        "url": public_url("", r.url) if restricted else public_url(r.source.kind, r.url),
        "language": r.language,
        **{c: getattr(r, c) for c in COUNTS},
    }
    if not restricted:
        return schemas.PublicReport(**fields)
    return schemas.RestrictedReport(
        **fields, place=r.place_id, **{f: getattr(r, f) for f in RESTRICTED_FIELDS}
    )


def log_restricted(request, reports) -> None:
    for r in reports:
        if is_restricted(r):
            log_access(request.auth, "view", "report", r.pk, via="api")


@router.get("/reports", response={200: schemas.ReportPage, 401: schemas.Message,
                                  422: schemas.Problem})  # fmt: skip
def list_reports(
    request,
    incident: str | None = Query(None, max_length=40, description="an incident's public id"),
    cursor: str | None = Query(None, max_length=200, description="from a `next` link"),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    """Reports by id; the public see only those of public incidents."""
    qs = visible(request)
    if incident:
        qs = qs.filter(incident=named(request, incident))
    rows, next_url = page(request, qs, ("id",), limit, cursor)
    log_restricted(request, rows)
    restricted = restricted_ok(request)
    return {"results": [as_schema(r, restricted) for r in rows], "next": next_url}


@router.get(
    "/reports/{report_id}",
    response={200: schemas.RestrictedReport | schemas.PublicReport, 401: schemas.Message,
              404: schemas.Message},
)  # fmt: skip
def get_report(request, report_id: int):
    """One report; 404 for a report the caller may not see, as for one that does not exist."""
    # Ids past the database's integers are simply not there.
    r = visible(request).filter(pk=report_id).first() if 0 < report_id < 2**63 else None
    if r is None:
        raise HttpError(404, "Not Found")
    log_restricted(request, [r])
    return as_schema(r, restricted_ok(request))


@router.get("/sources", response={200: list[schemas.Source], 401: schemas.Message},
            tags=["sources"])  # fmt: skip
def list_sources(request):
    """Outlets and channels; the public see those cited by a public incident."""
    qs = Source.objects.order_by("name")
    if not restricted_ok(request):
        # Not a witness source: its name may be a person's (see public_source).
        qs = qs.filter(reports__incident__visibility="public").exclude(kind="witness").distinct()
    return [schemas.Source(name=s.name, kind=s.kind, reliability=s.reliability) for s in qs]
