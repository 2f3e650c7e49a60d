"""Group unlinked reports into incidents: block, score, then link, queue for review, or open.

Blocking keeps the work near-linear: a report is only compared with incidents of its own
township (or state, when that is all it knows), the townships bordering it, and the same
0.1-degree grid cell when it has coordinates, within a date window that widens with the
report's date precision.

Reports are taken in (event date, id) order and every choice depends only on the reports,
incidents and decisions already stored, so running it again on the same input gives the same
incidents and public ids, and running it on nothing new changes nothing. A verifier's
"not the same" is never overruled; a verifier's link is never undone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from thitsa.bulk import bulk_insert, insert_rows, optimize, update_rows
from thitsa.incidents.models import Incident, MatchDecision
from thitsa.incidents.reconcile import reconcile_incidents
from thitsa.incidents.scoring import WINDOW_DAYS, Event, features, outcome, score
from thitsa.incidents.taxonomy import (
    ATTACK_MEANS,
    TARGETS,
    WEAPONS,
    codes_in,
    codes_mentioned,
    event_type_of,
)
from thitsa.places.adjacency import neighbours
from thitsa.places.resolver import place_levels
from thitsa.reports.models import SourceReport

MATCHER = "match v2"
CHUNK = 5000
GRID = 0.1  # degrees: about 11 km
SPAN_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}
FEW = 200  # up to this many pending reports, fetch candidates area by area
AMBIGUOUS = 0.05  # a best match this close to the runner-up goes to review
_NO_NEIGHBOURS: frozenset[str] = frozenset()


@dataclass
class MatchSummary:
    reports: int = 0
    linked: int = 0
    review: int = 0
    opened: int = 0
    undated: int = 0
    touched: set[int] = field(default_factory=set)

    def __str__(self) -> str:
        return (
            f"{self.reports:,} reports matched: {self.linked:,} joined an incident, "
            f"{self.review:,} joined one but wait for review, {self.opened:,} opened a new one; "
            f"{self.undated:,} without an event date left for review"
        )


@dataclass
class _Slot:
    """An incident while matching runs: stored (pk set) or about to be created."""

    event: Event
    pk: int | None = None
    incident: Incident | None = None


class _Index:
    """Incidents by (township or state, day) and by (grid cell, day)."""

    def __init__(self) -> None:
        self.by_area: dict[tuple[str, int], list[_Slot]] = defaultdict(list)
        self.by_cell: dict[tuple[int, int, int], list[_Slot]] = defaultdict(list)

    def add(self, slot: _Slot) -> None:
        e, first = slot.event, slot.event.date.toordinal()
        # An incident dated only to its month (or week, year) is filed under every day it may
        # have happened on, so a report with the exact day still finds it.
        days = range(first, first + SPAN_DAYS.get(e.precision, 1))
        # Filed under its most precise area: a state bucket holds only state-level incidents.
        area = e.township_id or e.state_id
        cells = (
            (int(e.lat // GRID), int(e.lon // GRID))
            if e.lat is not None and e.lon is not None
            else None
        )
        for day in days:
            if area:
                self.by_area[(area, day)].append(slot)
            if cells:
                self.by_cell[(*cells, day)].append(slot)

    def candidates(self, e: Event, near: frozenset[str]) -> list[_Slot]:
        window = WINDOW_DAYS.get(e.precision, 2)
        first = e.date.toordinal() - window
        days = range(first, first + 2 * window + 1)
        areas = {a for a in (e.township_id, e.state_id) if a} | near
        seen: dict[int, _Slot] = {}
        for area in areas:
            for day in days:
                for slot in self.by_area.get((area, day), ()):
                    seen[id(slot)] = slot
        if e.lat is not None and e.lon is not None:
            cx, cy = int(e.lat // GRID), int(e.lon // GRID)
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for day in days:
                        for slot in self.by_cell.get((cx + dx, cy + dy, day), ()):
                            seen[id(slot)] = slot
        # Creation order, so ties always go to the same (older) incident.
        return sorted(seen.values(), key=lambda s: (s.pk is None, s.pk or 0, s.event.date))


_REPORT_FIELDS = [
    "id", "event_date", "event_date_precision", "place_id", "latitude", "longitude",
    "event_type", "title", "text", "targets", "weapons", "perpetrator", "killed_min",
    "source_id", "source__kind",
]  # fmt: skip


def report_event(r: dict, places: dict[str, tuple[str, str | None, str | None]]) -> Event:
    level, township, state = places.get(r["place_id"], (None, None, None))
    words = " ".join((r["event_type"], r["title"], r["text"][:500]))
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
        means=set(codes_mentioned(ATTACK_MEANS, words)),
        targets=set(codes_in(TARGETS, r["targets"]) or codes_mentioned(TARGETS, r["title"])),
        weapons=set(codes_in(WEAPONS, r["weapons"])) | set(codes_mentioned(WEAPONS, words)),
        killed=r["killed_min"],
        perpetrator=r["perpetrator"],
        text=f"{r['title']} {r['text'][:300]}",
        dataset_sources={r["source_id"]} if r["source__kind"] == "dataset" else set(),
        sources={r["source_id"]},
    )


def match_reports(report_ids: Iterable[int] | None = None) -> MatchSummary:
    """Match every unlinked report (or only those of `report_ids`)."""
    summary = MatchSummary()
    pending = SourceReport.objects.filter(incident__isnull=True)
    if report_ids is not None:
        pending = pending.filter(id__in=list(report_ids))
    summary.undated = pending.filter(event_date__isnull=True).count()
    dated = pending.filter(event_date__isnull=False)
    if not dated.exists():
        return summary

    places = place_levels()
    adjacency = neighbours()
    index = _Index()
    for slot in _stored_slots(dated, places):
        index.add(slot)
    refused = _refused_pairs(dated)

    counters = _YearCounters()
    links: list[tuple[int, _Slot]] = []
    decisions: list[tuple[int, _Slot | None, str, float | None, dict]] = []
    for r in dated.order_by("event_date", "id").values(*_REPORT_FIELDS).iterator(chunk_size=CHUNK):
        summary.reports += 1
        event = report_event(r, places)
        near = (
            adjacency.get(event.township_id, _NO_NEIGHBOURS)
            if event.township_id
            else _NO_NEIGHBOURS
        )
        best, best_score, best_features, runner_up = None, 0.0, {}, 0.0
        for slot in index.candidates(event, near):
            if slot.pk is not None and (r["id"], slot.pk) in refused:
                continue
            f = features(event, slot.event, near)
            if f is None:
                continue
            s = score(f)
            if s > best_score:
                best, best_score, best_features, runner_up = slot, s, f, best_score
            elif s > runner_up:
                runner_up = s
        decided = outcome(best_score, best_features) if best is not None else "new"
        if decided == "link" and best_score - runner_up < AMBIGUOUS:
            # Two incidents fit almost equally well: a verifier picks, the matcher does not.
            decided = "review"
        if decided == "new":
            slot = _Slot(event=event, incident=_new_incident(event, counters))
            index.add(slot)
            links.append((r["id"], slot))
            decisions.append((r["id"], best, "new", best_score or None, best_features))
            summary.opened += 1
        else:
            _absorb(best.event, event)
            links.append((r["id"], best))
            decisions.append((r["id"], best, decided, best_score, best_features))
            if decided == "link":
                summary.linked += 1
            else:
                summary.review += 1

    with transaction.atomic():
        _create_incidents([slot for _rid, slot in links if slot.pk is None])
        update_rows(
            SourceReport,
            ["incident", "link_score", "linked_by"],
            (
                (slot.pk, s, f"{MATCHER}: new incident" if decided == "new" else MATCHER, rid)
                for (rid, slot), (_r, _b, decided, s, _f) in zip(links, decisions, strict=True)
            ),
        )
        summary.touched = {slot.pk for _rid, slot in links}
        now = timezone.now()
        insert_rows(
            MatchDecision,
            _DECISION_FIELDS,
            (
                _decision(rid, candidate, decided, s, f, now)
                for rid, candidate, decided, s, f in decisions
            ),
        )
        reconcile_incidents(summary.touched)
    if summary.reports > FEW:
        optimize()
    return summary


def _create_incidents(slots: list[_Slot]) -> None:
    """Insert the new incidents, then give each slot its incident's id."""
    fresh = list({id(s.incident): s.incident for s in slots}.values())
    bulk_insert(fresh)
    ids = {}
    public_ids = [i.public_id for i in fresh]
    for start in range(0, len(public_ids), 10000):
        ids.update(
            Incident.objects.filter(public_id__in=public_ids[start : start + 10000]).values_list(
                "public_id", "id"
            )
        )
    for slot in slots:
        slot.pk = ids[slot.incident.public_id]


_DECISION_FIELDS = [
    "report", "incident", "outcome", "judgement", "score", "features", "decided_by", "by_human",
    "pending", "note", "decided_at",
]  # fmt: skip


def _decision(report_id, candidate, decided, s, f, now) -> tuple:
    judgement = {"link": "positive", "review": "unsure"}.get(decided, "negative")
    if decided == "new" and candidate is None:
        judgement = "no_judgement"
    return (
        report_id,
        candidate.pk if candidate is not None else None,
        decided,
        judgement,
        s,
        {k: round(v, 3) for k, v in f.items()},
        MATCHER,
        False,
        decided == "review",
        "",
        now,
    )


_PRECISE = {"day": 0, "week": 1, "month": 2, "year": 3}


def _absorb(incident: Event, report: Event) -> None:
    """What a linked report teaches the incident for the reports still to come."""
    if _PRECISE.get(report.precision, 9) < _PRECISE.get(incident.precision, 9):
        incident.date, incident.precision = report.date, report.precision
    incident.means |= report.means
    incident.targets |= report.targets
    incident.weapons |= report.weapons
    incident.dataset_sources |= report.dataset_sources
    incident.sources |= report.sources
    if report.killed is not None:
        incident.killed = max(report.killed, incident.killed or 0)
    fine = ("village", "ward")
    if incident.place_level not in fine and report.place_level in fine:
        incident.place_id, incident.place_level = report.place_id, report.place_level
    if incident.lat is None and report.lat is not None:
        incident.lat, incident.lon = report.lat, report.lon
    incident.event_type = incident.event_type or report.event_type
    incident.perpetrator = incident.perpetrator or report.perpetrator
    incident.text = incident.text or report.text


def _refused_pairs(reports) -> set[tuple[int, int]]:
    """(report, incident) pairs a verifier said are not the same event."""
    return set(
        MatchDecision.objects.filter(
            report__in=reports.values("id"), by_human=True, judgement="negative"
        ).values_list("report_id", "incident_id")
    )


def _stored_slots(reports, places) -> list[_Slot]:
    """Incidents that could be candidates for these reports: in their dates and areas."""
    bounds = reports.aggregate(first=Min("event_date"), last=Max("event_date"))
    precisions = reports.order_by().values_list("event_date_precision", flat=True).distinct()
    window = timedelta(days=max((WINDOW_DAYS.get(p or "day", 2) for p in precisions), default=2))
    first, last = bounds["first"] - window, bounds["last"] + window
    # Incidents dated to the day or week lie in the window (a week's date is its first day);
    # those known only by their month or year are dated to its first day, up to a year back.
    near = Q(date__range=(first - timedelta(days=7), last))
    coarse = Q(
        date_precision__in=("month", "year"),
        date__range=(first - timedelta(days=SPAN_DAYS["year"]), last),
    )
    live = Incident.objects.filter(merged_into__isnull=True)
    if reports.count() > FEW:
        qs = live.filter(near | coarse)
    else:
        # A handful of new reports: fetch only their areas' incidents, one simple query per
        # kind of area and date range so each uses its (area, date) index; one OR over them
        # all made SQLite scan the date range instead.
        adjacency = neighbours()
        townships, neighbouring, states, boxes = set(), set(), set(), []
        for pcode, lat, lon in reports.values_list("place_id", "latitude", "longitude"):
            _level, township, state = places.get(pcode, (None, None, None))
            if township:
                townships.add(township)
                neighbouring.update(adjacency.get(township, ()))
            if state:
                states.add(state)
            if lat is not None and lon is not None and not township:
                boxes.append(Q(latitude__range=(lat - 2 * GRID, lat + 2 * GRID),
                               longitude__range=(lon - 2 * GRID, lon + 2 * GRID)))  # fmt: skip
        areas = [
            Q(township_id__in=townships | neighbouring),
            Q(state_id__in=states, township=None),
            *boxes,
        ]
        ids = set()
        for area in areas:
            ids.update(live.filter(area, near).values_list("id", flat=True))
        # Month- and year-dated incidents: only the reports' own townships and states.
        for own in (Q(township_id__in=townships), Q(state_id__in=states, township=None)):
            ids.update(live.filter(own, coarse).values_list("id", flat=True))
        qs = Incident.objects.filter(id__in=ids)
    rows = list(
        qs.values(
            "id", "date", "date_precision", "place_id", "township_id", "state_id", "latitude",
            "longitude", "event_type", "attack_means", "targets", "weapons", "killed_min",
            "perpetrator", "summary_en", "summary_my",
        ).iterator(chunk_size=CHUNK)
    )  # fmt: skip
    sources, dataset_sources = defaultdict(set), defaultdict(set)
    ids = [row["id"] for row in rows]
    for start in range(0, len(ids), 20000):
        for inc, src, kind in SourceReport.objects.filter(
            incident_id__in=ids[start : start + 20000]
        ).values_list("incident_id", "source_id", "source__kind"):
            sources[inc].add(src)
            if kind == "dataset":
                dataset_sources[inc].add(src)
    slots = []
    for row in rows:
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
                    targets={t for t in row["targets"].split(";") if t},
                    weapons={w for w in row["weapons"].split(";") if w},
                    killed=row["killed_min"],
                    perpetrator=row["perpetrator"],
                    text=f"{row['summary_en']} {row['summary_my']}",
                    dataset_sources=dataset_sources[row["id"]],
                    sources=sources[row["id"]],
                ),
            )
        )
    return slots


class _YearCounters(dict):
    """The last public id number used in each year, read from the database on first need."""

    def __missing__(self, year: int) -> int:
        last = Incident.objects.filter(
            public_id__startswith=f"{settings.THITSA_COUNTRY}-{year}-"
        ).aggregate(last=Max("public_id"))["last"]
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


def next_public_id(day: date) -> str:
    """A fresh public id in the day's year (for incidents a verifier splits off)."""
    counters = _YearCounters()
    counters[day.year] += 1
    return f"{settings.THITSA_COUNTRY}-{day.year}-{counters[day.year]:06d}"
