"""Dates as reports write them, in Burmese and English, with their precision.

`parse_date` reads a field that holds a date ("၁၂ မေ ၂၀၂၅", "12 May 2025", "yesterday");
`find_date` finds the first date written in free text (a Telegram post). Both take the published
date, against which "May 12" (no year), "yesterday" and "on Monday" are read; without it those give
None.

Forms, each with its precision (day, week, month, year):
- day: 2025-05-12, 12/5/2025 (day first, as Myanmar writes it), 12 May 2025, 12th of May 2025,
  May 12, 2025, May 12 / 12 May (the year of the post, the year before when that would be after
  it), ၁၂ မေ ၂၀၂၅, ၁၂-မေ-၂၀၂၅, ၂၀၂၅ ခုနှစ် မေလ ၁၂ ရက်(နေ့), မေလ ၁၂ ရက်, ၁၂ ရက် မေလ ၂၀၂၅,
  ၂၀၂၅ မေ ၁၂; in a field also ၂၀၂၅ ခု မေလ ၁၂ ရက်, a weekday before the date (Monday, 12 May 2025;
  Mon, 12 May 2025 06:30:00 +0000, as feeds write it), which has to be the date's own
  (`weekday_clash` says why not), and a time after it; today, this morning, tonight, ယနေ့,
  ဒီနေ့; yesterday, last night, မနေ့က, ယမန်နေ့; the day before yesterday, တမြန်နေ့က; ယခုလ ၅
  ရက်, ဒီလ ၅ ရက် (of the post's month, not after the post);
  three days ago, လွန်ခဲ့သော ၃ ရက်က; (on) Monday, တနင်္လာနေ့ (the last one on or before the post);
  last Monday, ပြီးခဲ့သည့် တနင်္လာနေ့ (the last one before it).
- week: last week, this week, ပြီးခဲ့သည့်အပတ် (the Monday starting it).
- month: 2025-05, May 2025, မေလ ၂၀၂၅, ၂၀၂၅ ခုနှစ် မေလ; last month, ပြီးခဲ့သည့်လ; this month, ဒီလ.
- year: 2025, ၂၀၂၅ ခုနှစ်; last year, ယမန်နှစ်, မနှစ်က.
ပြီးခဲ့သည့် and လွန်ခဲ့သော ("last") are also read as spoken: ပြီးခဲ့တဲ့, လွန်ခဲ့တဲ့.
Burmese months by their usual names (ဇန်နဝါရီ ... ဒီဇင်ဘာ, with or without လ) and common variants
(ဇန္နဝါရီ, ဖေဖေါ်ဝါရီ, သြဂုတ်, ဪဂုတ်, စက်တမ်ဘာ); in a field also short forms (ဇန်, ဖေ, ဧ, ဇူ, ဩ,
စက်, အောက်, နို, ဒီ; ဒီလ is "this month", never December). Lunar-calendar dates (ကဆုန်လပြည့်)
are not read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache

from thitsa.burmese.digits import to_ascii_digits
from thitsa.burmese.normalize import clean, typed

Parsed = tuple[date, str]
# "yesterday evening", "on Tuesday night": the same day.
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"

_EN_MONTHS = [
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sept", "sep"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
]
_MY_MONTHS = [
    ("ဇန်နဝါရီ", "ဇန္နဝါရီ"),
    ("ဖေဖော်ဝါရီ", "ဖေဖေါ်ဝါရီ"),
    ("မတ်",),
    ("ဧပြီ",),
    ("မေ",),
    ("ဇွန်",),
    ("ဇူလိုင်",),
    ("ဩဂုတ်", "သြဂုတ်", "ဪဂုတ်"),
    ("စက်တင်ဘာ", "စက်တမ်ဘာ"),
    ("အောက်တိုဘာ",),
    ("နိုဝင်ဘာ",),
    ("ဒီဇင်ဘာ",),
]
# Short forms, in a date field only: in running text ဒီ is "this" and ဖေ "father".
_MY_SHORT = ["ဇန်", "ဖေ", "", "", "", "", "ဇူ", "ဩ", "စက်", "အောက်", "နို", "ဒီ"]
MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(zip(_EN_MONTHS, _MY_MONTHS, strict=True), start=1)
    for group in names
    for name in group
}
_SHORT: dict[str, int] = {s: n for n, s in enumerate(_MY_SHORT, start=1) if s}
# "This": ဒီလ is this month (never December), ယခုလ ၅ ရက် its 5th.
_THIS = ["ယခု", "ဒီ", "ဤ"]

_WEEKDAYS_EN = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAYS_MY = ["တနင်္လာ", "အင်္ဂါ", "ဗုဒ္ဓဟူး", "ကြာသပတေး", "သောကြာ", "စနေ", "တနင်္ဂနွေ"]
_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


def _alternation(names) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _in_year(year: str | None, month: int, day: int, published: date | None) -> date | None:
    if year:
        return _valid(int(year), month, day)
    if published is None:
        return None
    guess = _valid(published.year, month, day)
    # "on 28 December" in a post of 2 January is last year's.
    if guess and guess > published + timedelta(days=1):
        guess = _valid(published.year - 1, month, day)
    return guess


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _first_of_previous_month(day: date) -> date:
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


def _year(mt: re.Match[str], _published: date | None) -> Parsed | None:
    found = _valid(int(mt[1]), 1, 1)
    return (found, "year") if found else None


Rule = tuple[re.Pattern[str], Callable[[re.Match[str], date | None], Parsed | None]]


def _rules(field: bool) -> tuple[list[Rule], list[Rule]]:
    """(absolute, relative) rules. In a field, English months in any case and Burmese short
    forms; in free text, capitalised English months only ("troops may 10 times ...")."""
    en_names = [n for group in _EN_MONTHS for n in group]
    if field:
        en = rf"(?i:{_alternation(en_names)})"
    else:
        en = _alternation({v for n in en_names for v in (n.title(), n.upper())})
    my = _alternation(n for group in _MY_MONTHS for n in group)
    if field:
        my += "|" + "|".join(
            re.escape(n) + (r"(?!\s*လ)" if n in _THIS else "")
            for n in sorted(_SHORT, key=len, reverse=True)
        )
    this = "|".join(_THIS)

    def month(name: str) -> int:
        key = name.lower()
        return MONTHS.get(key) or _SHORT[key]

    def day(y, m, d) -> Callable[[re.Match[str], date | None], Parsed | None]:
        def read(mt: re.Match[str], published: date | None) -> Parsed | None:
            found = _in_year(mt[y] if y else None, month(mt[m]), int(mt[d]), published)
            return (found, "day") if found else None

        return read

    def numeric(y, m, d):
        def read(mt: re.Match[str], _published: date | None) -> Parsed | None:
            found = _valid(int(mt[y]), int(mt[m]), int(mt[d]))
            return (found, "day") if found else None

        return read

    def two_digit_year(mt: re.Match[str], _published: date | None) -> Parsed | None:
        year = 2000 + int(mt[3])
        if year > date.today().year + 1:
            year -= 100
        found = _valid(year, int(mt[2]), int(mt[1]))
        return (found, "day") if found else None

    def this_months(mt: re.Match[str], published: date | None) -> Parsed | None:
        found = published and _valid(published.year, published.month, int(mt[1]))
        # A day still to come is no event's, and no other month is meant (as "May 20" after
        # the post is last year's).
        return (found, "day") if found and found <= published + timedelta(days=1) else None

    def of_month(y, m, by_name=True):
        def read(mt: re.Match[str], _published: date | None) -> Parsed | None:
            number = month(mt[m]) if by_name else int(mt[m])
            found = _valid(int(mt[y]), number, 1)
            return (found, "month") if found else None

        return read

    la = r"(?:\s*လ)?"  # မေလ: the month word
    # A day's number last in a date, with or without ရက်, but not glued to another Burmese word:
    # "မေလ ၁ရ" (၁ရ a mistyped ၁၇) is no 1 May. No date is better than a wrong one.
    day_end = r"(?!\d)(?:\s*ရက်|(?![\u1000-\u103f]))"
    # ၂၀၂၅ ခုနှစ်; in a field also ၂၀၂၅ ခု (in text ခု also counts things: အိမ် ၁၅၀၀ ခု)
    year_word = r"(?:ခု(?:နှစ်)?)?" if field else r"(?:ခုနှစ်)?"
    yr = rf"(\d{{4}})\s*{year_word}"
    # Between a Burmese date's parts: ၁၂ မေ ၂၀၂၅, ၁၂-မေ-၂၀၂၅, ၂၀၂၅ ခုနှစ်၊ မေလ ၁၂ ရက်
    sep = r"\s*[,၊-]?\s*"
    ordinal = r"(?:st|nd|rd|th)?"
    absolute: list[Rule] = [
        (
            re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)(?:[T ]\d[\d:.+Z-]*)?"),
            numeric(1, 2, 3),
        ),
        (re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b"), numeric(3, 2, 1)),
        # 12/05/25: a two-digit year, of this century unless that is after next year
        (re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{2})(?![\d/]|\.\d)"), two_digit_year),
        # ၂၀၂၅ ခုနှစ် မေလ ၁၂ ရက်, ၂၀၂၅ မေ ၁၂
        (
            re.compile(rf"{yr}{sep}({my}){la}{sep}(\d{{1,2}}){day_end}"),
            day(1, 2, 3),
        ),
        # ၁၂ ရက် မေလ ၂၀၂၅, ၁၂ မေ ၂၀၂၅
        (
            re.compile(rf"(\d{{1,2}})\s*(?:ရက်(?:နေ့)?)?{sep}({my}){la}{sep}{yr}"),
            day(3, 2, 1),
        ),
        # ၁၂ ရက် မေလ, as "12 May" without its year; in a field also ၁၂ မေ
        (
            re.compile(
                r"(\d{1,2})\s*"
                + (r"(?:ရက်(?:နေ့)?)?" if field else r"ရက်(?:နေ့)?")
                + rf"\s*[,၊]?\s*({my}){la}"
            ),
            day(None, 2, 1),
        ),
        # မေလ ၁၂ ရက် ၂၀၂၅ (a year only: "မေလ ၁၂ ရက် ၁၅၀၀ နာရီ" is at 15:00)
        (
            re.compile(
                rf"({my}){la}\s*(\d{{1,2}})\s*(?:ရက်(?:နေ့)?)?\s*[,၊]?\s*"
                r"((?:19|20)\d{2})(?!\d)(?!\s*နာရီ)\s*(?:ခုနှစ်)?"
            ),
            day(3, 1, 2),
        ),
        # ယခုလ ၅ ရက်, ဒီလ ၅ ရက်: the 5th of the month of the post; in a field also ဒီလ ၅
        (
            re.compile(rf"(?:{this})\s*လ\s*(\d{{1,2}})" + (day_end if field else r"\s*ရက်")),
            this_months,
        ),
        # မေလ ၁၂ ရက်; in a field also မေ ၁၂
        (
            re.compile(rf"({my}){la}\s*(\d{{1,2}})" + (day_end if field else r"\s*ရက်")),
            day(None, 1, 2),
        ),
        (
            re.compile(
                rf"\b(\d{{1,2}}){ordinal}[\s-]+(?:of\s+)?({en})\b\.?,?(?:[\s-]+(\d{{4}}))?\b"
            ),
            day(3, 2, 1),
        ),
        (
            re.compile(rf"\b({en})\b\.?\s+(\d{{1,2}}){ordinal}\b(?:,?\s+(\d{{4}})\b)?"),
            day(3, 1, 2),
        ),
        (re.compile(rf"({my}){la}\s*[,၊]?\s*{yr}"), of_month(2, 1)),
        (re.compile(rf"{yr}\s*[,၊]?\s*({my}){la}"), of_month(1, 2)),
        (re.compile(rf"\b({en})\b\.?,?\s+(\d{{4}})\b"), of_month(2, 1)),
    ]
    if field:
        absolute += [
            (re.compile(r"(\d{4})[-/](\d{1,2})"), of_month(1, 2, by_name=False)),
            (re.compile(yr), _year),
        ]

    def back(days: int, precision: str = "day"):
        def read(_mt: re.Match[str], published: date | None) -> Parsed | None:
            return (published - timedelta(days=days), precision) if published else None

        return read

    def ago(mt: re.Match[str], published: date | None) -> Parsed | None:
        n = mt["n"]
        days = int(n) if n.isdigit() else _WORD_NUMBERS[n.lower()]
        return (published - timedelta(days=days), "day") if published else None

    def weekday(mt: re.Match[str], published: date | None) -> Parsed | None:
        if published is None:
            return None
        groups = mt.groupdict()
        english = groups["en"] or groups.get("en_s")
        name = english or groups["my"] or groups.get("my2")
        wanted = _WEEKDAYS_EN.index(name.lower()) if english else _WEEKDAYS_MY.index(name)
        # "Last Tuesday" said on a Tuesday is a week before; "on Tuesday" may be that day.
        last = groups.get("last") or groups["my_last"]
        back = (published.weekday() - wanted) % 7 or (7 if last else 0)
        return published - timedelta(days=back), "day"

    def week(offset: int):
        def read(_mt: re.Match[str], published: date | None) -> Parsed | None:
            return (_monday(published) - timedelta(days=7 * offset), "week") if published else None

        return read

    def last_month(_mt, published):
        return (_first_of_previous_month(published), "month") if published else None

    def this_month(_mt, published):
        return (published.replace(day=1), "month") if published else None

    def last_year(_mt, published):
        return (date(published.year - 1, 1, 1), "year") if published else None

    words = "|".join(_WORD_NUMBERS)
    en_day = rf"(?P<en>(?i:{'|'.join(_WEEKDAYS_EN)}))"
    # "on Monday", "last Monday", "early Tuesday", "in the early hours of Wednesday", and
    # "Tuesday's airstrike" (below): a day named in a report's text is the last such day.
    on = (
        r"(?i:(?:on|(?P<last>last)|early(?:\s+on)?|late(?:\s+on)?|in\s+the\s+early\s+hours\s+of)\s+)"
        + ("?" if field else "")
    )
    # ပြီးခဲ့သည့်, လွန်ခဲ့သော: "last", "past".
    past = r"(?:ပြီးခဲ့|လွန်ခဲ့)(?:သည့်|သော|တဲ့)"  # တဲ့ as spoken
    my_days = "|".join(_WEEKDAYS_MY)
    my_day = rf"(?P<my_last>{past}\s*)?(?:(?P<my>{my_days})\s*နေ့" + (
        rf"|(?P<my2>{my_days}))" if field else ")"
    )
    # The word itself, not the start of another: လ (month), not လက် or လာ.
    whole = r"(?![\u102b-\u103e]|[\u1000-\u1021]\u1037?[\u103a\u1039])"
    week_word = rf"(?:အ)?ပတ်{whole}"
    month_word = rf"လ{whole}"
    relative: list[Rule] = [
        (re.compile(r"(?i)\b(?:(?:on\s+)?the\s+)?day before yesterday\b|တမြန်နေ့"), back(2)),
        (re.compile(r"(?i)\b(?:today|this (?:morning|afternoon|evening)|tonight)\b"), back(0)),
        (re.compile(rf"(?i)\b(?:yesterday{_PART_OF_DAY}|last night)\b"), back(1)),
        (re.compile(r"ယနေ့|ဒီနေ့|ဒီမနက်|ယနေ့မနက်|ယနေ့ည|ဒီည"), back(0)),
        (re.compile(r"မနေ့က|မနေ့ည|ယမန်နေ့" + ("|မနေ့" if field else "")), back(1)),
        (re.compile(rf"(?i)\b(?P<n>\d{{1,2}}|{words}) days? ago\b"), ago),
        (re.compile(r"လွန်ခဲ့(?:သော|သည့်|တဲ့)\s*(?P<n>\d{1,2})\s*ရက်(?:က)?"), ago),
        (
            re.compile(
                rf"\b{on}{en_day}{_PART_OF_DAY}\b|\b{en_day.replace('?P<en>', '?P<en_s>')}['’]s\b"
                rf"|{my_day}"
            ),
            weekday,
        ),
        (re.compile(rf"(?i)\blast week\b|{past}\s*{week_word}"), week(1)),
        (re.compile(rf"(?i)\bthis week\b|(?:{this})\s*{week_word}"), week(0)),
        (
            re.compile(rf"(?i)\blast month\b|{past}\s*{month_word}|ယခင်\s*{month_word}"),
            last_month,
        ),
        (re.compile(rf"(?i)\bthis month\b|(?:{this})\s*{month_word}"), this_month),
        (re.compile(r"(?i)\blast year\b|ယမန်နှစ်|မနှစ်က" + ("|မနှစ်" if field else "")), last_year),
    ]
    return absolute, relative


_FIELD = _rules(field=True)
_TEXT = _rules(field=False)
# Words around a date in a field that say nothing about it: "on", "နေ့", "က", "တွင်".
# A range of days is read as its first ("12-14 May 2025", "between 12 and 14 May", "မေလ ၁၂
# ရက်မှ ၁၄ ရက်"): the day the event began, which reports of it give most.
_TO = r"\s*(?:-|–|to|and|&|မှ)\s*"
# In free text only a range that cannot be anything else: "between/from 12 and 14", "12-14"
# (no space: "Report 7 - 14 May", "14:05 - 20 May", "killed 5 - 14 May" are no ranges),
# "12 to 14", "12 and 13", "၁၂ မှ ၁၄".
_RANGE_FROM = re.compile(
    rf"(?i:\b(?:between|from)\s+)(\d{{1,2}})(?:st|nd|rd|th)?{_TO}$"
    r"|(?<![\d:/.\-–])(?<![\d:/.\-–] )\b(\d{1,2})(?:st|nd|rd|th)?"
    r"(?:[-–]|\s+(?i:to|and|&)\s+|\s*မှ\s*)$"
)
_FIELD_RANGE_FROM = re.compile(rf"^(?i:(?:between|from)\s+)?(\d{{1,2}})(?:st|nd|rd|th)?{_TO}(.+)$")
_FIELD_RANGE_TO = re.compile(rf"^(.+?){_TO}(\d{{1,2}})\s*(?:ရက်(?:နေ့)?)?\s*(?:အထိ)?$")
_LEADING_DAY = re.compile(r"\d{1,2}(?!\d)")


def _from_first_day(first: str, then: Parsed | None, written: str) -> Parsed | None:
    """`then` (the range's last day, read from `written`) moved back to `first`."""
    lead = _LEADING_DAY.match(written)
    if then is None or then[1] != "day" or not lead or int(lead[0]) != then[0].day:
        return None
    if not 1 <= int(first) < then[0].day:
        return None
    return then[0].replace(day=int(first)), "day"


def _field_range(s: str, published: date | None) -> Parsed | None:
    if m := _FIELD_RANGE_FROM.match(s):
        return _from_first_day(m[1], parse_date(m[2], published), m[2])
    if m := _FIELD_RANGE_TO.match(s):
        start = parse_date(m[1], published)
        if start and start[1] == "day" and start[0].day < int(m[2]):
            return start
    return None


_FILLER_BEFORE = re.compile(r"^(?:(?i:on|dated?|date:)\s+)")
# A time after the date says nothing of its day either: "12 May 2025 06:30", a feed's
# "12 May 2025 06:30:00 +0000" (the day as written, as 2025-05-12T06:30:00+06:30 is).
_FILLER_AFTER = re.compile(
    r"\s*(?:နေ့|က|တွင်|၌|မှာ|[.,;။၊])$"
    r"|[\s,]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?i:[ap]\.?m\.?|gmt|utc|z))?(?:\s*[+-]\d{2}:?\d{2})?$"
)
# A weekday before a date: "Monday, 12 May 2025", a feed's "Mon, 12 May 2025", "တနင်္လာနေ့၊ မေလ
# ၁၂ ရက်". It has to be the date's own: one of the two is a typo, and which is not known.
_WEEKDAY_NUMBERS = {
    **{name: n for n, name in enumerate(_WEEKDAYS_EN)},
    **{name[:3]: n for n, name in enumerate(_WEEKDAYS_EN)},
    **{"tues": 1, "thur": 3, "thurs": 3},
}
_WEEKDAY_FIRST = re.compile(
    rf"(?:(?i:(?P<en>{_alternation(_WEEKDAY_NUMBERS)}))\b\.?"
    rf"|(?P<my>{'|'.join(_WEEKDAYS_MY)})(?:\s*နေ့)?)\s*[,၊]?\s*(?P<rest>.+)"
)


def _prepare(text: str) -> str:
    # typed: a date typed on a Zawgyi phone (ေမလ ၁၂ ရက္) reads as the same date.
    return re.sub(r"\s+", " ", to_ascii_digits(typed(text))).strip()


def _safely(read, m: re.Match[str], published: date | None) -> Parsed | None:
    try:
        return read(m, published)
    except (OverflowError, ValueError):  # "yesterday" of 1 January of the year 1
        return None


# A file writes the same few thousand dates over and over (an import of a million reports:
# a tenth of the reading process went into reading them again).
@lru_cache(maxsize=1 << 16)
def parse_date(text: str, published: date | None = None) -> Parsed | None:
    """A date field read whole: (date, precision), or None when it is not a date this reads.

    >>> parse_date("၂၀၂၅ ခုနှစ် မေလ ၁၂ ရက်")
    (datetime.date(2025, 5, 12), 'day')
    >>> parse_date("on Monday", date(2025, 5, 14))
    (datetime.date(2025, 5, 12), 'day')
    """
    s = _prepare(text or "")
    # The text as written, then with one filler word after another cut off its end:
    # "မနေ့က" is a date whole, "၂၀၂၅ ခုနှစ် မေလ ၁၂ ရက်နေ့တွင်" once "နေ့တွင်" is cut.
    candidates = [s]
    trimmed = _FILLER_BEFORE.sub("", s)
    while trimmed:
        candidates.append(trimmed)
        shorter = _FILLER_AFTER.sub("", trimmed)
        if shorter == trimmed:
            break
        trimmed = shorter
    absolute, relative = _FIELD
    for pattern, read in (*absolute, *relative):
        for candidate in candidates:
            if m := pattern.fullmatch(candidate):
                return _safely(read, m, published)
    if named := _with_weekday(s, published):
        wanted, parsed = named
        return parsed if parsed[0].weekday() == wanted else None
    return _field_range(s, published) if s else None


def weekday_clash(text: str, published: date | None = None) -> str | None:
    """Why `parse_date` refused a date written with a weekday that is not its own, to tell the
    person who wrote it ("Tuesday, 12 May 2025": "2025-05-12 is a Monday"); None otherwise."""
    named = _with_weekday(_prepare(text or ""), published)
    if named is None or named[1][0].weekday() == named[0]:
        return None
    day = named[1][0]
    return f"{day.isoformat()} is a {_WEEKDAYS_EN[day.weekday()].title()}"


def _with_weekday(s: str, published: date | None) -> tuple[int, Parsed] | None:
    """(the weekday named, the day read) of a day written after its weekday."""
    if not (m := _WEEKDAY_FIRST.fullmatch(s)):
        return None
    parsed = parse_date(m["rest"], published)
    if parsed is None or parsed[1] != "day":
        return None
    wanted = _WEEKDAY_NUMBERS[m["en"].lower()] if m["en"] else _WEEKDAYS_MY.index(m["my"])
    return wanted, parsed


def find_date(text: str, published: date | None = None) -> Parsed | None:
    """The first date written in free text; a written date wins over a relative one anywhere.

    >>> find_date("မေလ ၁၂ ရက်နေ့က ဗုံးကြဲ", date(2025, 5, 13))
    (datetime.date(2025, 5, 12), 'day')
    """
    # Zawgyi converted where its spelling shows it, as every text Thitsa stores (a caller may
    # hand a post as typed).
    s = to_ascii_digits(clean(text or ""))
    absolute, relative = _TEXT
    written, said = (_first_date(s, rules, published) for rules in (absolute, relative))
    if written and said and published and written[2][0] < published - timedelta(days=_LONG_AGO):
        # "Jets bombed the village today. ... It was first bombed on 3 March 2024": the day
        # the post opens with, not one its background gives. Not where the old date is in
        # the opening too: "A report released today documents the airstrike of 11 April 2023".
        opening = _SENTENCE_END.search(s)
        end = opening.end() if opening else len(s)
        if said[0] < end <= written[0]:
            return said[2]
    return (written or said or (0, 0, None))[2]


# Days before the post beyond which a written date, after the opening sentence, is background
# when the opening says "today" or "yesterday".
_LONG_AGO = 60
_SENTENCE_END = re.compile(r"[.;!?။\n]")
# A date a clause starts from ("since 1 February 2021", "၂၀၂၁ ခုနှစ် ဖေဖော်ဝါရီလ ၁ ရက်
# စစ်အာဏာသိမ်းပြီးနောက်", "... ရက်ကတည်းက"): no event's day.
_SINCE_BEFORE = re.compile(r"(?i)\b(?:since|ever\s+since)\s+(?:the\s+)?(?:\d{1,2}\s+)?$")
_SINCE_AFTER = re.compile(
    r"\s*(?:ရက်\s*)?(?:နေ့\s*)?(?:က\s*)?(?:(?:စစ်\s*)?အာဏာသိမ်း|ကတည်းက|မှစ၍|ကစ၍|မှ\s*စတင်)"
)


def _is_since(s: str, m: re.Match[str]) -> bool:
    return bool(
        _SINCE_BEFORE.search(s, max(0, m.start() - 16), m.start()) or _SINCE_AFTER.match(s, m.end())
    )


def _first_date(s: str, rules, published: date | None) -> tuple[int, int, Parsed] | None:
    """(where, which rule, the date) of the first date the rules find in the text."""
    matches = [list(pattern.finditer(s)) for pattern, _read in rules]
    # A part of a "since" date is no event's date either: "၂၀၂၁ ခုနှစ် ဖေဖော်ဝါရီလ" of
    # "၂၀၂၁ ခုနှစ် ဖေဖော်ဝါရီလ ၁ ရက် စစ်အာဏာသိမ်းပြီးနောက်", read by the month's rule.
    since = [m.span() for found in matches for m in found if _is_since(s, m)]
    found: list[tuple[int, int, Parsed]] = []
    for rank, (_pattern, read) in enumerate(rules):
        for m in matches[rank]:
            if any(start <= m.start() and m.end() <= end for start, end in since):
                continue
            if parsed := _safely(read, m, published):
                start = m.start()
                if (before := _RANGE_FROM.search(s, 0, start)) and (
                    first := _from_first_day(before[1] or before[2], parsed, m[0])
                ):
                    start, parsed = before.start(), first
                found.append((start, rank, parsed))
                break
    return min(found) if found else None
