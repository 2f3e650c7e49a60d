"""Small display helpers for the public pages: place names, casualty ranges, taxonomy labels."""

from __future__ import annotations

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thitsa.incidents.taxonomy import LABELS

register = template.Library()


@register.simple_tag
def place_name(place) -> str:
    """English · Burmese, with the Burmese marked lang="my" so it gets the Burmese font stack."""
    if place is None:
        return _("place unknown")
    if place.name_my:
        return format_html('{} · <span lang="my">{}</span>', place.name_en, place.name_my)
    return place.name_en


CLAIM_FORMS = {
    "exact": "%(low)s",
    "range": "%(low)s–%(high)s",
    "at_least": gettext_lazy("at least %(low)s"),
    "more_than": gettext_lazy("more than %(below)s"),
    "approx": gettext_lazy("about %(low)s"),
    "up_to": gettext_lazy("up to %(high)s"),
    "dozens": gettext_lazy("dozens"),
}


@register.filter
def casualty(obj, kind: str) -> str:
    """'at least N', or 'N–M' when the credible claims span a range; '—' when nobody said.

    Works on incidents (never null) and source reports (null when the source gave no figure).
    """
    low, high = getattr(obj, f"{kind}_min"), getattr(obj, f"{kind}_max")
    if low is None and high is None:
        return "—"
    # A report's claim reads as its source wrote it ("24", "more than 20", "about 30").
    form = (getattr(obj, "casualty_forms", None) or {}).get(kind)
    if form in CLAIM_FORMS:
        return CLAIM_FORMS[form] % {"low": low, "high": high, "below": (low or 1) - 1}
    low = low or 0
    if high is not None and high > low:
        return f"{low}–{high}"
    return _("at least %(n)s") % {"n": low} if low else "0"


@register.filter
def label(code: str) -> str:
    return LABELS.get(code, code.replace("_", " "))


@register.filter
def incident_date(incident) -> str:
    """The date as precisely as it is known: '14 March 2025', 'March 2025', '2025'."""
    day, precision = incident.date, incident.date_precision
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return date_format(day, "F Y")
    if precision == "week":
        return _("week of %(day)s") % {"day": date_format(day, "j F Y")}
    return date_format(day, "j F Y")
