"""Sources and their reliability (Admiralty A-F), which a verifier sets here: a rating moves
the ranges and grades of every incident its reports are in, so each change is logged, on the
source and on each incident it moves (thitsa.incidents.rating), as `thitsa source` does."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from thitsa.accounts.roles import requires
from thitsa.incidents.rating import rate_source
from thitsa.publish.paging import page_of
from thitsa.publish.review_views import refused_to
from thitsa.publish.templatetags.publish import num
from thitsa.publish.turns import between_bulk_matches
from thitsa.reports.models import RELIABILITY, Source

PER_PAGE = 50


class RatingForm(forms.Form):
    source = forms.ModelChoiceField(queryset=Source.objects.all(), widget=forms.HiddenInput)
    reliability = forms.ChoiceField(choices=RELIABILITY)


@requires("verify")
def sources(request):
    """Every source, the busiest first, with its rating; `q` finds sources by name."""
    query = (request.GET.get("q") or "").strip()[:200]
    listed = Source.objects.annotate(n=Count("reports")).order_by("-n", "name")
    if query:
        listed = listed.filter(name__icontains=query)
    page_obj = page_of(Paginator(listed, PER_PAGE), request.GET.get("page"))
    context = {"page_obj": page_obj, "q": query, "reliability": RELIABILITY}
    return render(request, "publish/review/sources.html", context)


@requires("verify")
@require_POST
@between_bulk_matches
def source_set(request):
    form = RatingForm(request.POST)
    back = request.POST.get("back") or ""
    target = back if back.startswith("/review/sources/") else "review-sources"
    if not form.is_valid():
        return refused_to(request, form, target)
    source = form.cleaned_data["source"]
    rated = rate_source(source, request.user, reliability=form.cleaned_data["reliability"])
    if not rated.changed:
        messages.info(request, _("%(name)s is rated so already; nothing changed.") % {
            "name": source.name
        })  # fmt: skip
        return redirect(target)
    moved = len(rated.incidents_changed)
    messages.success(
        request,
        ngettext(
            "%(name)s is rated %(rating)s now; %(n)s incident changed its grade or counts.",
            "%(name)s is rated %(rating)s now; %(n)s incidents changed their grade or counts.",
            moved,
        )
        % {"name": source.name, "rating": source.get_reliability_display(), "n": num(moved)},
    )
    return redirect(target)
