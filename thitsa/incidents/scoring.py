"""Whether a report and an incident describe the same event: features and a score. No database."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

# Days either side of the report's date that an incident may lie, by the report's date precision.
WINDOW_DAYS = {"day": 2, "week": 7, "month": 31, "year": 366}
LINK = 0.65
WEIGHTS = {
    "date": 0.28, "place": 0.32, "type": 0.10, "means": 0.12, "weapons": 0.08, "casualties": 0.10,
}
# Sources file one attack under different ACLED types: an airstrike on a village is "remote
# violence" to one outlet and "violence against civilians" to another.
_KINDRED_TYPES = {frozenset({"Explosions/Remote violence", "Violence against civilians"}),
                  frozenset({"Battles", "Explosions/Remote violence"})}
FINE_LEVELS = {"village", "ward", "tract", "town"}
# Reports name the same attack from the air loosely ("airstrike", "jet", "drone"): one family.
MEANS_FAMILY = {"airstrike_fixed_wing": "air", "airstrike_helicopter": "air", "airstrike": "air",
                "drone": "air"}


@dataclass
class Event:
    """What matching compares: one report, or the incident built so far."""

    date: date
    precision: str = "day"
    place_id: str | None = None
    place_level: str | None = None
    township_id: str | None = None
    state_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    event_type: str = ""
    means: set[str] = field(default_factory=set)
    weapons: set[str] = field(default_factory=set)
    killed: int | None = None
    dataset_sources: set[int] = field(default_factory=set)


def km_between(a: Event, b: Event) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    dlat = math.radians(b.lat - a.lat)
    dlon = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 6371.0 * math.hypot(dlat, dlon)


def features(report: Event, incident: Event) -> dict[str, float] | None:
    """Feature values in 0..1, or None when the two cannot be the same event."""
    window = WINDOW_DAYS.get(report.precision, 2)
    days = abs((report.date - incident.date).days)
    if days > window:
        return None
    if not report.event_type or not incident.event_type:
        type_score = 0.5
    elif report.event_type == incident.event_type:
        type_score = 1.0
    elif frozenset({report.event_type, incident.event_type}) in _KINDRED_TYPES:
        type_score = 0.3
    else:
        return None
    # A dataset lists each event once: two of its rows are two events.
    if report.dataset_sources & incident.dataset_sources:
        return None
    f = {"date": 1.0 - (days / (window + 1)) ** 2, "type": type_score}

    distance = km_between(report, incident)
    if report.place_id and report.place_id == incident.place_id:
        f["place"] = 1.0
    elif (
        report.place_level in FINE_LEVELS
        and incident.place_level in FINE_LEVELS
        and report.township_id == incident.township_id
    ):
        # Two different villages of one township: the classic near-miss, so no credit.
        f["place"] = 0.0 if distance is None or distance > 2 else 0.8
    elif report.township_id and report.township_id == incident.township_id:
        f["place"] = 0.6
    elif distance is not None and distance <= 10:
        f["place"] = 0.9 if distance <= 2 else 0.5
    else:
        return None

    f["means"] = _overlap(_families(report.means), _families(incident.means))
    f["weapons"] = _overlap(report.weapons, incident.weapons)
    if report.killed is None or incident.killed is None:
        f["casualties"] = 0.5
    else:
        low, high = sorted((report.killed, incident.killed))
        # Counts rise over days; only wildly different counts speak against a match.
        f["casualties"] = 1.0 if high <= 2 * low + 3 else 0.2
    return f


def _families(means: set[str]) -> set[str]:
    return {MEANS_FAMILY.get(m, m) for m in means}


def _overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.5
    return 1.0 if a & b else 0.0


def score(f: dict[str, float]) -> float:
    return round(sum(WEIGHTS[name] * value for name, value in f.items()), 4)
