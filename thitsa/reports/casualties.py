"""Casualty counts as reports write them ("22", "20-25", "40+", "၂၂ ဦး") parsed into ranges.

Burmese forms: "၂၂ ဦး", "၂၂ ယောက်", "၂၀ မှ ၂၅", "၂၀ ဦးမှ ၂၅ ဦးအထိ", "၄၀ ကျော်", "၄၀ ဦးထက်ပို",
"အနည်းဆုံး ၂၀", "၂၀ ထက်မနည်း", "၃၀ ခန့်", "၃၀ နီးပါး", "ခန့်မှန်းခြေ ၃၀", "အများဆုံး ၁၂",
"၁၂ အထိ", "ဒါဇင်ချီ", "ရာချီ"; the same typed in Zawgyi ("၂၀ ေက်ာ္"), and letters written for digits (၁ဝ),
are read too.
Burmese number words (တစ်ဦး, နှစ်ဆယ်) are not."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from thitsa.burmese.digits import to_ascii_digits
from thitsa.burmese.normalize import clean, normalize

_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")  # fmt: skip
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_VALUE = {
    **{w: i for i, w in enumerate(_UNITS, 1)},
    **{w: i for i, w in enumerate(_TEENS, 10)},
    **{w: 10 * i for i, w in enumerate(_TENS, 2)},
    "a": 1,
}
_ZERO = {"no", "none", "zero", "no one", "no-one", "nobody"}
_UNIT, _TEEN, _TEN = ("|".join(words) for words in (_UNITS, _TEENS, _TENS))
_BELOW_100 = rf"(?:(?:{_TEN})(?:[- ](?:{_UNIT}))?|{_TEEN}|{_UNIT})"
# A number in words, as one: "twenty-two", "a hundred and five". Words side by side that make
# no number ("five six", "no one") are not added up.
NUMBER_WORDS = rf"(?:(?:a|{_UNIT})[ -]hundred(?:(?: and)? {_BELOW_100})?|{_BELOW_100})"
_NUMBER_WORDS = re.compile(rf"\b{NUMBER_WORDS}\b")


def number_value(words: str) -> int:
    """The value of a NUMBER_WORDS match (lower case)."""
    parts = [w for w in words.replace("-", " ").split() if w != "and"]
    if "hundred" in parts:
        at = parts.index("hundred")
        return 100 * _VALUE[parts[at - 1]] + sum(_VALUE[w] for w in parts[at + 1 :])
    return sum(_VALUE[w] for w in parts)


# Unit words that follow a count ("22 people", "၂၂ ဦး") and carry no meaning for the number.
_NOUNS = (
    r"(?:people|persons?|civilians?|children|kids|dead|killed|injured|wounded|deaths?"
    r"|ဦး|ယောက်)"
)
# Burmese counters stand anywhere in the phrase ("၂၀ ဦးမှ ၂၅ ဦး", "၄၀ ဦးကျော်").
# Counts of people in words ("ငါးဦး", "ဆယ့်ငါးဦး", "နှစ်ဆယ်ဦး"): read as digits before the count
# patterns. Only before a counter of people; နှစ် after ခု is the year, not two.
_MY_DIGIT_WORDS = {"တစ်": 1, "နှစ်": 2, "သုံး": 3, "လေး": 4, "ငါး": 5, "ခြောက်": 6, "ခုနစ်": 7,
                   "ရှစ်": 8, "ကိုး": 9}  # fmt: skip
_MY_DIGIT = "(?:" + "|".join(sorted(_MY_DIGIT_WORDS, key=len, reverse=True)) + ")"
MY_WORD_COUNT = re.compile(
    rf"(?<!ခု)(?<!က)(?:(?P<tens>{_MY_DIGIT})?(?P<ten>ဆယ\u1037?\u103a)(?P<ones>{_MY_DIGIT})?"
    rf"|(?P<one>{_MY_DIGIT}))(?=\s*(?:ဦး|ယောက်))"
)


def my_word_count(m: re.Match[str]) -> str:
    if m["one"]:
        return str(_MY_DIGIT_WORDS[m["one"]])
    tens = _MY_DIGIT_WORDS[m["tens"]] if m["tens"] else 1
    return str(tens * 10 + (_MY_DIGIT_WORDS[m["ones"]] if m["ones"] else 0))


_MY_UNITS = re.compile(r"\s*(?:ဦး|ယောက်)\s*")
# Burmese for "unknown" and "none", as a form's count is answered; "tens" (ဆယ်ချီ): at least 10.
_MY_UNKNOWN = frozenset({"မသိ", "မသိရ", "မသိရှိ", "မသိရသေး", "မသိရှိရသေး"})
_MY_NONE = frozenset({"မရှိ", "မရှိပါ", "တစ်ဦးမျှ မရှိ", "တစ်ဦးမှ မရှိ", "သုည"})
_MY_TENS = frozenset({"ဆယ်ချီ", "ဆယ်ဂဏန်း", "ဆယ်နှင့်ချီ"})
_NUM = r"(\d{1,6})"
_MYANMAR = re.compile("[\u1000-\u109f]")
_A_DOZEN = re.compile(r"\b(?:a )?dozen\b")  # "a dozen", "more than a dozen"; not "dozens"
_WHOLE_FLOAT = re.compile(r"(?<![\d.])(\d+)\.0+(?![\d.])")

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("exact", re.compile(rf"^{_NUM}$")),
    ("range", re.compile(rf"^{_NUM}\s*(?:-|–|—|to|~|မှ)\s*{_NUM}(?:\s*(?:အထိ|ကြား))?$")),
    # "about 20-25", "၂၀-၂၅ ခန့်": a range said to be rough is still the range.
    (
        "range",
        re.compile(
            r"^(?:about|around|approximately|some|roughly|ခန့်မှန်းခြေ)?\s*"
            rf"{_NUM}\s*(?:-|–|—|to|~|မှ)\s*{_NUM}\s*(?:ခန့်|လောက်|ဝန်းကျင်|or so)?$"
        ),
    ),
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
    form: str  # exact, range, at_least, more_than, approx, nearly, up_to, dozens, hundreds

    def __reduce__(self):
        # Pickled by value (thitsa.forked sends a large import's rows between processes): the
        # default way restores a frozen instance attribute by attribute.
        return CasualtyRange, (self.min, self.max, self.form)

    def __str__(self) -> str:
        if self.min == self.max:
            return str(self.min) if self.form == "exact" else f"at least {self.min}"
        return f"{self.min}-{self.max}"


def _words_to_digits(text: str) -> str:
    return _NUMBER_WORDS.sub(lambda m: str(number_value(m[0])), text)


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
    if s in ("", "-", "n/a", "na", "unknown", "?") or s in _MY_UNKNOWN:
        return None
    if s in _MY_NONE:
        return CasualtyRange(0, 0, "exact")
    if s in _MY_TENS:
        return CasualtyRange(10, 10, "at_least")
    s = s.replace(",", "")
    s = _WHOLE_FLOAT.sub(r"\1", s)  # "3.0": a spreadsheet's or pandas' whole number
    s = re.sub(rf"\s*\b{_NOUNS}\b\s*$", "", s).strip()
    if s in _ZERO:
        return CasualtyRange(0, 0, "exact")
    if "ဦး" in s or "ယောက်" in s:  # "တစ်ဦး", "နှစ်ဆယ့်ငါးဦး"
        s = MY_WORD_COUNT.sub(my_word_count, s)
    s = _MY_UNITS.sub(" ", s).strip()
    s = re.sub(r"\s+", " ", _words_to_digits(s))
    if s in ("dozens", "dozens of", "ဒါဇင်ချီ", "ဒါဇင်နှင့်ချီ"):
        return CasualtyRange(24, 24, "dozens")
    if s in ("hundreds", "hundreds of", "ရာချီ", "ရာနှင့်ချီ"):
        return CasualtyRange(200, 200, "hundreds")
    s = _A_DOZEN.sub("12", s)
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
        if form == "approx" and a:
            # "About 30" says neither "at least 30" nor "at most": a tenth (at least one) each
            # way, so that it does not raise the minimum a figure publishes to 30.
            step = max(1, a // 10)
            # At least one: "about one killed" is a death, not maybe none.
            return CasualtyRange(max(1, a - step), a + step, form)
        return CasualtyRange(a, a, form)
    if re.search(r"\d{7}", s):
        raise CasualtyError(f"{text!r} is more than 999,999: is a digit typed twice?")
    raise CasualtyError(
        f"{text!r} is not a count: write 22, 20-25, 40+, 'at least 40' or 'more than 40'"
    )
