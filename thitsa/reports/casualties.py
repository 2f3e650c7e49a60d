"""Casualty counts as reports write them ("22", "20-25", "40+", "၂၂ ဦး") parsed into ranges.

Burmese forms: "၂၂ ဦး", "၂၂ ယောက်", "၂၀ မှ ၂၅", "၂၀ ဦးမှ ၂၅ ဦးအထိ", "၄၀ ကျော်", "၄၀ ဦးထက်ပို",
"အနည်းဆုံး ၂၀", "၂၀ ထက်မနည်း", "၃၀ ခန့်", "၃၀ နီးပါး", "ခန့်မှန်းခြေ ၃၀", "အများဆုံး ၁၂",
"၁၂ အထိ", "ဒါဇင်ချီ", "ရာချီ", "ထောင်ချီ"; counts in words ("ငါးဦး", "သုံးဆယ်ကျော်"); who the count is
of before it and what befell them after it ("ကလေး ၂ ဦး", "လူ ၂၂ ယောက်", "၂၂ ဦး သေဆုံး"), as in
"22 children killed"; the same typed in Zawgyi ("၂၀ ေက်ာ္"), and letters written for digits
(၁ဝ, ဝ ဦး), are read too.
Burmese number words past 99 are not."""

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
# The words Burmese writes before and after a number to say how sure it is, by the form they
# give the count. A count field reads them here, and a post's text (extract) from the same
# lists, so that "၃၀ နီးပါး" is 27-30 wherever it is written, as "nearly 30" is.
_MY_BEFORE = {
    "at_least": ("အနည်းဆုံး",),
    "approx": ("ခန့်မှန်းခြေ", "ခန့်မှန်း", "အကြမ်းဖျင်း"),
    "up_to": ("အများဆုံး",),
}
_MY_AFTER = {
    "at_least": (r"ထက်\s*မနည်း", "အနည်းဆုံး"),
    # Not ဆယ်ကျော်သက် (a teenager, "over ten in age"): no count.
    "more_than": ("ကျော်(?!သက်)", "ထက်(?:ပို|များ)?(?:သော)?"),
    "approx": ("ခန့်", "လောက်", "ဝန်းကျင်"),
    "nearly": ("နီးပါး",),
    "up_to": ("အထိ", "အောက်"),
}


def _either(*lists: tuple[str, ...]) -> str:
    return "(?:" + "|".join(word for words in lists for word in words) + ")"


MY_BEFORE = _either(*_MY_BEFORE.values())
MY_AFTER = _either(*_MY_AFTER.values())
# In a post's text, အထိ after a count is where a toll has reached ("သေဆုံးသူ ၁၉ ဦးအထိ ရှိလာ",
# the dead have risen to 19), not a most: there the words after a count are all but up_to's.
MY_AFTER_IN_TEXT = _either(*(words for form, words in _MY_AFTER.items() if form != "up_to"))
# "၅ မှ ၇", "၅-၇": from one number to the other; "၅ ဦးမှ ၇ ဦးအထိ" ends the range with အထိ.
RANGE_JOIN = r"(?:-|–|—|to|~|မှ)"
MY_RANGE_END = r"(?:အထိ|ကြား)"
# Counts said only by their order ("dozens", "ရာချီ": in the hundreds), read as twice the unit
# (a figure's minimum that does not raise the order); "tens" (ဆယ်ချီ) as at least 10.
_ROUGH = {
    (24, "dozens"): ("dozens", "dozens of", "ဒါဇင်ချီ", "ဒါဇင်နှင့်ချီ"),
    (200, "hundreds"): ("hundreds", "hundreds of", "ရာချီ", "ရာနှင့်ချီ"),
    (2000, "thousands"): ("thousands", "thousands of", "ထောင်ချီ", "ထောင်နှင့်ချီ"),
    (10, "at_least"): ("ဆယ်ချီ", "ဆယ်ဂဏန်း", "ဆယ်နှင့်ချီ"),
}
MY_ROUGH = _either(*([w for w in words if not w.isascii()] for words in _ROUGH.values()))
# What befell the people counted, after the count: killed ("ထိခိုက်သေဆုံး", hit and killed, is
# as common as the verb alone; ကွယ်လွန်, passed away) or injured.
MY_KILLED = r"(?:ထိခိုက်\s*)?(?:သေဆုံး|ကျဆုံး|ကွယ်လွန်|အသက်ဆုံးရှုံး)"
MY_INJURED = r"(?:ထိခိုက်\s*)?ဒဏ်ရာ"
# Who a Burmese count is of, before it ("ကလေး ၂ ဦး", "လူ ၂၂ ယောက်"), and what befell them after
# it ("၂၂ ဦး သေဆုံး"): as "22 children" and "22 killed", no part of the number.
_MY_WHO = re.compile(r"^(?:ကလေး(?:ငယ်)?|အရပ်သား|ရွာသား|လူ)(?:များ)?(?=[\s\d])\s*")
_MY_BEFELL = re.compile(rf"\s*(?:{MY_KILLED}|{MY_INJURED}(?:ရ(?:ရှိ)?)?)$")
# Burmese counters stand anywhere in the phrase ("၂၀ ဦးမှ ၂၅ ဦး", "၄၀ ဦးကျော်").
# Counts of people in words ("ငါးဦး", "ဆယ့်ငါးဦး", "နှစ်ဆယ်ဦး"): read as digits before the count
# patterns. Only before a counter of people; နှစ် after ခု is the year, not two. Tens also before
# the words after a count ("သုံးဆယ်ကျော်", over thirty).
_MY_DIGIT_WORDS = {"တစ်": 1, "နှစ်": 2, "သုံး": 3, "လေး": 4, "ငါး": 5, "ခြောက်": 6, "ခုနစ်": 7,
                   "ရှစ်": 8, "ကိုး": 9}  # fmt: skip
_MY_DIGIT = "(?:" + "|".join(sorted(_MY_DIGIT_WORDS, key=len, reverse=True)) + ")"
MY_WORD_COUNT = re.compile(
    rf"(?<!ခု)(?<!က)(?:(?P<tens>{_MY_DIGIT})?(?P<ten>ဆယ\u1037?\u103a)(?P<ones>{_MY_DIGIT})?"
    rf"(?=\s*(?:ဦး|ယောက်|{MY_AFTER}))"
    rf"|(?P<one>{_MY_DIGIT})(?=\s*(?:ဦး|ယောက်)))"
)


def my_word_count(m: re.Match[str]) -> str:
    if m["one"]:
        return str(_MY_DIGIT_WORDS[m["one"]])
    tens = _MY_DIGIT_WORDS[m["tens"]] if m["tens"] else 1
    return str(tens * 10 + (_MY_DIGIT_WORDS[m["ones"]] if m["ones"] else 0))


def my_words_to_digits(text: str) -> str:
    """Burmese counts in words as digits ("ငါးဦး" as "5ဦး"); see MY_WORD_COUNT."""
    if "ဦး" in text or "ယောက်" in text or "ဆယ" in text:
        return MY_WORD_COUNT.sub(my_word_count, text)
    return text


_MY_UNITS = re.compile(r"\s*(?:ဦး|ယောက်)\s*")
# Burmese for "unknown" and "none", as a form's count is answered.
_MY_UNKNOWN = frozenset({"မသိ", "မသိရ", "မသိရှိ", "မသိရသေး", "မသိရှိရသေး"})
_MY_NONE = frozenset({"မရှိ", "မရှိပါ", "တစ်ဦးမျှ မရှိ", "တစ်ဦးမှ မရှိ", "သုည"})
_NUM = r"(\d{1,6})"
_MYANMAR = re.compile("[\u1000-\u109f]")
_A_DOZEN = re.compile(r"\b(?:a )?dozen\b")  # "a dozen", "more than a dozen"; not "dozens"
_WHOLE_FLOAT = re.compile(r"(?<![\d.])(\d+)\.0+(?![\d.])")

_BEFORE, _AFTER = (
    {form: _either(words) for form, words in lists.items()} for lists in (_MY_BEFORE, _MY_AFTER)
)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("exact", re.compile(rf"^{_NUM}$")),
    ("range", re.compile(rf"^{_NUM}\s*{RANGE_JOIN}\s*{_NUM}(?:\s*{MY_RANGE_END})?$")),
    # "about 20-25", "၂၀-၂၅ ခန့်": a range said to be rough is still the range.
    (
        "range",
        re.compile(
            rf"^(?:about|around|approximately|some|roughly|{_BEFORE['approx']})?\s*"
            rf"{_NUM}\s*{RANGE_JOIN}\s*{_NUM}\s*(?:{_AFTER['approx']}|or so)?$"
        ),
    ),
    ("at_least", re.compile(rf"^{_NUM}\s*(?:\+|{_AFTER['at_least']}|or more\b.*)$")),
    (
        "at_least",
        re.compile(
            rf"^(?:at least|no fewer than|not less than|minimum of|{_BEFORE['at_least']})"
            rf"\s*{_NUM}$"
        ),
    ),
    ("more_than", re.compile(rf"^(?:more than|over|upwards of|above)\s*{_NUM}$")),
    ("more_than", re.compile(rf"^{_NUM}\s*{_AFTER['more_than']}$")),
    (
        "approx",
        re.compile(
            r"^(?:about|around|approximately|approx\.?|some|roughly|an estimated"
            rf"|{_BEFORE['approx']})\s*{_NUM}$"
        ),
    ),
    ("approx", re.compile(rf"^{_NUM}\s*(?:{_AFTER['approx']}|or so)$")),
    # Fewer than the number, by an unknown few.
    ("nearly", re.compile(rf"^(?:nearly|almost|close to|just under)\s*{_NUM}$")),
    ("nearly", re.compile(rf"^{_NUM}\s*{_AFTER['nearly']}$")),
    (
        "up_to",
        re.compile(
            rf"^(?:up to|as many as|at most|fewer than|less than|{_BEFORE['up_to']})\s*{_NUM}$"
        ),
    ),
    ("up_to", re.compile(rf"^{_NUM}\s*{_AFTER['up_to']}$")),
]


class CasualtyError(ValueError):
    """The text is not a casualty count this parser understands."""


@dataclass(frozen=True)
class CasualtyRange:
    min: int
    max: int
    # exact, range, at_least, more_than, approx, nearly, up_to, dozens, hundreds, thousands
    form: str

    def __reduce__(self):
        # Pickled by value (thitsa.forked sends a large import's rows between processes): the
        # default way restores a frozen instance attribute by attribute.
        return CasualtyRange, (self.min, self.max, self.form)

    def __str__(self) -> str:
        if self.min == self.max:
            return str(self.min) if self.form == "exact" else f"at least {self.min}"
        return f"{self.min}-{self.max}"


_ROUGH_VALUE = {
    word: CasualtyRange(count, count, form)
    for (count, form), words in _ROUGH.items()
    for word in words
}


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
    s = s.replace(",", "")
    s = _WHOLE_FLOAT.sub(r"\1", s)  # "3.0": a spreadsheet's or pandas' whole number
    s = re.sub(rf"\s*\b{_NOUNS}\b\s*$", "", s).strip()
    s = _MY_BEFELL.sub("", _MY_WHO.sub("", s)).strip()
    s = _MY_UNITS.sub(" ", my_words_to_digits(s)).strip()  # "တစ်ဦး", "နှစ်ဆယ့်ငါးဦး"
    # "ဝ ဦး": the letter wa typed for zero, as in "၁ဝ".
    if s in _ZERO or s == "ဝ":
        return CasualtyRange(0, 0, "exact")
    s = re.sub(r"\s+", " ", _words_to_digits(s))
    if rough := _ROUGH_VALUE.get(s):
        return rough
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
