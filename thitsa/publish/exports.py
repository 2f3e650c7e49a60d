"""Exports: allow-listed columns only, so restricted fields (witnesses, notes) can never leak."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from thitsa.incidents.models import Incident
from thitsa.publish import spreadsheet
from thitsa.publish.acled_export import write_acled
from thitsa.reports.models import (
    WITHDRAWN,
    SourceReport,
    public_published_at,
    public_source,
    public_title,
    public_url,
)
from thitsa.reports.records import COUNT_COLUMNS

# MIMU's terms: free use with credit (thitsa/places/data/ATTRIBUTION.md). A CSV has no room
# for it; the GeoJSON carries it, and `thitsa export` says it beside the file.
PLACE_CREDIT = (
    "Place codes, names and boundaries: MIMU (Myanmar Information Management Unit), themimu.info"
)

INCIDENT_COLUMNS = [
    "incident_id",
    "date",
    "date_precision",
    "place_pcode",
    "place_en",
    "place_my",
    "township_pcode",
    "township_en",
    "state_pcode",
    "state_en",
    "latitude",
    "longitude",
    "geo_precision",
    "event_type",
    "sub_event_type",
    "attack_means",
    "targets",
    "weapons",
    "perpetrator",
    *COUNT_COLUMNS,
    "grade",
    "source_count",
    "sources",
    "summary_en",
    "summary_my",
]
REPORT_COLUMNS = [
    "report_id",
    "source",
    "source_kind",
    "incident_id",
    "url",
    "published_at",
    "language",
    "title",
    "text",
    "event_date",
    "event_date_precision",
    "place",
    "place_pcode",
    "latitude",
    "longitude",
    "event_type",
    "targets",
    "weapons",
    "perpetrator",
    "responsibility",
    "credibility",
    *COUNT_COLUMNS,
    # The format the report came in: imported back, a UCDP event or a channel's post is known
    # again as itself (it was stored a second time, as a Thitsa CSV row), and keeps its rules.
    "import_format",
]
# The report columns the public export fills: what the public API gives of a report
# (thitsa.api.schemas.PublicReport); every other column is left empty, a new one included.
PUBLIC_REPORT_COLUMNS = frozenset(
    {"source", "source_kind", "incident_id", "url", "published_at", "language", "title",
     *COUNT_COLUMNS}
)  # fmt: skip
PUBLIC_BLANK = tuple(c for c in REPORT_COLUMNS if c not in PUBLIC_REPORT_COLUMNS)


def _incidents(public: bool) -> Iterator[dict]:
    qs = Incident.objects.select_related("place", "township", "state").order_by("date", "public_id")
    # A merged-away incident is a pointer to the one it joined, not an event of its own.
    qs = qs.filter(merged_into__isnull=True)
    if public:
        qs = qs.filter(visibility="public")
    for inc in qs.iterator(chunk_size=2000):
        yield incident_row(inc, public)


def incident_row(inc: Incident, public: bool = True) -> dict:
    """One incident as the export's columns (the API's CSV uses it too); `public`: its sources
    as the public may see them (no witness source's name)."""
    named = inc.reports.exclude(extra__has_key=WITHDRAWN).values_list(
        "source__kind", "source__name"
    )
    sources = sorted({public_source(kind, name) if public else name for kind, name in named})
    return {
        "incident_id": inc.public_id,
        "date": inc.date.isoformat(),
        "date_precision": inc.date_precision,
        "place_pcode": inc.place_id or "",
        "place_en": inc.place.name_en if inc.place else "",
        "place_my": inc.place.name_my if inc.place else "",
        "township_pcode": inc.township_id or "",
        "township_en": inc.township.name_en if inc.township else "",
        "state_pcode": inc.state_id or "",
        "state_en": inc.state.name_en if inc.state else "",
        "latitude": inc.latitude if inc.latitude is not None else "",
        "longitude": inc.longitude if inc.longitude is not None else "",
        "geo_precision": inc.geo_precision,
        "event_type": inc.event_type,
        "sub_event_type": inc.sub_event_type,
        "attack_means": inc.attack_means,
        "targets": ";".join(inc.target_list),
        "weapons": ";".join(inc.weapon_list),
        "perpetrator": inc.perpetrator,
        **{column: getattr(inc, column) for column in COUNT_COLUMNS},
        "grade": inc.grade,
        "source_count": inc.source_count,
        "sources": ";".join(sources),
        "summary_en": inc.summary_en,
        "summary_my": inc.summary_my,
    }


def _reports(public: bool) -> Iterator[dict]:
    qs = SourceReport.objects.select_related("source", "incident").order_by("event_date", "id")
    if public:
        qs = qs.filter(incident__visibility="public")
    for r in qs.iterator(chunk_size=2000):
        row = {
            "report_id": r.external_id,
            "source": r.source.name,
            "source_kind": r.source.kind,
            "incident_id": r.incident.public_id if r.incident else "",
            "url": r.url,
            "published_at": r.published_at.isoformat() if r.published_at else "",
            "language": r.language,
            "title": r.title,
            "text": r.text,
            "event_date": r.event_date.isoformat() if r.event_date else "",
            "event_date_precision": r.event_date_precision,
            "place": r.place_text,
            "place_pcode": r.place_id or "",
            "latitude": "" if r.latitude is None else r.latitude,
            "longitude": "" if r.longitude is None else r.longitude,
            "event_type": r.event_type,
            "targets": ";".join(r.targets),
            "weapons": ";".join(r.weapons),
            "perpetrator": r.perpetrator,
            "responsibility": r.responsibility,
            "credibility": r.credibility,
            "import_format": r.import_format,
        }
        for column in COUNT_COLUMNS:
            value = getattr(r, column)
            row[column] = "" if value is None else value
        if public:
            # What the public API gives of a report (RESTRICTED_FIELDS),
            # whatever its source: a local channel's post names people and houses as a
            # testimony does, and a testimony's village, day and perpetrator can say who told
            # it. The incident export gives what the reports add up to. No link to a testimony
            # or a group's field notes.
            row.update(dict.fromkeys(PUBLIC_BLANK, ""))
            row["title"] = public_title(r.source.kind, r.title, r.import_format)
            if public_published_at(r.source.kind, r.published_at) is None:
                row["published_at"] = ""
            row["url"] = public_url(r.source.kind, r.url)
            row["source"] = public_source(r.source.kind, r.source.name)
        yield row


def write_csv(kind: str, out: TextIO, public: bool = False) -> int:
    columns, rows = (
        (INCIDENT_COLUMNS, _incidents(public))
        if kind == "incidents"
        else (REPORT_COLUMNS, _reports(public))
    )
    writer = spreadsheet.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


EXPORTERS = {"csv": write_csv, "acled": write_acled}
