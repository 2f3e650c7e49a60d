"""The figure query: measure + filters (+ group-by) -> value, with the incidents behind it.

The command line, the pages and the API all call `evaluate`, so a figure is the same wherever
it is shown, and so is what it says about itself: the grades and event types it counted, the
battles and events without violence it left out, and how much of it rests on reports still
waiting in the review queue.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear, TruncMonth

from thitsa.burmese.normalize import typed
from thitsa.incidents.models import Incident, MatchDecision
from thitsa.incidents.reconcile import (
    FIELDS,
    IN_BATCH,
    NOWHERE,
    Places,
    account,
    apply_reports,
    perpetrator_key,
)
from thitsa.incidents.taxonomy import (
    ATTACK_MEANS,
    EVENT_TYPES,
    GRADES,
    MEANS_WITHIN,
    NON_VIOLENT_SUB_EVENTS,
    NON_VIOLENT_TYPES,
    STATE_SERVICES,
    SUB_EVENT_MEANS,
    TARGETS,
    WEAPONS,
    code_of,
    event_type_of,
    non_violent,
    sub_event_type_of,
)
from thitsa.places.adjacency import counted_with
from thitsa.places.models import Place
from thitsa.places.parsing import PCODE
from thitsa.places.resolver import place_levels
from thitsa.reports.models import SourceReport

MEASURES = {
    "incidents": None,
    "killed": "killed_min",
    "injured": "injured_min",
    "killed_children": "killed_children_min",
}
GROUPS = ("month", "year", "state", "township", "target")
NO_TARGET, NO_TARGET_LABEL = "none", "No target stated"
# Clashes between armed groups (UCDP files most of its Myanmar events so): not attacks on
# civilians, so a figure of attacks on civilians leaves them out unless asked (`include_battles`,
# or the event type named).
BATTLES = "Battles"
# ACLED's events without violence (protests, arrests, agreements: taxonomy.non_violent), in SQL.
NON_VIOLENT_Q = Q(event_type__in=NON_VIOLENT_TYPES) & (
    Q(sub_event_type__in=NON_VIOLENT_SUB_EVENTS) | Q(sub_event_type="")
)


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
    means: str | None = None  # of attack: airstrike, drone, artillery ... (ATTACK_MEANS)
    include_battles: bool = False  # without an event type: every type but Battles by default
    # Without an event type, events without violence (protests, arrests) are left out too.
    include_non_violent: bool = False

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            # Dates typed the wrong way round counted nothing, and "killed: 0" read as a figure.
            raise FigureError(f"since {self.since} is after until {self.until}: swap them")
        # As stored: a word typed on a Zawgyi phone, or with its marks out of order, found
        # nothing ("စစ္ေကာင္စီ" counted no incident) or was refused as no target.
        for name in ("place", "target", "weapon", "event_type", "perpetrator", "means"):
            if value := getattr(self, name):
                object.__setattr__(self, name, typed(value))  # frozen: set once, here

    def as_dict(self) -> dict[str, str]:
        # The switches are stated on their own (as `include_restricted` is), not as filters.
        return {
            k: str(v)
            for k, v in asdict(self).items()
            if v not in (None, "") and not isinstance(v, bool)
        }


@dataclass
class Group:
    key: str
    label: str
    value: int
    incidents: list[str]
    count: int = 0  # incidents counted in the group


@dataclass
class Aside:
    """The battles, or the events without violence, that match the figure's other filters:
    left out (the default) or counted, and then part of the value."""

    counted: bool
    incidents: int
    value: int


@dataclass
class Review:
    """Reports the matcher linked to a counted incident but queued for a verifier (its
    "review" outcome): the link is provisional until accepted or rejected."""

    incidents: list[str] = field(default_factory=list)  # counted incidents with such reports
    # The figure counted with those reports minus the figure counted without them (each incident
    # as reconciliation makes it from its settled reports alone). Below zero when a report
    # awaiting review superseded a higher count of its source's. None: not computed (pages).
    value: int | None = 0
    # Incidents not counted at all without them: no settled report, a grade not counted, or
    # filters only those reports made the incident meet (a target, a place, a date, ...).
    whole: list[str] = field(default_factory=list)


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
    event_types: dict[str, int] | None = None  # incidents counted, by event type ("": none)
    battles: Aside | None = None  # None when the filters name an event type
    non_violent: Aside | None = None  # as battles: protests, arrests, agreements
    awaiting_review: Review = field(default_factory=Review)
    # Whether battles are among the types counted: asked for, or the event type named Battles.
    include_battles: bool = False
    # Whether events without violence are: asked for, or the event type named is one.
    include_non_violent: bool = False
    settled_only: bool = False  # reports awaiting review left out (awaiting_review: what)
    # Matching but for their dates: dated to a week, month or year that runs past the period.
    loosely_dated: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        out = {
            "measure": self.measure,
            "value": self.value,
            "incidents": self.incidents,
            "filters": self.filters,
            "computed_at": self.computed_at,
            # Each grade counted, with how many of its incidents (0 too: "counted, none").
            "grades": {
                grade: (self.grades or {}).get(grade, 0)
                for grade in grades_counted(self.filters.get("min_grade"))
            },
            "event_types": self.event_types or {},
            "include_battles": self.include_battles,
            "include_non_violent": self.include_non_violent,
            "awaiting_review": {
                "incidents": self.awaiting_review.incidents,
                "value": self.awaiting_review.value,
            },
            "settled_only": self.settled_only,
            "loosely_dated": self.loosely_dated,
        }
        if self.battles is not None:
            out["battles"] = asdict(self.battles)
        if self.non_violent is not None:
            out["non_violent"] = asdict(self.non_violent)
        if self.groups is not None:
            out["by"] = self.by
            out["groups"] = [
                {"key": g.key, "label": g.label, "value": g.value, "incidents": g.incidents}
                for g in self.groups
            ]
        return out


# The order in which a name several places share is read as a filter.
FILTER_ORDER = ("country", "state", "township", "district", "town", "tract", "ward", "village")


# Words that say which kind of place a name is, at its end: "Katha District", "ကသာခရိုင်".
_LEVEL_WORDS = {
    "district": "district", "ခရိုင်": "district", "township": "township", "tsp": "township",
    "မြို့နယ်": "township", "region": "state", "state": "state", "တိုင်းဒေသကြီး": "state",
    "ပြည်နယ်": "state", "village tract": "tract", "village": "village", "ကျေးရွာ": "village",
}  # fmt: skip
_LEVEL_NAMED = re.compile(
    "(?:" + "|".join(sorted(map(re.escape, _LEVEL_WORDS), key=len, reverse=True)) + r")\s*$"
)


def given(name: str, value: str | None) -> str | None:
    """A text filter as given: None when left out; refused when given empty. A script's empty
    variable ("--target $TARGET") would otherwise count everything, and say so as the
    figure for what was asked."""
    if value is None:
        return None
    if not value.strip():
        option = name.replace("_", "-")
        raise FigureError(f"the {option} is empty: give one, or leave it out")
    return value.strip()


def place_filter(text: str) -> Place:
    """A P-code or a place name (resolved as `thitsa place resolve` would) -> the Place."""
    text = text.strip()
    if not text:
        # A script's empty variable: no filter would give the whole country as the place's.
        raise FigureError("the place is empty: give a place name or P-code")
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
    # "Katha District" is the district, though the township scores as high.
    named = _LEVEL_NAMED.search(text.lower())
    if named and (kind := [m for m in close if m.level == _LEVEL_WORDS[named[0]]]):
        close = kind
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
    if filters.since or filters.until:
        # Dated to a week, a month or a year: counted only when all of it lies in the period
        # (a year's 40 killed went into a January figure, on the year's first day).
        qs = qs.exclude(_runs_past(filters.since, filters.until))
    if filters.place:
        place = Place.objects.filter(pcode=filters.place).first()
        if place is None:
            raise FigureError(f"no place has the P-code {filters.place}")
        if place.level == "country":
            pass
        elif place.level == "state":
            qs = qs.filter(state_id=place.pcode)
        elif place.level == "township":
            qs = qs.filter(township_id__in=[place.pcode, *counted_with(place.pcode)])
        elif place.level == "district":
            # Its townships' incidents, and those placed at the district itself (`_within`).
            qs = qs.filter(Q(township__parent_id=place.pcode) | Q(place_id=place.pcode))
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
        qs = qs.filter(_event_type_q(filters.event_type))
    else:
        if not filters.include_battles:
            qs = qs.exclude(event_type=BATTLES)
        if not filters.include_non_violent:
            qs = qs.exclude(NON_VIOLENT_Q)
    if filters.perpetrator:
        qs = qs.filter(perpetrator_q(filters.perpetrator))
    if filters.means:
        qs = qs.filter(attack_means__in=means_codes(filters.means))
    return qs


def period_of(day: date, precision: str) -> tuple[date, date]:
    """The first and last day an incident's date may be: its day, week (from the date: a
    week is sorted to its first day), calendar month or calendar year."""
    if precision == "week":
        return day, day + timedelta(days=6)
    if precision == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if precision == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return day, day


def in_period(day: date | None, precision: str, since: date | None, until: date | None) -> bool:
    """`incidents_matching`'s dates in Python: all of the incident's period in the figure's."""
    if day is None:
        return not (since or until)
    first, last = period_of(day, precision)
    return (since is None or first >= since) and (until is None or last <= until)


def _runs_past(since: date | None, until: date | None) -> Q:
    """Incidents dated to a week, month or year part of which lies outside the period (and
    some wholly outside it, which the callers' own date filters leave out)."""
    q = Q(pk__in=[])
    if since:
        month = since if since.day == 1 else period_of(since, "month")[1] + timedelta(days=1)
        year = since if (since.month, since.day) == (1, 1) else date(since.year + 1, 1, 1)
        q |= Q(date_precision="month", date__lt=month) | Q(date_precision="year", date__lt=year)
        q |= Q(date_precision="week", date__lt=since)
    if until:
        last = period_of(until, "month")[1]
        month = until if until == last else until.replace(day=1) - timedelta(days=1)
        year = until if (until.month, until.day) == (12, 31) else date(until.year - 1, 12, 31)
        q |= Q(date_precision="week", date__gt=until - timedelta(days=6))
        q |= Q(date_precision="month", date__gt=month) | Q(date_precision="year", date__gt=year)
    return q


def loosely_dated(filters: Filters, public_only: bool = True) -> list[str]:
    """The incidents a figure with dates leaves out because they are dated only to a week, a
    month or a year that runs past its period (they may or may not belong in it)."""
    if not (filters.since or filters.until):
        return []
    undated = incidents_matching(replace(filters, since=None, until=None), public_only)
    # Every such period lies within the calendar years of the figure's ends, a week's aside.
    low = date(filters.since.year, 1, 1) - timedelta(days=6) if filters.since else None
    high = date(filters.until.year, 12, 31) if filters.until else None
    # Only those part of whose period lies past an end (near the ends, in SQL), then overlap.
    coarse = undated.filter(_runs_past(filters.since, filters.until))
    if low:
        coarse = coarse.filter(date__gte=low)
    if high:
        coarse = coarse.filter(date__lte=high)
    out = []
    for day, precision, public_id in coarse.values_list("date", "date_precision", "public_id"):
        first, last = period_of(day, precision)
        overlaps = (not filters.since or last >= filters.since) and (
            not filters.until or first <= filters.until
        )
        if overlaps and not in_period(day, precision, filters.since, filters.until):
            out.append((day, public_id))
    return [public_id for _day, public_id in sorted(out)]


def perpetrator_q(text: str) -> Q:
    """Incidents whose perpetrator `perpetrated_by` finds the text in (among the few hundred
    names stored, so the figure and its Python twin agree)."""
    names = Incident.objects.exclude(perpetrator="").values_list("perpetrator", flat=True)
    return Q(perpetrator__in=[n for n in names.order_by().distinct() if perpetrated_by(n, text)])


def perpetrated_by(name: str, text: str) -> bool:
    """Whether a perpetrator's name is the one asked for: one of its names, as grading tells
    them (any of the names outlets give the state's forces, "military", "junta", UCDP's
    "Government of Myanmar (Burma)", its services; "AA" and "Arakan Army"), or holding the
    text as whole words. Found inside a word, "AA" counted the MNDAA's killings."""
    if not (text := text.strip()):
        return False
    # One service ("air force", "လေတပ်") finds that service only, not the whole state's side.
    if text.lower() not in STATE_SERVICES and perpetrator_key(name) == perpetrator_key(text):
        return True
    if _MYANMAR.search(text):
        return text in name  # Burmese writes no spaces between words
    return re.search(rf"(?<!\w){re.escape(text)}(?!\w)", name, re.IGNORECASE) is not None


_MYANMAR = re.compile("[\u1000-\u109f]")


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
    """The code a filter names: a code, a label or one of the table's words, whole (`code_of`),
    or a plain English plural of one ("unguided bombs", "churches", "health facilities").
    Never a word found inside it: "unguided bombs" holds "guided bomb", "monastery school"
    holds "school", and a figure that guessed so counted other attacks than asked."""
    code = code_of(table, value)
    if code is None:
        known = [c for c, _l, _w in table]
        raise FigureError(f"{value!r} is not a {what}: use one of {', '.join(known)}")
    return code


def _event_type(text: str) -> str:
    """The ACLED event type a filter names: a type, or a sub-type (its type, narrowed by
    `_event_type_q`). Not a word of one: "drone" counted every explosion and shelling as the
    figure of drone strikes, and said "event types counted: drone"."""
    event_type = event_type_of(text)
    named = text.strip().lower() in {t.lower() for t in EVENT_TYPES} or sub_event_type_of(text)
    if not event_type or not named:
        raise FigureError(
            f"{text!r} is not one of ACLED's event types or sub-types (e.g. 'Explosions/Remote "
            "violence', 'Air/drone strike', 'Arrests'); for a means of attack use --means "
            "(airstrike, drone, artillery, landmine, arson, ground_raid)"
        )
    return event_type


def _event_type_q(text: str) -> Q:
    """Incidents of an ACLED event type, or of a sub-event type: "Air/drone strike" counted
    every Explosions/Remote violence incident, shelling and landmines too. An incident of the
    type whose reports gave no sub-type is of the one its means of attack stands for."""
    q = Q(event_type=_event_type(text))
    if sub := sub_event_type_of(text):
        q &= Q(sub_event_type=sub) | Q(
            sub_event_type="", attack_means__in=SUB_EVENT_MEANS.get(sub, ())
        )
    return q


def evaluate(
    measure: str,
    filters: Filters,
    by: str | None = None,
    public_only: bool = True,
    with_incidents: bool = True,
    settled_only: bool = False,
    review_value: bool = True,
) -> Figure:
    """The figure; `with_incidents=False` skips listing the ids behind it (pages, maps).

    Reports the matcher linked but queued for review count as linked (their incident's ranges
    and grade include them) and `awaiting_review` says what rests on them; `settled_only=True`
    counts each of their incidents as reconciliation makes it from its other reports alone, and
    only where that incident meets the filters too (in the group it then falls in). An incident
    the reports awaiting review took out of the figure (a battle only by them) is not brought
    back: only the incidents the figure counts, and its battles, are made again.
    `review_value=False` names those incidents without reconciling them again (their value
    stays None): reconciling reads every report of each, which a page shown on every visit
    cannot afford when the queue is long (a second per 1,000 queued links)."""
    review_value = review_value or settled_only
    if measure not in MEASURES:
        raise FigureError(f"unknown measure {measure!r}: use one of {', '.join(MEASURES)}")
    if by is not None and by not in GROUPS:
        raise FigureError(f"cannot group by {by!r}: use one of {', '.join(GROUPS)}")
    qs = incidents_matching(filters, public_only=public_only)
    named = _event_type(filters.event_type) if filters.event_type else None
    # Without an event type named: the kinds of event a figure sets aside (battles, events
    # without violence), each left out or counted as asked; read in the same pass as the rest.
    asides = {} if named else {
        BATTLES: Aside(counted=filters.include_battles, incidents=0, value=0),
        NON_VIOLENT: Aside(counted=filters.include_non_violent, incidents=0, value=0),
    }  # fmt: skip
    leaves_out = any(not a.counted for a in asides.values())
    every = replace(filters, include_battles=True, include_non_violent=True)
    scope = incidents_matching(every, public_only) if leaves_out else qs

    def counts_type(event_type: str, sub_event_type: str) -> bool:
        if named:
            return event_type == named
        aside = asides.get(_aside(event_type, sub_event_type))
        return aside is None or aside.counted

    column = MEASURES[measure]
    # One pass gives the value, the grades and the event types.
    grades, types, value = Counter(), Counter(), 0
    per_kind = (
        scope.order_by()
        .values_list("grade", "event_type", "sub_event_type")
        .annotate(n=Count("id"))
    )
    if column is not None:
        per_kind = per_kind.annotate(v=Sum(column))
    for grade, event_type, sub_event_type, n, *summed in per_kind:
        v = (summed[0] or 0) if summed else n
        if (aside := asides.get(_aside(event_type, sub_event_type))) is not None:
            aside.incidents, aside.value = aside.incidents + n, aside.value + v
            if not aside.counted:
                continue
        grades[grade] += n
        types[event_type] += n
        value += v
    pending = _awaiting_review(scope, measure, filters, review_value)
    counted = [p for p in pending if counts_type(p.event_type, p.sub_event_type)]
    # The counted incidents the figure still counts, made from their settled reports alone.
    stays = {
        p.public_id: p.settled
        for p in counted
        if p.settled is not None and counts_type(p.settled.event_type, p.settled.sub_event_type)
    }
    review = Review(
        incidents=[p.public_id for p in counted],
        value=sum(p.value for p in counted) - sum(s.value for s in stays.values())
        if review_value
        else None,
        whole=[p.public_id for p in counted if p.public_id not in stays],
    )
    if settled_only:
        value -= review.value
        for p in counted:
            grades[p.grade] -= 1
            types[p.event_type] -= 1
            if (settled := stays.get(p.public_id)) is not None:
                grades[settled.grade] += 1
                types[settled.event_type] += 1
        for kind, aside in asides.items():
            were = [p.value for p in pending if _aside(p.event_type, p.sub_event_type) == kind]
            are = [
                p.settled.value
                for p in pending
                if p.settled is not None
                and _aside(p.settled.event_type, p.settled.sub_event_type) == kind
            ]
            aside.incidents += len(are) - len(were)
            aside.value += sum(are) - sum(were)
    grades, types = +grades, +types  # without the kinds left at zero
    figure = Figure(
        measure=measure,
        value=value,
        incidents=[],
        filters=filters.as_dict(),
        computed_at=datetime.now(UTC).isoformat(timespec="seconds"),
        grades=dict(grades),
        count=sum(grades.values()),
        event_types=dict(types),
        battles=asides.get(BATTLES),
        non_violent=asides.get(NON_VIOLENT),
        awaiting_review=review,
        include_battles=named == BATTLES if named else filters.include_battles,
        include_non_violent=non_violent(named, sub_event_type_of(filters.event_type))
        if named
        else filters.include_non_violent,
        settled_only=settled_only,
        loosely_dated=loosely_dated(filters, public_only),
    )
    # Where each counted incident with reports awaiting review falls without them (None: not
    # counted at all).
    moved = {p.public_id: s.keys if (s := stays.get(p.public_id)) else None for p in counted}
    if by:
        figure.by = by
        figure.groups = _groups(qs, measure, by)
        if settled_only:
            _settle_groups(figure, counted, stays)
    if with_incidents:
        _list_incidents(figure, qs, moved if settled_only else {})
    return figure


NON_VIOLENT = "non_violent"


def _aside(event_type: str, sub_event_type: str) -> str:
    """The kind of event a figure sets aside that an incident is (BATTLES, NON_VIOLENT), or ""
    for an attack, which it counts."""
    if event_type == BATTLES:
        return BATTLES
    return NON_VIOLENT if non_violent(event_type, sub_event_type) else ""


def first_incidents(
    filters: Filters, n: int, public_only: bool = True, leave_out: Iterable[str] = ()
) -> list[str]:
    """The first `n` incident ids of a figure, by date: what a summary shows (`leave_out`: ids
    a settled-only figure does not count)."""
    qs = incidents_matching(filters, public_only=public_only)
    if leave_out:
        qs = qs.exclude(public_id__in=list(leave_out))
    return list(qs.order_by("date", "public_id").values_list("public_id", flat=True)[:n])


@dataclass
class _Settled:
    """An incident as reconciliation makes it from its settled reports alone."""

    event_type: str
    sub_event_type: str
    grade: str
    value: int  # the measure
    keys: tuple  # date, state, township, targets: where it falls in groups


@dataclass
class _Pending:
    """An incident with reports awaiting review, and the same incident made from the others."""

    public_id: str
    event_type: str
    sub_event_type: str
    grade: str
    value: int  # the measure (0 when not reconciled)
    keys: tuple  # date, state, township, targets: where it falls in groups
    # Made from its settled reports alone, where it meets the figure's filters but the event
    # type (which the caller weighs). None: no settled report, a grade not counted, or a filter
    # only the reports awaiting review made it meet (a school named only by them).
    settled: _Settled | None


# What reconciliation keeps of an incident when none of its reports says otherwise.
_KEPT = ("date", "date_precision", "place_id", "township_id", "state_id", "place_path",
         "geo_precision", "latitude", "longitude")  # fmt: skip
_KEYS = ("date", "state_id", "township_id", "targets", "date_precision")


def _awaiting_review(
    qs: QuerySet[Incident], measure: str, filters: Filters, reconcile: bool = True
) -> list[_Pending]:
    """The incidents of `qs` that a pending "review" decision of the matcher links a report to,
    by date; with `reconcile`, each also reconciled (in memory) from its other reports and
    checked again against the filters reconciliation can change.

    The queue is small next to the incidents: its partial index gives the pairs, and only their
    incidents (and, to reconcile, their reports) are read."""
    waiting = defaultdict(set)
    # The pending pairs first, by their partial index: asked with the figure's incidents as a
    # subquery, SQLite walked every report of every incident instead.
    pairs = MatchDecision.objects.filter(pending=True, report__incident=F("incident"))
    for incident_id, report_id in pairs.values_list("incident_id", "report_id"):
        waiting[incident_id].add(report_id)
    if not waiting:
        return []
    ids, found = sorted(waiting), []
    if not reconcile:
        for start in range(0, len(ids), IN_BATCH):
            rows = (
                qs.filter(id__in=ids[start : start + IN_BATCH])
                .order_by()
                .values_list("public_id", "event_type", "sub_event_type", "grade", *_KEYS)
            )
            for public_id, event_type, sub, grade, *keys in rows:
                same = _Settled(event_type, sub, grade, 0, tuple(keys))
                found.append(_Pending(public_id, event_type, sub, grade, 0, tuple(keys), same))
        return sorted(found, key=lambda p: (p.keys[0], p.public_id))
    column = MEASURES[measure]
    grades = grades_counted(filters.min_grade)
    # The place hierarchy, as reconciliation reads it: a place filter asks the township, state
    # and path each report's place gives.
    places = place_levels()
    area = Place.objects.filter(pcode=filters.place).first() if filters.place else None
    for start in range(0, len(ids), IN_BATCH):
        rows = list(
            qs.filter(id__in=ids[start : start + IN_BATCH])
            .order_by()
            .values(
                "id", "public_id", "event_type", "sub_event_type", "grade", "grade_override",
                "targets",
                *_KEPT, *([column] if column else []),
            )
        )  # fmt: skip
        reports = list(
            SourceReport.objects.filter(incident_id__in=[row["id"] for row in rows])
            .order_by("id")
            .values(*FIELDS, "incident_id")
        )
        if any(r["place_id"] not in places for r in reports if r["place_id"]):
            place_levels.cache_clear()  # places loaded since this process read them
            places = place_levels()
        settled = defaultdict(list)
        for r in reports:
            if r["id"] not in waiting[r["incident_id"]]:
                settled[r["incident_id"]].append(account(r, places))
        for row in rows:
            alone = Incident(grade_override=row["grade_override"], **{k: row[k] for k in _KEPT})
            apply_reports(alone, settled[row["id"]])
            made = None
            if (
                settled[row["id"]]
                and alone.grade in grades
                and _meets(alone, filters, area, places)
            ):
                made = _Settled(
                    event_type=alone.event_type,
                    sub_event_type=alone.sub_event_type,
                    grade=alone.grade,
                    value=getattr(alone, column) if column else 1,
                    keys=tuple(getattr(alone, k) for k in _KEYS),
                )
            found.append(
                _Pending(
                    public_id=row["public_id"],
                    event_type=row["event_type"],
                    sub_event_type=row["sub_event_type"],
                    grade=row["grade"],
                    value=row[column] if column else 1,
                    keys=tuple(row[k] for k in _KEYS),
                    settled=made,
                )
            )
    return sorted(found, key=lambda p: (p.keys[0], p.public_id))


def means_codes(text: str) -> tuple[str, ...]:
    """The means a filter names, several comma-separated ("airstrike,artillery": an incident
    has one means, so it is counted once), with the kinds within each (airstrike: jets and
    helicopters)."""
    codes: list[str] = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        code = _code(ATTACK_MEANS, part, "means of attack")
        codes += [c for c in MEANS_WITHIN.get(code, (code,)) if c not in codes]
    if not codes:
        raise FigureError(f"{text!r} names no means of attack")
    return tuple(codes)


def _meets(incident: Incident, filters: Filters, area: Place | None, places: Places) -> bool:
    """Whether an incident made in memory meets the filters `incidents_matching` asks of the
    database, but grade, visibility and event type: change the two together (the means was
    left out, and `--settled-only --means drone` counted every means)."""
    if not in_period(incident.date, incident.date_precision, filters.since, filters.until):
        return False
    if area is not None and not _within(incident, area, places):
        return False
    if filters.target and f";{_code(TARGETS, filters.target, 'target')};" not in incident.targets:
        return False
    if filters.weapon and f";{_code(WEAPONS, filters.weapon, 'weapon')};" not in incident.weapons:
        return False
    if filters.means and incident.attack_means not in means_codes(filters.means):
        return False
    return not filters.perpetrator or perpetrated_by(incident.perpetrator, filters.perpetrator)


def _within(incident: Incident, area: Place, places: Places) -> bool:
    if area.level == "country":
        return True
    if area.level == "state":
        return incident.state_id == area.pcode
    if area.level == "township":
        return incident.township_id == area.pcode or incident.township_id in counted_with(
            area.pcode
        )
    if area.level == "district":
        return (
            places.get(incident.township_id, NOWHERE)[3] == area.pcode
            or incident.place_id == area.pcode
        )
    path = incident.place_path
    return path == area.path or path.startswith(area.path + "/")


def _settle_groups(figure: Figure, counted: list[_Pending], stays: dict[str, _Settled]) -> None:
    """Each group as counted from settled reports only: an incident with reports awaiting
    review leaves the groups they put it in, and joins those its settled reports put it in
    (`stays`; none when they alone do not make it count)."""
    by, by_key = figure.by, {g.key: g for g in figure.groups}
    for p in counted:
        for key in _group_keys(by, *p.keys):
            if key in by_key:
                by_key[key].value -= p.value
                by_key[key].count -= 1
        settled = stays.get(p.public_id)
        if settled is None:
            continue
        for key in _group_keys(by, *settled.keys):
            if key not in by_key:
                label = _group_label(by, key)
                if label is None:
                    continue
                by_key[key] = Group(key, label, 0, [])
            by_key[key].value += settled.value
            by_key[key].count += 1
    groups = [g for g in by_key.values() if g.count > 0]
    if by in ("state", "township"):
        groups.sort(key=lambda g: (-g.value, g.key))
    elif by == "target":
        groups.sort(key=lambda g: -g.value)
    else:
        groups.sort(key=lambda g: g.key)
    figure.groups = groups


def _group_label(by: str, key: str) -> str | None:
    """The label of a group `_groups` did not make (None: no such group)."""
    if by in ("month", "year"):
        return _period_label(key, by)
    if by == "target":
        if key == NO_TARGET:
            return NO_TARGET_LABEL
        return next((label for code, label, _w in TARGETS if code == key), None)
    name = Place.objects.filter(pcode=key).values_list("name_en", flat=True).first()
    return name or "place unknown"


def _groups(qs: QuerySet[Incident], measure: str, by: str) -> list[Group]:
    column = MEASURES[measure]
    agg = Count("id") if column is None else Sum(column)
    if by == "target":
        # Every incident in a group, "none stated" too, and a group of no value kept (as a
        # township's is): groups that left out a share misled as a breakdown. One incident
        # may be in several.
        groups = []
        for code, label, _w in TARGETS:
            found = qs.filter(targets__contains=f";{code};").aggregate(v=agg, n=Count("id"))
            groups.append(Group(code, label, found["v"] or 0, [], found["n"]))
        found = qs.filter(targets="").aggregate(v=agg, n=Count("id"))
        groups.append(Group(NO_TARGET, NO_TARGET_LABEL, found["v"] or 0, [], found["n"]))
        return sorted((g for g in groups if g.count), key=lambda g: -g.value)
    if by in ("month", "year"):
        expr = TruncMonth("date") if by == "month" else ExtractYear("date")
        rows = qs.annotate(k=expr).values("k", "date_precision").annotate(v=agg, n=Count("id"))
        merged: dict[str, Group] = {}
        for r in rows:
            # An incident known only to its year is in no month: its year's own group.
            key = _period(r["k"], "year" if r["date_precision"] == "year" else by)
            group = merged.setdefault(key, Group(key, _period_label(key, by), 0, [], 0))
            group.value += r["v"] or 0
            group.count += r["n"]
        return sorted(merged.values(), key=lambda g: g.key)
    field = f"{by}_id"
    names = dict(Place.objects.filter(level=by).values_list("pcode", "name_en"))
    rows = qs.values(field).annotate(v=agg, n=Count("id")).order_by("-v", field)
    return [
        Group(r[field] or "", names.get(r[field], "place unknown"), r["v"] or 0, [], r["n"])
        for r in rows
    ]


def _list_incidents(figure: Figure, qs: QuerySet[Incident], moved: dict) -> None:
    """One read of the matching incidents fills the figure's ids and each group's; `moved`:
    public id -> where an incident falls instead (date, state, township, targets), or None
    where it is not counted (a settled-only figure's incidents with reports awaiting review).

    Fetched whole and sorted here: a server-side cursor makes PostgreSQL plan for the first
    rows and walk the date index, and SQLite sorts a million rows slower than Python does.
    """
    rows = []
    for day, public_id, *where in qs.order_by().values_list("date", "public_id", *_KEYS[1:]):
        if public_id in moved:
            if moved[public_id] is None:
                continue
            day, *where = moved[public_id]
        rows.append((day, public_id, *where))
    rows.sort(key=lambda r: (r[0], r[1]))
    figure.incidents = [r[1] for r in rows]
    if not figure.groups:
        return
    by, by_key = figure.by, {g.key: g for g in figure.groups}
    for day, public_id, state, township, targets, precision in rows:
        for key in _group_keys(by, day, state, township, targets, precision):
            if key in by_key:
                by_key[key].incidents.append(public_id)


def _group_keys(
    by: str, day, state: str | None, township: str | None, targets: str, precision: str = "day"
) -> list[str]:
    """The groups an incident falls in."""
    if by == "target":
        return [t for t in targets.split(";") if t] or [NO_TARGET]
    if by in ("month", "year"):
        return [_period(day, "year" if precision == "year" else by)]
    return [(state if by == "state" else township) or ""]


def _period_label(key: str, by: str) -> str:
    return f"{key}, month not known" if by == "month" and len(key) == 4 else key


def _period(value, by: str) -> str:
    if by == "year":
        return str(value if isinstance(value, int) else value.year)
    return f"{value.year:04d}-{value.month:02d}"
