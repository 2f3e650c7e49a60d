"""The filter form shared by the incidents list and the map: query string -> figures.Filters."""

from __future__ import annotations

import re

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from thitsa.burmese.digits import to_ascii_digits
from thitsa.figures.query import PCODE, FigureError, Filters, place_filter
from thitsa.incidents.taxonomy import ATTACK_MEANS, EVENT_TYPES, TARGETS, WEAPONS
from thitsa.places.models import Place

ANY = [("", _("any"))]
# Taxonomy labels are plain English strings; thitsa.publish.vocabulary lists them for the catalogue.
TARGET_CHOICES = ANY + [(c, _(lbl)) for c, lbl, _w in TARGETS]
# The figures' default, said where it is chosen: every event type but Battles (clashes between
# armed groups) and events without violence (protests, arrests), which are not attacks on
# civilians; "all" counts them too, as the API's include_battles and include_non_violent do.
ALL_TYPES = "all"
# Each ACLED type, then its sub-types ("Air/drone strike"): the figure of airstrikes a
# journalist asks for, which the API answered and this page could not.
EVENT_TYPE_CHOICES = [
    ("", _("attacks: all but battles and events without violence")),
    (ALL_TYPES, _("all events")),
] + [
    (_(t), [(t, format_lazy(_("all {type}"), type=_(t))), *((sub, _(sub)) for sub in subs)])
    for t, subs in EVENT_TYPES.items()
]
MEANS_CHOICES = ANY + [(c, _(lbl)) for c, lbl, _w in ATTACK_MEANS]
WEAPON_CHOICES = ANY + [(c, _(lbl)) for c, lbl, _w in WEAPONS]
# The grades a figure counts, from the best down (figures.query.grades_counted); the default,
# every grade but discounted, as `thitsa figure` and the API count.
GRADE_CHOICES = [
    ("", _("all but discounted")),
    ("confirmed", _("confirmed only")),
    ("fair", _("confirmed or fair")),
    ("weak", _("confirmed, fair or weak")),
    ("discounted", _("all, discounted included")),
]
PCODE_IN_PARENS = re.compile(r"\(((?:MMR)?[0-9A-Z]*\d{3})\)")


class DateField(forms.DateField):
    """A date in Latin or Burmese digits (an address typed by hand: ?since=၂၀၂၅-၀၁-၀၁)."""

    def to_python(self, value):
        return super().to_python(to_ascii_digits(value) if isinstance(value, str) else value)


class FilterForm(forms.Form):
    since = DateField(
        label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=200,
        help_text=_("A name or P-code, e.g. Depayin or MMR005"),
    )
    target = forms.ChoiceField(label=_("Target"), required=False, choices=TARGET_CHOICES)
    event_type = forms.ChoiceField(
        label=_("Event type"), required=False, choices=EVENT_TYPE_CHOICES
    )
    weapon = forms.ChoiceField(label=_("Weapon"), required=False, choices=WEAPON_CHOICES)
    means = forms.ChoiceField(label=_("Attack means"), required=False, choices=MEANS_CHOICES)
    perpetrator = forms.CharField(label=_("Perpetrator"), required=False, max_length=200)
    # Found by a verifier: ?min_grade=fair, which the API takes, was ignored here.
    min_grade = forms.ChoiceField(label=_("Grade"), required=False, choices=GRADE_CHOICES)

    # Places a name could mean, offered as links when the name is ambiguous.
    place_candidates: list[Place] = []

    def clean_place(self) -> Place | None:
        text = self.cleaned_data["place"].strip()
        if not text:
            return None
        try:
            return place_filter(text)
        except FigureError as e:
            # FigureError carries only a message ("'Kanbalu' is ambiguous: Kanbalu (MMR005007),
            # ..."); its P-codes become links. A message without them just shows no links.
            codes = PCODE_IN_PARENS.findall(str(e))
            places = Place.objects.filter(pcode__in=codes).select_related("state")
            self.place_candidates = list(places)
            raise forms.ValidationError(public_place_error(text, self.place_candidates)) from e

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("Until must not be before since."))
        return data

    def filters(self) -> Filters:
        """The figure query's filters; call only after is_valid()."""
        d = self.cleaned_data
        place = d.get("place")
        event_type = d.get("event_type") or None
        return Filters(
            since=d.get("since"),
            until=d.get("until"),
            place=place.pcode if place else None,
            target=d.get("target") or None,
            weapon=d.get("weapon") or None,
            event_type=None if event_type == ALL_TYPES else event_type,
            perpetrator=d.get("perpetrator") or None,
            means=d.get("means") or None,
            min_grade=d.get("min_grade") or None,
            include_battles=event_type == ALL_TYPES,
            include_non_violent=event_type == ALL_TYPES,
        )


def public_place_error(text: str, candidates: list[Place]) -> str:
    """FigureError's words are for the command line (English, with `thitsa place resolve`
    advice): the public page says the same in a sentence of its own, in the reader's language."""
    if candidates:
        return _("“%(name)s” is the name of several places: choose one below.") % {"name": text}
    if PCODE.match(text.upper()):
        return _("No place has the P-code %(code)s.") % {"code": text.upper()}
    return _(
        "No place called “%(name)s”: try the township's name, in English or Burmese, or its "
        "P-code (e.g. Depayin or MMR005010)."
    ) % {"name": text}


# What a link shared on Facebook or in a newsletter carries beside the filters: every shared
# figure's link was refused ("fbclid").
_TRACKING = re.compile(r"utm_\w+$|fbclid$|gclid$|dclid$|msclkid$|mc_cid$|mc_eid$|_ga$|ref$")


def filters_from(request) -> tuple[FilterForm, Filters | None]:
    """The bound form and its filters (None when the query string does not validate)."""
    if not request.GET:
        return FilterForm(), Filters()
    form = FilterForm(request.GET)
    if not form.is_valid():
        return form, None
    # A filter this page does not have ("sub_event_type=", copied from elsewhere, or misspelt)
    # was ignored, and the page showed the figure without it as if it were the one asked for.
    known = {*FilterForm.base_fields, "page"}
    if unknown := sorted(k for k in request.GET if k not in known and not _TRACKING.match(k)):
        form.add_error(
            None,
            _("Not a filter of this page: %(names)s. Remove it, or choose from the filters.")
            % {"names": ", ".join(unknown)},
        )
        return form, None
    return form, form.filters()
