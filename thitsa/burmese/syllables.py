"""Burmese syllable segmentation: Burmese writes no spaces between words, so search and text
comparison work on syllables instead."""

from __future__ import annotations

import re

# A syllable starts at a consonant, an independent vowel or a digit, unless that consonant is
# stacked under the previous one (after U+1039 virama) or is itself killed (followed by U+103A
# asat, or virama), in which case it closes the syllable before it.
# Digits stay together as one number.
_BREAK = re.compile(
    r"(?<![\u1039])(?=[\u1000-\u102a\u103f\u104c-\u104f](?![\u103a\u1039]))"
    r"|(?<![\u1040-\u1049])(?=[\u1040-\u1049])"
)
_MYANMAR = re.compile(r"[\u1000-\u109f]")


def syllables(text: str) -> list[str]:
    """Split Burmese text into syllables; other text splits on spaces.

    >>> syllables("မြန်မာစာ")
    ['မြန်', 'မာ', 'စာ']
    """
    out: list[str] = []
    for chunk in text.split():
        if not _MYANMAR.search(chunk):
            out.append(chunk)
            continue
        out.extend(part for part in _BREAK.split(chunk) if part)
    return out


def tokens(text: str) -> list[str]:
    """Lower-case comparison tokens: English words and Burmese syllables."""
    spaced = re.sub(r"[^\w\u1000-\u109f]+", " ", text.lower())
    return syllables(spaced)
