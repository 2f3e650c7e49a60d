"""Small display helpers for the public pages: place names, casualty ranges, taxonomy labels,
and numbers in the reader's digits (Burmese pages write ၀-၉)."""

from __future__ import annotations

import re

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from thitsa.burmese.digits import to_burmese_digits
from thitsa.burmese.syllables import syllables
from thitsa.incidents.taxonomy import LABELS

register = template.Library()


def burmese_page() -> bool:
    return (get_language() or "").split("-")[0] == "my"


@register.filter
def digits(value) -> str:
    """ASCII digits as the page's language writes them: '2025-03-14' -> '၂၀၂၅-၀၃-၁၄' in Burmese.

    Only for figures, dates and counts: ids, P-codes and URLs keep ASCII digits.
    """
    if value is None or value == "":
        return value
    if not burmese_page():
        return value
    text = to_burmese_digits(str(value))
    return mark_safe(text) if isinstance(value, SafeData) else text


@register.filter
def num(value) -> str:
    """A count with thousands grouped, in the page's digits: 4491 -> '4,491' or '၄,၄၉၁'."""
    # Not intcomma alone: no format module gives 'my' a grouping (thitsa/formats/my sets dates
    # only), so it would not group there (home said ၄၄၉၁ where the map said ၄,၄၉၁).
    if isinstance(value, int) and not isinstance(value, bool):
        return digits(f"{value:,}")
    return digits(intcomma(value))


@register.simple_tag
def dataset_credits() -> list[str]:
    from thitsa.publish.credits import dataset_credits as credits

    return credits()


@register.simple_tag
def place_name(place) -> str:
    """English · Burmese (Burmese · English on Burmese pages), the Burmese marked lang="my" so
    it gets the Burmese font stack."""
    if place is None:
        return _("place unknown")
    if place.name_my and burmese_page():
        return format_html('<span lang="my">{}</span> · {}', place.name_my, place.name_en)
    if place.name_my:
        return format_html('{} · <span lang="my">{}</span>', place.name_en, place.name_my)
    return place.name_en


@register.simple_tag
def incident_place(incident) -> str:
    """Where the incident happened, as the pages lead with it: the place its sources named;
    else, when it is known only by a point, the point ("coordinates 22.6510, 95.2090", in
    ASCII digits on Burmese pages too, to be copied into a map as P-codes are); else "place
    unknown"."""
    if incident.place is not None:
        return place_name(incident.place)
    if incident.latitude is not None and incident.longitude is not None:
        point = {"lat": f"{incident.latitude:.4f}", "lon": f"{incident.longitude:.4f}"}
        return _("coordinates %(lat)s, %(lon)s") % point
    return _("place unknown")


CLAIM_FORMS = {
    "exact": "%(low)s",
    "range": "%(low)s–%(high)s",
    "at_least": gettext_lazy("at least %(low)s"),
    "more_than": gettext_lazy("more than %(below)s"),
    "approx": gettext_lazy("about %(middle)s"),
    "nearly": gettext_lazy("nearly %(high)s"),
    "up_to": gettext_lazy("up to %(high)s"),
    "dozens": gettext_lazy("dozens"),
    "hundreds": gettext_lazy("hundreds"),
    "thousands": gettext_lazy("thousands"),
}


@register.filter
def casualty(obj, kind: str) -> str:
    """The claim in the page's digits; see _casualty."""
    return digits(_casualty(obj, kind))


def _casualty(obj, kind: str) -> str:
    """'at least N', or 'N–M' when the credible claims span a range; '—' when nobody said.

    Works on incidents (never null) and source reports (null when the source gave no figure).
    """
    low, high = getattr(obj, f"{kind}_min"), getattr(obj, f"{kind}_max")
    if low is None and high is None:
        return "—"
    # A report's claim reads as its source wrote it ("24", "more than 20", "about 30").
    form = (getattr(obj, "casualty_forms", None) or {}).get(kind)
    if form in CLAIM_FORMS:
        middle = (low + high) // 2 if low is not None and high is not None else low
        return CLAIM_FORMS[form] % {
            "low": low, "high": high, "below": (low or 1) - 1, "middle": middle
        }  # fmt: skip
    low = low or 0
    if high is not None and high > low:
        return f"{low}–{high}"
    if low:
        return _("at least %(n)s") % {"n": low}
    # An incident's 0 means no source gave a figure (its page says "none reported"); a
    # report's 0 is what the source said.
    return "0" if hasattr(obj, "casualty_forms") else "—"


@register.filter
def label(code: str) -> str:
    """A target, weapon or attack-means code as the reader's words: 'school' -> 'School'."""
    if code not in LABELS:
        return code.replace("_", " ")
    # The English labels are listed for the catalogue in thitsa.publish.vocabulary.
    return _(LABELS[code])


@register.filter
def term(text: str) -> str:
    """A taxonomy word stored in English (an ACLED event type, a grade) in the reader's words."""
    return _(text) if text else text


@register.filter(expects_localtime=True)
def local_date(day, fmt: str = "j F Y") -> str:
    """`date`, with Burmese digits and month names on Burmese pages: '၁၄ မတ် ၂၀၂၅'."""
    if not day:
        return ""
    return digits(date_format(day, fmt))


@register.filter
def incident_date(incident) -> str:
    """The date as precisely as it is known: '14 March 2025', 'March 2025', '2025'
    ('၁၄ မတ် ၂၀၂၅' on Burmese pages)."""
    return digits(_incident_date(incident))


def _incident_date(incident) -> str:
    return _as_known(incident.date, incident.date_precision, "j F Y", "F Y")


def _as_known(day, precision: str, day_format: str, month_format: str) -> str:
    """A date as precisely as it is known: a month-dated report is stored on the 1st."""
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return date_format(day, month_format)
    if precision == "week":
        return _("week of %(day)s") % {"day": date_format(day, day_format)}
    return date_format(day, day_format)


@register.filter(expects_localtime=True)
def dated(day, precision: str) -> str:
    """A report's date in a table, as precisely as it is known: '2025-05-12', '2025-05',
    '2025' (Burmese digits on Burmese pages)."""
    return digits(_as_known(day, precision, "Y-m-d", "Y-m")) if day else ""


@register.filter(expects_localtime=True)
def dated_long(day, precision: str) -> str:
    """The same in words: '12 September 2025', 'May 2025', '2025'. Months in full: Burmese has
    no short forms (Django's, စက် and အောက်, are the words "machine" and "under")."""
    return digits(_as_known(day, precision, "j F Y", "F Y")) if day else ""


# Who linked or decided, as stored (in English, by thitsa.incidents.matching): "match v3",
# "match v3: new incident". A person is stored by username and shown as is.
MATCHER_NOTES = {"new incident": gettext_lazy("new incident")}


@register.filter
def agent(text: str) -> str:
    """'match v3: new incident' -> 'the matcher (v3): new incident', in the reader's words."""
    if not text or not text.startswith("match v"):
        return text
    name, _sep, note = text.partition(": ")
    words = _("the matcher (%(version)s)") % {"version": name.removeprefix("match ")}
    return f"{words}: {MATCHER_NOTES.get(note, note)}" if note else words


# What a verifier's action writes into the history, stored in English (thitsa.incidents.models,
# thitsa.publish.placing): read back in the page's language. A note a verifier typed stays
# as typed.
_HISTORY_NOTES = [
    (re.compile(p), text)
    for p, text in [
        (r"merged from (?P<id>\S+)", gettext_lazy("merged from %(id)s")),
        (r"merged into (?P<id>\S+)", gettext_lazy("merged into %(id)s")),
        (r"split off (?P<id>\S+)", gettext_lazy("split off %(id)s")),
        (r"separate again from (?P<id>\S+)", gettext_lazy("separate again from %(id)s")),
        (
            r"not the same as (?P<id>\S+), merged into (?P<other>\S+)",
            gettext_lazy("not the same as %(id)s, which was merged into %(other)s"),
        ),
        (
            r"not the same as (?P<id>\S+), split off (?P<other>\S+)",
            gettext_lazy("not the same as %(id)s, from which this incident was split off"),
        ),
        (r"published", gettext_lazy("published")),
        (r"withdrawn from the public site", gettext_lazy("withdrawn from the public site")),
        (
            r"grade set to (?P<grade>\w+) \(was (?P<was>\w+)\)",
            gettext_lazy("grade set to %(grade)s (was %(was)s)"),
        ),
        # A source rated (thitsa.incidents.rating), and what it moved.
        (
            r"(?P<name>.+): reliability (?P<rel_was>[A-F]) -> (?P<rel_now>[A-F])",
            gettext_lazy("%(name)s rated %(rel_now)s (was %(rel_was)s)"),
        ),
        (
            r"(?P<name>.+): kind (?P<kind_was>\w+) -> (?P<kind_now>\w+)",
            gettext_lazy("%(name)s is of the kind %(kind_now)s now (was %(kind_was)s)"),
        ),
        (
            r"grade (?P<was>\w+) -> (?P<grade>\w+)",
            gettext_lazy("grade %(was)s → %(grade)s"),
        ),
        (
            r"(?P<count>killed|injured)_(?P<bound>min|max) (?P<n>\d+) -> (?P<rid>\d+)",
            gettext_lazy("%(count)s, %(bound)s: %(n)s → %(rid)s"),
        ),
        (
            r"grade back to automatic \(was (?P<was>\w+)\)",
            gettext_lazy("grade back to automatic (was %(was)s)"),
        ),
        (
            r"report (?P<rid>\d+) matched again: no other incident fits",
            gettext_lazy("report %(rid)s matched again: no other incident fits"),
        ),
        (
            r"report (?P<rid>\d+) joined, matched again with its new place",
            gettext_lazy("report %(rid)s joined, matched again with its new place"),
        ),
        (
            r"its report was matched again and joined (?P<id>\S+): this id now points there",
            gettext_lazy(
                "its report was matched again and joined %(id)s: this id now points there"
            ),
        ),
        # Places and dates given (thitsa.publish.placing, review_dates): the log showed them
        # in English on Burmese pages.
        (
            r"place of 1 report written “(?P<text>.*)” set to (?P<place>.+) by the places to "
            r"check",
            gettext_lazy(
                "place of 1 report written “%(text)s” set to %(place)s by the places to check"
            ),
        ),
        (
            r"place of (?P<n>\d+) reports written “(?P<text>.*)” set to (?P<place>.+) by the "
            r"places to check",
            gettext_lazy(
                "place of %(n)s reports written “%(text)s” set to %(place)s by the places to check"
            ),
        ),
        (
            r"place set to (?P<place>.+) \(was (?P<before>\S+)\) for its place text "
            r"“(?P<text>.*)”, by the places to check",
            gettext_lazy(
                "place set to %(place)s (was %(before)s) for its place text “%(text)s”, by the "
                "places to check"
            ),
        ),
        (
            r"event date set to (?P<day>\d{4}-\d\d-\d\d) \((?P<precision>\w+)\) by the dates "
            r"to give",
            gettext_lazy("event date set to %(day)s (%(precision)s) by the dates to give"),
        ),
    ]
]


@register.filter
def history_note(note: str) -> str:
    """A history note in the page's language ("merged from MMR-2025-000003")."""
    if not note:
        return ""
    return "; ".join(_history_part(part) for part in note.split("; "))


def _history_part(part: str) -> str:
    for pattern, text in _HISTORY_NOTES:
        if found := pattern.fullmatch(part):
            values = {k: _grade_word(v) if k in ("grade", "was") else v
                      for k, v in found.groupdict().items()}  # fmt: skip
            if "precision" in values:
                values["precision"] = _precision_word(values["precision"])
            if "count" in values:
                values["count"] = _COUNT_WORDS[values["count"]]()
                values["bound"] = _BOUND_WORDS[values["bound"]]()
            if values.get("before") == "none":
                # A report that had no place: "(ယခင် none)" on Burmese pages.
                values["before"] = _("no place")
            return str(text) % {
                k: digits(v) if k in ("rid", "n", "day") else v for k, v in values.items()
            }
    return part


_COUNT_WORDS = {"killed": lambda: _("killed"), "injured": lambda: _("injured")}
_BOUND_WORDS = {"min": lambda: _("at least"), "max": lambda: _("at most")}


def _precision_word(precision: str) -> str:
    from thitsa.reports.models import DATE_PRECISIONS

    return str(dict(DATE_PRECISIONS).get(precision, precision))


def _grade_word(grade: str) -> str:
    from thitsa.incidents.taxonomy import GRADES

    if grade == "automatic":
        return _("automatic")
    return str(dict(GRADES).get(grade, grade)).lower()


# The evidence custody log's actions, stored in English (thitsa.evidence.models).
CUSTODY_ACTIONS = {
    "added": gettext_lazy("added"),
    "added again": gettext_lazy("added again"),
    "derived": gettext_lazy("public copy made"),
    "downloaded": gettext_lazy("downloaded"),
    "near duplicates": gettext_lazy("near duplicates found"),
    "public copy failed": gettext_lazy("public copy failed"),
    "published": gettext_lazy("published"),
}


@register.filter
def custody_action(action: str) -> str:
    return CUSTODY_ACTIONS.get(action, action)


# The keys a custody entry's detail is stored under (thitsa.evidence.models), in the reader's
# words; an unknown key is shown as stored.
CUSTODY_KEYS = {
    "name": pgettext_lazy("custody", "file name"),
    "size": pgettext_lazy("custody", "size in bytes"),
    "media_type": pgettext_lazy("custody", "media type"),
    "reports": pgettext_lazy("custody", "reports"),
    "incidents": pgettext_lazy("custody", "incidents"),
    "of": pgettext_lazy("custody", "of"),
    "copy": pgettext_lazy("custody", "copy"),
    "sha256": "SHA-256",
    "how": pgettext_lazy("custody", "how"),
    "was": pgettext_lazy("custody", "replaces"),
    "error": pgettext_lazy("custody", "error"),
    "why": pgettext_lazy("custody", "why"),
    "file": pgettext_lazy("custody", "file"),
    "via": pgettext_lazy("custody", "via"),
}
# Details that name things by id: ids stay in ASCII digits on Burmese pages (GLOSSARY.md).
_CUSTODY_IDS = {"reports", "incidents", "of", "sha256", "was", "name"}


@register.filter
def custody_detail(detail) -> list[tuple[str, str]]:
    """A custody entry's detail as (label, value) pairs for the page."""
    if not isinstance(detail, dict):
        return [("", plain(detail))]
    return [
        (CUSTODY_KEYS.get(k, k), _as_ids(v) if k in _CUSTODY_IDS else plain(v))
        for k, v in detail.items()
    ]


def _as_ids(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


@register.filter
def plain(value) -> str:
    """A stored detail as a reader writes it: lists joined with commas, not Python's reprs
    ("[4489]", "['MMR-2025-000001']"); numbers in the page's digits."""
    if isinstance(value, (list, tuple)):
        return ", ".join(plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {plain(v)}" for k, v in value.items())
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, (int, float)):
        return digits(str(value))
    return str(value)


@register.filter
def snippet(text, length: int = 80) -> str:
    """The start of a text on one line, for a list: at most `length` characters, cut at a word
    ("…" says so). For a report without a title (ACLED's and UCDP's have none)."""
    words = " ".join(str(text or "").split())
    if len(words) <= length:
        return words
    cut = words[: length - 1]  # room for the "…"
    if words[length - 1] == " ":
        return cut + "…"
    if " " in cut[length // 2 :]:
        return cut.rsplit(" ", 1)[0] + "…"
    # Burmese writes a phrase without spaces between its words: cut between its syllables.
    head, _, run = cut.rpartition(" ")
    kept = ""
    for syllable in syllables(words[len(cut) - len(run) :].split(" ", 1)[0]):
        if len(kept) + len(syllable) > len(run):
            break
        kept += syllable
    # A run that is no Burmese (a long address) is cut where it must be.
    return (f"{head} {kept}".lstrip() if kept else cut) + "…"
