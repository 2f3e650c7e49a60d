"""Rule-based extraction of event facts from a free-text post (English and Burmese); no Django.

Used for posts that carry no structured fields (Telegram channels). Each function reads one fact
and returns "" / None / {} when the text does not state it plainly: a wrong guess costs a reviewer
more than a blank.

What it catches
- event signal (`has_event_signal`): an attack word (airstrike, bombed, drone, shelling,
  artillery, raid, torched, arson, landmine, shot, executed; လေကြောင်းတိုက်ခိုက်, ဗုံးကြဲ, ဒရုန်း,
  လက်နက်ကြီး, မီးရှို့, ပစ်ခတ်, သတ်ဖြတ်, မြေမြှုပ်မိုင်း, မိုင်းနင်း; not မိုင်း alone, which begins Shan
  towns' names: မိုင်းဆတ်), or a casualty word (killed, dead, died, injured, wounded, bodies;
  သေဆုံး, ကျဆုံး, ဒဏ်ရာ, အလောင်း) in a post that names no disaster or accident (earthquake,
  landslide, flood, a bus overturned; ငလျင်, မြေပြို, ရေကြီး, ယာဉ်တိုက်).
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
  dead", "burned to death", "claimed 5 lives", "including 5 children", "among them 3 children"
  (children of the count in the same sentence), "At least 17 people, most of them students,
  were killed", "shot dead three villagers", "killing a woman and her 5-year-old son" (2, one a
  child), "an elderly couple" (2), "injuring their grandmother", "two other villagers were
  injured", "bodies of 5"; Burmese "၂၂ ဦး သေဆုံး", "အရပ်သား ၂၂ ဦး သေဆုံး",
  "၂၀ ကျော် သေဆုံး", "၂၀-၂၅ ဦး သေဆုံး", "သေဆုံးသူ ၂၂ ဦး", "ဒဏ်ရာရ ၁၅ ဦး", "၁၅ ဦး ဒဏ်ရာရ",
  "ကလေး ၅ ဦး", "ကလေး ၂၀ အပါအဝင်", "ကလေး ၂ ဦး ဒဏ်ရာရ" (children injured, by the verb after them),
  "၉ ဦးကို ဖမ်းဆီး သတ်ဖြတ်", "၅ ဦး၏ အလောင်း", "လူ ၃ ယောက် သေတယ်", "ဒဏ်ရာရတာ ၄ ယောက်",
  "လူနာ ၄ ဦးနှင့် ဆေးဝန်ထမ်း ၁ ဦး သေဆုံး" (5), "ထိခိုက်သေဆုံးမှု မရှိ" (0), "၅ ဦး ထိခိုက်သေဆုံးပြီး
  ၃ ဦး ထိခိုက်ဒဏ်ရာရ", "၃ ဦး ကွယ်လွန်", the words a count field reads around a number
  ("၅ ဦးမှ ၇ ဦးအထိ", "၃၀ နီးပါး", "၃၀ ဝန်းကျင်", "ခန့်မှန်းခြေ ၃၀", "ရာချီ", "ဒါဇင်ချီ":
  `thitsa.reports.casualties`), counts in words before ဦး/ယောက် ("ငါးဦး", "ဆယ့်ငါးဦး",
  "နှစ်ဆယ်ဦး") and tens before those words ("နှစ်ဆယ်ကျော်"). With several counts of one kind
  the largest is kept (posts give a total and its parts). Not counted: soldiers or fighters
  ("killing 8 soldiers", "စစ်သား ၈ ဦး သေဆုံး": no attack on civilians); a disaster's or an
  accident's dead told without an attack; running totals (since the coup, since a date, this
  year, "so far in 2025", "in the past six months", "ဇန်နဝါရီလမှ ယခုအထိ"); a statistics post
  ("our team documented 61 air and drone strikes ... 97 civilians were killed").
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
- Counts that need the sentence understood: "a family of five", "an elderly couple who could
  not flee were burned to death" (a clause between), "2 of the injured died" (counted as
  injured), students counted as children; a statistics post still opens an incident without
  a count (it is read as telling an event); fighters named other than by the words above.
  Burmese counts in words past 99.
- Posts that tell several events (a daily brief): one report, mixing their facts.
- Perpetrators (posts name them too loosely to be worth guessing).
"""

from __future__ import annotations

import re
from datetime import date

from thitsa.burmese.dates import find_date
from thitsa.burmese.digits import to_ascii_digits
from thitsa.incidents.taxonomy import TARGETS, WEAPONS, codes_mentioned
from thitsa.reports.casualties import (
    MY_AFTER_IN_TEXT,
    MY_BEFORE,
    MY_INJURED,
    MY_KILLED,
    MY_RANGE_END,
    MY_ROUGH,
    NUMBER_WORDS,
    RANGE_JOIN,
    CasualtyError,
    CasualtyRange,
    my_words_to_digits,
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
_MY_NOT_NAMES = {"ကျေး", "အဆိုပါ", "ထို", "၎င်း", "ယင်း", "အနီး", "မိုး", "ဒေသခံ", "တစ်",
                 # "our village" (a witness writing to a channel): Kyun Taw was found in it.
                 "ကျွန်တော်တို့", "ကျွန်မတို့", "ကျွန်ုပ်တို့", "ကျနော်တို့", "ငါတို့", "တို့", "မိမိ",
                 "ဒို့", "သူတို့", "မိမိတို့"}  # fmt: skip


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
            r"\bair ?strikes?\b|\bair ?raids?\b|\bjets?\b|\bfighter (?:jets?|planes?|aircraft)\b"
            r"|\bwarplanes?\b|\bhelicopters?\b"
            r"|\bgunships?\b|\bbombed\b|\bbombing\b|\baerial\b|လေကြောင်း|ဗုံးကြဲ|တိုက်လေယာဉ်|ဂျက်|ရဟတ်ယာဉ်"
            # "Y-12 လေယာဉ်ဖြင့် ဗုံး ၄ လုံး ကြဲချ": an aircraft's bombs, counted between.
            r"|လေယာဉ်(?:ဖြင့်|နှင့်|မှ)|ဗုံး\s*[\d၀-၉]+\s*လုံး\s*ကြဲ",
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
    r"(?:\s+(?:more\s+|other\s+)?(?:people|persons?|civilians?|villagers?|residents?|children|child|"
    r"students?|others|IDPs|displaced people|men|man|women|woman|monks?|teachers?|"
    r"family members|farmers?|miners?|workers?|youths?|patients?|passengers?|prisoners?|"
    r"detainees?|protesters?|boys?|girls?|infants?|babies|novices?|nuns?|fishermen|fisherman|"
    r"elders?|toddlers?|teenagers?|nurses?|doctors?|medics?|health workers?|volunteers?))?"
)
# "A child was killed", "killing a 12-year-old boy": one person, said with an article, read as
# "1 child" before the count patterns (a post telling one death gave no count at all); one
# under 18, or a boy, girl or baby, as "1 child", so that the children's count has them.
_ONE_PERSON = re.compile(
    r"\b(?:an?|one|her|his|their)\s+"
    r"(?P<said>(?:(?:(?P<age>\d{1,3})[- ]year[- ]old|young|elderly|old|local|pregnant|teenage|"
    r"disabled|bedridden|sick|blind|deaf|unarmed|innocent|displaced)\s+){0,2})"
    r"(?P<who>person|civilian|villager|resident|child|student|man|woman|monk|teacher|farmer|miner"
    r"|worker|youth|patient|passenger|prisoner|detainee|protester|boy|girl|infant|baby|novice|nun"
    r"|fisherman|elder|toddler|teenager|son|daughter|mother|father|grandmother|grandfather|wife"
    r"|husband|brother|sister|uncle|aunt|nurse|doctor|medic|health worker|volunteer)\b",
    re.I,
)
_CHILD_WORDS = frozenset({"child", "boy", "girl", "infant", "baby", "toddler"})
# A relative ("injuring their grandmother") is counted as a person: _WHO does not know them.
_WHO_WORDS = frozenset(
    "person civilian villager resident child student man woman monk teacher farmer miner worker "
    "youth patient passenger prisoner detainee protester boy girl infant baby novice nun "
    "fisherman elder toddler teenager nurse doctor medic volunteer".split()
)
# "An elderly couple were burned to death": two people.
_COUPLE = re.compile(r"\b(?:an?\s+)?(?:(?:elderly|old|young|married)\s+)?couple\b", re.I)


def _one_person(m: re.Match[str]) -> str:
    who = m["who"].lower()
    if who in _CHILD_WORDS or (m["age"] and int(m["age"]) < 18):
        return "1 child"
    if who not in _WHO_WORDS:  # "her son", of no told age: a person, not a child
        return "1 person"
    return f"1 {m['who']}"


# Who a count is of when they are fighters: "killing 8 soldiers" is no attack on civilians.
_FIGHTERS = re.compile(
    r"\s+(?:(?:more\s+)?(?:junta|regime|military|army|sac|resistance|pdf|kia|aa|enemy|police)"
    r"\s+)?(?:soldiers?|troops|fighters?|personnel|combatants?|militiam[ae]n|police(?:m[ae]n)?"
    r"|officers?|members)\b",
    re.I,
)
_MY_FIGHTERS = re.compile(
    r"(?:စစ်သား|တပ်သား|ရဲသား|ရဲ|တပ်ဖွဲ့ဝင်|စစ်သည်|ရဲဘော်|တပ်မတော်သား)(?:များ)?\s*(?:အနည်းဆုံး\s*)?$"
)
# "A woman and 1 child were killed": both counted ("more"), unless the second is the injured's.
_AND_MORE = (
    rf"(?:\s+and\s+(?P<more>{_COUNT}){_WHO}"
    r"(?!\s+(?:(?:were|was)\s+)?(?:injured|wounded|hurt)))?"
)
_EN_COUNT_FIRST = re.compile(
    # "At least 17 people, most of them students, were killed": an aside between.
    # "9 villagers including 3 children were killed": an aside without its commas too.
    rf"\b(?P<count>{_COUNT}){_WHO}{_AND_MORE}"
    r"(?P<aside>,[^,.;]{1,40},|\s+including\s+[^,.;]{1,30}?(?=\s+(?:were|was|have|had)\s))?"
    r"\s+(?:(?:were|was|have been|had been|are|got)\s+)?"
    r"(?:(?P<k>killed|dead|died|lost their lives|shot dead|burn(?:ed|t) to death|executed"
    r"|massacred|beheaded)|(?P<i>injured|wounded|hurt))\b",
    re.I,
)
_EN_VERB_FIRST = re.compile(
    r"\b(?:(?P<k>killing|killed|kills|shot dead|shooting dead|shot and killed|executing|executed"
    r"|bodies of|death toll (?:rose |rises |has risen )?(?:to|at|of))"
    rf"|(?P<i>injuring|injured|wounding|wounded))\s+(?P<count>{_COUNT})\b"
    rf"(?!\s*(?:days?|hours?|am|pm|km|miles?|%)){_WHO}{_AND_MORE}",
    re.I,
)
_EN_TOLL = re.compile(
    rf"\bdeath toll\b[^.;]{{0,160}}?\b(?P<k>rose|risen|rises|climbed|reached|stands at|is now)"
    rf"\s+(?:to\s+)?(?P<count>{_COUNT})\b",
    re.I,
)
# "Two more bodies were found, bringing the toll to 9"; "the number of dead rose to 9".
_EN_TOLL_TO = re.compile(
    r"\b(?P<k>(?:bringing|raising|taking|pushing|brings|raises|takes|pushes)\s+(?:the\s+)?"
    r"(?:death\s+)?toll\s+to"
    r"|(?:the\s+)?(?:toll|number\s+of\s+(?:the\s+)?(?:dead|deaths|fatalities|people\s+killed))"
    rf"\s+(?:has\s+)?(?:rose|risen|rises|climbed|reached)(?:\s+to)?)\s+(?P<count>{_COUNT})\b",
    re.I,
)
_EN_LIVES = re.compile(rf"\bclaim(?:ed|ing|s)\s+(?P<count>{_COUNT})\s+(?P<k>lives)\b", re.I)
_EN_CHILDREN = re.compile(
    rf"\b(?:including|among them|among whom|of them|of whom)\s+(?P<count>{_COUNT})\s+"
    r"(?:children|child|kids|minors)\b",
    re.I,
)
_MY_UNIT = r"(?:ဦး|ယောက်)"
# The words around a count are a count field's (casualties): "အနည်းဆုံး ၂၀", "၃၀ နီးပါး",
# "၅ ဦးမှ ၇ ဦးအထိ" (a range, as "၂၀-၂၅" is, not 25), "ရာချီ" (hundreds).
_MY_PRE = rf"(?P<pre>{MY_BEFORE}\s*)?"
_MY_POST = rf"(?P<post>{MY_AFTER_IN_TEXT})?"
_MY_ONE = rf"\d{{1,6}}|{MY_ROUGH}"
_MY_NUMBER = (
    rf"\d{{1,6}}(?:\s*{_MY_UNIT}?\s*{RANGE_JOIN}\s*\d{{1,6}}(?:\s*{_MY_UNIT}?\s*{MY_RANGE_END})?)?"
    rf"|{MY_ROUGH}"
)
_MY_COUNT_FIRST = re.compile(
    rf"{_MY_PRE}(?P<count>{_MY_NUMBER})\s*{_MY_UNIT}?\s*{_MY_POST}\s*(?:ပွဲချင်းပြီး\s*)?"
    # "ရွာသား ၉ ဦးကို ဖမ်းဆီး သတ်ဖြတ်" (seized and killed), "၅ ဦး၏ အလောင်း" (the bodies of 5),
    # and as people say it: "လူ ၃ ယောက် သေတယ်".
    rf"(?:(?P<k>{MY_KILLED}|(?:ကို\s*(?:ဖမ်းဆီး(?:ပြီး|၍)?\s*)?)?သတ်ဖြတ်"
    rf"|(?:၏|ရဲ့)\s*အလောင်း|သေ(?=တယ်|ပြီ|သွား))|(?P<i>{MY_INJURED}))"
)
# "လူနာ ၄ ဦးနှင့် ဆေးဝန်ထမ်း ၁ ဦး သေဆုံး": 4 patients and 1 health worker, 5 dead.
_MY_AND_BEFORE = re.compile(
    rf"(?P<count>{_MY_NUMBER})\s*{_MY_UNIT}\s*(?:နှင့်|နဲ့|၊)\s*[\u1000-\u109F]{{0,15}}\s*$"
)
# "ထိခိုက်သေဆုံးမှု မရှိ": no one killed.
_MY_NONE = re.compile(r"(?:ထိခိုက်)?(?P<k>သေဆုံး)(?:သူ|မှု)(?:များ)?\s*(?P<count>မရှိ)")
_MY_VERB_FIRST = re.compile(
    r"(?:(?P<k>(?:သေဆုံး|ကျဆုံး|ကွယ်လွန်)သူ(?:များ)?|သေတာ)"
    r"|(?P<i>ဒဏ်ရာရသူ(?:များ)?|ဒဏ်ရာရတာ|ဒဏ်ရာရ))\s*(?:စုစုပေါင်း\s*)?"
    rf"{_MY_PRE}(?P<count>{_MY_NUMBER})\s*{_MY_UNIT}\s*{_MY_POST}"
)
# "ဒဏ်ရာရသူ ၁၀ ဦးမှ ၂ ဦး ... သေဆုံး" (of the 10 injured, 2 died): a range that runs backwards is
# no range, and its numbers are read one by one, each with the verb beside it.
_ONE_BY_ONE = {
    pattern: re.compile(pattern.pattern.replace(_MY_NUMBER, _MY_ONE))
    for pattern in (_MY_COUNT_FIRST, _MY_VERB_FIRST)
}
_BACKWARDS = re.compile(r"(\d+)\D+(\d+)\D*")


def _matches(pattern: re.Pattern[str], sentence: str):
    """The pattern's matches in the sentence, a backward Burmese range's numbers one by one."""
    for m in pattern.finditer(sentence):
        ends = _BACKWARDS.fullmatch(m["count"]) if pattern in _ONE_BY_ONE else None
        if ends is None or int(ends[2]) >= int(ends[1]):
            yield m
            continue
        for one in _ONE_BY_ONE[pattern].finditer(sentence, m.start()):
            if one.start() >= m.end():
                break
            yield one


# "ကလေး ၅ ဦး", or without the counter before "including" ("ကလေး ၂၀ အပါအဝင်").
_MY_CHILDREN = re.compile(
    rf"ကလေး(?:ငယ်)?(?:များ)?\s*(?P<count>{_MY_NUMBER})\s*(?:{_MY_UNIT}|(?=အပါအဝင်))"
)
_SENTENCE = re.compile(r"[^.!?။\n]+")
# "သေဆုံးသူများထဲတွင် ကလေး ၃ ဦး ပါဝင်" (among the dead, 3 children), "among the injured": whose
# children a count that follows is. Read as the last count's, they were the injured's.
_AMONG = re.compile(
    r"(?:(?P<k>သေဆုံးသူ|ကျဆုံးသူ)|ဒဏ်ရာရသူ)(?:များ)?\s*(?:ထဲ(?:တွင်|မှာ|၌)?|အနက်(?:တွင်)?)"
    r"|(?i:\bamong\s+(?:the|them\s+the)?\s*(?:(?P<k2>dead|killed)|injured|wounded))"
)
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
    r"(?i)\bthis\s+year\b|\bso\s+far\s+(?:in|this)\s+(?:(?:19|20)\d\d|year|month)\b"
    r"|\bin\s+(?:the\s+)?(?:first|past|last)\s+(?:\w+\s+)?(?:months?|years?)\b"
    r"|အာဏာသိမ်း(?:ပြီး|ချိန်|သည့်အချိန်)(?:နောက်ပိုင်း|မှစ၍|မှ|ကစ၍)|ခုနှစ်(?:မှစ၍|ကစ၍|အတွင်း)"
    r"|မှ\s*ယခု(?:အချိန်)?\s*(?:အထိ|ထိ)|ယခုနှစ်"
    # "during 2024", "in the first 2 weeks", "in June": "ခုနှစ်အတွင်း", "၂ ပတ်အတွင်း", "ဇွန်လအတွင်း";
    # not "this month" ("ယခုလအတွင်း ဒုတိယအကြိမ်", the second attack this month).
    r"|(?<!ယခု)(?<!ယခု )(?<!ဤ)(?<!ဤ )(?:ပတ်|လ)(?:များ)?\s*အတွင်း"
)
# A post of statistics ("JUNE IN NUMBERS: our team documented 61 air and drone strikes ... 97
# civilians were killed"): its counts are of many events, whichever sentence says them.
_STATISTICS = re.compile(
    r"(?i)(?:\bin numbers\b|\bdocumented\b|\brecorded\b|မှတ်တမ်းတင်)"
    r"(?=.*?\b\d{2,6}\s+(?:[\w-]+\s+){0,3}(?:strikes|attacks|airstrikes|incidents|raids|cases)\b)",
    re.S,
)
# Burmese counts the attacks before its verb, and says "documented" last: "လေကြောင်း
# တိုက်ခိုက်မှု ၂၃ ကြိမ် ... အရပ်သား ၄၁ ဦး သေဆုံး ... မှတ်တမ်းတင်ထားသည်" (23 airstrikes). Both,
# as in English: one raid's bombs are counted so too ("ဗုံးကြဲတိုက်ခိုက်မှု ၁၂ ကြိမ်").
_MY_ATTACKS_COUNTED = re.compile(
    r"(?:တိုက်ခိုက်(?:မှု)?|ဖြစ်စဉ်|ဗုံးကြဲ(?:မှု)?)\s*(?:စုစုပေါင်း\s*)?\d{2,6}\s*(?:ကြိမ်|ခု)"
)
# Deaths of a disaster or an accident, told without an attack: no attack's dead.
_DISASTER = re.compile(
    r"(?i)\b(?:earthquakes?|quake|landslides?|floods?|flooding|storm|cyclone|lightning"
    r"|accident|overturned|crash(?:ed)?|collided|collision|drowned|cholera|disease)\b"
    r"|ငလျင်|မြေပြို|ရေကြီး|မုန်တိုင်း|မိုးကြိုး|မတော်တဆ|ယာဉ်တိုက်|ရေနစ်|ကပ်ရောဂါ"
)


# A count of more dead than a post told before ("3 more died", "another 2 villagers died",
# "of the 30 injured, 3 died later", "ထပ်မံသေဆုံးသူ ၂ ဦး"), or the injured who then died
# ("ဒဏ်ရာရသူ ၂ ဦး ဆေးရုံတွင် ထပ်မံသေဆုံး"): no total. As one, a channel's update superseded its
# earlier count, and 12 killed became 3.
_MORE_AFTER = re.compile(r"\s+(?:more|additional)\b(?!\s+than)", re.I)
_MORE_BEFORE = re.compile(
    r"(?i)\b(?:another|a\s+further|an\s+additional)\s+$|(?:ထပ်မံ|နောက်ထပ်|ထပ်)\s*$"
)
_OF_THE_HURT = re.compile(r"(?i)\bof\s+(?:the|those)\s+(?:\d+\s+)?(?:injured|wounded)\s*,?\s*$")
_THEN_DIED = re.compile(r"[^\d၊,]{0,40}?(?:ထပ်မံ)?(?:သေဆုံး|ကျဆုံး|ကွယ်လွန်)(?!သူ)")
_MY_MORE = re.compile(r"ထပ်မံ|နောက်ထပ်")


def _increment(m: re.Match[str], sentence: str, killed: bool) -> bool:
    if not killed:
        # "ဒဏ်ရာရသူ ၂ ဦး ... သေဆုံး": the injured who died are no count of the injured.
        return bool(_THEN_DIED.match(sentence, m.end()))
    return bool(
        _MORE_AFTER.match(sentence, m.end("count"))
        or _MORE_BEFORE.search(sentence, 0, m.start())
        or _OF_THE_HURT.search(sentence, 0, m.start())
        or _MY_MORE.search(m[0])
    )


def _running_total(sentence: str) -> bool:
    return bool(
        _TALLY.search(sentence) or (_SINCE.search(sentence) and _PERFECT_TOLL.search(sentence))
    )


_THOUSANDS = re.compile(r"\b\d{1,3}(?:,\d{3})+\b")


def _count(m: re.Match[str], sentence: str) -> CasualtyRange | None:
    if m["count"] == "မရှိ":
        return CasualtyRange(0, 0, "exact")
    groups = m.groupdict()
    phrase = " ".join(p.strip() for p in (groups.get("pre"), m["count"], groups.get("post")) if p)
    try:
        found = parse_casualties(re.sub(r"\s+", " ", phrase))
        if groups.get("more") and not _FIGHTERS.match(sentence, m.end("more")):
            more = parse_casualties(m["more"])
            found = CasualtyRange(found.min + more.min, found.max + more.max, found.form)
    except CasualtyError:
        return None
    return found


_CHILDREN_WORD = re.compile(r"(?i)\b(?:children|child)\b")


def _children_of(m: re.Match[str], sentence: str) -> CasualtyRange | None:
    """The children among a count: all of it where its people are children ("3 children were
    killed"); in "1 woman and 1 child", the part that is."""
    said = m[0]
    if aside := m.groupdict().get("aside"):  # "10 civilians, including 3 children, were killed"
        said = said.replace(aside, " ")
    if not (more := m.groupdict().get("more")) or _FIGHTERS.match(sentence, m.end("more")):
        return _count(m, sentence) if _CHILDREN_WORD.search(said) else None
    first, second = sentence[m.start() : m.start("more")], sentence[m.start("more") : m.end()]
    try:
        parts = [
            parse_casualties(count)
            for count, words in ((m["count"], first), (more, second))
            if _CHILDREN_WORD.search(words)
        ]
    except CasualtyError:
        return None
    if not parts:
        return None
    return CasualtyRange(sum(p.min for p in parts), sum(p.max for p in parts), parts[0].form)


def only_fighters(text: str) -> bool:
    """Whether the text counts dead or hurt, all of them soldiers or fighters, and speaks of no
    civilian: "a PDF drone struck a junta post, killing 8 soldiers" is fighting, and typed as a
    drone strike it was counted among the attacks on civilians."""
    plain = to_ascii_digits(text)
    if _CIVILIANS.search(plain):
        return False
    counts_fighters = any(
        _fighters(m, sentence)
        for sentence in _SENTENCE.findall(plain)
        for pattern in _COUNTS
        for m in _matches(pattern, sentence)
    )
    # The whole reading of the counts last, and only where fighters are counted: most posts
    # count none, and `casualties` is the costliest part of reading a post.
    return counts_fighters and not casualties(text)


_CIVILIANS = re.compile(
    r"(?i)\b(?:civilians?|villagers?|residents?|child(?:ren)?|students?|women|farmers?|monks?"
    r"|patients?|displaced|idps?|homes?|houses?|school|hospital|market)\b"
    r"|အရပ်သား|ရွာသား|ကလေး|ကျောင်း|ဆေးရုံ|ဈေး|နေအိမ်|အိုးအိမ်|ဒုက္ခသည်"
)


def _fighters(m: re.Match[str], sentence: str) -> bool:
    """Is the count of soldiers or fighters ("killing 8 soldiers", "စစ်သား ၈ ဦး သေဆုံး")?"""
    return bool(
        _FIGHTERS.match(sentence, m.end("count")) or _MY_FIGHTERS.search(sentence, 0, m.start())
    )


# What counts the dead and hurt, in the order `casualties` reads them.
_COUNTS = (
    _EN_COUNT_FIRST, _EN_VERB_FIRST, _EN_TOLL, _EN_TOLL_TO, _EN_LIVES, _MY_COUNT_FIRST,
    _MY_VERB_FIRST, _MY_NONE,
)  # fmt: skip
_MY_CHILD_VERB = re.compile(rf"\s*{MY_AFTER_IN_TEXT}?\s*(?:(?P<k>{MY_KILLED})|(?P<i>{MY_INJURED}))")
_KILLED_WORD = re.compile(r"(?i)\b(?:killed|dead|died|deaths?)\b|သေဆုံး|ကျဆုံး|ကွယ်လွန်")


def casualties(text: str) -> dict[str, CasualtyRange]:
    """Killed and injured counts (and children among them) the text states.

    >>> casualties("Jets bombed a school, killing 22 people; 15 were injured")["killed"]
    CasualtyRange(min=22, max=22, form='exact')
    """
    found: dict[str, CasualtyRange] = {}
    tolls: set[str] = set()
    more: list[CasualtyRange] = []  # the dead an update adds to a count

    def keep(name: str, rng: CasualtyRange | None) -> None:
        if rng is not None and (name not in found or rng.max > found[name].max):
            found[name] = rng

    # 1,600 is one number: read as "600" (or "1") it put 501 children in a statistics post.
    plain = _THOUSANDS.sub(lambda m: m[0].replace(",", ""), to_ascii_digits(text))
    if _STATISTICS.search(plain) or (
        ("မှတ်တမ်း" in plain or "စုစုပေါင်း" in plain) and _MY_ATTACKS_COUNTED.search(plain)
    ):
        return found
    plain = _COUPLE.sub("2 people", _ONE_PERSON.sub(_one_person, plain))
    plain = my_words_to_digits(plain)
    for sentence in _SENTENCE.findall(plain):
        if _running_total(sentence):
            continue  # a tally over months or years, not one event's dead
        if _DISASTER.search(sentence) and not _ATTACK.search(sentence):
            continue  # an earthquake's or a bus crash's dead
        counts: list[tuple[int, str]] = []
        for pattern in _COUNTS:
            for m in _matches(pattern, sentence):
                if _fighters(m, sentence):
                    continue
                name = "killed" if m["k"] else "injured"
                if pattern in (_EN_TOLL, _EN_TOLL_TO):
                    tolls.add(name)  # a total, whatever else the sentence adds
                elif _increment(m, sentence, bool(m["k"])):
                    if m["k"] and (rng := _count(m, sentence)) is not None:
                        more.append(rng)
                    continue
                rng = _count(m, sentence)
                if pattern is _MY_COUNT_FIRST and rng is not None and m["k"]:
                    if (before := _MY_AND_BEFORE.search(sentence, 0, m.start())) and (
                        also := _count(before, sentence)
                    ):
                        rng = CasualtyRange(rng.min + also.min, rng.max + also.max, rng.form)
                keep(f"{name}_children", _children_of(m, sentence))
                keep(name, rng)
                counts.append((m.start(), name))
        # "killing 22, including 5 children, and injuring 40": the count just before is theirs;
        # "ကလေး ၂ ဦး ဒဏ်ရာရ", the verb after; "among the dead was a child", the dead.
        for pattern in (_EN_CHILDREN, _MY_CHILDREN):
            for m in pattern.finditer(sentence):
                before = [c for c in counts if c[0] < m.start()]
                if (verb := _MY_CHILD_VERB.match(sentence, m.end())) is not None:
                    name = "killed" if verb["k"] else "injured"
                elif among := _AMONG.search(sentence, max(0, m.start() - 40), m.start()):
                    name = "killed" if among["k"] or among["k2"] else "injured"
                elif counts:
                    name = max(before)[1] if before else min(counts)[1]
                elif _KILLED_WORD.search(sentence):
                    name = "killed"
                else:
                    continue
                keep(f"{name}_children", _count(m, sentence))
    if more and "killed" in found and "killed" not in tolls:
        # "Two were killed; later 5 more people were killed": 7. Alone, "5 more" is no total.
        told = found["killed"]
        found["killed"] = CasualtyRange(
            told.min + sum(r.min for r in more), told.max + sum(r.max for r in more), told.form
        )
    return found


# --- signal, targets, weapons -------------------------------------------------------------

_ATTACK = re.compile(
    r"\b(?:air ?strikes?|air ?raids?|bomb(?:s|ed|ing)?|drones?|shell(?:s|ed|ing)|artillery"
    r"|mortars?|raid(?:s|ed)?|torched|arson|landmines?|massacre|shot|executed)\b"
    r"|လေကြောင်းတိုက်ခိုက်|ဗုံးကြဲ|ဒရုန်း|လက်နက်ကြီး|မီးရှို့|ပစ်ခတ်|မြေမြှုပ်မိုင်း"
    r"|မိုင်း(?:နင်း|ထိ|ကွဲ|ပေါက်)|အသတ်ခံ|သတ်ဖြတ်",
    re.I,
)
_HARM = re.compile(
    r"\b(?:kill(?:s|ed|ing)?|dead|died|deaths?|injur(?:ed|ies|ing)|wounded|casualt(?:y|ies)"
    r"|bodies)\b"
    r"|သေဆုံး|ကျဆုံး|ဒဏ်ရာ|အလောင်း",
    re.I,
)


def has_event_signal(text: str) -> bool:
    """Does the text speak of an attack, or of people killed or hurt other than by a disaster
    or an accident ("five people died when a bus overturned")? Not a post that opens with an
    appeal, a prayer or a call and counts no one: a channel's fundraising for the bombed
    village, its prayers for the dead, the UN's call to stop the airstrikes opened incidents
    of their own. A post that tells an attack first and appeals after it is an event."""
    if not (_ATTACK.search(text) or (_HARM.search(text) and not _DISASTER.search(text))):
        return False
    opening = next(iter(_SENTENCE.findall(text)), "")
    return not (_APPEAL.search(opening) and not casualties(text))


_APPEAL = re.compile(
    r"(?i)\b(?:donat(?:e|es|ed|ing|ions?)|fundrais\w*|kbz ?pay|k ?pay|wave ?pay"
    r"|pray(?:s|ed|er|ers|ing)?|rest in peace|condolences?|calls? (?:on|for))\b"
    r"|အလှူ|လှူဒါန်း|ထောက်ပံ့ငွေ|ဆုတောင်း|ကောင်းရာသုဂတိ|ဝမ်းနည်းကြောင်း"
)


def targets(text: str) -> list[str]:
    return codes_mentioned(TARGETS, text)


def weapons(text: str) -> list[str]:
    return codes_mentioned(WEAPONS, text)


def language(text: str) -> str:
    """ "my" when most letters are Myanmar script, else "en"."""
    myanmar = len(re.findall(r"[\u1000-\u109F]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "my" if myanmar > latin else "en" if latin else ""
