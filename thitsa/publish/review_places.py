"""Places to check: the place texts the resolver could not settle, busiest first, and a
verifier's choice of place for each (thitsa.publish.placing does what the choice changes).

A review page beside the queue (thitsa.publish.review_views): verifiers only, every list read
in the access log, every change in the admin's log.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Window
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from thitsa.accounts.audit import log_access
from thitsa.accounts.roles import requires
from thitsa.figures.query import PCODE
from thitsa.places.models import Place
from thitsa.places.resolver import get_resolver
from thitsa.publish.placing import SHOWS, Stale, seen_as, set_place, waiting
from thitsa.publish.review_views import PER_PAGE, incident_link, refused_to
from thitsa.publish.templatetags.publish import burmese_page, num
from thitsa.publish.turns import between_bulk_matches
from thitsa.reports.models import SourceReport

SHOW_LABELS = {
    "": gettext_lazy("No place or area only"),
    "none": gettext_lazy("No place"),
    "area": gettext_lazy("Area only"),
    "low": gettext_lazy("Placed with a low score"),
    "placed": gettext_lazy("Placed: correct a place"),
}
# Shows that list only the texts a verifier looks for (every placed report is too many to list).
FOUND_ONLY = ("placed",)
CANDIDATES = 3  # the resolver's answers now, beside those kept at import
FOUND = 10  # places a typed name may mean, offered to choose from
REPORTS_SHOWN = 20
TEXT_MAX = 500  # SourceReport.place_text
# The aggregates that describe a text's reports, and what a form carries to tell a stale one.
SUMMARY = {
    "n": Count("id"),
    "placed": Count("place"),
    "kinds": Count("place", distinct=True),
    "first": Min("place"),
    "last": Max("place"),
    "newest": Max("id"),
}


class PlaceChoiceForm(forms.Form):
    text = forms.CharField(max_length=TEXT_MAX, strip=False)
    pcode = forms.CharField(
        max_length=40,
        error_messages={
            "required": gettext_lazy(
                "Choose a place first: one of the candidates, or one found by its name or P-code."
            )
        },
    )
    show = forms.ChoiceField(choices=[(s, s) for s in SHOWS], required=False)
    seen = forms.CharField(max_length=200)

    def clean_pcode(self) -> Place:
        code = self.cleaned_data["pcode"].strip().upper()
        place = Place.objects.filter(pcode=code).first()
        if place is None:
            raise forms.ValidationError(
                _("No place has the P-code %(code)s: nothing was changed.") % {"code": code}
            )
        return place


def _show(value: str | None) -> str:
    return value if value in SHOWS else ""


# Past any list's last page, and small enough for a database's OFFSET (?page= with 23 digits
# overflowed SQLite's integer): _page turns it into the last page.
MAX_PAGE = 10**9


def _number(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), MAX_PAGE)
    except ValueError:
        return 1


def _page(show: str, number: int, written: str = ""):
    """One page of texts, busiest first, with the number of texts from the same query (a
    window count): the texts are grouped once a page, not once more to count them. `written`:
    only the texts holding it (a verifier looking for the report just imported)."""
    reports = waiting(show)
    if written:
        reports = reports.filter(place_text__icontains=written)
    elif show in FOUND_ONLY:
        reports = reports.none()
    grouped = (
        reports.order_by()
        .values("place_text")
        .annotate(**SUMMARY, total=Window(Count("*")))
        .order_by("-n", "place_text")
    )
    start = (number - 1) * PER_PAGE
    rows = list(grouped[start : start + PER_PAGE])
    if rows:
        total = rows[0]["total"]
    else:
        # Past the last page (the list shrank since): the last page, as get_page would.
        total = reports.order_by().values("place_text").distinct().count()
        number = max(1, -(-total // PER_PAGE))
        start = (number - 1) * PER_PAGE
        rows = list(grouped[start : start + PER_PAGE]) if total else []
    page_obj = Paginator(range(total), PER_PAGE).page(number)
    page_obj.object_list = rows
    return page_obj


def _where(place: Place) -> str:
    """Where a place lies, for telling apart places of one name: its township and state, in
    the page's script where the gazetteer has it."""
    burmese = burmese_page()
    parts = [
        (area.name_my if burmese and area.name_my else area.name_en)
        for area_id, area in ((place.township_id, place.township), (place.state_id, place.state))
        if area_id and area_id != place.pcode
    ]
    return "၊ ".join(parts) if burmese else ", ".join(parts)


def _places(pcodes) -> dict[str, Place]:
    return Place.objects.select_related("township", "state").in_bulk(
        [p for p in pcodes if p], field_name="pcode"
    )


def _groups(rows: list[dict]) -> list[dict]:
    """Each text's reports as the page shows them: how many, where they are now, and the
    places to choose from: the candidates kept at import (from its newest report), then the
    resolver's answers now and the area the text names outright."""
    kept = dict(
        SourceReport.objects.filter(pk__in=[r["newest"] for r in rows]).values_list(
            "id", "place_candidates"
        )
    )
    resolver = get_resolver()
    now = {}
    for r in rows:
        text = r["place_text"]
        matches = [(m.pcode, m.score) for m in resolver.resolve(text, limit=CANDIDATES)]
        area = resolver.area_named(text)
        now[text] = (matches, (area.pcode, area.score) if area else None)
    wanted = {r[key] for r in rows for key in ("first", "last")}
    for r in rows:
        wanted.update(c.get("pcode") for c in kept.get(r["newest"]) or [] if isinstance(c, dict))
        matches, area = now[r["place_text"]]
        wanted.update(p for p, _s in matches)
        if area:
            wanted.add(area[0])
    places = _places(wanted)
    groups = []
    for r in rows:
        choices: dict[str, dict] = {}
        for c in kept.get(r["newest"]) or []:
            if isinstance(c, dict) and c.get("pcode") in places:
                choices.setdefault(c["pcode"], {}).setdefault("kept", c.get("score"))
        matches, area = now[r["place_text"]]
        for pcode, score in matches:
            if pcode in places:
                choices.setdefault(pcode, {}).setdefault("now", score)
        if area and area[0] in places:
            choices.setdefault(area[0], {})["area"] = True
        shown = [places[p] for p in dict.fromkeys((r["first"], r["last"])) if p in places]
        groups.append(
            {
                "text": r["place_text"],
                "n": r["n"],
                "unplaced": r["n"] - r["placed"],
                "places": [{"place": p, "where": _where(p)} for p in shown],
                "more": max(r["kinds"] - len(shown), 0),
                "choices": [
                    {"place": places[p], "where": _where(places[p]), **how}
                    for p, how in choices.items()
                ],
                "seen": seen_as(r["n"], r["newest"], r["first"], r["last"]),
            }
        )
    return groups


@requires("verify")
def places(request):
    show = _show(request.GET.get("show"))
    written = request.GET.get("written", "").strip()[:TEXT_MAX]
    page_obj = _page(show, _number(request.GET.get("page")), written)
    groups = _groups(page_obj.object_list)
    if groups:
        # Place texts are the reports' own words, restricted reports' too: reading is logged.
        log_access(
            request.user, "list", "places to check", f"page {page_obj.number}: {len(groups)}",
            via="page",
        )  # fmt: skip
    return render(
        request,
        "publish/review/places.html",
        {
            "page_obj": page_obj,
            "groups": groups,
            "show": show,
            "shows": list(SHOW_LABELS.items()),
            "written": written,
            "found_only": show in FOUND_ONLY,
            "back": request.get_full_path(),
        },
    )


def _find(query: str) -> tuple[list[tuple[Place, float | None]], str]:
    """The places a typed name or P-code means, best first with the resolver's score, or why
    there are none."""
    code = query.upper()
    if PCODE.match(code):
        place = _places([code]).get(code)
        if place is None:
            return [], _("No place has the P-code %(code)s.") % {"code": code}
        return [(place, None)], ""
    matches = get_resolver().resolve(query, limit=FOUND)
    found = _places([m.pcode for m in matches])
    places = [(found[m.pcode], m.score) for m in matches if m.pcode in found]
    if not places:
        return [], _(
            "No place called “%(name)s”: try another spelling, the township's name, or a "
            "P-code (e.g. MMR005010)."
        ) % {"name": query}
    return places, ""


@requires("verify")
def place_check(request):
    """One text: its reports, the candidates, and the places a typed name or P-code finds."""
    text = request.GET.get("text", "")[:TEXT_MAX]
    show = _show(request.GET.get("show"))
    query = request.GET.get("q", "").strip()[:200]
    written = request.GET.get("written", "").strip()[:TEXT_MAX]
    listed = _list_url(show, written)
    reports = waiting(show).filter(place_text=text) if text else SourceReport.objects.none()
    summary = reports.order_by().aggregate(**SUMMARY)
    if not summary["n"]:
        messages.info(
            request,
            _("No report written “%(text)s” waits for a place (someone may have placed them).")
            % {"text": text},
        )
        return redirect(listed)
    group = _groups([{"place_text": text, **summary}])[0]
    found, error = _find(query) if query else ([], "")
    if found:
        known = {c["place"].pcode: c for c in group["choices"]}
        group["choices"] = [
            # found: the resolver's score for the typed name, True for a typed P-code
            {
                "place": p,
                "where": _where(p),
                "found": True if score is None else score,
                **known.pop(p.pcode, {}),
            }  # fmt: skip
            for p, score in found
        ] + list(known.values())
    sample = list(
        reports.select_related("source", "incident")
        .only(
            "id",
            "title",
            "text",
            "event_date",
            "event_date_precision",
            "place",
            "place_score",
            "source__name",
            "incident__public_id",
            "language",
        )  # fmt: skip
        .order_by("-id")[:REPORTS_SHOWN]
    )
    log_access(
        request.user, "list", "reports of a place text", f"{len(sample)} of {summary['n']}",
        via="page",
    )  # fmt: skip
    return render(
        request,
        "publish/review/place.html",
        {
            "group": group,
            "show": show,
            "show_label": SHOW_LABELS[show],
            "query": query,
            "error": error,
            "reports": sample,
            "written": written,
            "back": listed,
        },
    )


def _list_url(show: str, written: str = "") -> str:
    """The list as it was shown: its filter and the words its search was for."""
    asked = {k: v for k, v in (("show", show), ("written", written)) if v}
    url = reverse("review-places")
    return f"{url}?{urlencode(asked)}" if asked else url


def _back(request, show: str) -> str:
    back = request.POST.get("back", "")
    safe = url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if safe and back.startswith(reverse("review-places")):
        return back
    return _list_url(show)


@requires("verify")
@require_POST
@between_bulk_matches
def place_set(request):
    form = PlaceChoiceForm(request.POST)
    show = _show(request.POST.get("show"))
    back = _back(request, show)
    if not form.is_valid():
        return refused_to(request, form, back)
    data = form.cleaned_data
    text, place = data["text"], data["pcode"]
    if "\r\n" in text and not waiting(show).filter(place_text=text).exists():
        # A browser sends a form's line breaks as CRLF, whatever the page held.
        text = text.replace("\r\n", "\n")
    try:
        done = set_place(text, place, request.user, show=data["show"] or "", seen=data["seen"])
    except Stale as stale:
        if stale.gone:
            message = _(
                "Someone has already placed the reports written “%(text)s”; nothing changed."
            )
        else:
            message = _(
                "The reports written “%(text)s” changed since the page was drawn (someone "
                "placed some, or more came in); nothing changed. Check them again below."
            )
        messages.warning(request, message % {"text": text})
        return redirect(back)
    messages.success(
        request,
        ngettext(
            "%(n)s report written “%(text)s” is now placed in %(place)s (%(pcode)s).",
            "%(n)s reports written “%(text)s” are now placed in %(place)s (%(pcode)s).",
            done.reports,
        )
        % {
            "n": num(done.reports),
            "text": text,
            "place": place.name_my if burmese_page() and place.name_my else place.name_en,
            "pcode": place.pcode,
        },
    )
    if done.moved:
        joined = format_html_join(", ", "{}", ((incident_link(i),) for i in done.moved.values()))
        messages.info(
            request,
            format_html(
                ngettext(
                    "Matched again with its new place, {} report joined: {}.",
                    "Matched again with their new place, {} reports joined: {}.",
                    len(done.moved),
                ),
                num(len(done.moved)),
                joined,
            ),
        )
    if done.queued:
        messages.info(
            request,
            format_html(
                ngettext(
                    "{} report now lies outside its incident's area: it waits in the {}.",
                    "{} reports now lie outside their incidents' area: they wait in the {}.",
                    len(done.queued),
                ),
                num(len(done.queued)),
                format_html('<a href="{}">{}</a>', reverse("review-queue"), _("review queue")),
            ),
        )
    return redirect(back)
