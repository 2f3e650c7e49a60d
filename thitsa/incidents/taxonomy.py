"""The incident vocabulary, kept as data in one place.

Event types are ACLED's (so exports map 1:1); the other lists are ours. Each entry is
(code, English label, words that reports use for it). Matching, importers, filters and
exports all read these tables.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from django.utils.translation import gettext_lazy

# ACLED event type -> its sub-event types.
EVENT_TYPES: dict[str, list[str]] = {
    "Battles": [
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ],
    "Explosions/Remote violence": [
        "Air/drone strike",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
        "Suicide bomb",
        "Chemical weapon",
    ],
    "Violence against civilians": ["Attack", "Abduction/forced disappearance", "Sexual violence"],
    "Protests": [
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": [
        "Arrests",
        "Looting/property destruction",
        "Disrupted weapons use",
        "Agreement",
        "Change to group/activity",
        "Headquarters or base established",
        "Non-violent transfer of territory",
        "Other",
    ],
}

# ACLED's events without violence: protests met with no force that harmed anyone, arrests,
# agreements, bases set up, territory handed over. Not attacks on civilians, so a figure of
# them leaves them out unless asked (as it leaves out battles); looting and burning, the
# force used on protesters, abductions are attacks and count. A type of these two whose
# reports gave no sub-type is taken as without violence: ACLED codes Myanmar's many protests
# and arrests so.
NON_VIOLENT_SUB_EVENTS = frozenset({
    "Peaceful protest", "Protest with intervention", "Arrests", "Disrupted weapons use",
    "Agreement", "Change to group/activity", "Headquarters or base established",
    "Non-violent transfer of territory", "Other",
})  # fmt: skip
NON_VIOLENT_TYPES = ("Protests", "Strategic developments")


def non_violent(event_type: str, sub_event_type: str) -> bool:
    """Whether an incident of this ACLED type and sub-type is an event without violence. Only a
    protest or a strategic development is: a sub-type of another type (an attack whose reports
    joined an ACLED "Arrests" row) says nothing of it."""
    if event_type not in NON_VIOLENT_TYPES:
        return False
    return not sub_event_type or sub_event_type in NON_VIOLENT_SUB_EVENTS


ATTACK_MEANS: list[tuple[str, str, tuple[str, ...]]] = [
    # A fighter jet, not "PDF fighters": ACLED's notes of a drone strike made it a jet's.
    (
        "airstrike_fixed_wing",
        "Airstrike (fixed-wing)",
        ("jet", "fighter jet", "fighter plane", "fighter aircraft", "fixed-wing", "bomber"),
    ),
    ("airstrike_helicopter", "Airstrike (helicopter)", ("helicopter", "gunship")),
    (
        "airstrike",
        "Airstrike",
        ("airstrike", "air strike", "air/drone", "air raid", "aerial", "bombing", "လေကြောင်း"),
    ),
    ("drone", "Drone", ("drone", "ဒရုန်း")),
    ("artillery", "Artillery", ("artillery", "shelling", "shell", "mortar", "rocket", "လက်နက်ကြီး")),
    ("ground_raid", "Ground raid", ("raid", "troops", "soldiers", "column", "ground", "စစ်ကြောင်း")),
    ("arson", "Arson", ("arson", "burn", "burnt", "torched", "set fire", "မီးရှို့")),
    # Not မိုင်း alone: it begins some thirty Shan towns' names (မိုင်းဆတ်, Mong Hsat).
    (
        "landmine",
        "Landmine",
        ("landmine", "mine", "ied", "မြေမြှုပ်မိုင်း", "မိုင်းနင်း", "မိုင်းထိ", "မိုင်းကွဲ", "မိုင်းပေါက်"),
    ),
]

TARGETS: list[tuple[str, str, tuple[str, ...]]] = [
    ("school", "School", ("school", "kindergarten", "college", "university", "ကျောင်း")),
    (
        "health_facility",
        "Health facility",
        (
            "hospital",
            "clinic",
            "health centre",
            "health center",
            "health facility",
            "healthcare",
            "health post",
            "ဆေးရုံ",
            "ဆေးခန်း",
        ),
    ),
    (
        "religious_site",
        "Religious site",
        (
            "monastery",
            "church",
            "mosque",
            "pagoda",
            "temple",
            "ဘုန်းကြီးကျောင်း",
            # A church (ဘုရားကျောင်း) is no school (ကျောင်း): read whole, as the longer word.
            "ဘုရားကျောင်း",
            "ခရစ်ယာန်ဘုရားကျောင်း",
            "ဗလီ",
            "ဘုရား",
        ),  # fmt: skip
    ),
    # Not "camp" or "displaced" alone: an army camp, families displaced by the attack.
    (
        "idp_camp",
        "IDP camp",
        (
            "idp",
            "displacement camp",
            "refugee camp",
            "camp for displaced",
            "displaced people's camp",
            "displaced persons camp",
            "ဒုက္ခသည်စခန်း",
            "ဒုက္ခသည် စခန်း",
            "စစ်ဘေးရှောင်စခန်း",
            "စစ်ဘေးရှောင် စခန်း",
        ),
    ),
    ("market", "Market", ("market", "marketplace", "ဈေး")),
    # Not ရွာ: every Burmese village's name ends in ကျေးရွာ.
    (
        "residential",
        "Residential area",
        ("house", "household", "home", "residential", "ward", "အိမ်"),
    ),
    (
        "gathering",
        "Public gathering",
        # Not ပွဲ alone: it is in တိုက်ပွဲ (fighting) and ပွဲချင်းပြီး (on the spot).
        (
            "wedding",
            "funeral",
            "festival",
            "concert",
            "ceremony",
            "gathering",
            "ပွဲတော်",
            "မင်္ဂလာဆောင်",
            "ဈာပန",
            "အခမ်းအနား",
            "အလှူပွဲ",
            "လူစုလူဝေး",
        ),
    ),
    ("civilian_vehicle", "Civilian vehicle", ("bus", "boat", "car", "vehicle", "ferry")),
    (
        "infrastructure",
        "Infrastructure",
        ("bridge", "power", "telecom", "telecommunication", "water"),
    ),
    ("aid", "Humanitarian aid", ("aid", "humanitarian", "relief")),
]

WEAPONS: list[tuple[str, str, tuple[str, ...]]] = [
    ("cluster_munition", "Cluster munition", ("cluster",)),
    ("incendiary", "Incendiary", ("incendiary", "napalm", "white phosphorus")),
    ("thermobaric", "Thermobaric", ("thermobaric", "fuel-air")),
    ("guided_bomb", "Guided bomb", ("guided bomb",)),
    ("unguided_bomb", "Unguided bomb", ("bomb", "ဗုံး")),
    ("rocket", "Rocket", ("rocket",)),
    # Not ပစ်ခတ် ("fired"), said of artillery as of guns.
    ("small_arms", "Small arms", ("gunfire", "shot", "shotgun", "rifle", "small arms", "သေနတ်")),
]

# One actor under the names outlets give it: a name here counts as the state's forces.
STATE_FORCES = {
    "myanmar military", "military", "tatmadaw", "sac", "state administration council", "junta",
    "junta forces", "junta troops", "military council", "military council troops", "regime",
    "regime forces", "army", "myanmar army", "security forces", "police", "pyu saw htee",
    "government of myanmar (burma)", "government of myanmar", "myanmar armed forces", "sit-tat",
    "tatmadaw troops", "တပ်မတော်", "စစ်တပ်", "စစ်ကောင်စီ", "စကစ", "စစ်ကောင်စီတပ်",
    "military forces of myanmar (2021-)",  # ACLED's actor since the coup
}  # fmt: skip
# The state's services, as outlets, ACLED and field forms name them: the state's forces when
# told apart from another name of them (no competing claim; "junta" finds them), but a filter
# on one of them finds that service only.
STATE_SERVICES = {
    "myanmar air force", "air force", "junta air force", "myanmar navy", "navy",
    "police forces of myanmar (2021-)", "myanmar police force", "လေတပ်", "စစ်ကောင်စီ လေတပ်",
    "ရေတပ်", "ရဲတပ်ဖွဲ့",
}  # fmt: skip
STATE_SIDE = STATE_FORCES | STATE_SERVICES

# Lazy labels: the admin shows them as the model's choices, in the reader's language.
GRADES = [
    ("confirmed", gettext_lazy("Confirmed")),
    ("fair", gettext_lazy("Fair")),
    ("weak", gettext_lazy("Weak")),
    ("contested", gettext_lazy("Contested")),
    ("discounted", gettext_lazy("Discounted")),
]

TARGET_CODES = {code for code, _label, _words in TARGETS}
WEAPON_CODES = {code for code, _label, _words in WEAPONS}
MEANS_CODES = {code for code, _label, _words in ATTACK_MEANS}
# A means and the finer ones it holds: an airstrike is any strike by aircraft.
MEANS_WITHIN = {"airstrike": ("airstrike", "airstrike_fixed_wing", "airstrike_helicopter")}
# The means an ACLED sub-event type stands for: an incident whose reports gave its means but
# not ACLED's sub-type ("airstrike", "jet bombed") is of that sub-type too.
SUB_EVENT_MEANS = {
    "Air/drone strike": (*MEANS_WITHIN["airstrike"], "drone"),
    "Shelling/artillery/missile attack": ("artillery",),
    "Remote explosive/landmine/IED": ("landmine",),
}
# Reports name the same attack from the air loosely ("airstrike", "jet", "drone"): one family.
MEANS_FAMILY = {
    "airstrike_fixed_wing": "air",
    "airstrike_helicopter": "air",
    "airstrike": "air",
    "drone": "air",
}
LABELS = {code: label for table in (TARGETS, WEAPONS, ATTACK_MEANS) for code, label, _w in table}

# A report's free-text type ("airstrike", "Air/drone strike", "Battles") -> ACLED event type.
_TYPE_WORDS = {
    "Explosions/Remote violence": (
        "airstrike",
        "air strike",
        "air/drone",
        "drone",
        "shelling",
        "artillery",
        "explosion",
        "bomb",
        "landmine",
        "remote",
        "mine",
        "missile",
        "mortar",
    ),
    "Battles": ("battle", "clash", "fighting", "armed clash"),
    "Violence against civilians": (
        "violence against civilians",
        "massacre",
        "killing",
        "execution",
        "abduction",
        "arson",
        "raid",
        "attack on civilians",
        "sexual",
    ),
    "Protests": ("protest",),
    "Riots": ("riot", "mob"),
    "Strategic developments": ("arrest", "looting", "destruction", "agreement"),
}


@lru_cache(maxsize=4096)  # a few hundred distinct types, asked for once a report
def event_type_of(text: str) -> str:
    """The ACLED event type a free-text type names, or "" when it names none.

    >>> event_type_of("Air/drone strike")
    'Explosions/Remote violence'
    """
    if not text:
        return ""
    # A form's choice name ("air_strike", "armed_clash") is its words.
    lowered = text.strip().lower().replace("_", " ")
    for event_type in EVENT_TYPES:
        if lowered == event_type.lower():
            return event_type
    for event_type, subs in EVENT_TYPES.items():
        if any(lowered == s.lower() for s in subs):
            return event_type
    for event_type, words in _TYPE_WORDS.items():
        if any(w in lowered for w in words):
            return event_type
    return ""


@lru_cache(maxsize=4096)
def sub_event_type_of(text: str) -> str:
    lowered = (text or "").strip().lower().replace("_", " ")
    for subs in EVENT_TYPES.values():
        for sub in subs:
            if lowered == sub.lower():
                return sub
    # A report's own words for ACLED's sub-types of strategic developments: "looting",
    # "property destruction" were strategic developments of no sub-type, which figures leave
    # out as events without violence (a village looted and 40 houses burned, not counted).
    for sub, words in _SUB_TYPE_WORDS.items():
        if any(w in lowered for w in words):
            return sub
    return ""


_SUB_TYPE_WORDS = {
    "Looting/property destruction": ("looting", "looted", "destruction", "destroyed"),
    "Arrests": ("arrest",),
}


def codes_in(table: list[tuple[str, str, tuple[str, ...]]], values: list[str]) -> list[str]:
    """Normalise a list of user words ("School", "hospital") to codes of one table, in order."""
    found: list[str] = []
    for value in values:
        v = value.strip().lower().replace(" ", "_")
        if not v:
            continue
        code = next(
            (
                c
                for c, label, words in table
                if v in (c, label.lower().replace(" ", "_")) or v in words
            ),
            None,
        )
        if code is None:
            code = next((c for c, _l, words in table if any(w in value.lower() for w in words)), v)
        if code not in found:
            found.append(code)
    return found


class UnknownCode(ValueError):
    """Values that name no code of a table; the message names them and the codes to use."""


# What one code of a table is called in messages: (one, several).
_NOUNS = {
    id(ATTACK_MEANS): ("means", "means"),
    id(TARGETS): ("target", "targets"),
    id(WEAPONS): ("weapon", "weapons"),
}


def _spelling(value: str) -> str:
    # "Health facility", "health_facility" and " HEALTH  facility " are one spelling.
    return " ".join(unicodedata.normalize("NFC", value).replace("_", " ").split()).casefold()


# Spelling -> code. Should a word of one code be another's label or code, the label or code wins.
_SPELLINGS = {
    id(table): {
        **{_spelling(word): code for code, _label, words in table for word in words},
        **{_spelling(label): code for code, label, _words in table},
        **{_spelling(code): code for code, _label, _words in table},
    }
    for table in (ATTACK_MEANS, TARGETS, WEAPONS)
}


def code_of(table: list[tuple[str, str, tuple[str, ...]]], value: str) -> str | None:
    """The code a value names in one table, or None: the code or its English label in any case
    and spacing ("Health facility", "HEALTH_FACILITY"), or one of the table's words as the whole
    value ("hospital", "ဆေးရုံ"). Unlike `codes_in`, a word inside a longer value names nothing.

    An English plural names what its singular does ("bombs", "health facilities").

    >>> code_of(TARGETS, " IDP camp "), code_of(TARGETS, "skool"), code_of(WEAPONS, "bombs")
    ('idp_camp', None, 'unguided_bomb')
    """
    spellings, spelling = _SPELLINGS[id(table)], _spelling(value)
    for singular in (spelling, *_singulars(spelling)):
        if (code := spellings.get(singular)) is not None:
            return code
    return None


def _singulars(word: str) -> list[str]:
    # "health facilities", "churches", "bombs"
    found = [word[:-3] + "y"] if word.endswith("ies") else []
    if word.endswith("es"):
        found.append(word[:-2])
    if word.endswith("s"):
        found.append(word[:-1])
    return found


# Answers a form offers beside its choices, which name no code: they state nothing.
_NO_CODE = {"other", "others", "unknown", "none", "n/a", "na", "-", "dont know", "don't know"}


def names_nothing(value: str) -> bool:
    """A form's "other", "unknown" or "dont_know": an answer, but no code, type or means."""
    return _spelling(value) in _NO_CODE


def _hint(table, unknown: list[str]) -> str:
    """What to do instead, where a refused value shows it."""
    if any("," in value for value in unknown):
        return " (separate values with ';')"
    if table is not ATTACK_MEANS:
        means = [v for v in unknown if code_of(ATTACK_MEANS, v)]
        if means == unknown:
            return " (a means of attack: for event_type)"
        if means:
            return f" ({', '.join(map(repr, means))}: a means of attack, for event_type)"
    return ""


def known_codes(table: list[tuple[str, str, tuple[str, ...]]], values: Iterable[str]) -> list[str]:
    """The codes a report's values name (`code_of`), in order, each once; blank values are
    skipped. Raises UnknownCode when any value names no code, so that a typo is refused where
    it is typed instead of never matching a figure's filter.

    >>> known_codes(WEAPONS, ["Unguided bomb", "small_arms", "unguided_bomb"])
    ['unguided_bomb', 'small_arms']
    """
    found: list[str] = []
    unknown: list[str] = []
    for value in values:
        if not value.strip():
            continue
        code = code_of(table, value)
        if code is None and _MYANMAR_LETTER.search(value):
            # Typed on a Zawgyi phone ("ေဆးရုံ" for ဆေးရုံ, hospital): refused as no target.
            from thitsa.burmese.normalize import typed

            code = code_of(table, typed(value))
        if code is None and names_nothing(value):
            continue
        if code is None:
            unknown.append(value.strip())
        elif code not in found:
            found.append(code)
    if unknown:
        one, several = _NOUNS[id(table)]
        codes = ", ".join(code for code, _label, _words in table)
        named = ", ".join(repr(v) for v in dict.fromkeys(unknown))
        noun = one if len(dict.fromkeys(unknown)) == 1 else several
        raise UnknownCode(f"unknown {noun} {named}{_hint(table, unknown)}: use one of {codes}")
    return found


_MYANMAR_LETTER = re.compile("[\u1000-\u109f]")


class _Mentions:
    """Finds a table's codes in free text with one regular-expression pass.

    A Latin word counts where a text word is it or it with an ending ("shell" in "shelling",
    "school" in "schools"; never "mine" in "determined" or "miners", "car" in "carried", "bus"
    in "business"); Burmese has no spaces between words, so its words count anywhere. Longer
    words are tried first, so ACLED's "Air/drone strike" (their label for any air attack) is
    read whole as "air/drone" and names no drone. `ignore`: phrases that mention a word
    without telling what was hit ("taken to hospital"), with the words it needs.
    """

    def __init__(
        self,
        table: list[tuple[str, str, tuple[str, ...]]],
        ignore: tuple[re.Pattern[str], tuple[str, ...]] | None = None,
    ) -> None:
        self.order = {code: i for i, (code, _l, _w) in enumerate(table)}
        self.code_of = {w: code for code, _l, words in reversed(table) for w in words}
        # "facility" -> "facilities", "monastery" -> "monasteries": a plural no ending makes.
        for word, code in list(self.code_of.items()):
            if re.search(r"[^aeiou]y$", word):
                self.code_of.setdefault(word[:-1] + "ies", code)
        self.pattern = re.compile(_trie_pattern(self.code_of))
        # The pattern, and words without which it cannot match (most texts skip the search).
        self.ignore, self.ignore_if = ignore or (None, ())

    def __call__(self, text: str) -> list[str]:
        lowered = text.lower()
        if self.ignore is not None and any(word in lowered for word in self.ignore_if):
            lowered = self.ignore.sub(lambda m: " " * len(m[0]), lowered)
        found = set()
        for m in self.pattern.finditer(lowered):
            start, end = m.span()
            before = lowered[start - 1] if start else " "
            if before.isascii() and before.isalpha():
                continue
            if m[0][-1].isascii() and not _ENDING.match(lowered, end):
                continue
            found.add(self.code_of[m.group()])
        return sorted(found, key=self.order.__getitem__)


def _trie_pattern(words) -> str:
    """One alternation of `words` with their common beginnings shared ("h(?:ome|ospital)"):
    Python's engine tries a flat alternation's words one by one at every position of the text,
    and matching a million reports read their texts for codes three times each. Each optional
    ending is greedy, so the longest word that matches at a position wins."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        # A word ends here: what the longer words add is optional.
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


# What may follow a Latin word in the text: nothing more of a word, or an ending.
_ENDING = re.compile(r"(?:s|es|ed|d|ing|ings)?(?![a-z])")
# A hospital named as where the wounded went or died is not a hospital hit.
_NOT_HIT = re.compile(
    r"\b(?:taken|rushed|sent|brought|admitted|carried|transferred|referred|evacuated|treated"
    r"|died|dying)\s+(?:later\s+)?(?:(?:to|at|in)\s+)(?:(?:a|an|the|nearby|local|a nearby)\s+)?"
    # "died at Monywa hospital", "taken to the Sagaing general hospital": a name between.
    r"(?:[a-z'-]+\s+){0,2}(?:hospitals?|clinics?)\b"
    r"|\b(?:died|treated|recovering|remain|remains) in hospital\b"
    r"|\bhospitali[sz](?:ed|ation)\b"
    r"|ဆေးရုံ(?:ကြီး)?(?:သို့|ကို|တွင်|၌|မှာ)?\s*(?:ပို့|တင်|ရောက်|ဆေးကုသ|ကုသ)"
    # "ဒဏ်ရာရသူ ၂ ဦး ဆေးရုံတွင် ထပ်မံသေဆုံး": the wounded who died in hospital.
    r"|ဆေးရုံ(?:ကြီး)?(?:တွင်|၌|မှာ)\s*(?:ထပ်မံ\s*)?(?:သေဆုံး|ကွယ်လွန်)"
    # A student (ကျောင်းသား, ကျောင်းသူ), a teacher (ကျောင်းဆရာ) or a head teacher is no school hit.
    r"|ကျောင်း(?=သား|သူ|ဆရာ|အုပ်)"
    # A village named for one ("ပျော်ဘွယ်ကျောင်းရွာ", Pyawbwe Kyaung village; "ဈေးကုန်း",
    # "ဘုရားကုန်းရွာ"): 766 villages' names hold ကျောင်း, and Burmese headlines name the village.
    r"|(?:ကျောင်း|ဈေး|ဘုရား)(?=(?:ကြီး|လေး|သစ်|ဟောင်း)?(?:ရွာ|ကုန်း|ရပ်ကွက်))"
)
_MENTIONS = {
    id(ATTACK_MEANS): _Mentions(ATTACK_MEANS),
    id(TARGETS): _Mentions(
        TARGETS, ignore=(_NOT_HIT, ("hospital", "clinic", "ဆေးရုံ", "ကျောင်း", "ဈေး", "ဘုရား"))
    ),
    id(WEAPONS): _Mentions(WEAPONS),
}


def codes_mentioned(table: list[tuple[str, str, tuple[str, ...]]], text: str) -> list[str]:
    """Codes whose words appear in free text (for reports that carry no structured field)."""
    return _MENTIONS[id(table)](text)
