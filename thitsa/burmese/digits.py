"""Burmese digits (၀-၉) to ASCII and back."""

from __future__ import annotations

import re

_MY_DIGITS = "၀၁၂၃၄၅၆၇၈၉"
_TO_ASCII = str.maketrans(_MY_DIGITS, "0123456789")
_TO_MY = str.maketrans("0123456789", _MY_DIGITS)
# Typists often type the letter ဝ (wa) for zero and ၎ for four. They are digits only inside a
# number: after a digit and before another digit or the number's end ("၁ဝ" = 10); "၁ ဝင်" and
# "၎င်း" stay letters, because a Myanmar letter or sign follows.
_LOOKALIKE = re.compile(r"(?<=[0-9၀-၉])[ဝ၎]+(?=[0-9၀-၉]|[^\u1000-\u109F]|$)")
_LOOKALIKE_MAP = str.maketrans({"ဝ": "0", "၎": "4"})


def to_ascii_digits(text: str) -> str:
    """'၁၂ဝ၅' -> '1205'; letters that only look like digits are left alone outside numbers."""
    text = _LOOKALIKE.sub(lambda m: m.group().translate(_LOOKALIKE_MAP), text)
    return text.translate(_TO_ASCII)


def to_burmese_digits(value: str | int) -> str:
    """12 -> '၁၂'; in text, only ASCII digits change."""
    return str(value).translate(_TO_MY)
