"""/evidence: metadata of vault items (the files themselves are downloaded from the pages).

The public see published items linked to a public incident: the public copy's hash, type and
address, never the original's hash. Roles that may view restricted records see the original's
name and metadata (GPS included); each such read is in the access log.
"""

from __future__ import annotations

import re

from django.db.models import Q
from django.urls import reverse
from ninja import File, Form, Query, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from thitsa.accounts.audit import log_access
from thitsa.accounts.roles import can, role_of
from thitsa.api import schemas
from thitsa.api.errors import ApiError
from thitsa.api.incidents import named, restricted_ok
from thitsa.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, page
from thitsa.evidence.models import Evidence
from thitsa.incidents.models import Incident
from thitsa.reports.models import SourceReport

router = Router(tags=["evidence"])
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def visible(request):
    qs = Evidence.objects.all()
    if restricted_ok(request):
        return qs
    public = Evidence.objects.filter(visibility="public", incidents__visibility="public").exclude(
        public_sha256=""
    )
    return qs.filter(pk__in=public.values("pk"))


def as_schema(request, ev: Evidence, restricted: bool):
    incidents = ev.incidents.all() if restricted else ev.incidents.filter(visibility="public")
    public_url = (
        request.build_absolute_uri(reverse("evidence-public", args=[ev.public_sha256]))
        if ev.public_sha256
        else None
    )
    public_ids = sorted(incidents.values_list("public_id", flat=True))
    if not restricted:
        return schemas.PublicEvidence(
            sha256=ev.public_sha256, media_type=ev.public_media_type, public_url=public_url,
            incidents=public_ids,
        )  # fmt: skip
    log_access(request.auth, "view", "evidence", ev.pk, via="api")
    return schemas.RestrictedEvidence(
        sha256=ev.sha256,
        size=ev.size,
        media_type=ev.media_type,
        public_media_type=ev.public_media_type,
        public_url=public_url,
        incidents=public_ids,
        original_name=ev.original_name,
        metadata=ev.metadata or {},
        captured_at=ev.captured_at,
        lat=ev.lat,
        lon=ev.lon,
        public_sha256=ev.public_sha256,
        visibility=ev.visibility,
        added_by=ev.added_by,
        added_at=ev.added_at,
        reports=sorted(ev.reports.values_list("pk", flat=True)),
    )


@router.get("/evidence", response={200: schemas.EvidencePage, 401: schemas.Message,
                                   422: schemas.Problem})  # fmt: skip
def list_evidence(
    request,
    incident: str | None = Query(None, max_length=40, description="an incident's public id"),
    cursor: str | None = Query(None, max_length=200, description="from a `next` link"),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    """Evidence items, oldest first."""
    qs = visible(request)
    restricted = restricted_ok(request)
    if incident:
        qs = qs.filter(incidents=named(request, incident))
    rows, next_url = page(request, qs.distinct(), ("id",), limit, cursor)
    return {"results": [as_schema(request, e, restricted) for e in rows], "next": next_url}


@router.get(
    "/evidence/{sha256}",
    response={200: schemas.RestrictedEvidence | schemas.PublicEvidence, 401: schemas.Message,
              404: schemas.Message},
)  # fmt: skip
def get_evidence(request, sha256: str):
    """One item: the public by its public copy's SHA-256, restricted roles by either hash;
    404 for an item the caller may not see (the same 404 as for none)."""
    key = sha256.removeprefix("sha256:").lower()
    ev = None
    if SHA256.match(key):
        by_hash = Q(public_sha256=key)
        if restricted_ok(request):
            by_hash |= Q(sha256=key)
        ev = visible(request).filter(by_hash).first()
    if ev is None:
        raise HttpError(404, "Not Found")
    return as_schema(request, ev, restricted_ok(request))


@router.post(
    "/evidence",
    response={200: schemas.RestrictedEvidence, 201: schemas.RestrictedEvidence,
              401: schemas.Message, 403: schemas.Problem, 422: schemas.Problem},
)  # fmt: skip
def add_evidence(
    request,
    file: File[UploadedFile],
    reports: Form[list[int]] = None,
    incidents: Form[list[str]] = None,
):
    """Add a file to the vault (documenters, verifiers, admins): stored by its SHA-256,
    restricted, with its custody log begun. 201 when new, 200 when the vault had it already."""
    if not can(request.auth, "add_evidence"):
        if role_of(request.auth) == "public":
            raise HttpError(401, "adding evidence needs a token (documenter or above)")
        raise ApiError("", "adding evidence needs a documenter's role or above", 403)
    if not file.size:
        # As the site's form refuses it: a file cut to nothing on the way is no evidence.
        raise ApiError("file", "the file is empty")
    report_ids = sorted(set(reports or []))
    # Ids past the database's integers are simply not there.
    in_range = [r for r in report_ids if 0 < r < 2**63]
    found_reports = list(SourceReport.objects.filter(pk__in=in_range))
    if len(found_reports) != len(report_ids):
        missing = sorted(set(report_ids) - {r.pk for r in found_reports})
        raise ApiError("reports", f"no report has the id {missing[0]}")
    wanted = sorted({i.strip() for i in incidents or [] if i.strip()})
    clean = [w.replace("\x00", "") for w in wanted]
    found_incidents = list(Incident.objects.filter(public_id__in=clean))
    if len(found_incidents) != len(wanted):
        missing = sorted(set(wanted) - {i.public_id for i in found_incidents})
        raise ApiError("incidents", f"no incident has the id {missing[0]!r}")
    ev, created = Evidence.add(
        file, name=file.name or "", by=request.auth.username,
        reports=found_reports, incidents=found_incidents,
    )  # fmt: skip
    return Status(201 if created else 200, as_schema(request, ev, True))
