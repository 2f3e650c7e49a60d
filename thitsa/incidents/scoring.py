"""Whether a report and an incident describe the same event: features and a score. No database.

Each feature is a number in 0..1 (0.5 where the evidence says nothing either way); the score is
their weighted sum. `features` returns None when the two cannot be the same event at all, so
the caller can skip them without scoring: dates or places too far apart, incompatible event
types, two rows of one dataset, one outlet telling another day, or two contrary facts at once
(see `contrary`: two villages, other means, other targets, 3 and 40 killed, ...). One contrary
fact is often a reporting slip, and the weighted sum lets the rest outvote it; two seldom are
(benchmarks/match_quality.py, seed 1: of the report pairs of one township a few days apart, 0.1%
of those telling one event have two, 21% of those telling two events).
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from operator import mul

from rapidfuzz import fuzz

from thitsa.burmese.syllables import syllables, token_chunks
from thitsa.incidents.taxonomy import MEANS_FAMILY, STATE_SIDE
from thitsa.places.adjacency import overlaps, twins

# Days either side of the report's date that an incident may lie, by the report's date precision.
WINDOW_DAYS = {"day": 2, "week": 7, "month": 31, "year": 366}
LINK = 0.80  # at or above: the same event
# From here up to LINK: linked, and queued for a verifier. benchmarks/match_quality.py: at 0.55
# most of the band were other events of the same township a day apart; 0.65 gained 0.07 pair
# precision for 0.01 recall. With the rules that rule pairs out, 0.75 over 0.72 gained 0.013-0.016
# precision for 0.005 recall (seeds 1 and 2); 0.78 cost 0.013-0.026 more recall for 0.006-0.016.
REVIEW = 0.75
WEIGHTS = {
    "date": 0.22,
    "place": 0.30,
    "type": 0.06,
    "means": 0.08,
    "targets": 0.06,
    "weapons": 0.06,
    "casualties": 0.08,
    "perpetrator": 0.04,
    "text": 0.10,
    "source": 0.10,
}
FINE_LEVELS = {"village", "ward", "tract", "town"}
_MYANMAR = re.compile("[\u1000-\u109f]")
# Sources file one attack under different ACLED types: an airstrike on a village is "remote
# violence" to one outlet and "violence against civilians" to another.
# A village burned is "arson", violence against civilians, to an outlet and "Looting/property
# destruction", a strategic development, to ACLED: one burning was counted twice.
_KINDRED_TYPES = {
    frozenset({"Explosions/Remote violence", "Violence against civilians"}),
    frozenset({"Battles", "Explosions/Remote violence"}),
    frozenset({"Violence against civilians", "Strategic developments"}),
}


@dataclass(slots=True)
class Event:
    """What matching compares: one report, or the incident built so far. A report's sets are
    frozen (the empty one is shared: matching keeps every report of a run in memory); the
    incident's own are sets it grows."""

    date: date
    precision: str = "day"
    place_id: str | None = None
    place_level: str | None = None
    place_parent: str | None = None  # a village's tract, a tract's township
    township_id: str | None = None
    state_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    event_type: str = ""
    means: set[str] = field(default_factory=set)  # families of means (`means_families`)
    targets: set[str] = field(default_factory=set)
    weapons: set[str] = field(default_factory=set)
    killed: int | None = None  # credible counts only (see reconcile.credible)
    perpetrator: str = ""
    text: str = ""  # as written, until a comparison first needs its words (`read_words`)
    # The account's words and syllables as a set of bits (see `words_of`), how many (-1: not
    # read yet), and whether it is mostly Burmese.
    words: int = 0
    word_count: int = -1
    burmese: bool = False
    # The datasets it is a row of, and which rows (see matching.dataset_row).
    datasets: set[str] = field(default_factory=set)
    dataset_rows: set[str] = field(default_factory=set)
    sources: set[int] = field(default_factory=set)


def km_between(a: Event, b: Event) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    dlat = math.radians(b.lat - a.lat)
    dlon = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 6371.0 * math.hypot(dlat, dlon)


def features(
    report: Event, incident: Event, neighbours: frozenset[str] = frozenset()
) -> dict[str, float] | None:
    """Feature values in 0..1 by name, or None when the two cannot be the same event."""
    values = feature_values(report, incident, neighbours)
    return None if values is None else dict(zip(WEIGHTS, values, strict=True))


def feature_values(
    report: Event, incident: Event, neighbours: frozenset[str] = frozenset()
) -> tuple[float, ...] | None:
    """`features` as a tuple in WEIGHTS order. Matching a million reports computes it about
    18 million times, so it is written for speed: one call, no dict, the sets tested with
    isdisjoint (no new set made), the rules that rule a pair out as early as their inputs
    allow."""
    precision, other = report.precision, incident.precision
    window = max(WINDOW_DAYS.get(precision, 2), WINDOW_DAYS.get(other, 2))
    days = abs((report.date - incident.date).days)
    if days > window:
        return None
    # A dataset lists each event once: two of its rows are two events.
    if (
        report.datasets
        and not report.datasets.isdisjoint(incident.datasets)
        and report.dataset_rows.isdisjoint(incident.dataset_rows)
    ):
        return None
    kind, other_kind = report.event_type, incident.event_type
    if not kind or not other_kind:
        type_score = 0.5
    elif kind == other_kind:
        type_score = 1.0
    elif frozenset((kind, other_kind)) in _KINDRED_TYPES:
        type_score = 0.3
    else:
        return None
    # An outlet tells an event once and then updates it (same day, same place, a higher toll):
    # its report of another day is another event. (One that knew only the month, then the day,
    # may still be telling one event.)
    same_source = not report.sources.isdisjoint(incident.sources)
    if same_source and days and precision == other:
        return None
    place = _place(report, incident, neighbours)
    if place is None:
        return None
    means = _overlap(report.means, incident.means)
    targets = _overlap(report.targets, incident.targets)
    weapons = _overlap(report.weapons, incident.weapons)
    casualties = _casualties(report.killed, incident.killed)
    # Two contrary facts rule the pair out: the CONTRARY features at 0, and two exact days two
    # or more apart (as `contrary` lists them).
    against = (
        (place == 0.0)
        + (means == 0.0)
        + (targets == 0.0)
        + (weapons == 0.0)
        + (casualties == 0.0)
        + (days >= 2 and precision == other == "day")
    )
    if against >= 2:
        return None
    return (
        1.0 - (days / (window + 1)) ** 2,
        place,
        type_score,
        means,
        targets,
        weapons,
        casualties,
        _perpetrator(report.perpetrator, incident.perpetrator)
        if report.perpetrator and incident.perpetrator
        else 0.5,
        _text(report, incident),
        # The same outlet on the same day: an update of its report, or a second event it told
        # that day; a new outlet is what corroboration looks like.
        0.5 if same_source else 1.0,
    )


CONTRARY = ("place", "means", "targets", "weapons", "casualties")


def contrary(f: dict[str, float], days: int, a: Event, b: Event) -> list[str]:
    """The facts on which two accounts disagree outright: two villages, other means, targets or
    weapons, killed counts no rising toll explains, two exact days two or more apart."""
    found = [name for name in CONTRARY if f[name] == 0.0]
    if days >= 2 and a.precision == b.precision == "day":
        found.append("date")
    return found


_TWIN_OF: dict[str, tuple[str, str]] = {}


def _twin_of() -> dict[str, tuple[str, str]]:
    _TWIN_OF.update(twins())
    return _TWIN_OF


def _place(report: Event, incident: Event, neighbours: frozenset[str]) -> float | None:
    if report.place_id and report.place_id == incident.place_id:
        return 1.0
    distance = km_between(report, incident)
    if distance is not None and distance <= 2:
        return 0.9
    same_township = report.township_id is not None and (
        report.township_id == incident.township_id
        # One ground under two codes (Hlaingtharya before its split and its East part).
        or (
            incident.township_id in neighbours
            and incident.township_id in overlaps().get(report.township_id, ())
        )
    )
    # A village and the tract it lies in (reports name the village, the resolver sometimes
    # finds its tract of the same name) do not disagree.
    nested = report.place_id is not None and (
        report.place_parent == incident.place_id or incident.place_parent == report.place_id
    )
    if (
        same_township
        and not nested
        and report.place_level in FINE_LEVELS
        and incident.place_level in FINE_LEVELS
        # Parts of one village ("Oe Htein Kwin (North)" and "(South)") are one place to tell.
        # (Asked of most pairs scored: the map is read once, and most places are in none.)
        and (
            (twin := (_TWIN_OF or _twin_of()).get(report.place_id)) is None
            or twin != _TWIN_OF.get(incident.place_id)
        )  # fmt: skip
    ):
        # Two different villages of one township: the classic near-miss, so no credit.
        return 0.0
    if same_township:
        return 0.6
    if distance is not None and distance <= 10:
        return 0.5
    if incident.township_id and incident.township_id in neighbours:
        return 0.25
    if (
        report.state_id
        and report.state_id == incident.state_id
        and "state" in (report.place_level, incident.place_level)
    ):
        return 0.3  # one side only knows the state
    return None


def means_families(codes) -> frozenset[str]:
    """Means as matching compares them: an airstrike and a drone strike are one family."""
    return frozenset(MEANS_FAMILY.get(m, m) for m in codes)


def _overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.5
    return 0.0 if a.isdisjoint(b) else 1.0


def _casualties(a: int | None, b: int | None) -> float:
    if a is None or b is None:
        return 0.5
    low, high = sorted((a, b))
    # Counts rise over days as bodies are found, and "at least 20" and "more than 30" may tell
    # one event; 3 and 40 killed no rising toll explains. Not a rule on its own: a source may
    # inflate its claim (300 against 22), so it counts as one contrary fact.
    if high <= low + 3 or high <= 1.5 * low:
        return 1.0
    return 0.6 if high <= 2 * low + 3 else 0.0


@lru_cache(maxsize=4096)  # a few dozen names, met millions of times
def _perpetrator(a: str, b: str) -> float:
    if not a or not b:
        return 0.5
    a, b = a.strip().lower(), b.strip().lower()
    if a in STATE_SIDE and b in STATE_SIDE:
        return 1.0  # "Tatmadaw", "SAC" and its air force are one side
    return 1.0 if fuzz.token_set_ratio(a, b) >= 80 else 0.0


# Bits a word may fall on: two accounts of 40 words share about 0.4 by chance (0.01 of the
# feature), and an account's set costs about 550 bytes (matching keeps every report in memory).
WORD_BITS = 4096
_BIT = tuple(1 << i for i in range(WORD_BITS))  # made once: about 1 MB, whatever the vocabulary


def words_of(text: str) -> tuple[int, int, bool]:
    """An account's comparison tokens (English words, Burmese syllables) as a set of bits, the
    number of bits set, and whether it is mostly Burmese. Comparing two sets is then an AND and
    a count (0.2 us), where rapidfuzz's token_set_ratio took 5 us a pair, two thirds of a
    feature computation. CRC-32 places each word, so the bits are the same in every process."""
    bits = count = burmese = 0
    for chunk in token_chunks(text):
        known = _CHUNKS.get(chunk)
        if known is None:
            known = _CHUNKS[chunk] = _chunk_words(chunk)
            if len(_CHUNKS) > 50_000:  # each holds a 4,096-bit set: about 30 MB at most
                _CHUNKS.clear()
        bits |= known[0]
        count += known[1]
        burmese += known[2]
    if not count:
        return 0, 0, False
    return bits, bits.bit_count(), burmese > count / 2


# Accounts repeat their words: each run of letters is cut into syllables and placed once (a
# million reports' words took 40 us a report to place, most of it on words seen before).
# Kept for the length of a match run (`forget_words`).
_CHUNKS: dict[str, tuple[int, int, int]] = {}


def forget_words() -> None:
    """Drop what `words_of` remembered: a server's process would keep it forever."""
    _CHUNKS.clear()


def _chunk_words(chunk: str) -> tuple[int, int, int]:
    """A run of letters' bits, its number of tokens, and how many of them are Burmese."""
    found = syllables(chunk)
    bits = 0
    for token in found:
        bits |= _BIT[zlib.crc32(token.encode()) % WORD_BITS]
    # An ASCII word holds no Burmese: only the others need the search.
    return bits, len(found), sum(1 for t in found if not t.isascii() and _MYANMAR.search(t))


def read_words(e: Event) -> int:
    """The event's words, read from its text on first need (most candidates are ruled out
    before their text counts); returns how many."""
    if e.word_count < 0:
        e.words, e.word_count, e.burmese = words_of(e.text)
        e.text = ""  # read once: matching keeps every report of a run in memory
    return e.word_count


def _text(a: Event, b: Event) -> float:
    """The share of the shorter account's words found in the other (1.0 when one account
    repeats the other's words and adds its own, as follow-ups do)."""
    if not read_words(a) or not read_words(b):
        return 0.5
    # An English and a Burmese account share no words whether or not they tell one event:
    # their text says nothing either way.
    if a.burmese != b.burmese:
        return 0.5
    return (a.words & b.words).bit_count() / min(a.word_count, b.word_count)


def score(f: dict[str, float]) -> float:
    # By name: features read back from storage may come in another order (PostgreSQL's jsonb
    # sorts its keys).
    return score_values(tuple(f[name] for name in WEIGHTS))


_WEIGHT_VALUES = tuple(WEIGHTS.values())


def score_values(values: tuple[float, ...]) -> float:
    """The score of `feature_values`' tuple (the same sum, in the same order, as `score`)."""
    return round(sum(map(mul, _WEIGHT_VALUES, values)), 4)


def outcome(value: float, f: dict[str, float]) -> str:
    # Across a township border (or state-only places) the place says little: only closely
    # similar accounts are worth a verifier's time.
    if f["place"] < 0.5 and f["text"] < 0.7:
        return "new"
    if value >= LINK:
        # With a fact on which the two disagree outright (other means, two villages, counts no
        # rising toll explains), a verifier decides: "Airstrike on Wetlet ferry kills 5" was
        # linked, unseen, to the shelling of a village nearby, and its 4 dead went uncounted.
        return "review" if any(f[name] == 0.0 for name in CONTRARY) else "link"
    return "review" if value >= REVIEW else "new"
