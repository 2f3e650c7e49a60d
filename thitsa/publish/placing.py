"""A verifier's answer to a place text the resolver could not settle: every report written that
way takes the place, and their incidents follow.

Reports repeat their place texts ("Kinma, Kaing Lal and Kin Sote villages, Pakokku district"
comes from several outlets), so the review page lists texts, not reports, and one choice places
them all (`set_place`). What the choice does to incidents, safest first:

- every incident of those reports is reconciled: its place and figures follow its reports;
- a report that opened its incident alone, by the matcher, in an incident no person has touched
  (restricted, never published, graded or edited, no verifier's decision about it or its
  report) is matched again with its new place (`_match_again`): it may join the incident its
  other sources built. If it does, its old incident points there (as a merged one does); if
  no incident fits, it stays where it was;
- a report the matcher linked into an incident with other reports, and whose new place lies
  outside that incident's township (or state), waits in the review queue: a verifier says
  whether it is the same event (`_queue`). Nothing moves by itself;
- a verifier's decision is never undone, and a published incident never loses its report here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, F, Max, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from thitsa.bulk import bulk_set
from thitsa.evidence.models import Evidence
from thitsa.incidents.matching import MACHINE, match_reports
from thitsa.incidents.models import Incident, MatchDecision
from thitsa.incidents.reconcile import IN_BATCH, reconcile_incidents
from thitsa.places.models import Place
from thitsa.places.resolver import apart
from thitsa.reports.loading import PLACE_ACCEPT, PLACE_CHECKED
from thitsa.reports.models import SourceReport

# The levels a report is "placed only in the area" at: in no figure by township.
AREA_LEVELS = ("district", "state")
# A place a verifier chose scores 100; `extra[PLACE_CHECKED]` records who chose it and what
# the report had before, so that an area a verifier confirmed (the text names only "Sagaing
# Region") is settled and leaves the list, which the area's own score of 100 cannot tell.
VERIFIED = 100.0
# Which reports to check the list shows. The default two are found through the index on the
# report's place (the time grows with the reports to check, not with the table). "Placed with
# a score below PLACE_ACCEPT" has no index to use: imports never store such a place (below it
# they store the area the text names, or none: reports/loading.py `_placed`), only a hand edit
# in the admin can, so it is a choice of its own rather than a table scan on every visit.
SHOWS = ("", "none", "area", "low", "placed")


def waiting(show: str = "") -> QuerySet[SourceReport]:
    """The reports whose place a verifier should check (those with a place text): with no
    place, or placed only in a district or state; `show` narrows ("none", "area") or asks for
    those placed with a low score instead ("low")."""
    none = Q(place__isnull=True)
    area = Q(place__in=Place.objects.filter(level__in=AREA_LEVELS).values("pcode")) & ~Q(
        extra__has_key=PLACE_CHECKED
    )
    low = Q(place__isnull=False, place_score__lt=PLACE_ACCEPT)
    # Any placed report: a verifier corrects a place the import took wrongly ("Let Yet Kone
    # village" placed at Tha Yet Kone, a near spelling of another village), found by its text.
    placed = Q(place__isnull=False)
    where = {"": none | area, "none": none, "area": area, "low": low, "placed": placed}[show]
    return SourceReport.objects.exclude(place_text="").filter(where)


def seen_as(count: int, newest: int, first: str | None, last: str | None) -> str:
    """What a verifier saw of a text's reports, to tell a stale form: how many, the newest, and
    the lowest and highest P-code they were placed at."""
    return f"{count}:{newest}:{first or ''}:{last or ''}"


class Stale(Exception):
    """The reports of the text changed since the form was drawn (`gone`: none is left to
    check, someone placed them)."""

    def __init__(self, gone: bool) -> None:
        super().__init__("gone" if gone else "changed")
        self.gone = gone


@dataclass
class Placed:
    """What `set_place` did, for the verifier's message."""

    reports: int = 0
    incidents: int = 0  # reconciled
    # Report ids matched again, and the incident each is in now: another one (`moved`), or
    # its own when none other fits (`stayed`).
    moved: dict[int, Incident] = field(default_factory=dict)
    stayed: dict[int, Incident] = field(default_factory=dict)
    queued: list[MatchDecision] = field(default_factory=list)


def set_place(text: str, place: Place, user, *, show: str = "", seen: str) -> Placed:
    """Place every report written `text` that waits for a check (as `waiting(show)` finds
    them) at `place`, score 100, keeping its candidates and, in `extra`, what it had before.
    Logged in the admin's log, one entry per report and per incident. Raises Stale when those
    reports are not the ones the verifier saw (`seen`, from `seen_as`)."""
    by = user.get_username()
    with transaction.atomic():
        rows = list(
            waiting(show)
            .filter(place_text=text)
            .select_for_update(of=("self",))
            .order_by("id")
            .values(
                "id", "place_id", "place_score", "extra", "incident_id", "event_date",
                "linked_by", "title", "source__name", head=Substr("text", 1, 60),
            )
        )  # fmt: skip
        if not rows:
            raise Stale(gone=True)
        placed = [r["place_id"] for r in rows if r["place_id"]]
        first, last = min(placed, default=None), max(placed, default=None)
        if seen_as(len(rows), rows[-1]["id"], first, last) != seen:
            raise Stale(gone=False)
        # Decided before anything is written: this act's own log entries are not a person's
        # earlier attention to an incident.
        lone, doubtful = _followers(rows, place)
        _write(rows, place, user, text)
        done = Placed(reports=len(rows))
        touched = {r["incident_id"] for r in rows if r["incident_id"]}
        if lone:
            touched |= _match_again(lone, done)
        done.queued = _queue(doubtful, place, by)
        done.incidents = reconcile_incidents(touched)
        _log_incidents(rows, place, user, text, done)
    return done


def _write(rows: list[dict], place: Place, user, text: str) -> None:
    at = timezone.now().isoformat()
    by = user.get_username()
    reports = []
    for r in rows:
        was = {"place": r["place_id"], "score": r["place_score"]}
        extra = dict(r["extra"] or {})
        checked = {"pcode": place.pcode, "by": by, "at": at, "was": was}
        extra[PLACE_CHECKED] = [*extra.get(PLACE_CHECKED, []), checked]
        reports.append(
            SourceReport(id=r["id"], place_id=place.pcode, place_score=VERIFIED, extra=extra)
        )
    bulk_set(reports, ["place", "place_score", "extra"])
    kind = ContentType.objects.get_for_model(SourceReport)
    LogEntry.objects.bulk_create(
        (
            LogEntry(
                user_id=user.pk, content_type_id=kind.pk, object_id=str(r["id"]),
                object_repr=f"{r['source__name']}: {r['title'] or r['head']}"[:200],
                action_flag=CHANGE,
                change_message=(
                    f"place set to {_named(place)} (was {r['place_id'] or 'none'}) for its "
                    f"place text “{_short(text)}”, by the places to check"
                ),
            )
            for r in rows
        ),
        batch_size=500,
    )  # fmt: skip


def _followers(rows: list[dict], place: Place) -> tuple[dict[int, int], list[dict]]:
    """The reports to match again ({report: its incident}) and those to queue for review."""
    linked = [r for r in rows if r["incident_id"]]
    if not linked:
        return {}, []
    ids = [r["id"] for r in linked]
    incidents = {
        i.pk: i for i in _in(Incident.objects.all(), "pk", {r["incident_id"] for r in linked})
    }
    sizes = dict(
        row
        for part in _parts(incidents)
        for row in SourceReport.objects.filter(incident_id__in=part)
        .order_by()
        .values_list("incident")
        .annotate(n=Count("id"))
    )
    decisions = MatchDecision.objects.filter(Q(by_human=True) | Q(pending=True))
    judged = {
        report_id
        for part in _parts(ids)
        for report_id in decisions.filter(report_id__in=part).values_list("report_id", flat=True)
    }
    attended = _attended(incidents)
    lone, doubtful = {}, []
    for r in linked:
        incident = incidents[r["incident_id"]]
        by_machine = r["linked_by"].startswith(MACHINE) and r["id"] not in judged
        # A report given the place it had (an area confirmed) tells the matcher nothing new.
        if not by_machine or incident.merged_into_id or r["place_id"] == place.pcode:
            continue
        if sizes.get(incident.pk) == 1:
            if (
                r["event_date"] is not None  # the matcher leaves an undated report unlinked
                and incident.visibility == "restricted"
                and not incident.grade_override
                and incident.pk not in attended
            ):
                lone[r["id"]] = incident.pk
        elif _outside(place, incident):
            doubtful.append({**r, "incident": incident})
    return lone, doubtful


def _attended(incidents: dict[int, Incident]) -> set[int]:
    """Incidents a person has acted on: any entry in the admin's log (published, withdrawn,
    graded, edited), a verifier's decision naming it, another incident merged into it,
    evidence linked to it."""
    ids = list(incidents)
    kind = ContentType.objects.get_for_model(Incident)
    found = set()
    for part in _parts(ids):
        found.update(
            int(pk)
            for pk in LogEntry.objects.filter(
                content_type=kind, object_id__in=[str(pk) for pk in part]
            ).values_list("object_id", flat=True)
        )
        found.update(
            MatchDecision.objects.filter(incident_id__in=part, by_human=True).values_list(
                "incident_id", flat=True
            )
        )
        found.update(
            Incident.objects.filter(merged_into__in=part).values_list("merged_into_id", flat=True)
        )
        # A documenter's photo or video linked to it: emptied, it would keep the evidence
        # away from the incident its report joins.
        found.update(
            Evidence.incidents.through.objects.filter(incident_id__in=part).values_list(
                "incident_id", flat=True
            )
        )
    return found


def _outside(place: Place, incident: Incident) -> bool:
    """Whether the place lies outside the incident's township (its state, when it has no
    township): neither holds the other. A district holding the township is not outside."""
    area = incident.township_id or incident.state_id
    return area is not None and apart(place.pcode, area)


def _match_again(lone: dict[int, int], done: Placed) -> set[int]:
    """Match the lone reports again with their new place; returns the incidents touched.

    Their old incidents are left empty while the matcher runs; each points at itself for that
    time (the matcher passes over merged incidents), so the ghost of the report's old guess,
    still dated and placed as it was, draws no report. Afterwards each points where its report
    went, as a merged incident does, when the matcher linked it there outright. Otherwise the
    old incident takes its report back, as it was: when the matcher opened a new incident for
    it (dissolved into the old one, which keeps its public id; for several reports that opened
    one together, the oldest), and when it only linked it for review (two incidents fit about
    as well: an old id pointing at an incident a verifier may then take the report out of
    would point at the wrong event; the matcher's guess stays in the record, not in the
    queue)."""
    ids, olds = sorted(lone), set(lone.values())
    now = timezone.now()
    newest = Incident.objects.aggregate(last=Max("pk"))["last"] or 0
    was = {
        rid: (score, by)
        for part in _parts(ids)
        for rid, score, by in SourceReport.objects.filter(pk__in=part).values_list(
            "id", "link_score", "linked_by"
        )
    }
    for part in _parts(ids):
        SourceReport.objects.filter(pk__in=part).update(
            incident=None, link_score=None, linked_by="", updated_at=now
        )
    for part in _parts(sorted(olds)):
        Incident.objects.filter(pk__in=part).update(merged_into=F("pk"))
    match_reports(ids)
    landed = dict(
        row
        for part in _parts(ids)
        for row in SourceReport.objects.filter(pk__in=part).values_list("id", "incident_id")
    )
    unsure = set()
    for part in _parts(ids):
        waits = MatchDecision.objects.filter(report_id__in=part, pending=True)
        unsure.update(waits.values_list("report_id", flat=True))
        waits.update(pending=False)
    opened: dict[int, list[int]] = defaultdict(list)
    pointer: dict[int, int] = {}
    back, gone = set(), set()
    for rid in ids:
        old, new = lone[rid], landed[rid]
        if new is None or rid in unsure:
            score, by = was[rid]
            SourceReport.objects.filter(pk=rid).update(
                incident=old, link_score=score, linked_by=by, updated_at=now
            )
            back.add(old)
        elif new > newest:
            opened[new].append(rid)
        else:
            pointer[old] = new
    for new, rids in opened.items():
        # Only an incident this run opened for these reports alone is dissolved.
        if SourceReport.objects.filter(incident_id=new).exclude(pk__in=rids).exists():
            pointer.update({lone[rid]: new for rid in rids})
            continue
        keep = min(lone[rid] for rid in rids)
        SourceReport.objects.filter(incident_id=new).update(incident=keep, updated_at=now)
        MatchDecision.objects.filter(incident_id=new).update(incident=keep)
        Incident.objects.filter(pk=new).delete()
        gone.add(new)
        back.add(keep)
        pointer.update({lone[rid]: keep for rid in rids if lone[rid] != keep})
    for part in _parts(back):
        Incident.objects.filter(pk__in=part).update(merged_into=None)
    pointing: dict[int, list[int]] = defaultdict(list)
    for old, new in pointer.items():
        pointing[new].append(old)
    for new, emptied in pointing.items():
        for part in _parts(emptied):
            Incident.objects.filter(pk__in=part).update(merged_into=new)
    final = dict(
        row
        for part in _parts(ids)
        for row in SourceReport.objects.filter(pk__in=part).values_list("id", "incident_id")
    )
    found = {i.pk: i for i in _in(Incident.objects.all(), "pk", set(final.values()))}
    for rid in ids:
        (done.stayed if final[rid] == lone[rid] else done.moved)[rid] = found[final[rid]]
    # The incidents a report left for review lose it again: they are reconciled too.
    return (olds | set(final.values()) | {i for i in landed.values() if i}) - gone


def _queue(doubtful: list[dict], place: Place, by: str) -> list[MatchDecision]:
    """A review for each machine link the new place puts in doubt: the report stays in its
    incident until a verifier says "Not the same" (which matches it again)."""
    return MatchDecision.objects.bulk_create(
        MatchDecision(
            report_id=r["id"], incident=r["incident"], outcome="review", judgement="unsure",
            decided_by=by, pending=True,
            note=(
                f"placed in {_named(place)} by the places to check, outside the incident's "
                f"{'township' if r['incident'].township_id else 'state'}: the same event?"
            ),
        )
        for r in doubtful
    )  # fmt: skip


def _log_incidents(rows: list[dict], place: Place, user, text: str, done: Placed) -> None:
    """One entry per incident in the admin's log, which its review page lists as history."""
    counts: dict[int, int] = defaultdict(int)
    for r in rows:
        if r["incident_id"]:
            counts[r["incident_id"]] += 1
    notes: dict[int, list[str]] = defaultdict(list)
    for pk, n in counts.items():
        notes[pk].append(
            f"place of {n} report{'s' if n != 1 else ''} written “{_short(text)}” set to "
            f"{_named(place)} by the places to check"
        )
    was = {r["id"]: r["incident_id"] for r in rows}
    for rid, incident in done.moved.items():
        notes[was[rid]].append(
            f"its report was matched again and joined {incident.public_id}: this id now "
            "points there"
        )
        notes[incident.pk].append(f"report {rid} joined, matched again with its new place")
    for rid, incident in done.stayed.items():
        notes[incident.pk].append(f"report {rid} matched again: no other incident fits")
    incidents = _in(Incident.objects.all(), "pk", set(notes))
    kind = ContentType.objects.get_for_model(Incident)
    LogEntry.objects.bulk_create(
        (
            LogEntry(
                user_id=user.pk, content_type_id=kind.pk, object_id=str(i.pk),
                object_repr=str(i), action_flag=CHANGE, change_message="; ".join(notes[i.pk]),
            )
            for i in incidents
        ),
        batch_size=500,
    )  # fmt: skip


def _named(place: Place) -> str:
    return f"{place.name_en} ({place.pcode})"


def _short(text: str) -> str:
    return text if len(text) <= 80 else f"{text[:79]}…"


def _parts(ids: Iterable[int]) -> Iterator[list[int]]:
    """Ids in batches a query's IN (...) takes (SQLite allows 32,766 parameters)."""
    ids = sorted(ids)
    for start in range(0, len(ids), IN_BATCH):
        yield ids[start : start + IN_BATCH]


def _in(qs: QuerySet, name: str, ids: Iterable[int]) -> list:
    return [obj for part in _parts(ids) for obj in qs.filter(**{f"{name}__in": part})]
