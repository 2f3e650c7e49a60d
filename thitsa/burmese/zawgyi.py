"""Zawgyi detection (myanmartools) and conversion to Unicode."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import cache

from myanmartools import ZawgyiDetector

# Above this the detector is confident; below it converting would damage real Unicode text.
THRESHOLD = 0.95


@cache
def _detector() -> ZawgyiDetector:
    return ZawgyiDetector()


@cache
def _converter() -> Callable[[str], str] | None:
    # Optional converters, best first (measured on shared/data/burmese UDHR lines: paraencoder
    # 192/226 exact, python-myanmar 180/226). Neither is a hard dependency yet.
    try:
        from para import zg_to_unicode

        return zg_to_unicode
    except ImportError:
        pass
    try:
        from myanmar.converter import convert

        return lambda text: convert(text, "zawgyi", "unicode")
    except ImportError:
        return None


def zawgyi_probability(text: str) -> float:
    return _detector().get_zawgyi_probability(text)


def is_zawgyi(text: str) -> bool:
    return zawgyi_probability(text) > THRESHOLD


def to_unicode(text: str) -> str:
    """Text as Unicode Burmese: converted when it is confidently Zawgyi and a converter is
    installed, unchanged otherwise (also when no converter is available)."""
    if not text or not is_zawgyi(text):
        return text
    convert = _converter()
    if convert is None:
        return text
    return unicodedata.normalize("NFC", convert(text))
