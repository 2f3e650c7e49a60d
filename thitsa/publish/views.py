"""Public pages: home, incidents list, one incident, map. Only public incidents, only allow-listed
fields: nothing here reads witnesses or a report's `extra`."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thitsa.figures.query import Figure, FigureError, Filters, evaluate, incidents_matching
from thitsa.incidents.models import Incident, MatchDecision
from thitsa.incidents.reconcile import LEFT_OUT_FIELDS, left_out
from thitsa.incidents.taxonomy import GRADES
from thitsa.places.models import Place
from thitsa.publish.forms import filters_from
from thitsa.publish.geo import states_available
from thitsa.publish.paging import page_of
from thitsa.publish.templatetags.publish import burmese_page, casualty, num
from thitsa.reports.models import public_published_at, public_source, public_title, public_url

PER_PAGE = 50
TOP_TOWNSHIPS = 20
CASUALTY_LABELS = [
    ("killed", _("Killed")),
    ("injured", _("Injured")),
    ("killed_children", _("Children killed")),
    ("injured_children", _("Children injured")),
]
HEADLINE_MEASURES = ("incidents", "killed", "injured", "killed_children")
# The list and incident pages show places with their township and state names.
PLACE_JOINS = ("place", "township", "state")


def home(request):
    figures = {
        m: evaluate(m, Filters(), with_incidents=False, review_value=False)
        for m in HEADLINE_MEASURES
    }
    # The incidents the headline counts: battles, which it leaves out, listed beside it read
    # as if they were among them.
    latest = (
        incidents_matching(Filters())
        .select_related(*PLACE_JOINS)
        .order_by("-date", "-public_id")[:10]
    )
    context = {
        "figures": {m: f.value for m, f in figures.items()},
        "notes": figure_notes(figures["incidents"], figures["killed"]),
        "latest": latest,
    }
    return render(request, "publish/home.html", context)


def figure_notes(incidents: Figure, killed: Figure) -> dict:
    """What a page says beside its count and killed, as `thitsa figure` does: the battles left
    out (or counted among the rest), and how many incidents rest in part on reports awaiting a
    verifier's review (named, not reconciled again: `evaluate(review_value=False)`; the figure
    without them is `thitsa figure --settled-only`'s and the API's)."""
    counted = [f"{label} {num(n)}" for g, label in GRADES if (n := incidents.grades.get(g))]
    grades = ("၊ " if burmese_page() else ", ").join(counted)
    return {
        "battles": killed.battles,
        "non_violent": killed.non_violent,
        "review": len(killed.awaiting_review.incidents),
        # Which grades were counted and how many of each, as the command says.
        "grades": grades,
        "loose": len(incidents.loosely_dated),
    }


def incident_list(request):
    form, filters = filters_from(request)
    context = {"form": form, "page_obj": None}
    if filters is not None:
        try:
            counted = evaluate("incidents", filters, with_incidents=False, review_value=False)
            summed = evaluate("killed", filters, with_incidents=False, review_value=False)
            count, killed = counted.value, summed.value
            qs = incidents_matching(filters).select_related(*PLACE_JOINS)
        except FigureError as e:
            form.add_error(None, str(e))
        else:
            paginator = Paginator(qs.order_by("-date", "-public_id"), PER_PAGE)
            # The count is the figure's: the page agrees with `thitsa figure`, and the
            # paginator need not count a large table a second time.
            paginator.__dict__["count"] = count
            page_obj = page_of(paginator, request.GET.get("page"))
            context.update(
                page_obj=page_obj,
                count=count,
                killed=killed,
                notes=figure_notes(counted, summed),
            )
    return render(request, "publish/incident_list.html", context)


def incident_detail(request, public_id: str):
    # Restricted incidents answer 404, as if they did not exist.
    incident = get_object_or_404(
        Incident.objects.select_related(*PLACE_JOINS), public_id=public_id, visibility="public"
    )
    if incident.merged_into_id:
        # Its public id stays a pointer: links and citations to it lead to the one event.
        target = incident.surviving()
        if target.visibility != "public":
            raise Http404
        return redirect("incident-detail", public_id=target.public_id)
    return render(
        request,
        "publish/incident_detail.html",
        {
            "incident": incident,
            "casualties": casualty_rows(incident),
            "sources": public_sources(incident),
            "evidence": public_evidence(incident),
            "point": point_of(incident),
            "awaiting_review": awaiting_review(incident),
        },
    )


def casualty_rows(incident: Incident) -> list[tuple]:
    """(label, the public figure's low, the highest credible claim, the lowest credible claim,
    whether any credible source gave the count) for each count. Found by a verifier: with an
    outlet rated A saying 5 and another 9, the range read "9" alone, as if the credible sources
    agreed; and a count no source gave read "none reported | 0", as if one had said 0."""
    reports = list(incident.reports.values(*LEFT_OUT_FIELDS))
    why = left_out(reports)
    rows = []
    for kind, label in CASUALTY_LABELS:
        low, high = getattr(incident, f"{kind}_min"), getattr(incident, f"{kind}_max")
        claims = [
            r[f"{kind}_min"] for r in reports if r["id"] not in why and r[f"{kind}_min"] is not None
        ]
        rows.append((label, low, high, min([low, *claims]), bool(claims or high)))
    return rows


def awaiting_review(incident: Incident) -> bool:
    """Whether a report linked to the incident waits for a verifier to review its link: its
    counts and grade are reconciled with it, as the figures count them until then."""
    return MatchDecision.objects.filter(
        pending=True, incident=incident, report__incident=incident
    ).exists()


def point_of(incident: Incident) -> tuple[float, float] | None:
    """Where to put the marker: the incident's own point, else its place's."""
    if incident.latitude is not None and incident.longitude is not None:
        return incident.latitude, incident.longitude
    place = incident.place
    if place is not None and place.lat is not None and place.lon is not None:
        return place.lat, place.lon
    return None


LEFT_OUT_LABELS = {
    "superseded": _("Not in the ranges above: the same source reported again later."),
    "unreliable": _("Not in the ranges above: the source is rated unreliable."),
    "doubtful": _("Not in the ranges above: the report was judged doubtful."),
}


def public_sources(incident: Incident) -> list[dict]:
    """The incident's reports as an allow-list of public fields (never the witness or `extra`)."""
    rows = (
        incident.reports.select_related("source")
        .only(
            "source__name",
            "source__kind",
            "published_at",
            "title",
            "import_format",
            "url",
            "language",
            "event_date",
            "killed_min",
            "killed_max",
            "injured_min",
            "injured_max",
            "killed_children_min",
            "killed_children_max",
            "casualty_forms",
        )
        .order_by(F("published_at").asc(nulls_last=True), "id")
    )
    # Why a claim is not in the ranges the page shows: a reader saw "more than 160" among the
    # sources and "at least 100" above them, and could not tell why.
    why = left_out(list(incident.reports.values(*LEFT_OUT_FIELDS)))
    return [
        {
            "left_out": LEFT_OUT_LABELS.get(why.get(r.pk, ""), ""),
            "source": public_source(r.source.kind, r.source.name),
            "kind": r.source.get_kind_display(),
            "published_at": public_published_at(r.source.kind, r.published_at),
            "title": public_title(r.source.kind, r.title, r.import_format),
            "url": public_url(r.source.kind, r.url),
            "language": r.language,
            # Strings, not the model: the template cannot reach report.witness from here.
            "killed": casualty(r, "killed"),
            "injured": casualty(r, "injured"),
            "killed_children": casualty(r, "killed_children"),
        }
        for r in rows
    ]


def public_evidence(incident: Incident) -> list[dict]:
    """Published public copies (metadata removed) linked to the incident: their own hash and
    address, never the original's."""
    items = (
        incident.evidence.filter(visibility="public")
        .exclude(public_sha256="")
        .only("public_sha256", "public_media_type")
        .order_by("added_at", "id")
    )
    return [
        {
            "url": reverse("evidence-public", args=[e.public_sha256]),
            "sha256": e.public_sha256,
            "media_type": e.public_media_type,
            "image": e.public_media_type.startswith("image/"),
        }
        for e in items
    ]


def map_page(request):
    form, filters = filters_from(request)
    query = request.GET.urlencode()
    groups, notes = [], None
    if filters is not None:
        try:
            figure = evaluate(
                "incidents", filters, by="township", with_incidents=False, review_value=False
            )
            # The notes say the killed in the battles left out, as the other pages do.
            killed = evaluate("killed", filters, with_incidents=False, review_value=False)
            notes = figure_notes(figure, killed)
            groups = [g for g in figure.groups if g.key][:TOP_TOWNSHIPS]
            # The group labels are English only: the table names each township as every
            # other page does ("Burmese · English" on Burmese pages).
            places = Place.objects.in_bulk([g.key for g in groups], field_name="pcode")
            groups = [(g, places.get(g.key)) for g in groups]
        except FigureError as e:
            form.add_error(None, str(e))
            filters = None
    return render(
        request,
        "publish/map.html",
        {
            "form": form,
            "valid": filters is not None,
            # The same counts as a table: for screen readers, keyboards and browsers without JS.
            "top": groups,
            "notes": notes,
            "counts_url": reverse("map-counts") + (f"?{query}" if query else ""),
            "states_url": reverse("map-states") if states_available() else "",
        },
    )


def csrf_failure(request, reason: str = ""):
    """A form refused for its CSRF token (a page loaded before the verifier signed in again,
    in another tab): Django's own page is bare English with no way back, and the work done
    on the page seemed lost for no reason given."""
    from thitsa.accounts.roles import page_sent_from

    return render(request, "403_csrf.html", {"back": page_sent_from(request)}, status=403)
