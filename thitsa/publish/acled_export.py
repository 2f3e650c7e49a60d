"""Incidents as an ACLED CSV (ACLED's own column names), so ACLED users can read ours as theirs.

Columns that ACLED codes and we do not (actor2, inter codes, source scale) are copied from the
ACLED rows an incident was built from, when there are any; only ACLED's public columns are copied,
never another importer's extra data.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from django.core.management.base import CommandError
from django.db.models import Prefetch

from thitsa.incidents.models import Incident
from thitsa.incidents.taxonomy import LABELS, SUB_EVENT_MEANS
from thitsa.publish import spreadsheet
from thitsa.reports.importers.acled import OUR_TAGS
from thitsa.reports.models import WITHDRAWN, SourceReport, public_source
from thitsa.reports.records import PUBLIC_ID

COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
GEO_PRECISION = {"exact": 1, "township": 2, "state": 3}
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
# Taken over from the ACLED rows behind an incident; we do not code these ourselves.
ACLED_ONLY = (
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "source_scale",
    "tags",
)


class NotForReports(CommandError, ValueError):
    """ACLED's format has one row per event; a CommandError so `thitsa export` says it plainly."""


def _incidents(public: bool) -> Iterator[Incident]:
    reports = (
        SourceReport.objects.select_related("source")
        .only("incident_id", "import_format", "extra", "source__name", "source__kind")
        .order_by("id")
    )
    qs = (
        Incident.objects.select_related("place", "township__parent", "state")
        .prefetch_related(Prefetch("reports", queryset=reports))
        .order_by("date", "public_id")
    )
    # A merged-away incident is a pointer to the one it joined, not an event of its own.
    qs = qs.filter(merged_into__isnull=True)
    if public:
        qs = qs.filter(visibility="public")
    yield from qs.iterator(chunk_size=2000)


def acled_row(inc: Incident, public: bool = True) -> dict:
    reports = list(inc.reports.all())
    acled = next((r.extra for r in reports if r.import_format == "acled"), {})
    place, township, state = inc.place, inc.township, inc.state
    district = township.parent if township and township.parent_id else None
    if district and district.level != "district":
        district = None
    latitude, longitude = inc.latitude, inc.longitude
    if latitude is None and place is not None:
        latitude, longitude = place.lat, place.lon
    # Our own coding, in ACLED's "key=value" tag style.
    tags = [f"target={t}" for t in inc.target_list] + [f"weapon={w}" for w in inc.weapon_list]
    if inc.attack_means:
        tags.insert(0, f"means={LABELS.get(inc.attack_means, inc.attack_means).lower()}")
    # The ACLED events behind it: `event_id_cnty` is Thitsa's id, and a researcher joining
    # the file back to ACLED's had no key.
    events = {
        e
        for r in reports
        if r.import_format == "acled"
        for e in [r.extra.get("event_id_cnty", ""), *r.extra.get("acled_events", [])]
        if e and not PUBLIC_ID.match(e)
    }
    tags += [f"acled={e}" for e in sorted(events)]
    # The children among the dead and hurt: ACLED has no column for them, and a round trip
    # counted none (44 children killed became 0).
    tags += [f"{kind}={n}" for kind in CHILDREN_TAGS if (n := getattr(inc, f"{kind}_min"))]
    named = place or township or state
    # Thitsa's killed are civilians (fighters are not counted): so said, so that the file
    # read back counts them as such, and no fighters ACLED counted.
    civilian = (
        inc.event_type == "Violence against civilians"
        or bool(inc.target_list)
        or acled.get("civilian_targeting") == "Civilian targeting"
        or bool(inc.killed_min)
    )
    row = dict.fromkeys(ACLED_ONLY, "") | {k: acled[k] for k in ACLED_ONLY if k in acled}
    row.update(
        event_id_cnty=inc.public_id,
        event_date=inc.date.isoformat(),
        year=inc.date.year,
        time_precision=TIME_PRECISION.get(inc.date_precision, 1),
        disorder_type=DISORDER.get(inc.event_type, ""),
        event_type=inc.event_type,
        sub_event_type=inc.sub_event_type or _sub_event_type(inc),
        actor1=inc.perpetrator,
        civilian_targeting="Civilian targeting" if civilian else "",
        iso=104,
        region="Southeast Asia",
        country="Myanmar",
        admin1=state.name_en if state else "",
        admin2=district.name_en if district else "",
        admin3=township.name_en if township else "",
        location=named.name_en if named else "",
        latitude="" if latitude is None else round(latitude, 4),
        longitude="" if longitude is None else round(longitude, 4),
        geo_precision=GEO_PRECISION.get(inc.geo_precision, 2),
        # Not an outlet ACLED's revision no longer names (a round trip would bring it back).
        source="; ".join(
            sorted(
                {
                    public_source(r.source.kind, r.source.name) if public else r.source.name
                    for r in reports
                    if WITHDRAWN not in r.extra
                }
            )
        ),  # fmt: skip
        # An incident told only in Burmese has only its Burmese summary.
        notes=inc.summary_en or inc.summary_my,
        # ACLED's own count where the dead are not civilians: fighters' deaths, which ACLED
        # counts and Thitsa does not (see the importer's `_civilian_dead`). Never where they
        # are: an event revised to no one killed kept its earlier coding's fighters.
        fatalities=inc.killed_min if civilian else acled.get("fatalities", 0),
        tags="; ".join(filter(None, [_theirs(acled.get("tags", "")), *tags])),
        timestamp=int(inc.updated_at.timestamp()),
    )
    return row


CHILDREN_TAGS = ("killed_children", "injured_children")


def _sub_event_type(inc: Incident) -> str:
    """The ACLED sub-type an incident's means of attack stands for, where its reports gave none
    (a Thitsa report's "airstrike"): without it, ACLED's file was invalid, and read back the
    incident was no airstrike (22 airstrikes in Sagaing became 15)."""
    if inc.event_type != "Explosions/Remote violence":
        return ""
    return next((sub for sub, means in SUB_EVENT_MEANS.items() if inc.attack_means in means), "")


def _theirs(tags: str) -> str:
    # What an import before 2026-12-01 stored of a Thitsa export's tags holds our own coding:
    # written again below, it would appear twice.
    return "; ".join(
        t.strip() for t in tags.split(";") if t.strip() and not t.strip().startswith(OUR_TAGS)
    )


def write_acled(kind: str, out: TextIO, public: bool = False) -> int:
    if kind != "incidents":
        raise NotForReports(
            "ACLED's format has one row per event: export incidents (`thitsa export incidents "
            "--format acled`), or reports as Thitsa CSV (`--format csv`)"
        )
    writer = spreadsheet.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for inc in _incidents(public):
        writer.writerow(acled_row(inc, public))
        count += 1
    return count
