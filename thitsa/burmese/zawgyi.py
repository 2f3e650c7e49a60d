"""Zawgyi detection (myanmartools, Google's model) and conversion to Unicode (paraencoder)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from math import exp, inf

from myanmartools import ZawgyiDetector
from para import zg_to_unicode

_MYANMAR = re.compile("[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]")
# Above this the detector is confident; below it converting would damage real Unicode text.
THRESHOLD = 0.95


@cache
def _detector() -> ZawgyiDetector:
    return ZawgyiDetector()


@cache
def _model() -> tuple[dict[str, int], object, int]:
    # myanmartools' own model (a Markov chain over 226 characters and "foreign"), read once.
    detector = _detector()
    # The library's own lookup decides each state: it bisects a string that is not wholly sorted,
    # so some Myanmar Extended characters count as foreign there, and must here too.
    states = {char: state for char in detector._chars if (state := detector._state(char))}
    return states, detector._params, len(detector._chars) + 1


def zawgyi_probability(text: str) -> float:
    """myanmartools' `get_zawgyi_probability`, computed with a dict lookup per character where
    it bisects twice per character and walks the text twice: the detector was a quarter of an
    import's time. The same sums in the same order, so the same values (tests compare them on
    the corpora)."""
    states, params, size = _model()
    path = [0, *(states.get(char, 0) for char in text), 0]
    # A pair of two foreign characters has no value in the model (NaN; NaN != NaN).
    llrs = [v for v in map(params.__getitem__, _pairs(path, size)) if v == v]
    if not llrs:
        return -inf
    total = sum(llrs)
    if total >= 0:
        z = exp(-total)
        return z / (z + 1)
    return 1 / (1 + exp(total))


def _pairs(path: list[int], size: int):
    return (a * size + b for a, b in zip(path, path[1:], strict=False))


def is_zawgyi(text: str) -> bool:
    return zawgyi_probability(text) > THRESHOLD


def to_unicode(text: str) -> str:
    """Text as Unicode Burmese (NFC): converted when the detector is confident it is Zawgyi,
    otherwise unchanged."""
    if not text or not is_zawgyi(text):
        return text
    return force_unicode(text)


def force_unicode(text: str) -> str:
    """Convert text known to be Zawgyi (the caller has decided) to Unicode, NFC."""
    # force: paraencoder's own detection must not veto the caller's.
    return unicodedata.normalize("NFC", zg_to_unicode(text, force=True))


# Spellings that canonical Unicode Burmese never has but Zawgyi writes all the time: a virama
# that stacks nothing (Zawgyi's asat), ေ or ျ at a word's start, or a medial after a vowel
# (Zawgyi types them before the consonant), visarga straight after a consonant (ကေလး for
# ကလေး), an asat followed by a vowel (Zawgyi's ya-pin: ေက်ာင္း), the code points Zawgyi
# uses for stacked and variant letters, and a wa medial where Unicode has no ra medial. Text
# is read as Zawgyi only when it shows one of these (or a stack Pali spelling never makes,
# below) and the detector agrees: short text is often valid in both encodings (ရွာကို is "to
# the village" in Unicode and ရှာကို in Zawgyi), and then it is Unicode.
_ZAWGYI_SIGN = re.compile(
    "\u1039(?![\u1000-\u1021])|(?:^|[^\u1000-\u109f])[\u1031\u103b]"
    "|[\u102b-\u1032\u1036-\u1038][\u103b-\u103e]"
    "|[\u1000-\u1021][\u103b-\u103e]*\u1038|\u103a[\u102b-\u102e\u1030-\u1032\u1036]"
    "|[\u1033\u1034\u105a\u1060-\u1097]"
    # ေ after a syllable's vowel, tone mark or asat: typed before the next consonant (ဆူးေလ).
    "|[\u102b-\u1032\u1036-\u1038\u103a]\u1031"
    # Zawgyi's wa medial is Unicode's ra medial, which Unicode never writes under ယ ရ လ ဝ အ:
    # ရြာ is Zawgyi's "village" (ရွာ), with no other sign when a field holds a name alone.
    "|[\u101a\u101b\u101c\u101d\u1021]\u103c"
)
# Unicode stacks a consonant under one of its own row (က္က, န္တ, မ္ဘ) or itself (လ္လ, သ္သ);
# Zawgyi's virama is an asat, so any consonant may follow it (ဒဏ္ရာ for ဒဏ်ရာ).
_STACK = re.compile("(?<!\u103a)([\u1000-\u1021])\u1039([\u1000-\u1021])")
_ROWS = [range(0x1000, 0x1005), range(0x1005, 0x100A), range(0x100B, 0x1010),
         range(0x1010, 0x1015), range(0x1015, 0x101A)]  # fmt: skip


def _odd_stack(text: str) -> bool:
    for upper, lower in _STACK.findall(text):
        if upper != lower and not any(ord(upper) in r and ord(lower) in r for r in _ROWS):
            return True
    return False


def zawgyi_spelled(text: str) -> bool:
    """Whether text shows a spelling Unicode Burmese never has (see _ZAWGYI_SIGN): Zawgyi,
    or a rare Unicode stack; the detector tells them apart on all but short text."""
    return bool(_MYANMAR.search(text)) and bool(_ZAWGYI_SIGN.search(text) or _odd_stack(text))


# Where the text shows a Zawgyi spelling the detector need only lean to Zawgyi: a few syllables
# ("မတ္လ", March; "မဂၤလာပါ") score 0.5-0.9 and stayed unconverted, while the rare Unicode that
# shows such a spelling (a Pali stack, ဗြဟ္မာ) scores under 0.01. Over the gazetteer's Burmese
# names and the UDHR in Unicode, one text shows a Zawgyi spelling and scores above this: a
# MIMU name typed with Zawgyi's asat (ငါးအိမ္စု).
SPELLED_THRESHOLD = 0.5


def looks_zawgyi(text: str) -> bool:
    """Zawgyi by its spelling and by the detector (see _ZAWGYI_SIGN)."""
    return zawgyi_spelled(text) and zawgyi_probability(text[:300]) > SPELLED_THRESHOLD


def lines_to_unicode(text: str, zawgyi: bool) -> str:
    """Text the caller has read as Zawgyi (or not) converted line by line, each line that
    plainly says otherwise read its own way: a post typed in Unicode quotes a Zawgyi message, a
    Zawgyi form pastes in a Unicode paragraph or title, and one reading for the whole garbled
    one part or left the other unreadable to search and matching. A line with no sign either
    way (short text valid in both encodings) takes the caller's reading."""
    if not zawgyi and not zawgyi_spelled(text):
        return text  # no line shows a Zawgyi spelling: the common case, one pass
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _MYANMAR.search(line) and (not _plainly_unicode(line) if zawgyi else looks_zawgyi(line)):
            lines[i] = force_unicode(line)
    return "\n".join(lines)


def _plainly_unicode(line: str) -> bool:
    # No Zawgyi spelling, and the detector all but sure: "သတင်း" scores 0, while "ရွာကို",
    # a word in both encodings, scores 0.97.
    return not zawgyi_spelled(line) and zawgyi_probability(line) < 1 - THRESHOLD
