"""Rule-based extraction of event facts from a free-text post (English and Burmese); no Django.

Used for posts that carry no structured fields (Telegram channels). Each function reads one fact
and returns "" / None / {} when the text does not state it plainly: a wrong guess costs a reviewer
more than a blank.

What it catches
- event signal (`has_event_signal`): a casualty or attack word: killed, dead, died, injured,
  wounded, airstrike, bombed, drone, shelling, artillery, raid, torched, arson, landmine, shot;
  သေဆုံး, ကျဆုံး, ဒဏ်ရာ, လေကြောင်းတိုက်ခိုက်, ဗုံးကြဲ, ဒရုန်း, လက်နက်ကြီး, မီးရှို့, ပစ်ခတ်, မြေမြှုပ်မိုင်း,
  မိုင်းနင်း (not မိုင်း alone, which begins Shan towns' names: မိုင်းဆတ်).
- date (`event_date`, read by `thitsa.burmese.dates.find_date`): "12 May 2025", "May 12, 2025",
  "2025-05-12", "12/5/2025" (day first), "on 12 May" / "on May 12" (year of the post; the year
  before when that would be after the post), "today", "this morning", "tonight", "yesterday",
  "last night", "two days ago", "on Sunday" (the last Sunday on or before the post; also
  "Sunday's", "early Sunday", "in the early hours of Sunday"); Burmese
  "၂၀၂၅ ခုနှစ် မေလ ၁၂ ရက်", "၁၂ မေ ၂၀၂၅", "မေလ ၁၂ ရက်နေ့", "ယနေ့", "ဒီနေ့", "မနေ့က", "ယမန်နေ့",
  "တနင်္လာနေ့က", "လွန်ခဲ့သော (or သည့်) ၃ ရက်က". The first date written wins.
- place (`place`): "X village, Y Township", "in X village of Y Township", "X village tract",
  "X Township", "X town", "X village", with ", Z Region/State" kept when it follows; Burmese
  "Xကျေးရွာ", "Xရွာ", "Xမြို့နယ်", "Xမြို့" (a leading "...တိုင်း"/"...ပြည်နယ်" is cut off).
  The result is place text for the gazetteer resolver, not a P-code.
- means (`attack_type`): drone strike, airstrike, shelling, landmine, arson, armed clash, raid
  (in that order of preference when several appear: "a drone dropped bombs" is a drone strike).
- casualties (`casualties`): "killed 22", "killing at least 22 people", "22 people were killed",
  "at least 20 dead", "22 civilians killed", "death toll rose to 22", "injured 15", "15 wounded",
  "20-25 killed", "more than 40 injured", "five killed", "1,600 killed", "3 farmers were shot
  dead", "burned to death", "claimed 5 lives", "including 5 children"
  (children of the count in the same sentence); Burmese "၂၂ ဦး သေဆုံး", "အရပ်သား ၂၂ ဦး သေဆုံး",
  "၂၀ ကျော် သေဆုံး", "၂၀-၂၅ ဦး သေဆုံး", "သေဆုံးသူ ၂၂ ဦး", "ဒဏ်ရာရ ၁၅ ဦး", "၁၅ ဦး ဒဏ်ရာရ",
  "ကလေး ၅ ဦး", "ကလေး ၂၀ အပါအဝင်", counts in words before ဦး/ယောက် ("ငါးဦး", "ဆယ့်ငါးဦး",
  "နှစ်ဆယ်ဦး"). With several counts of one kind the largest is kept (posts
  give a total and its parts).
- targets and weapons (`targets`, `weapons`): the taxonomy's words (school, hospital, monastery,
  market, IDP camp, ...; cluster, incendiary, ...), not where a hospital is only where the
  wounded were taken ("taken to hospital", "ဆေးရုံသို့ ပို့").

What it misses
- Burmese lunar-calendar dates (ကဆုန်လဆန်း ...), dates written as words ("the twelfth"), dates
  known only to their week or month ("last week", "in May 2025"), and relative phrases beyond
  the ones above ("on the night of the 11th").
- Places not followed by a level word ("bombed Tabayin"), lower-case names, and which of two
  places is the event's; Burmese names written apart from their suffix ("လက်ယက်ကုန်း ကျေးရွာ"
  becomes just the level word and is skipped).
- Counts that need the sentence understood: negation ("no one was killed"), counts of soldiers
  vs civilians, "a family of five", running totals across posts; a sentence that counts since
  the coup, since a date or this year gives no count (a tally, not one event's dead), so a
  statistics post opens an incident without one (it is still read as telling an event);
  soldiers' deaths count as killed like anyone's. Burmese counts in words past 99, and
  children named without a number ("a child was killed").
- Perpetrators (posts name them too loosely to be worth guessing).
"""

from __future__ import annotations

import re
from datetime import date

from thitsa.burmese.dates import find_date
from thitsa.burmese.digits import to_ascii_digits
from thitsa.incidents.taxonomy import TARGETS, WEAPONS, codes_mentioned
from thitsa.reports.casualties import (
    NUMBER_WORDS,
    CasualtyError,
    CasualtyRange,
    parse_casualties,
)


def event_date(text: str, posted: date) -> date | None:
    """The event's day as the text writes it, read against the post's own date
    (`thitsa.burmese.dates.find_date`); a date known only to its month or year gives None.

    >>> event_date("Jets bombed the village yesterday", date(2025, 5, 13))
    datetime.date(2025, 5, 12)
    >>> event_date("မေလ ၁၂ ရက်နေ့က", date(2025, 5, 13))
    datetime.date(2025, 5, 12)
    """
    found = find_date(text, posted)
    return found[0] if found and found[1] == "day" else None


# --- place --------------------------------------------------------------------------------

_NAME = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}"
_STOP = {
    "in",
    "at",
    "on",
    "near",
    "from",
    "the",
    "of",
    "and",
    "a",
    "junta",
    "military",
    "regime",
    "army",
    "troops",
    "jets",
    "yesterday",
    "today",
}
_EN_PLACE = re.compile(
    rf"(?P<village>{_NAME})\s+(?P<vlevel>(?i:village(?:\s+tract)?|town|ward))\b"
    rf"(?:,?\s+(?:in\s+|of\s+)?(?P<township>{_NAME})\s+(?i:township))?"
    rf"|(?P<township_only>{_NAME})\s+(?i:township)\b",
)
_EN_REGION = re.compile(
    rf"^,?\s*(?:in\s+)?(?P<region>{_NAME})\s+(?P<rlevel>Region|State|Division)\b"
)
_MY_PLACE = re.compile(r"(?:^|(?<=[\s၊။,(“\"]))([\u1000-\u109F]+?)(ကျေးရွာအုပ်စု|ကျေးရွာ|ရွာ|မြို့နယ်|မြို့)")
_MY_REGION = re.compile(r"^.*?(?:တိုင်းဒေသကြီး|တိုင်း|ပြည်နယ်)")
# Words that end in a level suffix without being a name: "the said village", "rain falls".
_MY_NOT_NAMES = {"ကျေး", "အဆိုပါ", "ထို", "၎င်း", "ယင်း", "အနီး", "မိုး", "ဒေသခံ", "တစ်"}


def _clean_name(name: str) -> str:
    words = name.split()
    while words and words[0].lower() in _STOP:
        words = words[1:]
    return " ".join(words)


def place(text: str) -> str:
    """Place text for the gazetteer resolver, or "".

    >>> place("Jets bombed a school in Let Yet Kone village, Depayin Township, on Monday.")
    'Let Yet Kone village, Depayin Township'
    """
    for m in _EN_PLACE.finditer(text):
        if m["township_only"]:
            if not (township := _clean_name(m["township_only"])):
                continue
            found = f"{township} Township"
        else:
            if not (village := _clean_name(m["village"])):
                continue
            found = f"{village} {m['vlevel'].lower()}"
            if m["township"] and (township := _clean_name(m["township"])):
                found += f", {township} Township"
        if region := _EN_REGION.match(text[m.end() :]):
            found += f", {_clean_name(region['region'])} {region['rlevel']}"
        return found
    parts: list[str] = []
    for m in _MY_PLACE.finditer(text):
        name = _MY_REGION.sub("", m[1])
        if name and name not in _MY_NOT_NAMES and f"{name}{m[2]}" not in parts:
            parts.append(f"{name}{m[2]}")
        if len(parts) == 3:
            break
    return " ".join(parts)


# --- means --------------------------------------------------------------------------------

_MY_MINE = r"မြေမြှုပ်မိုင်း|မိုင်း(?:နင်း|ထိ|ကွဲ|ပေါက်)"
_MEANS: list[tuple[str, re.Pattern[str]]] = [
    ("drone strike", re.compile(r"\bdrones?\b|ဒရုန်း", re.I)),
    (
        "airstrike",
        re.compile(
            r"\bair ?strikes?\b|\bair ?raids?\b|\bjets?\b|\bfighter|\bwarplanes?\b|\bhelicopters?\b"
            r"|\bgunships?\b|\bbombed\b|\bbombing\b|\baerial\b|လေကြောင်း|ဗုံးကြဲ|တိုက်လေယာဉ်|ဂျက်|ရဟတ်ယာဉ်",
            re.I,
        ),
    ),
    (
        "shelling",
        re.compile(
            r"\bartillery\b|\bshell(?:s|ed|ing)?\b|\bmortars?\b|\bheavy weapons?\b|လက်နက်ကြီး", re.I
        ),
    ),
    # Not မိုင်း alone: it begins some thirty Shan towns' names (မိုင်းဆတ်, Mong Hsat).
    ("landmine", re.compile(rf"\blandmines?\b|\bmine blast\b|\bIEDs?\b|{_MY_MINE}", re.I)),
    (
        "arson",
        re.compile(
            r"\barson\b|\btorch(?:ed|ing)\b|\bset (?:on )?fire\b|\bburn(?:ed|t|ing)? down\b"
            r"|\bburned\b|မီးရှို့",
            re.I,
        ),
    ),
    ("armed clash", re.compile(r"\bclash(?:es|ed)?\b|\bfighting\b|တိုက်ပွဲ", re.I)),
    (
        "raid",
        re.compile(r"\braid(?:s|ed|ing)?\b|\bstormed\b|\bmilitary column\b|စစ်ကြောင်း|စီးနင်း", re.I),
    ),
]


def attack_type(text: str) -> str:
    """A type word the taxonomy understands ("drone strike", "airstrike", ...), or ""."""
    return next((name for name, pattern in _MEANS if pattern.search(text)), "")


# --- casualties ---------------------------------------------------------------------------

_NUMBER = (
    rf"\d{{1,6}}(?:\s*(?:-|–|to)\s*\d{{1,6}})?\+?|{NUMBER_WORDS}|no one|nobody|dozens|hundreds"
)
_QUALIFIER = r"(?:at least|more than|over|about|around|nearly|some|up to|an estimated|as many as)"
_COUNT = rf"(?:{_QUALIFIER}\s+)?(?:{_NUMBER})"
_WHO = (
    r"(?:\s+(?:more\s+)?(?:people|persons?|civilians?|villagers?|residents?|children|child|"
    r"students?|soldiers?|others|IDPs|displaced people|men|man|women|woman|monks?|teachers?|"
    r"family members|farmers?|miners?|workers?|youths?|patients?|passengers?|prisoners?|"
    r"detainees?|protesters?|boys?|girls?|infants?|babies|novices?|nuns?|fishermen|fisherman|"
    r"elders?|toddlers?|teenagers?))?"
)
# "A child was killed", "killing a 12-year-old boy": one person, said with an article, read as
# "1 child" before the count patterns (a post telling one death gave no count at all).
_ONE_PERSON = re.compile(
    r"\b(?:an?|one)\s+(?:(?:\d{1,3}[- ]year[- ]old|young|elderly|old|local|pregnant|teenage|"
    r"disabled)\s+){0,2}(?=(?:person|civilian|villager|resident|child|student|man|woman|monk|"
    r"teacher|farmer|miner|worker|youth|patient|passenger|prisoner|detainee|protester|boy|girl|"
    r"infant|baby|novice|nun|fisherman|elder|toddler|teenager)\b)",
    re.I,
)
_EN_COUNT_FIRST = re.compile(
    rf"\b(?P<count>{_COUNT}){_WHO}\s+(?:(?:were|was|have been|had been|are|got)\s+)?"
    r"(?:(?P<k>killed|dead|died|lost their lives|shot dead|burn(?:ed|t) to death|executed"
    r"|massacred|beheaded)|(?P<i>injured|wounded|hurt))\b",
    re.I,
)
_EN_VERB_FIRST = re.compile(
    r"\b(?:(?P<k>killing|killed|kills|death toll (?:rose |rises |has risen )?(?:to|at|of))"
    rf"|(?P<i>injuring|injured|wounding|wounded))\s+(?P<count>{_COUNT})\b"
    r"(?!\s*(?:days?|hours?|am|pm|km|miles?|%))",
    re.I,
)
_EN_TOLL = re.compile(
    rf"\bdeath toll\b[^.;]{{0,80}}?\b(?P<k>rose|risen|rises|climbed|reached|stands at|is now)"
    rf"\s+(?:to\s+)?(?P<count>{_COUNT})\b",
    re.I,
)
_EN_LIVES = re.compile(rf"\bclaim(?:ed|ing|s)\s+(?P<count>{_COUNT})\s+(?P<k>lives)\b", re.I)
_EN_CHILDREN = re.compile(rf"\bincluding\s+(?P<count>{_COUNT})\s+(?:children|kids|minors)\b", re.I)
_MY_UNIT = r"(?:ဦး|ယောက်)"
_MY_PRE = r"(?P<pre>အနည်းဆုံး\s*)?"
_MY_POST = r"(?P<post>ကျော်|ခန့်|ထက်ပို)?"
_MY_NUMBER = r"\d{1,6}(?:\s*[-–]\s*\d{1,6})?"  # ၂၀-၂၅: a range, not 25
_MY_COUNT_FIRST = re.compile(
    rf"{_MY_PRE}(?P<count>{_MY_NUMBER})\s*{_MY_UNIT}?\s*{_MY_POST}\s*(?:ပွဲချင်းပြီး\s*)?"
    r"(?:(?P<k>သေဆုံး|ကျဆုံး|အသက်ဆုံးရှုံး)|(?P<i>ဒဏ်ရာ))"
)
_MY_VERB_FIRST = re.compile(
    r"(?:(?P<k>သေဆုံးသူ|ကျဆုံးသူ)|(?P<i>ဒဏ်ရာရသူ|ဒဏ်ရာရ))\s*(?:စုစုပေါင်း\s*)?"
    rf"{_MY_PRE}(?P<count>{_MY_NUMBER})\s*{_MY_UNIT}\s*{_MY_POST}"
)
# "ကလေး ၅ ဦး", or without the counter before "including" ("ကလေး ၂၀ အပါအဝင်").
_MY_CHILDREN = re.compile(
    rf"ကလေး(?:ငယ်)?(?:များ)?\s*(?P<count>{_MY_NUMBER})\s*(?:{_MY_UNIT}|(?=အပါအဝင်))"
)
_SENTENCE = re.compile(r"[^.!?။\n]+")
# A sentence that counts, in a perfect tense, since a coup or a date ("airstrikes have killed
# 1,600 civilians since the coup"), or this year: a running total, which as one event's count
# made a 1,600-killed incident. "So far" and "to date" are left: one event's toll says them too.
# The perfect tense must be the count's own verb: "has been shelling the town since 2023,
# killing 5 on Monday" is one day's dead, and "the deadliest attack since 2021, killing 40" too.
_PERFECT_TOLL = re.compile(
    r"(?i)\b(?:have|has|had)\s+(?:(?:now|reportedly|already|so far|together)\s+)?(?:been\s+)?"
    r"(?:killed|died|wounded|injured|lost|claimed|left\s+\S+\s+(?:dead|injured|wounded))\b"
)
_SINCE = re.compile(
    r"(?i)\bsince\s+(?:the\s+(?:\d{4}\s+)?(?:military\s+)?(?:coup|takeover)\b"
    r"|[^.;!?]{0,20}?\b(?:19|20)\d\d\b|the\s+start\s+of\s+(?:the\s+)?(?:year|war)\b)"
)
_TALLY = re.compile(
    r"(?i)\bthis\s+year\b"
    r"|အာဏာသိမ်း(?:ပြီး|ချိန်|သည့်အချိန်)(?:နောက်ပိုင်း|မှစ၍|မှ|ကစ၍)|ခုနှစ်(?:မှစ၍|ကစ၍)"
)


def _running_total(sentence: str) -> bool:
    return bool(
        _TALLY.search(sentence) or (_SINCE.search(sentence) and _PERFECT_TOLL.search(sentence))
    )


_THOUSANDS = re.compile(r"\b\d{1,3}(?:,\d{3})+\b")


# Counts of people in words ("ငါးဦး", "ဆယ့်ငါးဦး", "နှစ်ဆယ်ဦး"): read as digits before the count
# patterns. Only before a counter of people; နှစ် after ခု is the year, not two.
_MY_DIGIT_WORDS = {"တစ်": 1, "နှစ်": 2, "သုံး": 3, "လေး": 4, "ငါး": 5, "ခြောက်": 6, "ခုနစ်": 7,
                   "ရှစ်": 8, "ကိုး": 9}  # fmt: skip
_MY_DIGIT = "(?:" + "|".join(sorted(_MY_DIGIT_WORDS, key=len, reverse=True)) + ")"
_MY_WORD_COUNT = re.compile(
    rf"(?<!ခု)(?<!က)(?:(?P<tens>{_MY_DIGIT})?(?P<ten>ဆယ\u1037?\u103a)(?P<ones>{_MY_DIGIT})?"
    rf"|(?P<one>{_MY_DIGIT}))(?=\s*(?:ဦး|ယောက်))"
)


def _my_word_count(m: re.Match[str]) -> str:
    if m["one"]:
        return str(_MY_DIGIT_WORDS[m["one"]])
    tens = _MY_DIGIT_WORDS[m["tens"]] if m["tens"] else 1
    return str(tens * 10 + (_MY_DIGIT_WORDS[m["ones"]] if m["ones"] else 0))


def _count(m: re.Match[str]) -> CasualtyRange | None:
    groups = m.groupdict()
    phrase = " ".join(p.strip() for p in (groups.get("pre"), m["count"], groups.get("post")) if p)
    try:
        return parse_casualties(re.sub(r"\s+", " ", phrase))
    except CasualtyError:
        return None


def casualties(text: str) -> dict[str, CasualtyRange]:
    """Killed and injured counts (and children among them) the text states.

    >>> casualties("Jets bombed a school, killing 22 people; 15 were injured")["killed"]
    CasualtyRange(min=22, max=22, form='exact')
    """
    found: dict[str, CasualtyRange] = {}

    def keep(name: str, rng: CasualtyRange | None) -> None:
        if rng is not None and (name not in found or rng.max > found[name].max):
            found[name] = rng

    # 1,600 is one number: read as "600" (or "1") it put 501 children in a statistics post.
    plain = _THOUSANDS.sub(lambda m: m[0].replace(",", ""), to_ascii_digits(text))
    plain = _ONE_PERSON.sub("1 ", plain)
    if "ဦး" in plain or "ယောက်" in plain:
        plain = _MY_WORD_COUNT.sub(_my_word_count, plain)
    for sentence in _SENTENCE.findall(plain):
        if _running_total(sentence):
            continue  # a tally over months or years, not one event's dead
        counts: list[tuple[int, str]] = []
        for pattern in (
            _EN_COUNT_FIRST,
            _EN_VERB_FIRST,
            _EN_TOLL,
            _EN_LIVES,
            _MY_COUNT_FIRST,
            _MY_VERB_FIRST,
        ):
            for m in pattern.finditer(sentence):
                name = "killed" if m["k"] else "injured"
                if re.search(r"\b(?:children|child)\b", m[0], re.I):
                    keep(f"{name}_children", _count(m))
                keep(name, _count(m))
                counts.append((m.start(), name))
        if not counts:
            continue
        # "killing 22, including 5 children, and injuring 40": the count just before is theirs.
        for pattern in (_EN_CHILDREN, _MY_CHILDREN):
            for m in pattern.finditer(sentence):
                before = [c for c in counts if c[0] < m.start()]
                name = max(before)[1] if before else min(counts)[1]
                keep(f"{name}_children", _count(m))
    return found


# --- signal, targets, weapons -------------------------------------------------------------

_SIGNAL = re.compile(
    r"\b(?:kill(?:s|ed|ing)?|dead|died|deaths?|injur(?:ed|ies|ing)|wounded|casualt(?:y|ies)"
    r"|air ?strikes?|air ?raids?|bomb(?:s|ed|ing)?|drones?|shell(?:s|ed|ing)|artillery|mortars?"
    r"|raid(?:s|ed)?|torched|arson|landmines?|massacre|shot)\b"
    r"|သေဆုံး|ကျဆုံး|ဒဏ်ရာ|လေကြောင်းတိုက်ခိုက်|ဗုံးကြဲ|ဒရုန်း|လက်နက်ကြီး|မီးရှို့|ပစ်ခတ်|မြေမြှုပ်မိုင်း|မိုင်း(?:နင်း|ထိ|ကွဲ|ပေါက်)|အသတ်ခံ",
    re.I,
)


def has_event_signal(text: str) -> bool:
    """Does the text speak of an attack or of people killed or hurt?"""
    return bool(_SIGNAL.search(text))


def targets(text: str) -> list[str]:
    return codes_mentioned(TARGETS, text)


def weapons(text: str) -> list[str]:
    return codes_mentioned(WEAPONS, text)


def language(text: str) -> str:
    """ "my" when most letters are Myanmar script, else "en"."""
    myanmar = len(re.findall(r"[\u1000-\u109F]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "my" if myanmar > latin else "en" if latin else ""
