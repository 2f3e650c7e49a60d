"""Zawgyi detection (myanmartools, Google's model) and conversion to Unicode (paraencoder)."""

from __future__ import annotations

import unicodedata
from functools import cache

from myanmartools import ZawgyiDetector
from para import zg_to_unicode

# Above this the detector is confident; below it converting would damage real Unicode text.
THRESHOLD = 0.95


@cache
def _detector() -> ZawgyiDetector:
    return ZawgyiDetector()


def zawgyi_probability(text: str) -> float:
    return _detector().get_zawgyi_probability(text)


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
