"""The verifiers' review pages: the queue of matches waiting for a person, one decision beside its
candidate incident, and an incident's reports to split, merge or grade.

Verifiers act, documenters may look (thitsa.accounts.roles). Every change goes through the model
methods (`MatchDecision.accept/reject`, `Incident.merge_into/split_off/publish`), which write the
MatchDecision rows and admin log entries that are the verifiers' log. Only `witness` reads a
witness, and it logs that it did.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from thitsa.accounts.audit import log_access
from thitsa.accounts.roles import can, requires
from thitsa.incidents.models import GradeChanged, Incident, MatchDecision, ReportsMoved
from thitsa.incidents.reconcile import LEFT_OUT_FIELDS, left_out, without
from thitsa.incidents.scoring import LINK, REVIEW, WEIGHTS
from thitsa.incidents.taxonomy import GRADES
from thitsa.publish.paging import page_of
from thitsa.publish.templatetags.publish import casualty, num
from thitsa.publish.turns import between_bulk_matches
from thitsa.publish.views import CASUALTY_LABELS, LEFT_OUT_LABELS, PLACE_JOINS
from thitsa.reports.models import Source, SourceReport, Witness

PER_PAGE = 50
HISTORY_ROWS = 200
NOTE_MAX = 2000
FEATURE_LABELS = {
    "date": gettext_lazy("Date"),
    "place": gettext_lazy("Place"),
    "type": gettext_lazy("Event type"),
    "means": gettext_lazy("Attack means"),
    "targets": gettext_lazy("Targets"),
    "weapons": gettext_lazy("Weapons"),
    "casualties": gettext_lazy("Killed count"),
    "perpetrator": gettext_lazy("Perpetrator"),
    "text": gettext_lazy("Wording"),
}
# An allow-list of the report fields these pages read: never the witness, never `extra`.
REPORT_FIELDS = (
    "id", "source__name", "source__kind", "source__reliability", "url", "published_at",
    "language", "title", "text", "event_date", "event_date_precision", "place_text", "place",
    "event_type", "targets", "weapons", "perpetrator", "killed_min", "killed_max", "injured_min",
    "injured_max", "killed_children_min", "killed_children_max", "injured_children_min",
    "injured_children_max", "incident", "link_score", "linked_by",
)  # fmt: skip


def undated():
    """The reports the matcher cannot take: no event date, no incident."""
    return SourceReport.objects.filter(event_date__isnull=True, incident__isnull=True)


def pending_decisions():
    return MatchDecision.objects.filter(pending=True).order_by("decided_at", "id")


def next_pending(after: MatchDecision | None = None) -> MatchDecision | None:
    qs = pending_decisions()
    if after is not None:
        qs = qs.filter(
            Q(decided_at__gt=after.decided_at) | Q(decided_at=after.decided_at, id__gt=after.id)
        )
    return qs.first()


def reports_of(qs) -> list[SourceReport]:
    return list(qs.select_related("source", "place").only(*REPORT_FIELDS))


def claims(report: SourceReport) -> dict[str, str]:
    """The report's casualty claims as display strings: the template never holds the model."""
    return {kind: casualty(report, kind) for kind, _label in CASUALTY_LABELS}


def report_rows(reports: list[SourceReport]) -> list[dict]:
    # Which reports have a witness (that one exists, never who): the page links to it.
    witnessed = set(
        Witness.objects.filter(report__in=[r.pk for r in reports]).values_list(
            "report_id", flat=True
        )
    )
    return [
        {
            "id": r.pk,
            "source": r.source.name,
            "kind": r.source.get_kind_display(),
            "reliability": r.source.reliability,
            "published_at": r.published_at,
            "event_date": r.event_date,
            "event_date_precision": r.get_event_date_precision_display(),
            "date_precision": r.event_date_precision,
            "place_text": r.place_text,
            "place": r.place,
            "title": r.title,
            "text": r.text,
            "language": r.language,
            "url": r.url if r.url.startswith(("https://", "http://")) else "",
            "event_type": r.event_type,
            "targets": r.targets,
            "weapons": r.weapons,
            "perpetrator": r.perpetrator,
            # Who it blames, and what it says of that (claimed, denied, blamed another): what
            # makes an incident "confirmed" or "contested", which a verifier could not see.
            "responsibility": r.get_responsibility_display() if r.responsibility else "",
            "claims": claims(r),
            "link_score": r.link_score,
            "linked_by": r.linked_by,
            "has_witness": r.pk in witnessed,
            "incident_id": r.incident_id,
        }
        for r in reports
    ]


def feature_rows(decision: MatchDecision) -> list[dict]:
    """What drove the score: each feature's value, weight and share, in WEIGHTS order."""
    values = decision.features or {}
    rows = []
    for name in [*WEIGHTS, *sorted(set(values) - set(WEIGHTS))]:
        if name not in values:
            continue
        value, weight = float(values[name]), WEIGHTS.get(name)
        rows.append(
            {
                "name": name,
                "label": FEATURE_LABELS.get(name, name),
                "value": value,
                "percent": round(max(0.0, min(value, 1.0)) * 100),
                "weight": weight,
                "contribution": value * weight if weight is not None else None,
            }
        )
    return rows


def incident_facts(incident: Incident) -> list[tuple[str, int, int]]:
    return [
        (label, getattr(incident, f"{kind}_min"), getattr(incident, f"{kind}_max"))
        for kind, label in CASUALTY_LABELS
    ]


@requires("verify")
def queue(request):
    pending = pending_decisions().select_related("report__source", "incident")
    paginator = Paginator(pending, PER_PAGE)
    page_obj = page_of(paginator, request.GET.get("page"))
    if shown := len(page_obj.object_list):
        # The queue shows restricted reports' titles and sources: who read which page is logged.
        log_access(
            request.user, "list", "review queue", f"page {page_obj.number}: {shown}", via="page"
        )
    week_ago = timezone.now() - timedelta(days=7)
    counts = {
        "unpublished": unpublished().count(),
        "undated": undated().count(),
        "pending": paginator.count,
        "incidents": pending.values("incident").distinct().count(),
        # Reports, as the queue counts them: a split writes two decisions for each report.
        "decided_week": MatchDecision.objects.filter(by_human=True, decided_at__gte=week_ago)
        .values("report")
        .distinct()
        .count(),
    }
    return render(request, "publish/review/queue.html", {"page_obj": page_obj, "counts": counts})


def unpublished():
    """Incidents the public does not see yet (new, split off or withdrawn), not merged away,
    with reports to publish (one without may not be published: Incident.publish)."""
    return Incident.objects.filter(
        Exists(SourceReport.objects.filter(incident=OuterRef("pk"))),
        visibility="restricted",
        merged_into__isnull=True,
    )


@requires("verify")
def unpublished_list(request):
    """Where a verifier finds the incidents to publish: they were reachable only by search."""
    incidents = unpublished().select_related(*PLACE_JOINS).order_by("-date", "-public_id")
    page_obj = page_of(Paginator(incidents, PER_PAGE), request.GET.get("page"))
    if shown := len(page_obj.object_list):
        log_access(
            request.user, "list", "unpublished incidents", f"page {page_obj.number}: {shown}",
            via="page",
        )  # fmt: skip
    return render(request, "publish/review/unpublished.html", {"page_obj": page_obj})


@requires("verify")
def decision_detail(request, pk: int):
    decision = get_object_or_404(MatchDecision, pk=pk)
    report = reports_of(SourceReport.objects.filter(pk=decision.report_id))[0]
    incident = None
    others = []
    if decision.incident_id:
        incident = Incident.objects.select_related(*PLACE_JOINS, "merged_into").get(
            pk=decision.incident_id
        )
        others = report_rows(
            reports_of(incident.reports.exclude(pk=report.pk).order_by("event_date", "id"))
        )
        if decision.pending and report.incident_id == incident.pk and others:
            # Linked while it waits: the incident's count, place and grade are partly its own.
            incident = without(incident, report.pk)
            incident.shown_without = True
    features = feature_rows(decision)
    if incident is None or incident.visibility != "public":
        log_access(request.user, "view", "report", report.pk, via="page")
    return render(
        request,
        "publish/review/decision.html",
        {
            "decision": decision,
            # who settled it: the verifier's decision that followed, not the matcher's own
            "settled_by": MatchDecision.objects.filter(
                report_id=decision.report_id, by_human=True, pk__gt=decision.pk
            )
            .order_by("pk")
            .values_list("decided_by", flat=True)
            .first()
            or decision.decided_by,
            "report": report_rows([report])[0],
            "current_incident": report.incident if report.incident_id else None,
            "incident": incident,
            "casualties": incident_facts(incident) if incident else [],
            "others": others,
            "features": features,
            "total": sum(f["contribution"] or 0 for f in features),
            # A match alike in every feature scores the weights' sum (1.1), not 1: said, since
            # the features' own values run from 0 to 1.
            "thresholds": {"link": LINK, "review": REVIEW, "most": round(sum(WEIGHTS.values()), 2)},
            "runner_up": _runner_up(decision),
            "history": decision_rows(MatchDecision.objects.filter(report_id=decision.report_id)),
            "next": next_pending(after=decision),
            "note_max": NOTE_MAX,
        },
    )


@requires("verify")
@require_POST
@between_bulk_matches
def decide(request, pk: int):
    action = request.POST.get("action")
    note = request.POST.get("note", "").strip()[:NOTE_MAX]
    by = request.user.get_username()
    if action not in ("accept", "reject"):
        messages.error(request, _("Choose “Same event” or “Not the same”."))
        return redirect("review-decision", pk=pk)
    with transaction.atomic():
        # Read inside the transaction (locked on PostgreSQL; SQLite's IMMEDIATE transactions
        # queue writers): two verifiers on one match, and only the first one's call counts.
        decision = get_object_or_404(
            MatchDecision.objects.select_for_update(of=("self",)).select_related("incident"), pk=pk
        )
        if not decision.pending:
            messages.warning(request, _("Someone has already decided this match; nothing changed."))
            return _to_next(decision)
        incident = decision.incident
        if action == "accept":
            decision.accept(by=by, note=note)
            messages.success(
                request,
                format_html(_("Same event: the report stays with {}."), incident_link(incident)),
            )
        else:
            newest = Incident.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            landed = decision.reject(by=by, note=note)
            if landed is None:
                text = _("Not the same: the report left {} and waits unlinked.")
                messages.success(request, format_html(text, incident_link(incident)))
            else:
                text = (
                    _("Not the same: the report left {} and opened a new incident, {}.")
                    if landed.pk > newest
                    else _("Not the same: the report left {} and joined {}.")
                )
                messages.success(
                    request,
                    format_html(text, incident_link(incident), incident_link(landed)),
                )
            _warn_if_left_empty(request, incident)
    return _to_next(decision)


def _warn_if_left_empty(request, incident: Incident) -> None:
    """A public incident whose last report a verifier took away stays public, saying it has no
    source, and the verifier was not told (the message named only where the report went)."""
    if incident.visibility == "public" and not incident.reports.exists():
        messages.warning(
            request,
            format_html(
                _(
                    "{} is public and has no report left: its page says it has no source and "
                    "figures leave it out. Withdraw it from the public site, or merge it into "
                    "the incident its reports are in."
                ),
                incident_link(incident),
            ),
        )


def _runner_up(decision: MatchDecision) -> str:
    """A link to the incident that fitted almost as well, where the matcher queued a tie."""
    if decision.runner_up_id is None:
        return ""
    other = Incident.objects.filter(pk=decision.runner_up_id).first()
    return incident_link(other) if other is not None else ""


def incident_link(incident: Incident | None) -> str:
    if incident is None:
        return _("no incident")
    url = reverse("review-incident", args=[incident.public_id])
    return format_html('<a href="{}">{}</a>', url, incident.public_id)


def _to_next(decision: MatchDecision):
    following = next_pending(after=decision) or next_pending()
    if following is None:
        return redirect("review-queue")
    return redirect("review-decision", pk=following.pk)


class MergeForm(forms.Form):
    into = forms.CharField(
        label=gettext_lazy("Merge into incident"),
        max_length=20,
        help_text=gettext_lazy("The public id of the incident that stays, e.g. MMR-2025-000123"),
    )

    def __init__(self, *args, incident: Incident, **kwargs):
        super().__init__(*args, **kwargs)
        self.incident = incident

    def clean_into(self) -> Incident:
        public_id = self.cleaned_data["into"].strip().upper()
        if public_id == self.incident.public_id:
            raise forms.ValidationError(_("An incident cannot be merged into itself."))
        other = Incident.objects.filter(public_id=public_id).select_related("merged_into").first()
        if other is None:
            raise forms.ValidationError(_("There is no incident %(id)s.") % {"id": public_id})
        if other.merged_into_id:
            # Where its reports are now, at the end of a chain of merges: one step told a
            # verifier to merge into an incident merged since, and round again.
            target = other.surviving()
            if target.pk == self.incident.pk:
                raise forms.ValidationError(
                    _("%(id)s was merged into this incident already.") % {"id": other.public_id}
                )
            raise forms.ValidationError(
                _("%(id)s was itself merged into %(target)s: merge into that one instead.")
                % {"id": other.public_id, "target": target.public_id}
            )
        if self.incident.visibility == "public" and other.visibility != "public":
            # Its public id would lead nowhere and the figures would lose it without a word.
            raise forms.ValidationError(
                _(
                    "%(id)s is public and %(target)s is not: merged, %(id)s would leave the "
                    "public site and its figures. Publish %(target)s first, or merge "
                    "%(target)s into %(id)s (its reports then go public with it)."
                )
                % {"id": self.incident.public_id, "target": other.public_id}
            )
        return other


GRADE_CHOICES = [("", gettext_lazy("automatic (from the sources)")), *GRADES]


class GradeForm(forms.Form):
    grade = forms.ChoiceField(
        label=gettext_lazy("Verifier's grade"), required=False, choices=GRADE_CHOICES
    )
    # The grade the page showed: a form drawn before another verifier's grade is refused
    # (Incident.set_grade). A form without it counts as showing "automatic": it then
    # overwrites no verifier's grade.
    shown = forms.ChoiceField(required=False, choices=GRADE_CHOICES, widget=forms.HiddenInput)


@requires("view_restricted")
def incident_review(request, public_id: str):
    incident = get_object_or_404(
        Incident.objects.select_related(*PLACE_JOINS, "merged_into"), public_id=public_id
    )
    if incident.visibility != "public":
        log_access(request.user, "view", "incident", incident.public_id, via="page")
    return _incident_page(request, incident)


def _incident_page(request, incident):
    reports = reports_of(incident.reports.order_by("event_date", "id"))
    pending = dict(
        MatchDecision.objects.filter(report__in=[r.pk for r in reports], pending=True).values_list(
            "report_id", "id"
        )
    )
    rows = report_rows(reports)
    why = left_out(list(incident.reports.values(*LEFT_OUT_FIELDS)))
    for row in rows:
        row["pending"] = pending.get(row["id"])
        row["left_out"] = LEFT_OUT_LABELS.get(why.get(row["id"], ""), "")
    return render(
        request,
        "publish/review/incident.html",
        {
            "incident": incident,
            "casualties": incident_facts(incident),
            "reports": rows,
            # Reports may be split off: a documenter reads the page, with no empty column.
            "splits": not incident.merged_into_id and can(request.user, "verify"),
            "merged": Incident.objects.filter(merged_into=incident).order_by("public_id"),
            "merge_form": MergeForm(incident=incident),
            "grade_form": GradeForm(
                initial={"grade": incident.grade_override, "shown": incident.grade_override},
                auto_id="id_grade_%s",
            ),
            "history": history_of(incident),
        },
    )


def decision_rows(qs) -> list[dict]:
    """The log as the history tables show it, newest first."""
    return [
        {
            "when": d.decided_at,
            "who": d.decided_by,
            "by_human": d.by_human,
            "judgement": d.judgement,
            "judgement_label": d.get_judgement_display(),
            "outcome": d.get_outcome_display(),
            "report": d.report,
            "incident": d.incident,
            "score": d.score,
            "pending": d.pending,
            "note": d.note,
        }
        for d in qs.select_related("report__source", "incident")
        .only(
            "decided_at",
            "decided_by",
            "by_human",
            "judgement",
            "outcome",
            "score",
            "pending",
            "note",
            "report__title",
            "report__source__name",
            "incident__public_id",
        )  # fmt: skip
        .distinct()
        .order_by("-decided_at", "-id")[:HISTORY_ROWS]
    ]


def history_of(incident: Incident) -> list[dict]:
    """Decisions about the incident's reports or naming it, and grade changes; newest first."""
    rows = decision_rows(
        MatchDecision.objects.filter(Q(report__incident=incident) | Q(incident=incident))
    )
    grade_changes = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Incident), object_id=str(incident.pk)
    )
    rows += change_rows(grade_changes.order_by("-action_time")[:HISTORY_ROWS])
    rows.sort(key=lambda r: r["when"], reverse=True)
    return rows[:HISTORY_ROWS]


def change_rows(entries) -> list[dict]:
    """Admin-log entries (a grade, a publication, a date or place given) as history rows, with
    the incident or report each is about."""
    entries = list(entries.select_related("user", "content_type"))
    ids = {model: set() for model in (Incident, SourceReport)}
    for e in entries:
        model = e.content_type.model_class()
        if model in ids and e.object_id.isdecimal():
            ids[model].add(int(e.object_id))
    incidents = Incident.objects.only("public_id").in_bulk(ids[Incident])
    reports = (
        SourceReport.objects.select_related("source", "incident")
        .only("title", "source__name", "incident__public_id")
        .in_bulk(ids[SourceReport])
    )
    rows = []
    for e in entries:
        model, pk = e.content_type.model_class(), int(e.object_id or 0)
        report = reports.get(pk) if model is SourceReport else None
        incident = report.incident if report else incidents.get(pk) if model is Incident else None
        rows.append({
            "when": e.action_time,
            "who": e.user.get_username(),
            "by_human": True,
            "judgement": "grade",
            "judgement_label": _("verifier's change"),
            "outcome": "",
            "report": report,
            "incident": incident,
            "score": None,
            "pending": False,
            "note": e.get_change_message(),
        })  # fmt: skip
    return rows


LOG_ROWS = 100


@requires("verify")
def log(request):
    """What verifiers did, newest first: their match decisions (same event, not the same,
    merges, splits) and their changes to incidents and reports (grades, publication, a date
    or a place given). Each incident's page shows its own; this shows all of them, which a
    verifier had no way to read but incident by incident."""
    decisions = MatchDecision.objects.filter(by_human=True)
    # A source's rating too (thitsa.incidents.rating): it moves grades and counts.
    types = ContentType.objects.get_for_models(Incident, SourceReport, Source).values()
    changes = LogEntry.objects.filter(content_type__in=types, user__isnull=False)
    try:
        before = parse_datetime(request.GET.get("before") or "")
    except ValueError:  # well formed but no time ("2025-13-01T00:00")
        before = None
    if before is not None:
        decisions = decisions.filter(decided_at__lt=before)
        changes = changes.filter(action_time__lt=before)
    rows = decision_rows(decisions) + change_rows(changes.order_by("-action_time")[:LOG_ROWS])
    rows.sort(key=lambda r: r["when"], reverse=True)
    rows = rows[:LOG_ROWS]
    older = rows[-1]["when"].isoformat() if len(rows) == LOG_ROWS else ""
    return render(request, "publish/review/log.html", {"history": rows, "older": older})


def _live_incident(public_id: str) -> Incident:
    return get_object_or_404(
        Incident.objects.select_related(*PLACE_JOINS, "merged_into"), public_id=public_id
    )


def _refuse_if_merged(request, incident: Incident):
    if incident.merged_into_id:
        messages.error(
            request,
            _("%(id)s was merged into %(target)s; change that incident instead.")
            % {"id": incident.public_id, "target": incident.surviving().public_id},
        )
        return redirect("review-incident", public_id=incident.public_id)
    return None


def _refused(request, incident: Incident, form: forms.Form):
    """Back to the incident's page with the form's errors as messages at its top. Rendered in
    answer to the POST instead, the page's address was the action's: switching language or
    reloading asked for it again, and a POST-only view answered 405 with an empty page."""
    return refused_to(request, form, "review-incident", public_id=incident.public_id)


def refused_to(request, form: forms.Form, *to, **kwargs):
    """A refused form's errors as messages, and back to the page it was sent from (`to`, as
    `redirect` takes it): the review pages answer a form so, never with a page of their own."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect(*to, **kwargs)


@requires("verify")
@require_POST
@between_bulk_matches
def split(request, public_id: str):
    incident = _live_incident(public_id)
    if refused := _refuse_if_merged(request, incident):
        return refused
    # A report's id fits a database's integer (a longer one is no report of this incident).
    ids = [int(v) for v in request.POST.getlist("report") if v.isdecimal() and len(v) < 19]
    try:
        with transaction.atomic():
            # Those merged into it, and as visible as they were: a split may undo a merge.
            merged = dict(
                Incident.objects.filter(merged_into=incident).values_list("pk", "visibility")
            )
            new = incident.split_off(ids, by=request.user.get_username())
            if new.pk in merged:
                _log_unmerged(request, new, incident, was=merged[new.pk])
    except ReportsMoved:
        messages.error(
            request,
            _(
                "Some of the reports you ticked are no longer in this incident: another "
                "verifier has moved them. Nothing was split off; tick them again here."
            ),
        )
    except ValueError:
        messages.error(
            request, _("Tick some of the incident's reports to split off, but not all of them.")
        )
    else:
        if new.pk in merged:
            _say_unmerged(request, new, incident)
            return redirect("review-incident", public_id=incident.public_id)
        count = new.reports.count()
        messages.success(
            request,
            format_html(
                ngettext(
                    "Split off {n} report into a new incident, {incident}.",
                    "Split off {n} reports into a new incident, {incident}.",
                    count,
                ),
                n=num(count),
                incident=incident_link(new),
            ),
        )
        messages.info(request, _("A new incident stays restricted until a verifier publishes it."))
    return redirect("review-incident", public_id=incident.public_id)


def _log_unmerged(request, revived: Incident, incident: Incident, was: str) -> None:
    """In the incident's own history, beside "merged into ...": the merge undone."""
    text = f"separate again from {incident.public_id}"
    if was == "public" and revived.visibility != "public":
        text += "; withdrawn from the public site"
    LogEntry.objects.log_actions(request.user.pk, [revived], CHANGE, text, single_object=True)


def _say_unmerged(request, revived: Incident, incident: Incident) -> None:
    count = revived.reports.count()
    messages.success(
        request,
        format_html(
            ngettext(
                "{incident} is separate again: its {n} report left {here}, and its id leads "
                "to it once more.",
                "{incident} is separate again: its {n} reports left {here}, and its id leads "
                "to it once more.",
                count,
            ),
            incident=incident_link(revived),
            n=num(count),
            here=incident.public_id,
        ),
    )
    if revived.visibility == "public":
        messages.info(request, _("It is public again, as it was before the merge."))
    else:
        messages.info(request, _("It is restricted until a verifier publishes it."))


@requires("verify")
@require_POST
@between_bulk_matches
def merge(request, public_id: str):
    incident = _live_incident(public_id)
    if refused := _refuse_if_merged(request, incident):
        return refused
    form = MergeForm(request.POST, incident=incident)
    if not form.is_valid():
        return _refused(request, incident, form)
    other = form.cleaned_data["into"]
    # A verifier's "not the same" between the two is overruled by the merge, the later
    # judgement: said, so that it is not overruled unseen.
    overruled = (
        MatchDecision.objects.filter(by_human=True, judgement="negative")
        .filter(
            Q(report__incident=incident, incident=other)
            | Q(report__incident=other, incident=incident)
        )
        .values("report")
        .distinct()
        .count()
    )
    with transaction.atomic():
        incident.merge_into(other, by=request.user.get_username())
        # In the merged incident's own history too: its decisions moved with its reports.
        LogEntry.objects.log_actions(
            request.user.pk, [incident], CHANGE, f"merged into {other.public_id}",
            single_object=True,
        )  # fmt: skip
    messages.success(
        request,
        format_html(_("Merged {} into {}."), incident.public_id, incident_link(other)),
    )
    if overruled:
        messages.warning(
            request,
            ngettext(
                "A verifier had said %(n)s of these reports is not the same event as the "
                "other incident; it is now part of it. Split it off again if that stands.",
                "A verifier had said %(n)s of these reports are not the same event as the "
                "other incident; they are now part of it. Split them off again if that stands.",
                overruled,
            )
            % {"n": num(overruled)},
        )
    return redirect("review-incident", public_id=other.public_id)


@requires("verify")
@require_POST
@between_bulk_matches
def grade(request, public_id: str):
    incident = _live_incident(public_id)
    if refused := _refuse_if_merged(request, incident):
        return refused
    form = GradeForm(request.POST, auto_id="id_grade_%s")
    if not form.is_valid():
        return _refused(request, incident, form)
    try:
        incident.set_grade(form.cleaned_data["grade"], request.user, form.cleaned_data["shown"])
    except GradeChanged:
        incident.refresh_from_db()
        messages.warning(
            request,
            _(
                "Someone has graded %(id)s since this page was opened (it is now %(grade)s); "
                "nothing changed. Choose again here if it should be otherwise."
            )
            % {"id": incident.public_id, "grade": dict(GRADE_CHOICES)[incident.grade_override]},
        )
        return redirect("review-incident", public_id=incident.public_id)
    messages.success(
        request,
        _("%(id)s is now graded %(grade)s.")
        % {"id": incident.public_id, "grade": incident.get_grade_display()},
    )
    return redirect("review-incident", public_id=incident.public_id)


@requires("publish")
@require_POST
def publish(request, public_id: str):
    """Put the incident on the public site (or take it off): an explicit, logged act."""
    incident = _live_incident(public_id)
    if refused := _refuse_if_merged(request, incident):
        return refused
    public = request.POST.get("action") != "withdraw"
    try:
        incident.publish(request.user, public=public)
    except ValueError:
        messages.error(
            request,
            _("%(id)s has no reports: link a report to it before publishing it.")
            % {"id": incident.public_id},
        )
        return redirect("review-incident", public_id=incident.public_id)
    if public:
        messages.success(request, _("%(id)s is now public.") % {"id": incident.public_id})
    else:
        messages.success(request, _("%(id)s is restricted again.") % {"id": incident.public_id})
    return redirect("review-incident", public_id=incident.public_id)


@requires("view_witness")
def witness(request, pk: int):
    """A report's witness (name, contact, notes): decrypted for this page only, and logged."""
    report = get_object_or_404(SourceReport.objects.select_related("witness"), pk=pk)
    person = getattr(report, "witness", None)
    if person is None:
        raise Http404
    log_access(request.user, "view", "witness", report.pk, via="page")
    response = render(request, "publish/review/witness.html", {"report": report, "person": person})
    # Never kept by the browser or a proxy.
    response["Cache-Control"] = "no-store"
    return response
