"""Burmese syllable segmentation: Burmese writes no spaces between words, so search and text
comparison work on syllables instead."""

from __future__ import annotations

import re

# Letters that start a syllable: consonants (with great sa ဿ), independent vowels, the symbols
# ၌ ၍ ၎ ၏, and the letters of Mon, Shan and Karen in the Myanmar blocks.
_START = (
    "\u1000-\u102a\u103f\u104c-\u104f"
    "\u1050-\u1055\u105a-\u105d\u1061\u1065\u1066\u106e-\u1070\u1075-\u1081\u108e"
    "\uaa60-\uaa6f\uaa71-\uaa76\ua9e0-\ua9e4\ua9e7-\ua9ef\ua9fa-\ua9fe"
)
_DIGIT = "\u1040-\u1049\u1090-\u1099"
_MYANMAR = "\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff"
# A syllable starts at a letter unless
# - it is stacked under the previous consonant (after virama ္: the ဘ of ကမ္ဘာ),
# - it is killed (asat ်, possibly after dot below ့: the င of သင့်) or is the first part of a stack
#   (virama: the မ of ကမ္ဘာ), so it closes the syllable before it; kinzi (င်္) is both.
# A number is one syllable, and ၊ ။ stand alone; so does anything that is not Myanmar script.
_BREAK = re.compile(
    rf"(?<!\u1039)(?=[{_START}](?!\u1037?[\u103a\u1039]))"
    rf"|(?<![{_DIGIT}])(?=[{_DIGIT}])"
    r"|(?=[\u104a\u104b])|(?<=[\u104a\u104b])"
    rf"|(?<=[{_MYANMAR}])(?=[^{_MYANMAR}])"
)
_HAS_MYANMAR = re.compile(rf"[{_MYANMAR}]")


def syllables(text: str) -> list[str]:
    """Split Burmese text into syllables; other text splits on spaces.

    >>> syllables("မြန်မာစာ")
    ['မြန်', 'မာ', 'စာ']
    >>> syllables("မင်္ဂလာပါ။")
    ['မင်္ဂ', 'လာ', 'ပါ', '။']
    """
    out: list[str] = []
    for chunk in text.split():
        if not _HAS_MYANMAR.search(chunk):
            out.append(chunk)
            continue
        out.extend(part for part in _BREAK.split(chunk) if part)
    return out


_NOT_A_WORD = re.compile(rf"[^\w{_MYANMAR}]+|[\u104a\u104b]")


def token_chunks(text: str) -> list[str]:
    """The lower-case runs of letters that `tokens` cuts into syllables (English words are
    whole): `tokens(text)` is the syllables of each in turn."""
    return _NOT_A_WORD.sub(" ", text.lower()).split()


def tokens(text: str) -> list[str]:
    """Lower-case comparison tokens: English words and Burmese syllables."""
    return [t for chunk in token_chunks(text) for t in syllables(chunk)]
