"""The figure query: measure + filters (+ group-by) -> value, with the incidents behind it.

The command line, the pages and the API all call `evaluate`, so a figure is the same wherever
it is shown.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear, TruncMonth

from thitsa.incidents.models import Incident
from thitsa.incidents.taxonomy import (
    GRADES,
    STATE_FORCES,
    TARGETS,
    WEAPONS,
    codes_in,
    event_type_of,
)
from thitsa.places.models import Place

MEASURES = {
    "incidents": None,
    "killed": "killed_min",
    "injured": "injured_min",
    "killed_children": "killed_children_min",
}
GROUPS = ("month", "year", "state", "township", "target")
PCODE = re.compile(r"^(MMR\d{3}([A-Z]\d{3}|\d{3,})*|\d{6})$")


class FigureError(ValueError):
    """A filter or measure the query cannot use; the message says how to fix it."""


@dataclass(frozen=True)
class Filters:
    since: date | None = None
    until: date | None = None
    place: str | None = None  # a P-code (resolve names with `place_filter` first)
    target: str | None = None
    weapon: str | None = None
    event_type: str | None = None
    perpetrator: str | None = None
    min_grade: str | None = None  # None: every grade but discounted

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items() if v not in (None, "")}


@dataclass
class Group:
    key: str
    label: str
    value: int
    incidents: list[str]


@dataclass
class Figure:
    measure: str
    value: int
    incidents: list[str]
    filters: dict[str, str]
    computed_at: str
    grades: dict[str, int] | None = None  # incidents counted, by grade
    count: int = 0  # incidents counted
    groups: list[Group] | None = None
    by: str | None = None

    def as_json(self) -> dict:
        out = {
            "measure": self.measure,
            "value": self.value,
            "incidents": self.incidents,
            "filters": self.filters,
            "computed_at": self.computed_at,
            "grades": self.grades or {},
        }
        if self.groups is not None:
            out["by"] = self.by
            out["groups"] = [
                {"key": g.key, "label": g.label, "value": g.value, "incidents": g.incidents}
                for g in self.groups
            ]
        return out


# The order in which a name several places share is read as a filter.
FILTER_ORDER = ("country", "state", "township", "district", "town", "tract", "ward", "village")


def place_filter(text: str) -> Place:
    """A P-code or a place name (resolved as `thitsa place resolve` would) -> the Place."""
    text = text.strip()
    if PCODE.match(text.upper()):
        place = Place.objects.filter(pcode=text.upper()).first()
        if place is None:
            raise FigureError(f"no place has the P-code {text}")
        return place
    from thitsa.places.resolver import get_resolver

    matches = get_resolver().resolve(text, limit=40)
    if not matches:
        raise FigureError(f"no place matches {text!r}: try `thitsa place resolve {text!r}`")
    close = [m for m in matches if m.score >= matches[0].score - 1]
    # A name several places bear means the area people count by: "Sagaing" the region,
    # "Kanbalu" the township (not its district, which reports seldom name bare, nor its town).
    first = min(FILTER_ORDER.index(m.level) for m in close)
    meant = [m for m in close if FILTER_ORDER.index(m.level) == first]
    if len(meant) > 1:
        names = ", ".join(f"{m.name_en} ({m.pcode})" for m in meant)
        raise FigureError(f"{text!r} is ambiguous: {names}; give a P-code")
    best = meant[0]
    return Place.objects.get(pcode=best.pcode)


def incidents_matching(filters: Filters, public_only: bool = True) -> QuerySet[Incident]:
    qs = Incident.objects.filter(merged_into__isnull=True)
    qs = qs.filter(grade__in=grades_counted(filters.min_grade))
    if public_only:
        qs = qs.filter(visibility="public")
    if filters.since:
        qs = qs.filter(date__gte=filters.since)
    if filters.until:
        qs = qs.filter(date__lte=filters.until)
    if filters.place:
        place = Place.objects.filter(pcode=filters.place).first()
        if place is None:
            raise FigureError(f"no place has the P-code {filters.place}")
        if place.level == "country":
            pass
        elif place.level == "state":
            qs = qs.filter(state_id=place.pcode)
        elif place.level == "township":
            qs = qs.filter(township_id=place.pcode)
        elif place.level == "district":
            qs = qs.filter(township__parent_id=place.pcode)
        else:
            # A range, not startswith: SQLite's LIKE is case-insensitive and skips the index.
            below = Q(place_path__gte=place.path + "/", place_path__lt=place.path + "0")
            qs = qs.filter(Q(place_path=place.path) | below)
    if filters.target:
        code = _code(TARGETS, filters.target, "target")
        qs = qs.filter(targets__contains=f";{code};")
    if filters.weapon:
        code = _code(WEAPONS, filters.weapon, "weapon")
        qs = qs.filter(weapons__contains=f";{code};")
    if filters.event_type:
        event_type = event_type_of(filters.event_type)
        if not event_type:
            raise FigureError(f"{filters.event_type!r} is not an event type (ACLED's names)")
        qs = qs.filter(event_type=event_type)
    if filters.perpetrator:
        qs = qs.filter(perpetrator_q(filters.perpetrator))
    return qs


def perpetrator_q(text: str) -> Q:
    """Incidents whose perpetrator contains the text, or, where the text is one of the names
    outlets give the state's forces ("military", "junta", UCDP's "Government of Myanmar
    (Burma)"), any of those names: the demo's 4,324 incidents filed under UCDP's name were
    not found by "military"."""
    found = Q(perpetrator__icontains=text)
    if text.strip().lower() in STATE_FORCES:
        for name in STATE_FORCES:
            found |= Q(perpetrator__iexact=name)
    return found


def grades_counted(min_grade: str | None) -> list[str]:
    """The grades a figure counts: from the best down to `min_grade`; by default all but
    discounted."""
    order = [code for code, _label in GRADES]
    if min_grade is None:
        return order[:-1]
    if min_grade not in order:
        raise FigureError(f"{min_grade!r} is not a grade: use one of {', '.join(order)}")
    return order[: order.index(min_grade) + 1]


def _code(table, value: str, what: str) -> str:
    code = codes_in(table, [value])[0]
    known = [c for c, _l, _w in table]
    if code not in known:
        raise FigureError(f"{value!r} is not a {what}: use one of {', '.join(known)}")
    return code


def _value(qs: QuerySet[Incident], measure: str) -> int:
    column = MEASURES[measure]
    if column is None:
        return qs.count()
    return qs.aggregate(v=Sum(column))["v"] or 0


def evaluate(
    measure: str,
    filters: Filters,
    by: str | None = None,
    public_only: bool = True,
    with_incidents: bool = True,
) -> Figure:
    """The figure; `with_incidents=False` skips listing the ids behind it (pages, maps)."""
    if measure not in MEASURES:
        raise FigureError(f"unknown measure {measure!r}: use one of {', '.join(MEASURES)}")
    if by is not None and by not in GROUPS:
        raise FigureError(f"cannot group by {by!r}: use one of {', '.join(GROUPS)}")
    qs = incidents_matching(filters, public_only=public_only)
    grades = dict(qs.order_by().values_list("grade").annotate(n=Count("id")))
    figure = Figure(
        measure=measure,
        value=_value(qs, measure),
        incidents=[],
        filters=filters.as_dict(),
        computed_at=datetime.now(UTC).isoformat(timespec="seconds"),
        grades=grades,
        count=sum(grades.values()),
    )
    if by:
        figure.by = by
        figure.groups = _groups(qs, measure, by)
    if with_incidents:
        _list_incidents(figure, qs)
    return figure


def first_incidents(filters: Filters, n: int, public_only: bool = True) -> list[str]:
    """The first `n` incident ids of a figure, by date: what a summary shows."""
    qs = incidents_matching(filters, public_only=public_only)
    return list(qs.order_by("date", "public_id").values_list("public_id", flat=True)[:n])


def _groups(qs: QuerySet[Incident], measure: str, by: str) -> list[Group]:
    column = MEASURES[measure]
    agg = Count("id") if column is None else Sum(column)
    if by == "target":
        groups = [
            Group(code, label, _value(qs.filter(targets__contains=f";{code};"), measure), [])
            for code, label, _w in TARGETS
        ]
        return sorted((g for g in groups if g.value), key=lambda g: -g.value)
    if by in ("month", "year"):
        expr = TruncMonth("date") if by == "month" else ExtractYear("date")
        rows = qs.annotate(k=expr).values("k").annotate(v=agg).order_by("k")
        return [Group(_period(r["k"], by), _period(r["k"], by), r["v"] or 0, []) for r in rows]
    field = f"{by}_id"
    names = dict(Place.objects.filter(level=by).values_list("pcode", "name_en"))
    rows = qs.values(field).annotate(v=agg).order_by("-v", field)
    return [
        Group(r[field] or "", names.get(r[field], "place unknown"), r["v"] or 0, []) for r in rows
    ]


def _list_incidents(figure: Figure, qs: QuerySet[Incident]) -> None:
    """One read of the matching incidents fills the figure's ids and each group's.

    Fetched whole and sorted here: a server-side cursor makes PostgreSQL plan for the first
    rows and walk the date index, and SQLite sorts a million rows slower than Python does.
    """
    rows = list(
        qs.order_by().values_list("date", "public_id", "state_id", "township_id", "targets")
    )
    rows.sort(key=lambda r: (r[0], r[1]))
    figure.incidents = [r[1] for r in rows]
    if not figure.groups:
        return
    by, by_key = figure.by, {g.key: g for g in figure.groups}
    for day, public_id, state, township, targets in rows:
        if by == "target":
            keys = [t for t in targets.split(";") if t]
        elif by in ("month", "year"):
            keys = [_period(day, by)]
        else:
            keys = [(state if by == "state" else township) or ""]
        for key in keys:
            if key in by_key:
                by_key[key].incidents.append(public_id)


def _period(value, by: str) -> str:
    if by == "year":
        return str(value if isinstance(value, int) else value.year)
    return f"{value.year:04d}-{value.month:02d}"
