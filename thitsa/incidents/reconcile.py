"""An incident's facts recomputed from its linked reports: casualty ranges, place, type, grade."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.utils import timezone

from thitsa.bulk import bulk_set
from thitsa.incidents.models import Incident
from thitsa.incidents.taxonomy import (
    ATTACK_MEANS,
    TARGETS,
    WEAPONS,
    codes_in,
    codes_mentioned,
    event_type_of,
    sub_event_type_of,
)
from thitsa.places.models import LEVEL_RANK
from thitsa.reports.models import SourceReport
from thitsa.reports.records import COUNT_COLUMNS, COUNT_FIELDS

_MYANMAR = re.compile("[\u1000-\u109f]")
_FIELDS = [
    "incident_id",
    "id",
    "source_id",
    "published_at",
    "event_date",
    "event_date_precision",
    "place_id",
    "place__level",
    "place__township_id",
    "place__state_id",
    "place__path",
    "latitude",
    "longitude",
    "event_type",
    "targets",
    "weapons",
    "perpetrator",
    "title",
    "text",
    "language",
    "credibility",
    "responsibility",
    "source__reliability",
    "source__name",
] + list(COUNT_COLUMNS)
_UPDATE = [
    "date",
    "date_precision",
    "place",
    "township",
    "state",
    "place_path",
    "geo_precision",
    "latitude",
    "longitude",
    "event_type",
    "sub_event_type",
    "attack_means",
    "targets",
    "weapons",
    "perpetrator",
    "grade",
    "source_count",
    "summary_en",
    "summary_my",
    "updated_at",
] + list(COUNT_COLUMNS)
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
BATCH = 1000
IN_BATCH = 10000  # ids in one IN (...): SQLite takes at most 32,766 parameters a query


def reconcile_incidents(ids: Iterable[int]) -> int:
    ids = sorted(set(ids))
    done = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        reports = defaultdict(list)
        for r in SourceReport.objects.filter(incident_id__in=chunk).order_by("id").values(*_FIELDS):
            reports[r["incident_id"]].append(r)
        incidents = list(Incident.objects.filter(id__in=chunk))
        for incident in incidents:
            apply_reports(incident, reports.get(incident.id, []))
        now = timezone.now()
        for incident in incidents:
            incident.updated_at = now
        bulk_set(incidents, _UPDATE)
        done += len(incidents)
    return done


def reconcile_new(incidents: Iterable[tuple[Incident, list[int]]]) -> None:
    """Set the fields of incidents not yet stored from their reports' ids, so that a bulk run
    inserts each incident once, as it will stay: inserting bare incidents and then updating
    them maintained every index of the table twice (a fifth of a new set's reconciliation)."""
    batch, size = [], 0
    for incident, report_ids in incidents:
        batch.append((incident, report_ids))
        size += len(report_ids)
        if size >= IN_BATCH:
            _apply_by_id(batch)
            batch, size = [], 0
    _apply_by_id(batch)


def _apply_by_id(batch: list[tuple[Incident, list[int]]]) -> None:
    ids = [rid for _incident, rids in batch for rid in rids]
    rows = {}
    for start in range(0, len(ids), IN_BATCH):
        part = SourceReport.objects.filter(id__in=ids[start : start + IN_BATCH])
        rows.update((r["id"], r) for r in part.values(*_FIELDS))
    for incident, rids in batch:
        apply_reports(incident, [rows[rid] for rid in sorted(rids)])


def apply_reports(incident: Incident, reports: list[dict]) -> None:
    """Set the incident's derived fields from its reports (dicts with the _FIELDS keys)."""
    incident.source_count = len({r["source_id"] for r in reports})
    if not reports:
        incident.grade = "discounted"
        return
    _casualties(incident, reports)

    dated = [r for r in reports if r["event_date"]]
    if dated:
        best = min(
            dated,
            key=lambda r: (_PRECISION_RANK.get(r["event_date_precision"], 9), r["event_date"]),
        )
        incident.date, incident.date_precision = best["event_date"], best["event_date_precision"]

    placed = [r for r in reports if r["place_id"]]
    if placed:
        counts = Counter(r["place_id"] for r in placed)
        best = max(
            placed, key=lambda r: (LEVEL_RANK.get(r["place__level"], 0), counts[r["place_id"]])
        )
        incident.place_id = best["place_id"]
        incident.township_id = best["place__township_id"]
        incident.state_id = best["place__state_id"]
        incident.place_path = best["place__path"]
        level = best["place__level"]
        incident.geo_precision = (
            "state"
            if level in ("country", "state", "district")
            else "township"
            if level == "township"
            else "exact"
        )
    located = [r for r in reports if r["latitude"] is not None]
    if located:
        incident.latitude, incident.longitude = located[0]["latitude"], located[0]["longitude"]
        if incident.geo_precision == "township" and incident.place_id is None:
            incident.geo_precision = "exact"

    types = Counter(t for r in reports if (t := event_type_of(r["event_type"])))
    incident.event_type = types.most_common(1)[0][0] if types else ""
    subs = Counter(s for r in reports if (s := sub_event_type_of(r["event_type"])))
    incident.sub_event_type = subs.most_common(1)[0][0] if subs else ""

    targets, weapons, means = [], [], Counter()
    for r in reports:
        words = " ".join((r["event_type"], r["title"]))
        for code in codes_in(TARGETS, r["targets"]) or codes_mentioned(TARGETS, r["title"]):
            if code not in targets:
                targets.append(code)
        for code in codes_in(WEAPONS, r["weapons"]) or codes_mentioned(WEAPONS, words):
            if code not in weapons:
                weapons.append(code)
        means.update(codes_mentioned(ATTACK_MEANS, words))
    incident.targets = f";{';'.join(targets)};" if targets else ""
    incident.weapons = f";{';'.join(weapons)};" if weapons else ""
    # The table lists specific means before general ones: prefer "drone" over plain "airstrike".
    order = {code: i for i, (code, _l, _w) in enumerate(ATTACK_MEANS)}
    incident.attack_means = min(means, key=lambda c: (order[c], -means[c])) if means else ""

    perpetrators = Counter(r["perpetrator"] for r in reports if r["perpetrator"])
    incident.perpetrator = perpetrators.most_common(1)[0][0] if perpetrators else ""
    incident.grade = incident.grade_override or grade(reports)

    english = [r for r in reports if not _MYANMAR.search(r["title"] or r["text"])]
    burmese = [r for r in reports if _MYANMAR.search(r["title"] or r["text"])]
    incident.summary_en = (english[0]["title"] or english[0]["text"][:300]) if english else ""
    incident.summary_my = (burmese[0]["title"] or burmese[0]["text"][:300]) if burmese else ""


def credible(report: dict) -> bool:
    """Counts from unreliable sources (E) or doubtful/improbable reports (4, 5) are shown, not
    counted. Unknown reliability (F) and credibility (6) are the default and still count."""
    return report["source__reliability"] != "E" and report["credibility"] not in (4, 5)


def grade(reports: list[dict]) -> str:
    """Airwars' grades: confirmed, contested, fair, weak (discounted is a verifier's call)."""
    if any(r["responsibility"] == "claimed" for r in reports):
        return "confirmed"
    named = {_who(r["perpetrator"]) for r in reports if r["perpetrator"]}
    if len(named) > 1 or any(r["responsibility"] in ("denied", "blamed_other") for r in reports):
        return "contested"
    sources = {r["source_id"] for r in reports if credible(r)}
    return "fair" if len(sources) >= 2 else "weak"


def _who(name: str) -> str:
    # "Myanmar military" and "Myanmar Military (junta)" name one perpetrator.
    words = re.sub(r"[^a-z\u1000-\u109f ]", " ", name.lower()).split()
    return " ".join(sorted(w for w in words if w not in ("the", "of", "junta", "forces"))[:2])


def _casualties(incident: Incident, reports: list[dict]) -> None:
    # A source's later report supersedes its earlier count (counts rise as bodies are found).
    latest: dict[int, dict] = {}
    reports = [r for r in reports if credible(r)]
    for r in sorted(
        reports, key=lambda r: (r["published_at"] is not None, r["published_at"] or 0, r["id"])
    ):
        latest[r["source_id"]] = latest.get(r["source_id"], {}) | {
            k: v for k, v in r.items() if v is not None
        }
    for name in COUNT_FIELDS:
        mins = [r[f"{name}_min"] for r in latest.values() if r.get(f"{name}_min") is not None]
        maxes = [r[f"{name}_max"] for r in latest.values() if r.get(f"{name}_max") is not None]
        # min: the highest count a source states as "at least"; max: the highest claim.
        setattr(incident, f"{name}_min", max(mins, default=0))
        setattr(incident, f"{name}_max", max(maxes + mins, default=0))
