"""Casualty counts as reports write them ("22", "20-25", "40+", "၂၂ ဦး") parsed into ranges.

Burmese forms: "၂၂ ဦး", "၂၂ ယောက်", "၂၀ မှ ၂၅", "၂၀ ဦးမှ ၂၅ ဦးအထိ", "၄၀ ကျော်", "၄၀ ဦးထက်ပို",
"အနည်းဆုံး ၂၀", "၂၀ ထက်မနည်း", "၃၀ ခန့်", "၃၀ နီးပါး", "ခန့်မှန်းခြေ ၃၀", "အများဆုံး ၁၂",
"၁၂ အထိ", "ဒါဇင်ချီ"; the same typed in Zawgyi ("၂၀ ေက်ာ္"), and letters written for digits (၁ဝ),
are read too.
Burmese number words (တစ်ဦး, နှစ်ဆယ်) are not."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from thitsa.burmese.digits import to_ascii_digits
from thitsa.burmese.normalize import clean, normalize

_WORDS = {
    "no": 0,
    "none": 0,
    "zero": 0,
    "one": 1,
    "a": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
# Unit words that follow a count ("22 people", "၂၂ ဦး") and carry no meaning for the number.
_NOUNS = (
    r"(?:people|persons?|civilians?|children|kids|dead|killed|injured|wounded|deaths?"
    r"|ဦး|ယောက်)"
)
# Burmese counters stand anywhere in the phrase ("၂၀ ဦးမှ ၂၅ ဦး", "၄၀ ဦးကျော်").
_MY_UNITS = re.compile(r"\s*(?:ဦး|ယောက်)\s*")
_NUM = r"(\d{1,6})"
_MYANMAR = re.compile("[\u1000-\u109f]")

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("exact", re.compile(rf"^{_NUM}$")),
    ("range", re.compile(rf"^{_NUM}\s*(?:-|–|—|to|~|မှ)\s*{_NUM}(?:\s*(?:အထိ|ကြား))?$")),
    ("at_least", re.compile(rf"^{_NUM}\s*(?:\+|ထက်မနည်း|အနည်းဆုံး|or more\b.*)$")),
    (
        "at_least",
        re.compile(rf"^(?:at least|no fewer than|not less than|minimum of|အနည်းဆုံး)\s*{_NUM}$"),
    ),
    ("more_than", re.compile(rf"^(?:more than|over|upwards of|above)\s*{_NUM}$")),
    ("more_than", re.compile(rf"^{_NUM}\s*(?:ကျော်|ထက်(?:ပို|များ)?(?:သော)?)$")),
    (
        "approx",
        re.compile(
            r"^(?:about|around|approximately|approx\.?|some|roughly|an estimated"
            r"|ခန့်မှန်းခြေ|ခန့်မှန်း|အကြမ်းဖျင်း)"
            rf"\s*{_NUM}$"
        ),
    ),
    ("approx", re.compile(rf"^{_NUM}\s*(?:ခန့်|လောက်|ဝန်းကျင်|or so)$")),
    # Fewer than the number, by an unknown few.
    ("nearly", re.compile(rf"^(?:nearly|almost|close to|just under)\s*{_NUM}$")),
    ("nearly", re.compile(rf"^{_NUM}\s*နီးပါး$")),
    (
        "up_to",
        re.compile(rf"^(?:up to|as many as|at most|fewer than|less than|အများဆုံး)\s*{_NUM}$"),
    ),
    ("up_to", re.compile(rf"^{_NUM}\s*(?:အထိ|အောက်)$")),
]


class CasualtyError(ValueError):
    """The text is not a casualty count this parser understands."""


@dataclass(frozen=True)
class CasualtyRange:
    min: int
    max: int
    form: str  # exact, range, at_least, more_than, approx, nearly, up_to, dozens

    def __reduce__(self):
        # Pickled by value (thitsa.forked sends a large import's rows between processes): the
        # default way restores a frozen instance attribute by attribute.
        return CasualtyRange, (self.min, self.max, self.form)

    def __str__(self) -> str:
        if self.min == self.max:
            return str(self.min) if self.form == "exact" else f"at least {self.min}"
        return f"{self.min}-{self.max}"


def _words_to_digits(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        parts = match.group(0).replace("-", " ").split()
        total = 0
        for part in parts:
            value = _WORDS[part]
            total = total * value if value == 100 and total else total + value
        return str(total)

    names = "|".join(sorted((w for w in _WORDS if w != "a"), key=len, reverse=True))
    return re.sub(rf"\b(?:{names})(?:[ -](?:{names}))*\b", one, text)


# Reports repeat their wordings ("at least 5"); the result is frozen. Typed: 1 and 1.0 differ.
@lru_cache(maxsize=4096, typed=True)
def parse_casualties(text: str | int | None) -> CasualtyRange | None:
    """Parse a casualty count; None for an empty value.

    >>> parse_casualties("20-25")
    CasualtyRange(min=20, max=25, form='range')
    >>> parse_casualties("၄၀+")
    CasualtyRange(min=40, max=40, form='at_least')
    """
    if text is None:
        return None
    if isinstance(text, int):
        return CasualtyRange(text, text, "exact")
    # Read as Unicode first, then as Zawgyi, whatever the detector says (a few words are where
    # it is least sure): a Zawgyi count that reads as a Unicode one is the same count (the
    # digits and ဦး are the same code points), and Unicode converted as Zawgyi would be garbled.
    try:
        return _parse(normalize(str(text)), text)
    except CasualtyError as error:
        if not _MYANMAR.search(str(text)):
            raise
        try:
            return _parse(clean(str(text), zawgyi=True), text)
        except CasualtyError:
            raise error from None


def _parse(s: str, text: str) -> CasualtyRange | None:
    # A sentence's end written after the count (၂၂ ဦး။) is not part of it.
    s = to_ascii_digits(s).strip().rstrip("။၊").strip().lower()
    if s in ("", "-", "n/a", "na", "unknown", "?"):
        return None
    s = s.replace(",", "")
    s = re.sub(rf"\s*\b{_NOUNS}\b\s*$", "", s).strip()
    s = _MY_UNITS.sub(" ", s).strip()
    s = re.sub(r"\s+", " ", _words_to_digits(s))
    if s in ("dozens", "dozens of", "ဒါဇင်ချီ", "ဒါဇင်နှင့်ချီ"):
        return CasualtyRange(24, 24, "dozens")
    for form, pattern in _PATTERNS:
        match = pattern.match(s)
        if not match:
            continue
        a = int(match.group(1))
        if form == "range":
            b = int(match.group(2))
            if b < a:
                raise CasualtyError(f"range {text!r} runs backwards")
            return CasualtyRange(a, b, form)
        if form == "more_than":
            return CasualtyRange(a + 1, a + 1, form)
        if form == "up_to":
            return CasualtyRange(0, a, form)
        if form == "nearly":
            # Fewer than the number by a few: read as at least a tenth (at least one) below
            # it. Not 0, which left a lone "nearly 50 killed" out of every figure and export.
            return CasualtyRange(max(0, a - max(1, a // 10)), a, form)
        return CasualtyRange(a, a, form)
    raise CasualtyError(
        f"{text!r} is not a count: write 22, 20-25, 40+, 'at least 40' or 'more than 40'"
    )
