"""Place strings as reports write them -> name parts, and names -> the keys they are looked up by.

"O Htein Twin village, Depayin Township" is cut into parts ("O Htein Twin" with a village hint,
"Depayin" with a township hint); "between A and B", "A-B road" also give each piece alone.
Level words, English or Burmese suffixes, give each part the levels it may have. Keys fold
romanisation variants (ky/ch, ht/t, oo/u, ...) so that spellings of one name meet; Burmese
names are keyed as written (NFC, no invisible characters).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from thitsa.burmese.digits import to_ascii_digits, to_burmese_digits
from thitsa.places.names import KNOWN_ALT_NAMES

# A MIMU P-code: MMR005 (a state), MMR005D002 (a district), MMR005010 (a township) and the
# codes under it; a village's is six digits.
PCODE = re.compile(r"^(MMR\d{3}([A-Z]\d{3}|\d{3,})*|\d{6})$")

# English level words -> the levels a name written before them may have.
LEVEL_WORDS: dict[str, tuple[str, ...]] = {
    # Abbreviations as reports write them ("Hpar Boke vil., Kawkareik Tsp."); no MIMU name
    # has any of them as a word.
    **dict.fromkeys(["township", "townships", "tsp", "twsp", "tship", "twp"],
                    ("township", "town")),
    **dict.fromkeys(["town", "city", "myo"], ("town", "township")),
    **dict.fromkeys(["village", "villages", "vill", "vil", "vlg", "hamlet"],
                    ("village", "tract", "ward")),
    **dict.fromkeys(["tract", "vt", "tracts", "villagetract"], ("tract",)),
    **dict.fromkeys(["ward", "wards", "quarter", "quarters"], ("ward", "town")),
    **dict.fromkeys(["district", "districts", "dist", "zone"], ("district",)),
    **dict.fromkeys(["region", "state", "division", "div", "territory", "regions", "states"],
                    ("state",)),
}  # fmt: skip
# Burmese suffixes, longest first so that ကျေးရွာအုပ်စု wins over ကျေးရွာ and ရွာ.
MY_LEVEL_SUFFIXES: list[tuple[str, tuple[str, ...]]] = [
    ("ကျေးရွာအုပ်စု", ("tract",)),
    ("တိုင်းဒေသကြီး", ("state",)),
    ("ပြည်ထောင်စုနယ်မြေ", ("state",)),
    ("ပြည်နယ်", ("state",)),
    ("မြို့နယ်", ("township", "town")),
    ("ကျေးရွာ", ("village", "tract", "ward")),
    ("ရပ်ကွက်", ("ward", "town")),
    ("ခရိုင်", ("district",)),
    ("တိုင်း", ("state",)),
    ("မြို့", ("town", "township")),
    ("ရွာ", ("village", "tract", "ward")),
]
# Words around names in reports that are never names themselves.
STOPWORDS = set(
    "near nearby outside inside in of at the a on from and to between around area areas "
    "road highway camp base hill hills river bank border km kms kilometers kilometres miles "
    "mile away located location locations neighbouring neighboring two three four several "
    "administrative "
    "outskirts vicinity part parts entrance side close along within by union self "
    "administered zone saz sad administrative region's state's myanmar burma "
    # what reports put around a place name: buildings, sites and who was there
    "police station stations outpost outposts post checkpoint checkpoints junction downtown "
    "university universities campus school schools prison office offices market street "
    "bridge tollgate gate mine mines lake valley mountain mount mt peak military junta army "
    "battalion troops regime pdf sub heading traveling travelling returning passing "
    "through beside towards toward some about "
    # whose place and what building: no MIMU name holds these words
    "her his their house houses home homes residence compound monastery church hospital "
    "clinic field fields farm farms plantation lake "
    # the neighbours whose borders reports name ("near the Thai border": not Thazi township)
    "thai thailand china india indian bangladesh bangladeshi".split()
)
DIRECTIONS = set(
    "north south east west northern southern eastern western upper lower central middle "
    "northeast northwest southeast southwest".split()
)
# "on" too: "Ngwe Taung on the Mogok-Mandalay highway" is a village on a road, not one name.
SPLIT_STOPWORDS = set("in of near and to from at between outside around on".split())
# Prepositions that are also syllables of names ("Gaw In", "Nyaung To"); see _trim.
NAME_SYLLABLES = {"in", "to"}
# Words that join two places of one rank ("Monywa to Myinmu", "between Demoso and Hpruso", a
# hyphen): each piece then names a place itself, not the area of the places inside it.
PEER_JOINERS = {"and", "to", "-"}
# Words of self-administered zones' names, dropped from the name's short key.
ZONE_WORDS = {"self", "administered", "selfadministered", "zone", "saz", "sad"}
# "Yangon (West) district", "Hlaingtharya (West) Township": a bracketed direction is part of
# the name (MIMU writes it so), not an aside.
_DIRECTION_QUALIFIER = re.compile(
    r"\s*\((north|south|east|west|northern|southern|eastern|western|upper|lower)\)", re.I
)
# "Bago Region (West)", "Shan State North": the direction is the region's, written after its
# level word (MIMU: Bago (West), Shan (North)).
_DIRECTION_AFTER_LEVEL = re.compile(
    r"\b(regions?|states?|divisions?)\s*\(?\s*(north|south|east|west)\s*\)?(?=\s*(?:$|[,;)]))",
    re.I,
)
# "ရှမ်းပြည်နယ် မြောက်ပိုင်း", "ရခိုင်ပြည်နယ် (မြောက်ပိုင်း)": a state's part, written after it,
# joined to it; apart, the direction was a ward's or village's name (Myauk Paing Ward, in
# another township). A state's part is named so as a whole (names.py), else the state.
_MY_DIRECTION_AFTER_LEVEL = re.compile(
    r"(ပြည်နယ်|ပြည်|တိုင်းဒေသကြီး|တိုင်း)\s*\(?\s*((?:အရှေ့|အနောက်|မြောက်|တောင်)(?:ပိုင်း)?)\s*\)?"
    r"(?=\s*(?:$|[,;၊။)]))"
)
# A ward's number, however written ("No (5) Ward", "Ward No. 5", "No.5 ward", "Ward (5)"), as
# one word, keyed as MIMU's "No (5) Ward" is: cut at its brackets and its digits dropped,
# every numbered ward of a town was "no ward", and the first of them was given, at 98.5.
_NUMBERED_WARD = re.compile(
    r"(?i)\bno\.?\s*\(?\s*(?P<n>\d{1,3})\s*\)?\s*ward\b"
    r"|\bward\s*(?:no\.?\s*\(?\s*(?P<m>\d{1,3})\s*\)?|\(\s*(?P<k>\d{1,3})\s*\))"
)
# "အမှတ် ၃ ရပ်ကွက်" as MIMU writes it, "အမှတ် (၃) ရပ်ကွက်" (digits are ASCII here).
_MY_NUMBERED_WARD = re.compile(r"အမှတ်\s*\(?\s*(\d{1,3})\s*\)?\s*ရပ်ကွက်")
# "Mine Pan township", "Mine Hsat": the Burmese reading of Shan "Mong" (မိုင်း) as news
# writes it, a word of the name, not the English "mine" (a stop word; no MIMU name has it).
# Only a capitalised word first in its part and before another capitalised word ("Letpadaung
# Copper Mine" stays). Not "Maing": 34 MIMU names begin with it (Maing Lone Ward, Loikaw).
_MINE_AS_MONG = re.compile(
    r"(?:^|(?<=[,;(/:])|(?<=[,;(/:]\s)|"
    + "|".join(rf"(?<=\b{w}\s)" for w in ("in", "of", "at", "to", "near", "from", "and", "the"))
    + r")"
    r"(?:Mine|MINE)\s+(?=[A-Z])"
)
_PARTS = re.compile(r"[,;\n\r/()\[\]{}:၊။]|\s[-–—]\s|\s[-–—]|[-–—]\s")
# "Mandalay's Chanayethazan Township", "Hpakant’s Hseng Taung Ward": the owner is a place
# of its own (a part), not a word of the next name.
_POSSESSIVE = re.compile(r"(?<=[A-Za-z])['’‘`]s\b")
# Apostrophes inside a word join it ("Pa'an"); hyphens are kept until the words are cut, so
# that "Falam-Kalay road" can also be tried as "Falam" and "Kalay" (see _hyphen_pieces).
_APOSTROPHE = re.compile(r"(?<=[a-z0-9])['’`](?=[a-z0-9])")
_HYPHEN = re.compile(r"(?<=[a-z0-9])[-‐](?=[a-z0-9])")
_WORD = re.compile(r"[a-z0-9']+(?:-[a-z0-9']+)*")
_DISTANCE = re.compile(r"\d+(?:\.\d+)?\s*(?:km|kms|kilomet(?:er|re)s?|miles?|mi)\b")
_MYANMAR = re.compile(r"[\u1000-\u109f]")
# The states' parts Burmese names whole ("ရှမ်းပြည်နယ်မြောက်ပိုင်း"): names.py.
_STATE_PARTS = frozenset(
    name for pcode, names in KNOWN_ALT_NAMES.items() if len(pcode) == 6  # states' P-codes
    for name in names if _MYANMAR.search(name)
)  # fmt: skip
_MY_QUALIFIER = re.compile(r"\((?:မြောက်|တောင်|အရှေ့|အနောက်|အလယ်|[^)]*)\)")
# "အိုးထိမ်းကွင်း (မြောက်)": as in English, a bracketed direction (or "new", "old", a people's
# name: the words MIMU writes so, 9 in 10 of its bracketed Burmese qualifiers) is part of the
# name, not a part of its own: cut apart, the North and South villages tied and ရှမ်း read
# as Shan State. Kept glued through the split (private-use stand-ins for the brackets).
_MY_BRACKET_WORDS = (
    "မြောက် တောင် အရှေ့ အနောက် အလယ် အောက် အထက် ထက် နောက် ရှေ့ အပေါ် ပေါ် ရွာသစ် သစ် ဟောင်း "
    "ရွာဟောင်း ရွာမ ရွာလေး ရွာကြီး ကြီး လေး ငယ် ရှမ်း လားဟူ ကချင် ကုလား ရခိုင် ပလောင် ဝ တရုပ် "
    "တရုတ် မြန်မာ ဗမာ လီရှော လီဆူး ကရင် ချင်း အာခါ အခါ ဂေါ်ရခါး မွန် ပအိုဝ်း ကယား ကယန်း ဓနု က ခ ဂ"
).split()
_MY_BRACKETED = re.compile(
    r"(?<=[\u1000-\u109f])\s*\(\s*((?:"
    + "|".join(sorted(_MY_BRACKET_WORDS, key=len, reverse=True))
    + r")(?:စု|ပိုင်း)?|[0-9]{1,2})\s*\)"  # "(၂)": its digits read as ASCII by then
)
_GLUED = str.maketrans("\ue000\ue001", "()")
# "Kyun Daw (ကျွန်းတော) village": a level word after a bracketed aside is the name's before
# the bracket. Cut at the brackets, it named nothing, and the name's tract came before its
# village. A Burmese aside is the same name in its own script (MIMU's Burmese qualifiers are
# glued by then): the level word is its too. A Latin one may be a qualifier MIMU writes in
# its names ("Kaing Gyi (Rakhine) Village"): it stays as it was.
_LEVEL_AFTER_BRACKET = re.compile(
    r"\s*\(([^()]*)\)\s*((?:"
    + "|".join(sorted(LEVEL_WORDS, key=len, reverse=True))
    + r")(?:\s+tracts?)?)\b",
    re.I,
)
# "ပီတိ village tract" in a Burmese chunk, read as one level word.
_VILLAGE_TRACT = re.compile(r"(?i)\bvillage[\s-]+tracts?\b")
# "Hpa-an", "Pa'an", "Ye-U": one word, so that names and queries cut words alike.
_JOINER = re.compile(r"(?<=[a-z0-9])[-‐’'`](?=[a-z0-9])")
_INVISIBLE = re.compile(r"[\u200b-\u200d\ufeff\s]")

# Romanisation variants folded together, applied in order to each word.
_FOLDS = [
    (re.compile(r"^(murng|muang|mueang|moung)"), "mong"),  # Shan "Mong" as Shan speakers write it
    (re.compile(r"oo|ou"), "u"),
    (re.compile(r"oe"), "o"),
    # "ee" is the vowel ီ that "i" also writes ("Gyee", "Gyi"; "Zee", "Zi"): 2,657 of MIMU's
    # 2,698 syllables in "ee" are ီ, one is ေ. Doubled letters fold to one below, and "ee"
    # was read as the "e" of ေ ("Gyay"), where reports writing "Inn Gyi" never found
    # MIMU's Inn Gyee.
    (re.compile(r"ee"), "i"),
    # "ay" before a vowel other than "e" starts the next syllable, not the vowel "e": a name
    # run together ("Ywarthayar", "Madaya", "Ayadaw") keys as its syllables do apart ("Ywar
    # Thar Yar", "Ma Da Yar"). "Aye" stays the vowel.
    (re.compile(r"ay(?![aiou])|ei|ey|ae"), "e"),
    (re.compile(r"ar(?![aeiou])"), "a"),
    (re.compile(r"one$"), "on"),
    (re.compile(r"ky|gy|ch|j"), "c"),
    (re.compile(r"hp|ph"), "p"),
    (re.compile(r"ht"), "t"),
    (re.compile(r"hk|kh"), "k"),
    (re.compile(r"hs"), "s"),
    (re.compile(r"g"), "k"),
    (re.compile(r"d"), "t"),
    (re.compile(r"b"), "p"),
    (re.compile(r"(.)\1+"), r"\1"),
]


@lru_cache(maxsize=100_000)
def fold_word(word: str) -> str:
    for pattern, repl in _FOLDS:
        word = pattern.sub(repl, word)
    return word


_DOUBLE = re.compile(r"(.)\1+")


def latin_key(words: list[str]) -> str:
    # A letter doubled where two syllables meet is one letter, as inside a word: "Nannwet" is
    # Nan Nwet, "Kawnwet" Kawt Nwe.
    key = "".join(fold_word(w) for w in words)
    return _DOUBLE.sub(r"\1", key) if len(words) > 1 else key


def my_key(text: str) -> str:
    # ါ and ာ are one vowel, its tall form written after ခ ဂ င ဒ ပ ဝ; no correct spelling of a
    # name differs from another by it alone, and converters from Zawgyi and typists swap them.
    return _INVISIBLE.sub("", unicodedata.normalize("NFC", text)).replace("\u102b", "\u102c")


def strip_my_suffix(text: str) -> tuple[str, tuple[str, ...] | None]:
    for suffix, levels in MY_LEVEL_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)], levels
    return text, None


_ALNUM = re.compile(r"[a-z0-9]+")
_BRACKETED = re.compile(r"\([^)]*\)")
_INNER = re.compile(r"\(([^)]*)\)")


def name_keys(name: str) -> list[tuple[str, bool]]:
    """Index keys of a gazetteer name: (key, exact) - exact False for the form without
    qualifiers ("(North)") and level words ("Town", "Ward")."""
    if not name:
        return []
    if _MYANMAR.search(name):
        full = my_key(name)
        bare = my_key(_MY_QUALIFIER.sub("", name))
        bare, _ = strip_my_suffix(bare)
        return [(full, True)] + ([(bare, False)] if bare and bare != full else [])
    # Most names are plain ASCII: no Burmese digits to convert, no brackets to read.
    name = (name if name.isascii() else to_ascii_digits(name)).lower()
    # "Chinshwehaw Sub-township": a level word, as a query reads it (joined, it was part of
    # the name, and no spelling of the place found it).
    name = _JOINER.sub("", name.replace("sub-township", "township"))
    words = _ALNUM.findall(name)
    full = latin_key(words)
    bracketed = "(" in name
    bare_words = _ALNUM.findall(_BRACKETED.sub(" ", name)) if bracketed else words
    bare_words = [
        w
        for w in bare_words
        if w not in LEVEL_WORDS and w not in DIRECTIONS and w not in ZONE_WORDS
    ]
    keys = [(full, True)]
    bare = latin_key(bare_words)
    if bare and bare != full:
        # "Mandalay City", "Hopin Town", "Pa Laung Self-Administered Zone": dropping only the
        # level words leaves the name itself.
        keys.append(
            (bare, bare_words == [w for w in words if w not in LEVEL_WORDS and w not in ZONE_WORDS])
        )
    # "(Kyun Nyo Gyi) Kyun Hteik": the bracketed part is another name of the same place.
    for inner in _INNER.findall(name) if bracketed else ():
        inner_words = [w for w in _ALNUM.findall(inner) if w not in DIRECTIONS]
        # Not "(Thet + Myo)": how the name is made, which took "Thayetmyo" to Oe Hpyu.
        if len(inner_words) >= 2 and "+" not in inner:
            keys.append((latin_key(inner_words), False))
    # "Mongyai", "Mongyawng": written together, "ngy" folds as the "gy" of Kyaukgyi, where
    # Shan names mean "ng" + "y" and are written apart as often ("Mong Yai").
    if any(_NG_Y.search(w) for w in bare_words):
        apart = [piece for w in bare_words for piece in _NG_Y.sub("ng y", w).split()]
        keys.append((latin_key(apart), False))
    return keys


_NG_Y = re.compile(r"(?<=[aeiou])ng(?=y[aeiou])")


def spelled(words) -> str:
    """A name's letters as written, without level words or brackets: the folds of latin_key
    turn one dropped letter into another key ("Mahaaungyay": "ngy" is read as "n" + "gy"),
    where the letters themselves stay one edit apart."""
    return "".join(w for w in words if w not in LEVEL_WORDS).replace("-", "")


def name_spelling(name: str) -> str:
    if not name or _MYANMAR.search(name):
        return ""
    # "Chinshwehaw Sub-township" is spelt Chinshwehaw, as name_keys reads it.
    name = name.lower().replace("sub-township", "township")
    return spelled(_ALNUM.findall(_BRACKETED.sub(" ", name)))


@dataclass
class Part:
    key: str
    levels: tuple[str, ...] | None  # what the level word beside it says it is
    bare_key: str = ""
    words: tuple[str, ...] = ()
    # a piece of "A-B road", "between A and B": it names A itself, not what lies in A
    peer: bool = False
    # "Monywa to Myinmu": tried one by one when the whole finds no exact match
    pieces: list[Part] = field(default_factory=list)
    # the word that cut this piece from the one before ("in" for "... highway in Pauk")
    joiner: str = ""
    # "In Pin village": the key with its first word, which _trim took for a preposition (MIMU
    # has 449 names that begin with "In")
    with_lead: str = ""


def split_query(text: str) -> list[Part]:
    """Cut a place description into name parts, each with the level its level word gives."""
    text = _POSSESSIVE.sub(",", to_ascii_digits(unicodedata.normalize("NFC", text)))
    if "Mine" in text or "MINE" in text:
        text = _MINE_AS_MONG.sub("Mong ", text)
    text = _DIRECTION_AFTER_LEVEL.sub(r"\2 \1", text)
    if "ard" in text or "ARD" in text or "အမှတ်" in text:
        text = _NUMBERED_WARD.sub(lambda m: f"No{m['n'] or m['m'] or m['k']}Ward", text)
        text = _MY_NUMBERED_WARD.sub(r"အမှတ်(\1)ရပ်ကွက်", text)
    if _MYANMAR.search(text):
        text = _MY_DIRECTION_AFTER_LEVEL.sub(_my_part_of_state, text)
    text = _DIRECTION_QUALIFIER.sub(r" \1", text)
    if "(" in text and _MYANMAR.search(text):
        text = _MY_BRACKETED.sub(lambda m: f"\ue000{to_burmese_digits(m[1])}\ue001", text)
    if ")" in text:
        text = _LEVEL_AFTER_BRACKET.sub(_level_before_bracket, text)
    parts: list[Part] = []
    for chunk in _PARTS.split(text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if _MYANMAR.search(chunk):
            first = len(parts)
            for piece in _my_pieces(_VILLAGE_TRACT.sub("villagetract", chunk.translate(_GLUED))):
                if not _MYANMAR.search(piece) and (levels := _level_word(piece)):
                    # "နတ်ရေကန် village": an English level word is the Burmese name's before
                    # it, as a Burmese one written after it is (alone, it was a name itself).
                    if len(parts) > first and parts[-1].levels is None:
                        parts[-1].levels = levels
                    continue
                bare, levels = strip_my_suffix(my_key(piece))
                if bare:
                    parts.append(Part(my_key(piece), levels, bare))
            continue
        chunk = _APOSTROPHE.sub("", _DISTANCE.sub(" ", chunk.lower()))
        chunk = _HYPHEN.sub("-", chunk)
        words = []
        for w in _WORD.findall(chunk):
            segs = w.split("-")
            # "sub-township", "Kalay-road": a hyphen before a level or stop word is a space.
            if len(segs) > 1 and any(g in LEVEL_WORDS or g in STOPWORDS for g in segs):
                words.extend(g for g in segs if g)
            else:
                words.append(w)
        # A level word ends the name before it ("Than Po village in Khin-U township").
        segment: list[str] = []
        pending: tuple[str, ...] | None = None
        for i, w in enumerate(words + [""]):
            levels = LEVEL_WORDS.get(w) or _misspelt_level(w)
            # "village tract", "self-administered zone": two level words in a row are one.
            if levels is None and w:
                segment.append(w)
                continue
            if w == "village" and i + 1 < len(words) and words[i + 1] in ("tract", "tracts"):
                continue
            # "the village of Nannwet": a level word before the name names it, but only
            # through "of" ("a village near Loikaw" is not the village Loikaw).
            before = pending if segment[:1] == ["of"] else None
            parts.extend(_segment_parts(segment, levels or before, w.endswith("s")))
            pending = levels if not _trim(segment) else None
            segment = []
    return [p for p in parts if p.key]


# Burmese words after a name: "near", "in", "at" (ဖားကန့်အနီး, ဖားကန့်မြို့နယ်အတွင်း), "on"
# after a town or village (မင်းတပ်မြို့ပေါ်). Some names end in them too (ခွေးအတွင်း): see
# without_my_particles.
_MY_AFTER = re.compile(r"(?:အနီး|အတွင်း|တွင်|၌)(?:ရှိ)?$|(?:(?<=မြို့)|(?<=ရွာ))ပေါ်$")
_MY_LEVEL_WORDS = {suffix for suffix, _levels in MY_LEVEL_SUFFIXES}


def _my_part_of_state(m: re.Match[str]) -> str:
    """ "ရှမ်းပြည်နယ် မြောက်ပိုင်း" joined, where names.py knows the whole; else the state alone
    ("ရခိုင်ပြည်နယ် မြောက်ပိုင်း": northern Rakhine is Rakhine)."""
    start = m.string.rfind(" ", 0, m.start()) + 1
    before = re.split(r"[,;၊]", m.string[start : m.start()])[-1]
    whole = f"{before}{m[1]}{m[2]}"
    return f"{m[1]}{m[2]}" if whole in _STATE_PARTS else m[1]


# A level word with more name after it, with no space: "ဒီပဲယင်းမြို့နယ်လက်ယက်ကုန်းကျေးရွာ" is
# two names (Burmese needs no spaces between words). Not the words that begin or sit inside
# MIMU's own names: ရပ်ကွက် ("ရပ်ကွက်အမှတ် (၁) ရွာသစ်ရပ်ကွက်"), မြို့ and ရွာ (ရွာသစ်,
# မြို့မ), a sub-township (မြို့နယ်ခွဲ), a numbered village (ကျေးရွာအမှတ်), a part of a state
# (ရှမ်းပြည်နယ်တောင်ပိုင်း); and only where a syllable and at least two more letters follow.
_MY_GLUED_LEVEL = re.compile(
    r"(?<=\S)(ကျေးရွာအုပ်စု|တိုင်းဒေသကြီး|ပြည်ထောင်စုနယ်မြေ|ပြည်နယ်|မြို့နယ်(?!ခွဲ)"
    r"|ကျေးရွာ(?!အုပ်စု|အမှတ်)|ခရိုင်)(?!အရှေ့|အနောက်|မြောက်|တောင်|အလယ်)"
    r"(?=[\u1000-\u102a\u103f\u104c-\u104f]\S{2})"
)


def _my_pieces(chunk: str) -> list[str]:
    """A Burmese chunk's names: its words, a level word written apart ("အိုးထိမ်းကွင်း
    ကျေးရွာ") joined to the name before it, one written glued to the next name cut off it."""
    out: list[str] = []
    for word in _MY_GLUED_LEVEL.sub(r"\1 ", chunk).split():
        if word in _MY_LEVEL_WORDS and out and not out[-1].endswith(word):
            out[-1] += word
        else:
            out.append(word)
    return out


def without_my_particles(text: str) -> str:
    """Burmese text with the words after its names taken off ("ဖားကန့်အနီး" -> ဖားကန့်): a
    reading to try, not the text's only one, as some names end in these words."""
    return " ".join(
        bare if _MYANMAR.search(word) and (bare := _MY_AFTER.sub("", word)) else word
        for word in text.split(" ")
    )


def joined_my_names(text: str) -> str:
    """Burmese text with the spaces inside names taken out: writers space a name's words
    ("နမ့် တစ်မြို့နယ်" for Nam Tit township) as often as they space two names. Words are
    joined up to one that ends in a level word, which ends a name."""

    def join(chunk: str) -> str:
        if not _MYANMAR.search(chunk) or len(chunk.split()) < 2:
            return chunk
        lead, trail = chunk[: len(chunk) - len(chunk.lstrip())], chunk[len(chunk.rstrip()) :]
        names, current = [], ""
        for word in chunk.split():
            current += word
            if strip_my_suffix(word)[1] is not None or word in _MY_LEVEL_WORDS:
                names.append(current)
                current = ""
        if current:
            names.append(current)
        return lead + " ".join(names) + trail

    return "".join(join(piece) for piece in _KEEP_PARTS.split(text))


_KEEP_PARTS = re.compile(f"({_PARTS.pattern})")


def _level_before_bracket(m: re.Match[str]) -> str:
    inner = f"{m[1]} {m[2]}" if _MYANMAR.search(m[1]) else m[1]
    return f" {m[2]} ({inner})"


def _level_word(word: str) -> tuple[str, ...] | None:
    word = word.lower().strip(".")
    return LEVEL_WORDS.get(word) or _misspelt_level(word)


_LONG_LEVEL_WORDS = ["township", "village", "district", "division", "region"]


@lru_cache(maxsize=10_000)
def _misspelt_level(word: str) -> tuple[str, ...] | None:
    """ "Twnship", "Vilage": level words are typed in haste as often as names."""
    if len(word) < 6:
        return None
    hit = process.extractOne(word, _LONG_LEVEL_WORDS, scorer=fuzz.ratio, score_cutoff=85)
    return LEVEL_WORDS[hit[0]] if hit else None


def _trim(words: list[str]) -> list[str]:
    words = [w.strip("'") for w in words]
    while words and (words[0] in STOPWORDS or words[0].isdigit()):
        words = words[1:]
    while words and (words[-1] in STOPWORDS or words[-1].isdigit()):
        # "Gaw In village", "Nyaung To": a preposition needs something after it, so a last
        # "in" or "to" is a syllable of the name (MIMU has 340 names with one).
        if words[-1] in NAME_SYLLABLES and len(words) > 1:
            break
        words = words[:-1]
    return words


def _key(words: list[str]) -> str:
    # Piece by piece, as the index keys names ("Kone-Thar" as Kone Thar: joined, "kone" was
    # no word end, and its folds did not apply).
    return latin_key([piece for w in words for piece in w.split("-") if piece])


def _hyphen_pieces(words: list[str]) -> list[list[str]]:
    """ "Ye-U-Khin-U highway" -> [["ye-u"], ["khin-u"]]: hyphenated words cut where the
    hyphen joins two names. A piece of one or two letters ("U", "an", "O") belongs to the
    word before it: Khin-U, Hpa-an and Mrauk-U stay whole."""
    out: list[list[str]] = []
    current: list[str] = []
    for w in words:
        segs: list[str] = []
        for g in w.split("-"):
            if segs and len(g) <= 2:
                segs[-1] += "-" + g
            else:
                segs.append(g)
        if len(segs) == 1:
            current.append(w)
            continue
        out.append([*current, segs[0]])
        out.extend([g] for g in segs[1:-1])
        current = [segs[-1]]
    out.append(current)
    return out


def _segment_parts(
    words: list[str], levels: tuple[str, ...] | None, plural: bool = False
) -> list[Part]:
    # "Ta-Khon-Tine village": the name right before a singular village, tract or ward word is
    # one name, hyphens and all (Karen and Mon names are often written so); cut into syllables,
    # it was tried as three places, none of them it. Right before: "the Myingyan-Natogyi road
    # near the village of ..." still cuts the road.
    one_name = (
        bool(levels) and levels[0] in ("village", "tract", "ward") and not plural
        and bool(words) and "-" in words[-1]
    )  # fmt: skip
    first = words[0].strip("'") if words else ""
    trimmed = _trim(words)
    with_lead = (
        _key([first, *trimmed])
        if first in NAME_SYLLABLES and len(trimmed) == len(words) - 1 and trimmed
        else ""
    )
    words = trimmed
    if not words:
        return []
    bare = [w for w in words if w not in DIRECTIONS]
    whole = Part(_key(words), levels, _key(bare), tuple(words), with_lead=with_lead)
    # "Monywa to Myinmu", "Thayet Tan and Kywel Lan", "Falam-Kalay road": also try the
    # pieces alone. Each piece remembers the word that joined it to the one before: a piece
    # joined to a neighbour by a hyphen, "and", "to", "from" or "between" is one end of a pair
    # (a peer: "Monywa-Kalewa highway"), one after "in", "on", "near" is not ("... in Mingin").
    pieces: list[list[str]] = []
    joins: list[str] = []
    current: list[str] = []
    joiner = ""
    for w in words:
        if w in SPLIT_STOPWORDS:
            pieces.append(current)
            joins.append(joiner)
            current, joiner = [], w
        else:
            current.append(w)
    pieces.append(current)
    joins.append(joiner)
    cut: list[tuple[list[str], str]] = []
    for n, (piece, join) in enumerate(zip(pieces, joins, strict=True)):
        one = one_name and n == len(pieces) - 1 and "-" not in "".join(piece[:-1])
        hyphened = [piece] if one else _hyphen_pieces(piece)
        for j, h in enumerate(hyphened):
            cut.append((h, join if j == 0 else "-"))
    kept = [(t, join) for p, join in cut if (t := _trim(p))] if len(cut) > 1 else []
    # One piece left is no "A and B" ("Gaw In", "Nyaung To": the name itself).
    kept = kept if len(kept) > 1 else []
    # A hyphen, "and" or "to" before a piece makes it and the piece before it peers ("between
    # A and B", "from A to B"); "between" and "from" open a pair but do not join it to what
    # comes before ("X village between A and B": X is no end of the pair).
    joined = [j in PEER_JOINERS for _t, j in kept]
    peers = [joined[i] and i > 0 or (i + 1 < len(kept) and joined[i + 1]) for i in range(len(kept))]
    # "Monywa-Sagaing highway in Sagaing Township": the level word names the last piece only;
    # "between Monywa and Kani Townships": a plural one names them all.
    extra = [
        Part(_key(t), levels if plural or i == len(kept) - 1 else None,
             _key([w for w in t if w not in DIRECTIONS]), tuple(t), peers[i], joiner=j)
        for i, (t, j) in enumerate(kept)
    ]  # fmt: skip
    whole.pieces = extra
    return [whole]
