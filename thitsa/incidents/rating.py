"""A source's reliability or kind changed, by someone: its incidents reconciled again, and the
change written to the verifiers' log, on the source and on each incident whose grade or counts
it changed. A rating turned a published incident from contested to fair, and no log said who,
when, or what it was before."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction

from thitsa.incidents.models import Incident
from thitsa.incidents.reconcile import reconcile_incidents
from thitsa.reports.models import Source

# What a reader of an incident's history wants to see change.
_SHOWN = ("grade", "killed_min", "killed_max", "injured_min", "injured_max")


@dataclass
class Rated:
    changed: list[str] = field(default_factory=list)  # "reliability B -> E"
    reconciled: int = 0
    incidents_changed: list[str] = field(default_factory=list)  # public ids


def rate_source(source: Source, user, reliability: str = "", kind: str = "") -> Rated:
    """Set what is given and differs; reconcile the incidents of the source's reports; log."""
    rated = Rated()
    with transaction.atomic():
        for name, value in (("reliability", reliability), ("kind", kind)):
            if value and value != getattr(source, name):
                rated.changed.append(f"{name} {getattr(source, name)} -> {value}")
                setattr(source, name, value)
        if not rated.changed:
            return rated
        source.save()
        said = "; ".join(f"{source.name}: {change}" for change in rated.changed)
        LogEntry.objects.log_actions(user.pk, [source], CHANGE, said, single_object=True)
        ids = set(source.reports.exclude(incident=None).values_list("incident_id", flat=True))
        before = {
            row[0]: row[1:]
            for row in Incident.objects.filter(id__in=ids).values_list("id", *_SHOWN)
        }
        rated.reconciled = reconcile_incidents(ids)
        after = Incident.objects.filter(id__in=ids).values_list("id", "public_id", *_SHOWN)
        for pk, public_id, *now in after:
            was = before.get(pk)
            if was is None or tuple(now) == tuple(was):
                continue
            # "; " between parts: the log shows each in the page's language (history_note).
            moved = "; ".join(
                f"{name} {old} -> {new}"
                for name, old, new in zip(_SHOWN, was, now, strict=True)
                if old != new
            )
            LogEntry.objects.log_actions(
                user.pk, [Incident(pk=pk, public_id=public_id)], CHANGE,
                f"{said}; {moved}", single_object=True,
            )  # fmt: skip
            rated.incidents_changed.append(public_id)
    return rated
