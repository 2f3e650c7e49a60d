"""Group unlinked reports into incidents: candidates by place and date, score, link or open.

Reports are taken in (event date, id) order and every choice depends only on the reports and
incidents already stored, so running it again on the same input gives the same incidents and
public ids, and running it on nothing new changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from thitsa.bulk import bulk_set
from thitsa.incidents.models import Incident
from thitsa.incidents.reconcile import reconcile_incidents
from thitsa.incidents.scoring import LINK, WINDOW_DAYS, Event, features, score
from thitsa.incidents.taxonomy import (
    ATTACK_MEANS,
    WEAPONS,
    codes_in,
    codes_mentioned,
    event_type_of,
)
from thitsa.places.models import Place
from thitsa.reports.models import SourceReport

MATCHER = "match v1"
CHUNK = 5000


@dataclass
class MatchSummary:
    reports: int = 0
    linked: int = 0
    opened: int = 0
    undated: int = 0
    touched: set[int] = field(default_factory=set)

    def __str__(self) -> str:
        return (
            f"{self.reports:,} reports matched: {self.linked:,} joined an existing incident, "
            f"{self.opened:,} opened a new one; {self.undated:,} without an event date left "
            "for review"
        )


@dataclass
class _Slot:
    """An incident while matching runs: stored (pk set) or about to be created."""

    event: Event
    pk: int | None = None
    incident: Incident | None = None


def _report_event(r: dict, places: dict[str, tuple[str, str | None, str | None]]) -> Event:
    level, township, state = places.get(r["place_id"], (None, None, None))
    text = " ".join((r["event_type"], r["title"], r["text"][:500]))
    return Event(
        date=r["event_date"],
        precision=r["event_date_precision"] or "day",
        place_id=r["place_id"],
        place_level=level,
        township_id=township,
        state_id=state,
        lat=r["latitude"],
        lon=r["longitude"],
        event_type=event_type_of(r["event_type"]),
        means=set(codes_mentioned(ATTACK_MEANS, text)),
        weapons=set(codes_in(WEAPONS, r["weapons"])) | set(codes_mentioned(WEAPONS, text)),
        killed=r["killed_min"],
        dataset_sources={r["source_id"]} if r["source__kind"] == "dataset" else set(),
    )


def _bucket(event: Event) -> str | None:
    return event.township_id or event.state_id


def match_reports() -> MatchSummary:
    summary = MatchSummary()
    pending = SourceReport.objects.filter(incident__isnull=True)
    summary.undated = pending.filter(event_date__isnull=True).count()
    dated = pending.filter(event_date__isnull=False)
    if not dated.exists():
        return summary
    first = dated.order_by("event_date").values_list("event_date", flat=True).first()
    last = dated.order_by("-event_date").values_list("event_date", flat=True).first()
    margin = timedelta(days=max(WINDOW_DAYS.values()))

    places = {
        p: (lvl, t, s)
        for p, lvl, t, s in Place.objects.values_list("pcode", "level", "township_id", "state_id")
    }
    index: dict[str | None, list[_Slot]] = defaultdict(list)
    for slot in _stored_slots(first - margin, last + margin, places):
        index[_bucket(slot.event)].append(slot)

    counters = _YearCounters()
    links: list[tuple[int, _Slot, float, bool]] = []
    fields = [
        "id", "event_date", "event_date_precision", "place_id", "latitude", "longitude",
        "event_type", "title", "text", "weapons", "killed_min", "source_id", "source__kind",
    ]
    for r in dated.order_by("event_date", "id").values(*fields).iterator(chunk_size=CHUNK):
        summary.reports += 1
        event = _report_event(r, places)
        key = _bucket(event)
        best, best_score = None, 0.0
        for slot in index[key] if key else ():
            f = features(event, slot.event)
            if f is not None and (s := score(f)) > best_score:
                best, best_score = slot, s
        if best is not None and best_score >= LINK:
            _absorb(best.event, event)
            links.append((r["id"], best, best_score, False))
            summary.linked += 1
        else:
            slot = _Slot(event=event, incident=_new_incident(event, counters))
            index[key].append(slot)
            links.append((r["id"], slot, 1.0, True))
            summary.opened += 1

    with transaction.atomic():
        fresh = [s.incident for bucket in index.values() for s in bucket if s.pk is None]
        Incident.objects.bulk_create(fresh, batch_size=2000)
        for bucket in index.values():
            for slot in bucket:
                if slot.pk is None:
                    slot.pk = slot.incident.pk
        updates = []
        for report_id, slot, s, opened in links:
            updates.append(
                SourceReport(
                    id=report_id,
                    incident_id=slot.pk,
                    link_score=s,
                    linked_by=f"{MATCHER}: new incident" if opened else MATCHER,
                )
            )
            summary.touched.add(slot.pk)
        bulk_set(updates, ["incident", "link_score", "linked_by"])
        reconcile_incidents(summary.touched)
    return summary


def _absorb(incident: Event, report: Event) -> None:
    """What a linked report teaches the incident for the reports still to come."""
    incident.means |= report.means
    incident.weapons |= report.weapons
    incident.dataset_sources |= report.dataset_sources
    if report.killed is not None:
        incident.killed = max(report.killed, incident.killed or 0)
    if incident.place_level not in ("village", "ward") and report.place_level in ("village", "ward"):
        incident.place_id, incident.place_level = report.place_id, report.place_level
    if incident.lat is None and report.lat is not None:
        incident.lat, incident.lon = report.lat, report.lon
    incident.event_type = incident.event_type or report.event_type


def _stored_slots(since, until, places) -> list[_Slot]:
    slots = []
    rows = Incident.objects.filter(date__range=(since, until)).values(
        "id", "date", "date_precision", "place_id", "township_id", "state_id", "latitude",
        "longitude", "event_type", "attack_means", "weapons", "killed_min",
    )
    dataset_sources = defaultdict(set)
    for inc, src in SourceReport.objects.filter(
        incident__date__range=(since, until), source__kind="dataset"
    ).values_list("incident_id", "source_id"):
        dataset_sources[inc].add(src)
    for row in rows.iterator(chunk_size=CHUNK):
        level = places.get(row["place_id"], (None,))[0]
        slots.append(
            _Slot(
                pk=row["id"],
                event=Event(
                    date=row["date"],
                    precision=row["date_precision"],
                    place_id=row["place_id"],
                    place_level=level,
                    township_id=row["township_id"],
                    state_id=row["state_id"],
                    lat=row["latitude"],
                    lon=row["longitude"],
                    event_type=row["event_type"],
                    means={row["attack_means"]} if row["attack_means"] else set(),
                    weapons={w for w in row["weapons"].split(";") if w},
                    killed=row["killed_min"],
                    dataset_sources=dataset_sources[row["id"]],
                ),
            )
        )
    return slots


class _YearCounters(dict):
    """The last public id number used in each year, read from the database on first need."""

    def __missing__(self, year: int) -> int:
        last = (
            Incident.objects.filter(public_id__startswith=f"{settings.THITSA_COUNTRY}-{year}-")
            .aggregate(last=Max("public_id"))["last"]
        )
        self[year] = int(last.rsplit("-", 1)[1]) if last else 0
        return self[year]


def _new_incident(event: Event, counters: _YearCounters) -> Incident:
    year = event.date.year
    counters[year] += 1
    return Incident(
        public_id=f"{settings.THITSA_COUNTRY}-{year}-{counters[year]:06d}",
        date=event.date,
        date_precision=event.precision,
        place_id=event.place_id,
        township_id=event.township_id,
        state_id=event.state_id,
        event_type=event.event_type,
    )
