"""Zawgyi detection (myanmartools, Google's model) and conversion to Unicode (paraencoder)."""

from __future__ import annotations

import unicodedata
from functools import cache
from math import exp, inf

from myanmartools import ZawgyiDetector
from para import zg_to_unicode

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
