from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from thitsa.incidents.taxonomy import GRADES
from thitsa.reports.models import DATE_PRECISIONS

GEO_PRECISIONS = [("exact", _("exact")), ("township", _("township")), ("state", _("state"))]
VISIBILITY = [("public", _("public")), ("restricted", _("restricted"))]
OUTCOMES = [("link", _("link")), ("review", _("review")), ("new", _("new incident"))]
# As nomenklatura's judgements: what someone (or the matcher) decided about a report and an
# incident.
JUDGEMENTS = [
    ("positive", _("the same event")),
    ("negative", _("not the same event")),
    ("unsure", _("unsure")),
    ("no_judgement", _("no judgement")),
]


class Incident(models.Model):
    """One event, built from the reports that describe it."""

    public_id = models.CharField(
        _("public id"), max_length=20, unique=True, help_text=_("e.g. MMR-2025-000123")
    )
    date = models.DateField(_("date"), db_index=True)
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DATE_PRECISIONS, default="day"
    )
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    # Copied from the place so counts by township/state need no join over a million rows.
    # Indexed with the date (Meta.indexes), which serves lookups by the place alone too.
    township = models.ForeignKey(
        "places.Place", verbose_name=_("township"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", db_index=False,
    )  # fmt: skip
    state = models.ForeignKey(
        "places.Place", verbose_name=_("state/region"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", db_index=False,
    )  # fmt: skip
    place_path = models.CharField(_("P-code path"), max_length=120, blank=True, db_index=True)
    geo_precision = models.CharField(
        _("located to"), max_length=10, choices=GEO_PRECISIONS, default="township"
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    event_type = models.CharField(_("event type"), max_length=60, blank=True, db_index=True)
    sub_event_type = models.CharField(_("sub-event type"), max_length=60, blank=True)
    attack_means = models.CharField(_("attack means"), max_length=40, blank=True)
    # ";school;market;": one column, and a filter on one code is a LIKE '%;school;%' (a scan,
    # about a second at a million incidents; a join table would index it when that matters).
    targets = models.CharField(_("targets"), max_length=300, blank=True, default="")
    weapons = models.CharField(_("weapons"), max_length=300, blank=True, default="")
    perpetrator = models.CharField(_("perpetrator"), max_length=200, blank=True, db_index=True)

    killed_min = models.PositiveIntegerField(_("killed (at least)"), default=0)
    killed_max = models.PositiveIntegerField(_("killed (at most)"), default=0)
    injured_min = models.PositiveIntegerField(_("injured (at least)"), default=0)
    injured_max = models.PositiveIntegerField(_("injured (at most)"), default=0)
    killed_children_min = models.PositiveIntegerField(_("children killed (at least)"), default=0)
    killed_children_max = models.PositiveIntegerField(_("children killed (at most)"), default=0)
    injured_children_min = models.PositiveIntegerField(_("children injured (at least)"), default=0)
    injured_children_max = models.PositiveIntegerField(_("children injured (at most)"), default=0)

    grade = models.CharField(_("grade"), max_length=12, choices=GRADES, default="weak")
    grade_override = models.CharField(
        _("grade set by a verifier"),
        max_length=12,
        choices=GRADES,
        blank=True,
        help_text=_("When set, reconciliation keeps this grade (e.g. discounted)."),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
        # Not a full index: nearly every row is NULL, and SQLite's planner picked it for
        # "merged_into IS NULL" over the selective ones (township, date, place path). A
        # partial one (Meta.indexes), which no "IS NULL" query can use.
        db_index=False,
        help_text=_("A verifier merged this incident into another; its id stays as a pointer."),
    )
    source_count = models.PositiveIntegerField(_("number of sources"), default=0)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_my = models.TextField(_("summary (Burmese)"), blank=True)
    # Restricted until a verifier publishes it (Incident.publish): nothing reaches the public
    # site, API or exports by default.
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=VISIBILITY, default="restricted"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["-date", "public_id"]
        verbose_name = _("incident")
        verbose_name_plural = pgettext_lazy("model", "incidents")
        indexes = [
            models.Index(fields=["township", "date"]),
            models.Index(fields=["state", "date"]),
            # Matching looks for incidents known only by their state, and for those dated only
            # to a month, or to a week or year (filed under days long before their date): small
            # sets inside big ones, so partial indexes.
            models.Index(
                fields=["state", "date"],
                condition=models.Q(township__isnull=True),
                name="incident_state_only",
            ),
            models.Index(
                fields=["township", "date"],
                condition=models.Q(date_precision__in=["month", "year"]),
                name="incident_coarse_date",
            ),
            models.Index(
                fields=["township", "date"],
                condition=models.Q(date_precision__in=["week", "year"]),
                name="incident_rare_date",
            ),
            # The few merged incidents: which were merged into this one (its page), and the
            # foreign-key check when an incident is deleted (without it, PostgreSQL read the
            # whole table for each incident deleted).
            models.Index(
                fields=["merged_into"],
                condition=models.Q(merged_into__isnull=False),
                name="incident_merged",
            ),
        ]

    def __str__(self) -> str:
        return self.public_id

    @property
    def target_list(self) -> list[str]:
        return [t for t in self.targets.split(";") if t]

    @property
    def weapon_list(self) -> list[str]:
        return [w for w in self.weapons.split(";") if w]

    @property
    def township_from_coordinates(self) -> bool:
        """No source named a place, and reconciliation found the township from the incident's
        coordinates (the township polygon they lie in): pages say so beside its name."""
        return self.place_id is None and self.township_id is not None and self.latitude is not None

    def reconcile(self) -> None:
        """Recompute casualty ranges, place, type and grade from the linked reports."""
        from thitsa.incidents.reconcile import reconcile_incidents

        reconcile_incidents([self.pk])
        self.refresh_from_db()

    @transaction.atomic
    def set_grade(self, grade: str, user, shown: str | None = None) -> None:
        """A verifier's grade (blank: back to the computed one), logged in the admin's log.
        `shown` is the grade the verifier's page showed: another verifier's grade set since is
        not overwritten (GradeChanged), unless it is the same grade."""
        from django.contrib.admin.models import CHANGE, LogEntry

        # Read again under the write lock (PostgreSQL's row lock; SQLite's IMMEDIATE
        # transactions queue writers): two verifiers grading from pages drawn at once, and
        # the second one's grade silently replaced the first's ("discounted" undone).
        old = (
            Incident.objects.select_for_update()
            .values_list("grade_override", flat=True)
            .get(pk=self.pk)
        )
        self.grade_override = old
        if grade == old:
            return
        if shown is not None and shown != old:
            raise GradeChanged(f"{self.public_id} was graded {old or 'automatic'} since shown")
        self.grade_override = grade
        self.save(update_fields=["grade_override", "updated_at"])
        self.reconcile()
        text = (
            f"grade set to {grade} (was {old or 'automatic'})"
            if grade
            else f"grade back to automatic (was {old})"
        )
        LogEntry.objects.log_actions(user.pk, [self], CHANGE, text, single_object=True)

    @transaction.atomic
    def publish(self, user, public: bool = True) -> None:
        """A verifier's explicit act: the incident (and what the public may see of its reports)
        goes on the public site, API and exports; `public=False` withdraws it. Logged.
        An incident with no reports (all deleted or merged away) rests on nothing and is not
        published (ValueError); withdrawing one is always allowed."""
        from django.contrib.admin.models import CHANGE, LogEntry

        visibility = "public" if public else "restricted"
        if self.visibility == visibility:
            return
        if public and not self.reports.exists():
            raise ValueError(f"{self.public_id} has no reports: nothing to publish")
        self.visibility = visibility
        self.save(update_fields=["visibility", "updated_at"])
        text = "published" if public else "withdrawn from the public site"
        LogEntry.objects.log_actions(user.pk, [self], CHANGE, text, single_object=True)

    def surviving(self) -> Incident:
        """The incident a merged one now lives on in (merges chain: A into B, B into C)."""
        incident, seen = self, {self.pk}
        while incident.merged_into_id and incident.merged_into_id not in seen:
            seen.add(incident.merged_into_id)
            incident = Incident.objects.get(pk=incident.merged_into_id)
        return incident

    @transaction.atomic
    def merge_into(self, other: Incident, by: str) -> None:
        """A verifier says this incident and `other` are one event: its reports move to
        `other`, and its public id stays as a pointer to `other`."""
        if other.pk == self.pk or other.merged_into_id:
            raise ValueError("merge into another incident that is itself not merged")
        for report in self.reports.all():
            report.link_to(other, None, by)
            MatchDecision.objects.create(
                report=report, incident=other, outcome="link", judgement="positive",
                decided_by=by, by_human=True, note=f"{MERGE_NOTE}{self.public_id}",
            )  # fmt: skip
        MatchDecision.objects.filter(incident=self, pending=True).update(pending=False)
        # A report a verifier said is not this event is not the event it joins either (but
        # for one already there: the merge is the later judgement).
        here = set(other.reports.values_list("pk", flat=True))
        self._carry_refusals(other, here, by, f"merged into {other.public_id}")
        self.merged_into = other
        self.save(update_fields=["merged_into"])
        self.reconcile()
        other.reconcile()

    @transaction.atomic
    def split_off(self, report_ids: list[int], by: str) -> Incident:
        """A verifier says these reports describe another event: they form a new incident,
        and no later run of the matcher puts them back. Like every new incident it is
        restricted until a verifier publishes it: it changes the public figures.

        Where they are exactly the reports merged in from another incident, the split undoes
        that merge instead: that incident is separate again, under its own public id (the
        one journalists cite), and as visible as before if this one is public (`_unmerge`)."""
        from thitsa.incidents.matching import next_public_id

        reports = list(self.reports.filter(pk__in=report_ids))
        if len(reports) < len(set(report_ids)):
            # Another verifier moved some since the page was loaded: splitting the rest alone
            # would part reports the verifier meant to keep together.
            raise ReportsMoved("some of these reports are no longer in this incident")
        if not reports or len(reports) == self.reports.count():
            raise ValueError("split off some of the incident's reports, not none or all")
        new = self._merged_from(reports)
        if new is not None:
            self._unmerge(new)
        else:
            first = min(reports, key=lambda r: (r.event_date or self.date, r.pk))
            day = first.event_date or self.date
            new = Incident.objects.create(public_id=next_public_id(day), date=day)
        for report in reports:
            report.link_to(new, None, by)
            for incident, judgement in ((self, "negative"), (new, "positive")):
                MatchDecision.objects.create(
                    report=report, incident=incident, judgement=judgement,
                    outcome="link" if judgement == "positive" else "new", decided_by=by,
                    by_human=True, note=f"{SPLIT_NOTE}{self.public_id}",
                )  # fmt: skip
        MatchDecision.objects.filter(report_id__in=[r.pk for r in reports], pending=True).update(
            pending=False
        )
        # Which part a report judged "not the same" was judged against, no one said: it is
        # kept out of both, or the next match would put it beside the reports it was refused.
        self._carry_refusals(new, {r.pk for r in reports}, by, f"split off {self.public_id}")
        self.reconcile()
        new.reconcile()
        return new

    def _merged_from(self, reports: list) -> Incident | None:
        """The incident merged into this one whose reports are exactly `reports`: those that
        came here last by its merge ("merged from ..."), not by a match or a verifier's link
        since. None when they are not, or only some of them: a report split off a merged
        incident alone is another event, and the merged one's id still means this one."""
        latest = dict(
            MatchDecision.objects.filter(incident=self, report__incident=self)
            .order_by("report_id", "pk")
            .values_list("report_id", "note")
        )  # the last decision naming this incident, for each of its reports
        came_from: dict[str, set[int]] = {}
        for report_id, note in latest.items():
            if note.startswith(MERGE_NOTE):
                came_from.setdefault(note.removeprefix(MERGE_NOTE), set()).add(report_id)
        ids = {r.pk for r in reports}
        public_id = next((p for p, came in came_from.items() if came == ids), None)
        if public_id is None:
            return None
        return Incident.objects.filter(public_id=public_id, merged_into=self).first()

    def _unmerge(self, merged: Incident) -> None:
        """`merged`, merged into this incident, is separate again: its id leads to its own
        page, and the figures count it apart. While this one is public it keeps its own
        visibility: its reports were public all along (a public incident is merged only into
        a public one). This one withdrawn since the merge withdrew them too: it is restricted."""
        merged.merged_into = None
        if self.visibility != "public":
            merged.visibility = "restricted"
        merged.save(update_fields=["merged_into", "visibility", "updated_at"])

    def _carry_refusals(self, to: Incident, but: set[int], by: str, why: str) -> None:
        """A verifier's "not the same" against this incident, for `to` too (reports in `but`
        excepted)."""
        refused = (
            MatchDecision.objects.filter(incident=self, by_human=True, judgement="negative")
            .exclude(report_id__in=but)
            # A verifier's own "not the same" only (carried here by an earlier merge or split
            # too: the reports it was judged against may be those that leave now), not what
            # a split wrote of the reports it moved: two parts split off one incident may
            # well be one event.
            .exclude(note__startswith=SPLIT_NOTE)
            .exclude(
                report_id__in=MatchDecision.objects.filter(
                    incident=to, by_human=True, judgement="negative"
                ).values("report_id")
            )
            .values_list("report_id", flat=True)
            .distinct()
        )
        MatchDecision.objects.bulk_create(
            MatchDecision(
                report_id=rid,
                incident=to,
                outcome="new",
                judgement="negative",
                decided_by=by,
                by_human=True,
                note=f"{CARRIED_NOTE}{self.public_id}, {why}",
            )  # fmt: skip
            for rid in sorted(refused)
        )


# How the notes of the decisions a split or a merge writes begin (the history reads them back
# too; a split reads a merge's to undo it).
SPLIT_NOTE = "split off "
MERGE_NOTE = "merged from "
CARRIED_NOTE = "not the same as "


class PublicIdCounter(models.Model):
    """The last public id number given in a year, kept when its incident is deleted: ids are
    cited by journalists and in briefs, and one taken again (the newest incident deleted in
    the admin, the next match numbering from the highest id left) would name another event."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("public id counter")
        verbose_name_plural = _("public id counters")


class ReportsMoved(ValueError):
    """Reports a verifier ticked have left the incident since the page was loaded."""


class GradeChanged(ValueError):
    """Another verifier has graded the incident since the page was loaded."""


class MatchDecision(models.Model):
    """Why a report is (or is not) part of an incident: the matcher's or a verifier's call.

    A verifier's decision outranks the matcher's, and every later run of the matcher keeps it.
    """

    # Indexed with the incident (Meta.indexes), which serves lookups by the report alone too.
    report = models.ForeignKey(
        "reports.SourceReport", verbose_name=_("report"), on_delete=models.CASCADE,
        related_name="decisions", db_index=False,
    )  # fmt: skip
    incident = models.ForeignKey(
        Incident,
        verbose_name=_("incident"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    outcome = models.CharField(_("outcome"), max_length=8, choices=OUTCOMES)
    judgement = models.CharField(_("judgement"), max_length=12, choices=JUDGEMENTS)
    score = models.FloatField(_("score"), null=True, blank=True)
    features = models.JSONField(_("features compared"), default=dict, blank=True)
    decided_by = models.CharField(
        _("decided by"),
        max_length=150,
        help_text=_("The matcher and its version (e.g. 'match v3'), else the verifier's username"),
    )
    by_human = models.BooleanField(_("a verifier's decision"), default=False)
    pending = models.BooleanField(
        _("waiting for review"), default=False, help_text=_("Waiting in the review queue.")
    )
    note = models.TextField(_("note"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    # Queued because another incident fitted almost as well: the queue names it. No index and
    # no constraint: written for a few of a bulk run's million decisions, never looked up by.
    runner_up = models.ForeignKey(
        Incident, verbose_name=_("almost as close"), null=True, blank=True,
        on_delete=models.DO_NOTHING, db_index=False, db_constraint=False, related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("match decision")
        verbose_name_plural = _("match decisions")
        indexes = [
            models.Index(fields=["report", "incident"]),
            # A bulk run writes a million decisions, nearly all by the matcher and settled: the
            # queue and the verifiers' own decisions are small parts, so partial indexes.
            models.Index(
                fields=["decided_at", "id"],
                condition=models.Q(pending=True),
                name="decision_pending",
            ),
            models.Index(
                fields=["decided_at"], condition=models.Q(by_human=True), name="decision_by_human"
            ),
        ]

    def __str__(self) -> str:
        return gettext("report %(report)s / %(incident)s: %(judgement)s by %(by)s") % {
            "report": self.report_id,
            "incident": self.incident_id,
            "judgement": self.get_judgement_display(),
            "by": self.decided_by,
        }

    def _human(self, report_id: int, incident, judgement: str, by: str, note: str = ""):
        return MatchDecision.objects.create(
            report_id=report_id, incident=incident, outcome="link" if judgement == "positive"
            else "new", judgement=judgement, decided_by=by, by_human=True, note=note,
            score=self.score, features=self.features,
        )  # fmt: skip

    @transaction.atomic
    def accept(self, by: str, note: str = "") -> None:
        """A verifier confirms the report belongs to the incident."""
        self._human(self.report_id, self.incident, "positive", by, note)
        MatchDecision.objects.filter(report_id=self.report_id, pending=True).update(pending=False)

    @transaction.atomic
    def reject(self, by: str, note: str = "") -> Incident:
        """A verifier says the report is not this incident: it leaves and is matched again,
        never back into this incident. Returns the incident it lands in."""
        from thitsa.incidents.matching import match_reports
        from thitsa.reports.models import SourceReport

        self._human(self.report_id, self.incident, "negative", by, note)
        MatchDecision.objects.filter(report_id=self.report_id, pending=True).update(pending=False)
        report = SourceReport.objects.get(pk=self.report_id)
        old = report.incident
        if old is not None and old.pk == self.incident_id:
            report.link_to(None, None, by)
            match_reports([report.pk])
            old.reconcile()
        report.refresh_from_db()
        return report.incident
