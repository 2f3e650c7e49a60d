"""Group unlinked reports into incidents: block, score, then link, queue for review, or open.

Blocking keeps the work near-linear: a report is only compared with incidents of its own
township (or state, when that is all it knows), the townships bordering it, and the same
0.1-degree grid cell when it has coordinates, within a date window that widens with the
report's date precision.

A report is scored against an incident twice: against the incident as a whole (its most precise
date and place, all the means, targets and sources its reports named) and against each of its
reports, and the features are the mean of the two. Any one of the incident's reports that cannot
be the same event as the new one (the same outlet on another day; two contrary facts, such as
another village and other means) keeps the report out: an incident grown by one doubtful link
does not pull in the next event of its township through that report.

Reports are taken in (date precision, event date, id) order: those dated to the day first, so a
report known only by its month joins an incident its dated accounts built, rather than opening
one that then gathers the whole month's events of its township. Every choice depends only on
the reports, incidents and decisions already stored, so running it again on the same input
gives the same incidents and public ids, and running it on nothing new changes nothing. A
verifier's "not the same" is never overruled; a verifier's link is never undone.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import chain
from operator import add

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min, Q
from django.db.models.functions import Substr
from django.utils import timezone

from thitsa.bulk import (
    analyze,
    bulk_insert,
    insert_rows,
    optimize,
    reserve_ids,
    update_rows,
    without_cycle_collection,
)
from thitsa.exclusive import exclusive
from thitsa.forked import can_fork, forked
from thitsa.incidents.models import Incident, MatchDecision, PublicIdCounter
from thitsa.incidents.reconcile import (
    FIELDS,
    IN_BATCH,
    NOWHERE,
    Account,
    Places,
    account,
    apply_reports,
    credible,
    reconcile_incidents,
    stated_codes,
)
from thitsa.incidents.scoring import (
    WEIGHTS,
    WINDOW_DAYS,
    Event,
    feature_values,
    forget_words,
    means_families,
    outcome,
    read_words,
    score_values,
)
from thitsa.incidents.taxonomy import (
    WEAPONS,
    codes_in,
    codes_mentioned,
    event_type_of,
)
from thitsa.places.adjacency import neighbours
from thitsa.places.resolver import place_levels
from thitsa.reports.models import SourceReport

# Its name and version, stored with every decision and link it makes: a new version whenever
# the rules change, so a decision can be traced to the rules that made it.
MATCHER = "match v3"
MACHINE = "match v"  # how every version of the matcher signs its links
_OPENED = f"{MATCHER}: new incident"
CHUNK = 5000
GRID = 0.1  # degrees: about 11 km
SPAN_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}
FEW = 200  # up to this many pending reports, fetch candidates area by area
APART = 20_000  # from this many reports, a forked process builds some of them too
AMBIGUOUS = 0.05  # a best match this close to the runner-up goes to review
# A bulk match on PostgreSQL writes its links this many at a time while it goes on (from twice
# as many reports): see _decide_while_linking.
LINKS_AHEAD = 100_000
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
            + (" (the review pages' dates to give)" if self.undated else "")
        )


@dataclass(eq=False)  # compared and hashed by identity: a run's new incidents key a dict
class _Slot:
    """An incident while matching runs: stored (pk set) or about to be created. `event` is the
    incident as a whole, `members` its reports (the first of a new one opened it)."""

    event: Event
    pk: int | None = None
    # A new incident's public id, given when matching opens it (the Incident itself is made
    # when the run writes it: making 200,000 models took a twelfth of a bulk match's loop).
    public_id: str = ""
    members: list[Event] = field(default_factory=list)
    # Order of creation within a run: ties between new incidents go to the older one whatever
    # order the areas' set gives (that order follows the process's string hash seed).
    seq: int = 0
    # A new incident's reports as reconciliation reads them (stored ones are read again).
    accounts: list[Account] = field(default_factory=list)


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
        # A set of slots (compared by identity): a bucket joins it in one C call.
        seen: set[_Slot] = set()
        by_area = self.by_area
        for area in areas:
            for day in days:
                if bucket := by_area.get((area, day)):
                    seen.update(bucket)
        if e.lat is not None and e.lon is not None:
            cx, cy = int(e.lat // GRID), int(e.lon // GRID)
            by_cell = self.by_cell
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for day in days:
                        if bucket := by_cell.get((cx + dx, cy + dy, day)):
                            seen.update(bucket)
        # Creation order, so ties always go to the same (older) incident.
        return sorted(seen, key=_creation_order)


def _creation_order(s: _Slot) -> tuple:
    return (s.pk is None, s.pk or 0, s.event.date, s.seq)


_INCIDENT_FIELDS = [
    "id", "date", "date_precision", "place_id", "township_id", "state_id", "latitude",
    "longitude", "event_type", "attack_means", "targets", "weapons", "killed_min", "perpetrator",
    "summary_en", "summary_my",
]  # fmt: skip
# Also what reconciliation reads (FIELDS): a bulk run reconciles its new incidents from memory.
_REPORT_FIELDS = [*FIELDS, "external_id"]


# Every report of a run stays in memory (in its incident's members): the values that repeat
# across reports (a source's set, the same targets, "day", a township's P-code) are kept once.
_SHARED: dict = {}


def _shared(value):
    return _SHARED.setdefault(value, value)


def report_event(r: dict, places: Places, known: Account | None = None) -> Event:
    """The report as matching compares it; `known`, its account where the caller has made it,
    spares reading its title for the same codes again."""
    level, township, state, parent, _path = places.get(r["place_id"], NOWHERE)
    words = " ".join((r["event_type"], r["title"], r["text"][:500]))
    targets, means = (known.targets, known.means) if known is not None else stated_codes(r)
    return Event(
        date=_shared(r["event_date"]),
        precision=_shared(r["event_date_precision"] or "day"),
        place_id=_shared(r["place_id"]),
        place_level=level,
        place_parent=parent,
        township_id=township,
        state_id=state,
        lat=r["latitude"],
        lon=r["longitude"],
        event_type=event_type_of(r["event_type"]),
        means=_shared(means_families(means)),
        targets=_shared(frozenset(targets)),
        weapons=_shared(
            frozenset(codes_in(WEAPONS, r["weapons"])) | frozenset(codes_mentioned(WEAPONS, words))
        ),
        # As in the incident's figures: an unreliable source's count is shown, not weighed.
        killed=r["killed_min"] if credible(r) else None,
        perpetrator=_shared(r["perpetrator"]),
        text=f"{r['title']} {r['text'][:300]}",
        **_dataset_sets(dataset_row(r)),
        sources=_shared(frozenset({r["source_id"]})),
    )


def dataset_row(r: dict) -> tuple[str, str] | None:
    """The dataset a report is a row of, and its row there: a dataset lists each event once,
    so two of its rows are two events. An ACLED event becomes one report per outlet ACLED
    cites (thitsa.reports.importers.acled), all under the event's id: one row. Those outlets'
    names are not the dataset: two ACLED events one outlet told on one day, or a round trip
    through `export --format acled`, whose outlet is the dataset the incidents came from,
    were merged as one outlet's update."""
    if r["import_format"] == "acled":
        return "acled", r["external_id"].rpartition(":")[0]
    if r["source__kind"] == "dataset":
        return f"source {r['source_id']}", f"report {r['id']}"
    return None


_NO_DATASET = {"datasets": frozenset(), "dataset_rows": frozenset()}


def _dataset_sets(row: tuple[str, str] | None) -> dict:
    if row is None:
        return _NO_DATASET
    dataset, key = row
    return {"datasets": _shared(frozenset({dataset})), "dataset_rows": frozenset({key})}


def match_reports(report_ids: Iterable[int] | None = None) -> MatchSummary:
    """Match every unlinked report (or only those of `report_ids`).

    A run outside a transaction (an import, `thitsa match`) waits for any other such run on
    the database (thitsa.exclusive): two at once would link the same reports twice and open
    two incidents of one event. A run inside one (a verifier's "not the same", a place set by
    a verifier) matches a few reports in the caller's transaction, whose view took the turn
    before the transaction began (thitsa.publish.turns): taken inside it, while it holds the
    database's write locks, a bulk run waiting for those locks would never give it up."""
    with exclusive("match"), without_cycle_collection():
        return _match(report_ids)


def _match(report_ids: Iterable[int] | None) -> MatchSummary:
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

    run = _Run(index, adjacency, refused, _YearCounters(), summary)
    reports = _in_match_order(dated, places)
    if connection.vendor == "postgresql" and (count := dated.count()) >= 2 * LINKS_AHEAD:
        # Built before the transaction opens: the forked process that builds some of them
        # reads only what is committed, and refuses to start inside a transaction.
        first = next(reports)
        years = dated.aggregate(first=Min("event_date"), last=Max("event_date"))
        for year in range(years["first"].year, years["last"].year + 1):
            run.counters[year]  # read now: the deciding thread must not query
        with transaction.atomic():
            _decide_while_linking(chain([first], reports), run, count)
            _write(run)
    else:
        _decide(reports, run)
        with transaction.atomic():
            _write(run)
    if summary.reports > FEW:
        optimize()
    _SHARED.clear()  # only for the length of a run: a server's process would keep it forever
    forget_words()
    return summary


@dataclass
class _Run:
    """What a run decides with, and what it has decided: `links` and `decisions` by report,
    in the order the reports were matched."""

    index: _Index
    adjacency: dict[str, frozenset[str]]
    refused: set[tuple[int, int]]
    counters: _YearCounters
    summary: MatchSummary
    links: list[tuple[int, _Slot]] = field(default_factory=list)
    decisions: list[
        tuple[int, _Slot | None, str, float | None, tuple[float, ...], _Slot | None]
    ] = field(default_factory=list)
    # New incidents' ids, taken from the database as their first links are written.
    ids: dict[_Slot, int] = field(default_factory=dict)
    written: int = 0  # links written while deciding went on


def _decide(
    reports: Iterable[tuple[int, Event, Account]],
    run: _Run,
    every: int = 0,
    decided: Callable[[int], None] | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Match each report in turn: link it, open an incident, or link it for review. Touches
    no database (but for a year's first public id, read beforehand by a bulk run). Every
    `every` reports, `decided(number of links)`; it stops at the next of those once `stop`
    is set."""
    summary, index, refused = run.summary, run.index, run.refused
    links, decisions = run.links, run.decisions
    for rid, event, known in reports:
        summary.reports += 1
        near = (
            run.adjacency.get(event.township_id, _NO_NEIGHBOURS)
            if event.township_id
            else _NO_NEIGHBOURS
        )
        best, best_score, best_features, runner_up, best_rank = None, 0.0, (), 0.0, 0
        runner = None  # the slot of `runner_up`
        for ceiling, rank, slot, whole in _most_promising_first(rid, event, near, index, refused):
            if ceiling < best_score - AMBIGUOUS:
                break  # neither the best nor close enough to it to make the best ambiguous
            f = _features(event, slot, near, whole)
            if f is None:
                continue
            s = score_values(f)
            # Of equal scores the older incident wins, as if scored in creation order.
            if s > best_score or (best is not None and s == best_score and rank < best_rank):
                runner_up, runner = best_score, best
                best, best_score, best_features, best_rank = slot, s, f, rank
            elif s > runner_up:
                runner_up, runner = s, slot
        verdict = (
            outcome(best_score, dict(zip(WEIGHTS, best_features, strict=True)))
            if best is not None
            else "new"
        )
        tied = None
        if verdict == "link" and best_score - runner_up < AMBIGUOUS:
            # Two incidents fit almost equally well: a verifier picks, the matcher does not,
            # and the queue names the other.
            verdict, tied = "review", runner
        if verdict == "new":
            slot = _Slot(
                event=_copy(event), public_id=_public_id(event.date, run.counters),
                members=[event], seq=summary.opened, accounts=[known],
            )  # fmt: skip
            index.add(slot)
            links.append((rid, slot))
            decisions.append((rid, best, "new", best_score or None, _kept(best_features), None))
            summary.opened += 1
        else:
            _absorb(best.event, event)
            best.members.append(event)
            if best.pk is None:
                best.accounts.append(known)
            links.append((rid, best))
            decisions.append((rid, best, verdict, best_score, _kept(best_features), tied))
            if verdict == "link":
                summary.linked += 1
            else:
                summary.review += 1
        if every and summary.reports % every == 0:
            if stop is not None and stop.is_set():
                return
            decided(len(links))


def _decide_while_linking(
    reports: Iterable[tuple[int, Event, Account]], run: _Run, count: int
) -> None:
    """`_decide` in a thread, while this one writes the links decided so far, LINKS_AHEAD at a
    time, in the run's transaction. PostgreSQL updates a million reports' links for about as
    long as matching takes for half of them, on a core that matching leaves idle; written
    after matching, the update waited for it and matching for nothing. Only the last part's
    links wait for the end. The decisions are the same as `_decide` alone makes: a link once
    decided never changes, and the thread reads nothing this one writes (new incidents keep
    no id until matching ends: ties go by creation order, see `_creation_order`). The part
    that ends the `count` reports is left to `_write` too."""
    parts: queue.Queue[int | None] = queue.Queue()
    stop = threading.Event()

    def deciding() -> None:
        try:
            _decide(reports, run, every=LINKS_AHEAD, decided=parts.put, stop=stop)
        finally:
            parts.put(None)

    with ThreadPoolExecutor(max_workers=1) as beside:
        done = beside.submit(deciding)
        try:
            while (end := parts.get()) is not None:
                if end >= count or done.done():
                    # Matching has ended: the links left are written with the new incidents
                    # reconciled beside them (_write), not before.
                    break
                _reserve_new(run, range(run.written, end))
                _write_links(run, range(run.written, end))
                run.written = end
        except BaseException:
            stop.set()
            raise
        done.result()


def _reserve_new(run: _Run, part: range) -> None:
    """Ids for the new incidents that links of `part` name first, in that order (the order
    the whole run would take them in)."""
    new = [
        slot
        for slot in dict.fromkeys(run.links[i][1] for i in part)
        if slot.pk is None and slot not in run.ids
    ]
    for slot, pk in zip(new, reserve_ids(Incident, len(new)), strict=True):
        run.ids[slot] = pk


def _write_links(run: _Run, part: range, meanwhile: Callable[[], None] | None = None) -> None:
    """The reports' incidents for the links of `part`, with their scores (new incidents'
    ids reserved: `_reserve_new`)."""
    links, decisions, ids = run.links, run.decisions, run.ids
    # In the table's order: taken as matched (by date), the updates hit the reports' pages
    # at random. Sorted as positions, not rows: a million rows at once cost 100 MB.
    order = sorted(part, key=lambda i: links[i][0])
    update_rows(
        SourceReport,
        ["incident", "link_score", "linked_by"],
        (
            (
                links[i][1].pk if links[i][1].pk is not None else ids[links[i][1]],
                decisions[i][3],
                _OPENED if decisions[i][2] == "new" else MATCHER,
                links[i][0],
            )
            for i in order
        ),
        meanwhile=meanwhile,
    )


def _write(run: _Run) -> None:
    """What the run decided, in its transaction: the links not written yet, the new
    incidents, the decisions; then the stored incidents the run added to are reconciled."""
    links, decisions, summary = run.links, run.decisions, run.summary
    stored = {slot.pk for _rid, slot in links if slot.pk is not None}
    # New incidents are inserted once, as reconciled: inserting them bare and updating them
    # wrote every index of the table twice. Their ids are taken before their links are
    # written (the keys are checked at the commit), and they are reconciled while the last
    # links are.
    _reserve_new(run, range(run.written, len(links)))
    fresh = list({id(slot): slot for _rid, slot in links if slot.pk is None}.values())
    for slot in fresh:
        slot.pk = run.ids[slot]
    made: list[Incident] = []

    def reconcile_fresh() -> None:
        for slot in fresh:
            incident = _new_incident(slot)
            apply_reports(incident, sorted(slot.accounts, key=_by_id))
            slot.accounts = []
            made.append(incident)

    _write_links(run, range(run.written, len(links)), meanwhile=reconcile_fresh)
    bulk_insert(made)
    if made:
        run.counters.keep()
    summary.touched = {slot.pk for _rid, slot in links}
    if summary.reports > FEW:
        # The reports' incident ids were all empty when last analysed: the planner would read
        # the whole table for every batch of incidents reconciled (quadratic).
        analyze(SourceReport)
    now = timezone.now()
    # In the reports' order too: on PostgreSQL each decision's foreign key is checked at the
    # commit by locking its report's row, and in match order those locks dirtied the
    # reports' pages at random (a million decisions: 84 s of checks against 34 s sorted).
    order = sorted(range(len(links)), key=lambda i: links[i][0])
    insert_rows(MatchDecision, _DECISION_FIELDS, (_decision(*decisions[i], now) for i in order))
    del order
    reconcile_incidents(stored)


def _in_match_order(reports, places: Places) -> Iterator[tuple[int, Event, Account]]:
    """Each report as (id, event, account), those dated to the day (or week) first, then by
    date and id: a report known only by its month joins an incident its dated accounts built.

    Read in the table's order and sorted here: read in date order, each row sat on another
    page of the table, and at a million reports every report took a third longer than at
    200,000 (benchmarks/README.md, night round). Every report stays in memory for the run
    anyway, as a member of its incident, and its words are read now so that the text itself
    is not kept. A large run builds its reports in two processes (thitsa.forked): building
    them is a third of a bulk match, all of it Python. Each takes the next batch until none
    is left: halves took the forked process, which also pickles what it builds, 52 s where
    this one took 36 (1,000,000 reports), and this one waited for it."""
    ids = sorted(reports.order_by().values_list("id", flat=True))
    if len(ids) >= APART and can_fork():
        taken = multiprocessing.get_context("fork").Value("q", 0)
        with forked(lambda: _built(reports, ids, places, taken)) as theirs:
            found = list(_built(reports, ids, places, taken))
            found.extend(theirs)
    else:
        found = list(_built(reports, ids, places))
    found.sort(key=_date_order)
    for _coarse, _date, rid, event, known in found:
        yield rid, event, known


def _built(reports, ids: list[int], places: Places, taken=None) -> Iterator[tuple]:
    """(coarse, date, id, event, account) for the reports of `ids` (sorted), as built: a
    forked process sends them on as they come rather than holding its share. With `taken`
    (a shared counter), only the batches no other process has taken."""
    batches = range(0, len(ids), IN_BATCH)
    for start in batches if taken is None else _untaken(batches, taken):
        # A range of ids with the run's own filter, not the ids themselves: PostgreSQL took
        # 60% longer over 10,000 parameters a query.
        first, last = ids[start], ids[min(start + IN_BATCH, len(ids)) - 1]
        part = reports.filter(id__gte=first, id__lte=last).order_by("id")
        for r in part.values(*_REPORT_FIELDS):
            known = account(r, places, _shared)
            event = report_event(r, places, known)
            read_words(event)
            coarse = r["event_date_precision"] in ("month", "year")
            yield coarse, r["event_date"], r["id"], event, known


def _untaken(batches: range, taken) -> Iterator[int]:
    """The items of `batches` that this process takes first, counted in `taken`, which the
    processes sharing the work share."""
    while True:
        with taken.get_lock():
            i = taken.value
            taken.value = i + 1
        if i >= len(batches):
            return
        yield batches[i]


def _date_order(item: tuple) -> tuple:
    return item[:3]


def _by_id(a: Account) -> int:
    return a.id


# Above any score a candidate can reach from its features against the incident as a whole
# (`whole`), whatever its reports' features: they are the mean of the two, each at most 1, and
# the score is rounded to 4 places.
_REPORTS_AT_MOST = sum(WEIGHTS.values())
_ROUNDING = 1e-3


def _most_promising_first(rid, event, near, index, refused) -> list[tuple]:
    """(ceiling, rank, slot, whole) of each candidate incident that is not ruled out as a
    whole, highest ceiling first (`rank` is the creation order). Scoring an incident against
    each of its reports is most of a match's scoring: taken in this order, the candidates
    whose ceiling is below the best score found so far need not be."""
    found = []
    for rank, slot in enumerate(index.candidates(event, near)):
        if slot.pk is not None and (rid, slot.pk) in refused:
            continue
        whole = feature_values(event, slot.event, near)
        if whole is not None:
            ceiling = (score_values(whole) + _REPORTS_AT_MOST) / 2 + _ROUNDING
            found.append((ceiling, rank, slot, whole))
    found.sort(key=_highest_ceiling_first)
    return found


def _highest_ceiling_first(item: tuple) -> tuple:
    return -item[0], item[1]


def _features(
    event: Event, slot: _Slot, near: frozenset[str], whole: tuple[float, ...]
) -> tuple[float, ...] | None:
    """Features (in WEIGHTS order) against the incident as a whole (`whole`, from
    feature_values) averaged with their mean over its reports; None when any of its placed
    reports cannot be the same event."""
    sums, count = None, 0
    for member in slot.members:
        # A report with no place (linked by a verifier) can say nothing about where.
        if member.township_id is None and member.state_id is None and member.lat is None:
            continue
        f = feature_values(event, member, near)
        if f is None:
            return None
        sums = f if sums is None else tuple(map(add, sums, f))
        count += 1
    if not count:
        return whole
    return tuple((w + total / count) / 2 for w, total in zip(whole, sums, strict=True))


def _copy(event: Event) -> Event:
    """An incident's own copy of its first report, to grow as reports join."""
    return replace(
        event,
        means=set(event.means),
        targets=set(event.targets),
        weapons=set(event.weapons),
        datasets=set(event.datasets),
        dataset_rows=set(event.dataset_rows),
        sources=set(event.sources),
    )


_DECISION_FIELDS = [
    "report", "incident", "outcome", "judgement", "score", "features", "decided_by", "by_human",
    "pending", "note", "decided_at", "runner_up",
]  # fmt: skip


def _kept(f: tuple[float, ...]) -> tuple[float, ...]:
    """A decision's features as a run keeps them until it writes them: rounded as they are
    stored, each value kept once (a dict for each of a million reports cost about 450 MB)."""
    return tuple(_shared(round(value, 3)) for value in f)


def _decision(report_id, candidate, decided, s, kept, tied, now) -> tuple:
    judgement = {"link": "positive", "review": "unsure"}.get(decided, "negative")
    if decided == "new" and candidate is None:
        judgement = "no_judgement"
    return (
        report_id,
        candidate.pk if candidate is not None else None,
        decided,
        judgement,
        s,
        dict(zip(WEIGHTS, kept, strict=False)),
        MATCHER,
        False,
        decided == "review",
        "",
        now,
        tied.pk if tied is not None else None,
    )


_PRECISE = {"day": 0, "week": 1, "month": 2, "year": 3}


def _absorb(incident: Event, report: Event) -> None:
    """What a linked report teaches the incident for the reports still to come."""
    if _PRECISE.get(report.precision, 9) < _PRECISE.get(incident.precision, 9):
        incident.date, incident.precision = report.date, report.precision
    incident.means |= report.means
    incident.targets |= report.targets
    incident.weapons |= report.weapons
    incident.datasets |= report.datasets
    incident.dataset_rows |= report.dataset_rows
    incident.sources |= report.sources
    if report.killed is not None:
        incident.killed = max(report.killed, incident.killed or 0)
    fine = ("village", "ward")
    if incident.place_level not in fine and report.place_level in fine:
        incident.place_id, incident.place_level = report.place_id, report.place_level
        incident.place_parent = report.place_parent
    if incident.lat is None and report.lat is not None:
        incident.lat, incident.lon = report.lat, report.lon
    incident.event_type = incident.event_type or report.event_type
    incident.perpetrator = incident.perpetrator or report.perpetrator
    if not read_words(incident) and read_words(report):
        incident.words, incident.word_count = report.words, report.word_count
        incident.burmese = report.burmese


def _refused_pairs(reports) -> set[tuple[int, int]]:
    """(report, incident) pairs a verifier said are not the same event."""
    return set(
        MatchDecision.objects.filter(
            report__in=reports.values("id"), by_human=True, judgement="negative"
        ).values_list("report_id", "incident_id")
    )


def _stored_slots(reports, places) -> list[_Slot]:
    """Incidents that could be candidates for these reports: in their dates and areas."""
    # One query tells a handful of reports (a form, the API) from a bulk run, and gives the
    # handful's dates and places without asking again.
    few = list(
        reports.order_by().values_list(
            "event_date", "event_date_precision", "place_id", "latitude", "longitude"
        )[: FEW + 1]
    )
    if len(few) > FEW:
        bounds = reports.aggregate(first=Min("event_date"), last=Max("event_date"))
        dates = (bounds["first"], bounds["last"])
        precisions = set(
            reports.order_by().values_list("event_date_precision", flat=True).distinct()
        )
    else:
        dates = (min(r[0] for r in few), max(r[0] for r in few))
        precisions = {r[1] for r in few}
    window = timedelta(days=max((WINDOW_DAYS.get(p or "day", 2) for p in precisions), default=2))
    first, last = dates[0] - window, dates[1] + window
    if len(few) > FEW:
        # An incident is a candidate when a day it is filed under (see _Index.add: its date
        # and, for a week, month or year, the days after) lies in a report's window: a week's
        # date is its first day, a month's or year's the first day of the month or year.
        near = Q(date__range=(first - timedelta(days=SPAN_DAYS["week"]), last))
        coarse = [
            Q(date_precision=p, date__range=(first - timedelta(days=SPAN_DAYS[p]), last))
            for p in ("month", "year")
        ]
        live = Incident.objects.filter(merged_into__isnull=True)
        values = live.filter(near | coarse[0] | coarse[1]).values(*_INCIDENT_FIELDS)
        rows = list(values.iterator(chunk_size=CHUNK))
    else:
        # In batches: a handful spread over many areas can have more candidates than SQLite
        # takes parameters in one query (32,766).
        ids = sorted(_nearby_ids(few, places, first, last))
        rows = [
            row
            for start in range(0, len(ids), IN_BATCH)
            for row in Incident.objects.filter(id__in=ids[start : start + IN_BATCH]).values(
                *_INCIDENT_FIELDS
            )
        ]
    # The incidents' reports, to score new reports against one by one; the body only as far
    # as report_event reads it.
    members, sources = defaultdict(list), defaultdict(set)
    datasets, dataset_rows = defaultdict(set), defaultdict(set)
    ids = [row["id"] for row in rows]
    fields = [f for f in _REPORT_FIELDS if f != "text"]
    for start in range(0, len(ids), IN_BATCH):
        for r in (
            SourceReport.objects.filter(incident_id__in=ids[start : start + IN_BATCH])
            .order_by("id")
            .values(*fields, "incident_id", text_head=Substr("text", 1, 500))
        ):
            inc = r["incident_id"]
            sources[inc].add(r["source_id"])
            if row_of := dataset_row(r):
                datasets[inc].add(row_of[0])
                dataset_rows[inc].add(row_of[1])
            if r["event_date"] is not None:
                r["text"] = r.pop("text_head") or ""
                members[inc].append(report_event(r, places))
    slots = []
    for row in rows:
        level, _township, _state, parent, _path = places.get(row["place_id"], NOWHERE)
        slots.append(
            _Slot(
                pk=row["id"],
                members=members[row["id"]],
                event=Event(
                    date=row["date"],
                    precision=row["date_precision"],
                    place_id=row["place_id"],
                    place_level=level,
                    place_parent=parent,
                    township_id=row["township_id"],
                    state_id=row["state_id"],
                    lat=row["latitude"],
                    lon=row["longitude"],
                    event_type=row["event_type"],
                    means=set(means_families([row["attack_means"]] if row["attack_means"] else [])),
                    targets={t for t in row["targets"].split(";") if t},
                    weapons={w for w in row["weapons"].split(";") if w},
                    killed=row["killed_min"],
                    perpetrator=row["perpetrator"],
                    text=f"{row['summary_en']} {row['summary_my']}",
                    datasets=datasets[row["id"]],
                    dataset_rows=dataset_rows[row["id"]],
                    sources=sources[row["id"]],
                ),
            )
        )
    return slots


def _nearby_ids(few, places, first: date, last: date) -> set[int]:
    """Ids of the incidents a handful of reports could join: those of their townships and the
    bordering ones, of their states when known only by the state, or near their coordinates
    when they have no township, filed under a day of [first, last] (see _Index.add).

    One raw query: each part uses its (area, date) index, the month- and year-dated parts the
    partial indexes, which SQLite uses only when the query states the index's condition as
    written, never through a bound parameter. Composing and compiling it with the ORM cost more
    than running it."""
    adjacency = neighbours()
    townships, states, boxes = set(), set(), []
    for _date, _precision, pcode, lat, lon in few:
        _level, township, state, _parent, _path = places.get(pcode, NOWHERE)
        if township:
            townships.add(township)
            townships.update(adjacency.get(township, ()))
        if state:
            states.add(state)
        if lat is not None and lon is not None and not township:
            boxes.append((lat - 2 * GRID, lat + 2 * GRID, lon - 2 * GRID, lon + 2 * GRID))
    table = connection.ops.quote_name(Incident._meta.db_table)
    week, month, year = (first - timedelta(days=SPAN_DAYS[p]) for p in ("week", "month", "year"))
    select = f"SELECT id FROM {table} WHERE merged_into_id IS NULL AND "
    # Filed under a day of the window: dated to that day; dated to the month (the first of a
    # month up to 31 days back); dated to the week or year (up to 7 or 366 days back).
    near = "date BETWEEN %s AND %s"
    monthly = "date_precision IN ('month', 'year') AND date BETWEEN %s AND %s"
    rare = (
        "date_precision IN ('week', 'year') AND date BETWEEN %s AND %s "
        "AND (date >= %s OR date_precision = 'year')"
    )
    parts, params = [], []
    areas = [("latitude BETWEEN %s AND %s AND longitude BETWEEN %s AND %s", list(b)) for b in boxes]
    if townships:
        areas.append((f"township_id IN ({', '.join(['%s'] * len(townships))})", sorted(townships)))
    for where, values in areas:
        parts += [f"{select}{where} AND {q}" for q in (near, monthly, rare)]
        params += [*values, first, last, *values, month, last, *values, year, last, week]
    if states:
        # Incidents known only by their state are few: one pass over a year of them on the
        # state-only index. Split as above, PostgreSQL ANDed two big bitmaps instead.
        parts.append(
            f"{select}state_id IN ({', '.join(['%s'] * len(states))}) AND township_id IS NULL "
            "AND date BETWEEN %s AND %s AND (date >= %s OR date_precision = 'year' "
            "OR (date_precision = 'week' AND date >= %s) "
            "OR (date_precision = 'month' AND date >= %s))"
        )
        params += [*sorted(states), year, last, first, week, month]
    if not parts:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return {row[0] for row in cursor.fetchall()}


class _YearCounters(dict):
    """The last public id number used in each year, read from the database on first need: the
    greatest stored, or the last given (`PublicIdCounter`) where that incident was deleted."""

    def __missing__(self, year: int) -> int:
        # The greatest id below the next year's prefix, by a backward walk of the unique index
        # that stops at one row. A prefix LIKE cannot use that index under PostgreSQL's usual
        # collations and read the whole table (0.25 s at 1,000,000 incidents). Every
        # collation puts "MMR-2021-000123" below "MMR-2022", whether or not it weighs the
        # hyphens; the prefix check drops an earlier year's id when this year has none.
        prefix = f"{settings.THITSA_COUNTRY}-{year}-"
        below = (
            Incident.objects.filter(public_id__lt=f"{settings.THITSA_COUNTRY}-{year + 1}")
            .order_by("-public_id")
            .values_list("public_id", flat=True)
            .first()
        )
        stored = int(below[len(prefix) :]) if below and below.startswith(prefix) else 0
        given = PublicIdCounter.objects.filter(year=year).values_list("last", flat=True).first()
        self[year] = max(stored, given or 0)
        return self[year]

    def keep(self) -> None:
        """The numbers given, stored beside the incidents (in the caller's transaction)."""
        for year, last in self.items():
            counter, made = PublicIdCounter.objects.get_or_create(
                year=year, defaults={"last": last}
            )
            if not made and counter.last < last:
                PublicIdCounter.objects.filter(year=year).update(last=last)


def _public_id(day: date, counters: _YearCounters) -> str:
    counters[day.year] += 1
    return f"{settings.THITSA_COUNTRY}-{day.year}-{counters[day.year]:06d}"


def _new_incident(slot: _Slot) -> Incident:
    """A new incident as the report that opened it tells it; reconciliation sets the rest."""
    first = slot.members[0]
    return Incident(
        pk=slot.pk,
        public_id=slot.public_id,
        date=first.date,
        date_precision=first.precision,
        place_id=first.place_id,
        township_id=first.township_id,
        state_id=first.state_id,
        event_type=first.event_type,
    )


def next_public_id(day: date) -> str:
    """A fresh public id in the day's year (for incidents a verifier splits off)."""
    counters = _YearCounters()
    public_id = _public_id(day, counters)
    counters.keep()
    return public_id
