"""Free-text place names (as reports write them) -> gazetteer places, with scores.

"O Htein Twin village, Depayin Township, Sagaing Region" is cut into parts ("O Htein Twin" with
a village hint, "Depayin" with a township hint, "Sagaing" with a state hint). Each part is looked
up by a phonetic key that folds romanisation variants (ky/ch, ht/t, oo/u, ...) and, failing that,
by fuzzy matching: admin areas everywhere, villages only inside the townships the other parts
name (or nationwide with a high cut-off). A candidate's score is the share of the parts it
explains (itself or one of its ancestors matched them), weighted by how well each matched, so a
village whose township is also named outranks the township alone, and a village name found in
two townships is settled by the township named beside it. Ties are all returned: ambiguity is
reported, never hidden.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from thitsa.burmese.digits import to_ascii_digits
from thitsa.burmese.normalize import clean, normalize
from thitsa.burmese.zawgyi import is_zawgyi
from thitsa.places.names import FORMER_DISTRICT_PARTS, KNOWN_ALT_NAMES


@dataclass(frozen=True, slots=True)
class Match:
    pcode: str
    level: str
    name_en: str
    name_my: str
    township_pcode: str | None
    state_pcode: str | None
    score: float

    def as_dict(self) -> dict:
        return asdict(self)


# --- text normalisation -------------------------------------------------------------------

# English level words -> the levels a name written before them may have.
LEVEL_WORDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(["township", "townships", "tsp", "twsp", "tship", "township"],
                    ("township", "town")),
    **dict.fromkeys(["town", "city", "myo"], ("town", "township")),
    **dict.fromkeys(["village", "villages", "vill", "hamlet"], ("village", "tract", "ward")),
    **dict.fromkeys(["tract", "vt", "tracts", "villagetract"], ("tract",)),
    **dict.fromkeys(["ward", "wards", "quarter", "quarters"], ("ward", "town")),
    **dict.fromkeys(["district", "districts", "dist", "zone"], ("district",)),
    **dict.fromkeys(["region", "state", "division", "territory", "regions", "states"],
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
    "through beside towards toward some about".split()
)
DIRECTIONS = set(
    "north south east west northern southern eastern western upper lower central middle "
    "northeast northwest southeast southwest".split()
)
SPLIT_STOPWORDS = {"in", "of", "near", "and", "to", "from", "at", "between", "outside", "around"}
# Words that join two places of one rank ("Monywa to Myinmu", "between Demoso and Hpruso", a
# hyphen): each piece then names a place itself, not the area of the places inside it.
PEER_STOPWORDS = {"and", "to", "from", "between"}
# Words of self-administered zones' names, dropped from the name's short key.
ZONE_WORDS = {"self", "administered", "selfadministered", "zone", "saz", "sad"}
# "Yangon (West) district", "Hlaingtharya (West) Township": a bracketed direction is part of
# the name (MIMU writes it so), not an aside.
_DIRECTION_QUALIFIER = re.compile(
    r"\s*\((north|south|east|west|northern|southern|eastern|western|upper|lower)\)", re.I
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
_MY_QUALIFIER = re.compile(r"\((?:မြောက်|တောင်|အရှေ့|အနောက်|အလယ်|[^)]*)\)")
# "Hpa-an", "Pa'an", "Ye-U": one word, so that names and queries cut words alike.
_JOINER = re.compile(r"(?<=[a-z0-9])[-‐’'`](?=[a-z0-9])")
_INVISIBLE = re.compile(r"[\u200b-\u200d\ufeff\s]")

# Romanisation variants folded together, applied in order to each word.
_FOLDS = [
    (re.compile(r"^(murng|muang|mueang|moung)"), "mong"),  # Shan "Mong" as Shan speakers write it
    (re.compile(r"oo|ou"), "u"),
    (re.compile(r"oe"), "o"),
    (re.compile(r"ay|ei|ey|ae"), "e"),
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


def latin_key(words: list[str]) -> str:
    return "".join(fold_word(w) for w in words)


def my_key(text: str) -> str:
    return _INVISIBLE.sub("", unicodedata.normalize("NFC", text))


def strip_my_suffix(text: str) -> tuple[str, tuple[str, ...] | None]:
    for suffix, levels in MY_LEVEL_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)], levels
    return text, None


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
    name = _JOINER.sub("", to_ascii_digits(name).lower())
    words = re.findall(r"[a-z0-9]+", name)
    full = latin_key(words)
    bare_words = re.findall(r"[a-z0-9]+", re.sub(r"\([^)]*\)", " ", name))
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
    for inner in re.findall(r"\(([^)]*)\)", name.lower()):
        inner_words = [w for w in re.findall(r"[a-z0-9]+", inner) if w not in DIRECTIONS]
        if len(inner_words) >= 2:
            keys.append((latin_key(inner_words), False))
    return keys


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


def split_query(text: str) -> list[Part]:
    """Cut a place description into name parts, each with the level its level word gives."""
    text = _POSSESSIVE.sub(",", to_ascii_digits(unicodedata.normalize("NFC", text)))
    text = _DIRECTION_QUALIFIER.sub(r" \1", text)
    parts: list[Part] = []
    for chunk in _PARTS.split(text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if _MYANMAR.search(chunk):
            for piece in chunk.split():
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
        words = words[:-1]
    return words


def _key(words: list[str]) -> str:
    return latin_key([w.replace("-", "") for w in words])


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
    words = _trim(words)
    if not words:
        return []
    bare = [w for w in words if w not in DIRECTIONS]
    whole = Part(_key(words), levels, _key(bare), tuple(words))
    # "Monywa to Myinmu", "Thayet Tan and Kywel Lan", "Falam-Kalay road": also try the
    # pieces alone.
    pieces, current = [], []
    peer = not any(w in SPLIT_STOPWORDS and w not in PEER_STOPWORDS for w in words)
    for w in words:
        if w in SPLIT_STOPWORDS:
            pieces.append(current)
            current = []
        else:
            current.append(w)
    pieces.append(current)
    pieces = [h for p in pieces for h in _hyphen_pieces(p)]
    trimmed = [t for p in pieces if (t := _trim(p))] if len(pieces) > 1 else []
    # "Monywa-Sagaing highway in Sagaing Township": the level word names the last piece only;
    # "between Monywa and Kani Townships": a plural one names them all.
    extra = [
        Part(_key(t), levels if plural or i == len(trimmed) - 1 else None,
             _key([w for w in t if w not in DIRECTIONS]), tuple(t), peer)
        for i, t in enumerate(trimmed)
    ]  # fmt: skip
    whole.pieces = extra
    return [whole]


# --- the resolver ---------------------------------------------------------------------------

ADMIN = ("state", "district", "township", "town")
# With equal evidence, a bare name most likely means the township (reports name townships).
PREFERENCE = {"township": 0, "town": 1, "state": 2, "district": 3, "tract": 4, "ward": 5,
              "village": 6, "country": 7}  # fmt: skip
LEAF_CUTOFF_LOCAL = 72
LEAF_CUTOFF_GLOBAL = 90
ADMIN_CUTOFF = 80
LEVEL_MISMATCH = 25
BARE_WIDER = 15
INNER_NAME = 90.0
THROUGH_ANCESTOR = 1.0
MAX_PER_PART = 40


@dataclass(slots=True)
class _Place:
    pcode: str
    level: str
    name_en: str
    name_my: str
    township: str | None
    state: str | None
    ancestors: tuple[str, ...]
    lat: float | None
    lon: float | None


class Resolver:
    def __init__(self, rows: list[tuple]) -> None:
        """rows: (pcode, level, path, township_id, state_id, name_en, name_my, alt_names,
        lat, lon) for every place."""
        self.places: dict[str, _Place] = {}
        self.exact: dict[str, list[tuple[str, bool]]] = defaultdict(list)
        admin_keys: dict[str, set[str]] = defaultdict(set)
        leaf_keys: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        # A place in a district split off since 2010 is also inside the old district.
        old_parent = {c: old for old, cs in FORMER_DISTRICT_PARTS.items() for c in cs}
        # Village names repeat (182,000 names, 100,000 distinct): each is keyed once.
        known_keys: dict[str, list[tuple[str, bool]]] = {}
        for pcode, level, path, tsp, st, en, my, alts, lat, lon in rows:
            ancestors = tuple(p for p in path.split("/") if p != pcode)
            ancestors += tuple(old_parent[a] for a in ancestors if a in old_parent)
            # names.py is read here too, so that a new name works before the gazetteer is
            # rebuilt.
            alts = list(dict.fromkeys([*(alts or []), *KNOWN_ALT_NAMES.get(pcode, [])]))
            self.places[pcode] = _Place(pcode, level, en, my, tsp, st, ancestors, lat, lon)
            if level == "country":
                continue
            for name in [en, my, *alts]:
                keys = known_keys.get(name)
                if keys is None:
                    keys = known_keys[name] = name_keys(name)
                for key, is_full in keys:
                    if key:
                        self.exact[key].append((pcode, is_full))
                        if level in ADMIN:
                            admin_keys[key].add(pcode)
                        else:
                            leaf_keys[tsp or ""][key].add(pcode)
        self.admin_keys = list(admin_keys)
        self.admin_pcodes = [sorted(admin_keys[k]) for k in self.admin_keys]
        self.leaves: dict[str, tuple[list[str], list[list[str]]]] = {
            tsp: (list(keys), [sorted(v) for v in keys.values()]) for tsp, keys in leaf_keys.items()
        }
        all_keys: dict[str, set[str]] = defaultdict(set)
        for keys in leaf_keys.values():
            for k, v in keys.items():
                all_keys[k] |= v
        # Nationwide fuzzy search only compares keys that start alike: typos there are rare
        # (keys are phonetic), and it makes the search ~100 times faster.
        by_initial: dict[str, dict[str, set[str]]] = defaultdict(dict)
        for k, v in all_keys.items():
            by_initial[k[:2]][k] = v
        self.leaves_by_initial = {
            c: (list(keys), [sorted(v) for v in keys.values()]) for c, keys in by_initial.items()
        }
        # Townships inside each district and state, to search villages under a wider hint.
        self.townships_in: dict[str, list[str]] = defaultdict(list)
        for p in self.places.values():
            if p.level == "township":
                for a in p.ancestors:
                    self.townships_in[a].append(p.pcode)

    # One part -> {pcode: similarity 0-100}
    def _lookup(self, part: Part, alone: bool = False) -> dict[str, float]:
        found: dict[str, float] = {}
        for key, exact_score in ((part.key, 100.0), (part.bare_key, 97.0)):
            for pcode, is_full in self.exact.get(key, ()):
                score = exact_score if is_full else exact_score - 2
                if score > found.get(pcode, 0):
                    found[pcode] = score
        if not any(self.places[p].level in ADMIN for p in found) and len(part.key) >= 3:
            for _k, score, i in process.extract(
                part.key, self.admin_keys, scorer=fuzz.ratio, score_cutoff=ADMIN_CUTOFF,
                limit=10,
            ):  # fmt: skip
                for pcode in self.admin_pcodes[i]:
                    found[pcode] = max(found.get(pcode, 0), score * 0.95)
        if part.levels:
            for pcode in list(found):
                if self.places[pcode].level not in part.levels:
                    found[pcode] -= LEVEL_MISMATCH
        elif not alone:
            # A bare name that is a township as well as a district or state ("Loikaw",
            # "Sagaing") beside other names is the township first: the wider area counts a
            # little less. Alone, all its readings stay equal (a figure filter "Sagaing" means
            # the region).
            best_local = max(
                (s for p, s in found.items() if self.places[p].level in ("township", "town")),
                default=0,
            )
            for pcode, score in found.items():
                if self.places[pcode].level in ("district", "state") and score <= best_local:
                    found[pcode] = score - BARE_WIDER
        return found

    def _inner_names(self, part: Part) -> dict[str, float]:
        """ "the Yesagyo Myoma police station", "road connecting Saw with Kyaukhtu": a part
        that matches nothing as a whole may hold a township or town name among its words."""
        found: dict[str, float] = {}
        words = part.words
        for size in range(min(len(words) - 1, 3), 0, -1):
            for i in range(len(words) - size + 1):
                key = _key(list(words[i : i + size]))
                if len(key) < 4:
                    continue
                for pcode, _full in self.exact.get(key, ()):
                    if self.places[pcode].level in ("township", "town"):
                        found.setdefault(pcode, INNER_NAME)
            if found:
                break
        return found

    def _fuzzy_leaves(self, part: Part, townships: set[str]) -> dict[str, float]:
        found: dict[str, float] = {}
        if len(part.key) < 4:
            return found
        if townships:
            for tsp in townships:
                keys, pcodes = self.leaves.get(tsp, ([], []))
                for _k, score, i in process.extract(
                    part.key, keys, scorer=fuzz.ratio, score_cutoff=LEAF_CUTOFF_LOCAL, limit=5
                ):
                    for pcode in pcodes[i]:
                        found[pcode] = max(found.get(pcode, 0), score * 0.95)
        else:
            keys, pcodes = self.leaves_by_initial.get(part.key[:2], ([], []))
            for _k, score, i in process.extract(
                part.key, keys, scorer=fuzz.ratio, score_cutoff=LEAF_CUTOFF_GLOBAL, limit=5
            ):
                for pcode in pcodes[i]:
                    found[pcode] = max(found.get(pcode, 0), score * 0.9)
        if part.levels:
            for pcode in found:
                if self.places[pcode].level not in part.levels:
                    found[pcode] -= LEVEL_MISMATCH
        return found

    def resolve(
        self, text: str, limit: int = 5, lat: float | None = None, lon: float | None = None
    ) -> list[Match]:
        """Places that `text` may name, best first. Burmese text is cleaned first (Zawgyi to
        Unicode, marks in canonical order, lookalike digits); text without Myanmar letters
        skips that (no cost). The Zawgyi detector takes some correct Unicode (Pali stacked
        consonants, ကုက္ကိုစု) for Zawgyi: such text is tried both ways and the better top
        match wins (the converted reading on a tie)."""
        if not text or not _MYANMAR.search(text):
            return self._resolve(text, limit, lat, lon)
        plain = normalize(text)
        if not is_zawgyi(text):
            return self._resolve(plain, limit, lat, lon)
        converted = clean(text, zawgyi=True)
        as_zawgyi = self._resolve(converted, limit, lat, lon)
        if converted == plain:
            return as_zawgyi
        as_unicode = self._resolve(plain, limit, lat, lon)
        if as_unicode and (not as_zawgyi or as_unicode[0].score > as_zawgyi[0].score):
            return as_unicode
        return as_zawgyi

    def _resolve(
        self, text: str, limit: int = 5, lat: float | None = None, lon: float | None = None
    ) -> list[Match]:
        parts, found = [], []
        split = split_query(text or "")
        for part in split:
            cands = self._lookup(part, alone=len(split) == 1)
            if part.pieces and max(cands.values(), default=0) < 97:
                parts.extend(part.pieces)
                found.extend(self._lookup(p) for p in part.pieces)
            else:
                parts.append(part)
                found.append(cands)
        for part, cands in zip(parts, found, strict=True):
            if len(part.words) > 1 and max(cands.values(), default=0) < 90:
                for pcode, score in self._inner_names(part).items():
                    cands[pcode] = max(cands.get(pcode, 0), score)
        # Townships that other parts name confidently: villages are searched inside them.
        hinted: set[str] = set()
        for cands in found:
            for pcode, score in cands.items():
                p = self.places[pcode]
                if score >= 85 and p.level in ("township", "town"):
                    hinted.add(p.township or pcode)
                elif score >= 85 and p.level in ("district",):
                    hinted.update(self.townships_in[pcode])
        point_tsp = None
        if lat is not None and lon is not None:
            from thitsa.places.geo import township_at

            point_tsp = township_at(lat, lon)
            if point_tsp:
                hinted.add(point_tsp)
        for part, cands in zip(parts, found, strict=True):
            leaf_exact = any(
                self.places[p].level not in ADMIN and s >= 90 for p, s in cands.items()
            )
            wants_leaf = part.levels is None or any(lv not in ADMIN for lv in part.levels)
            best_admin = max((s for p, s in cands.items() if self.places[p].level in ADMIN),
                             default=0)  # fmt: skip
            if wants_leaf and not leaf_exact and best_admin < 95:
                local = hinted - {self.places[p].township for p in cands}
                for pcode, score in self._fuzzy_leaves(part, local or hinted).items():
                    cands[pcode] = max(cands.get(pcode, 0), score)
        # Townships the text names with the word "township" or "town" (မြို့နယ်, မြို့): the
        # writer's own statement of where it happened, which a namesake village elsewhere
        # cannot beat ("Aung Zay Yar Ward ..., in Kawlin Town").
        named: set[str] = set()
        for part, cands in zip(parts, found, strict=True):
            if part.levels and part.levels[0] in ("township", "town"):
                named.update(p for p, s in cands.items()
                             if s >= 95 and self.places[p].level == "township")  # fmt: skip
        # The best few per part are enough: the rest cannot win. Among equals, those inside
        # an area another part names come first ("Tha Pyay Kone village, Hkamti district":
        # one of 60 namesakes).
        areas = {p for c in found for p, s in c.items()
                 if s >= 85 and self.places[p].level in ADMIN}  # fmt: skip

        def rank(kv: tuple[str, float]) -> tuple[float, bool]:
            return -kv[1], areas.isdisjoint(self.places[kv[0]].ancestors)

        useful = [dict(sorted(c.items(), key=rank)[:MAX_PER_PART]) for c in found if c]
        peer = [part.peer for part, c in zip(parts, found, strict=True) if c]
        if not useful:
            if point_tsp:
                return [self._match(point_tsp, 50.0)]
            return []
        # Best similarity per part for every place and ancestor it could stand for.
        per_part = [{**c} for c in useful]
        scores: dict[str, float] = {}
        # The part that first names a place: "Falam-Kalay road", "between Demoso and Hpruso"
        # are as likely either place, and the first named wins the tie.
        first: dict[str, int] = {}
        for i, cands in enumerate(useful):
            for pcode in cands:
                first.setdefault(pcode, i)
                if pcode in scores:
                    continue
                p = self.places[pcode]
                # A part counts for the place itself, or else for one of its ancestors.
                # ("Gangaw, Gangaw district": the township is named by the first part and,
                # through its district, by the second, where it matches itself only as a
                # township under a district level word.) Through an ancestor counts a point
                # less, so that "Sagaing Region" is the region, not its township Sagaing.
                # A piece of "A-B road" counts for A only, not for what lies inside A.
                support = sum(
                    pp.get(pcode, 0)
                    if is_peer
                    else max(
                        pp.get(pcode, 0),
                        max((pp.get(a, 0) for a in p.ancestors), default=0) - THROUGH_ANCESTOR,
                    )
                    for pp, is_peer in zip(per_part, peer, strict=True)
                )
                score = max(0.0, support / len(per_part))
                if point_tsp and p.township == point_tsp:
                    score = min(100.0, score + 10)
                scores[pcode] = score
        if named:
            best_named = max(scores.get(t, 0.0) for t in named)
            around = {a for t in named for a in self.places[t].ancestors}
            for pcode, score in scores.items():
                p = self.places[pcode]
                if pcode not in around and p.township not in named:
                    scores[pcode] = min(score, best_named - 0.5)
        ranked = sorted(
            scores.items(),
            key=lambda kv: (-round(kv[1], 1), first[kv[0]], PREFERENCE[self.places[kv[0]].level],
                            kv[0]),
        )  # fmt: skip
        top, top_level = ranked[0][1], self.places[ranked[0][0]].level
        # Equally good places of one level in different townships: say so in the score.
        tied = {
            self.places[pc].township
            for pc, s in ranked
            if s >= top - 0.5 and self.places[pc].level == top_level
        }
        penalty = min(15.0, 5.0 * (len(tied) - 1))
        return [
            self._match(pc, s - penalty if s >= top - 0.5 else s)
            for pc, s in ranked[:limit]
            if s > 0
        ]

    def _match(self, pcode: str, score: float) -> Match:
        p = self.places[pcode]
        return Match(p.pcode, p.level, p.name_en, p.name_my, p.township, p.state,
                     round(max(0.0, min(100.0, score)), 1))  # fmt: skip

    def resolve_many(self, texts: list[str], limit: int = 5) -> list[list[Match]]:
        return [self.resolve(t, limit=limit) for t in texts]


_lock = threading.Lock()
_resolver: Resolver | None = None


def get_resolver() -> Resolver:
    """The process's resolver, built from the Place table on first use (about a second)."""
    global _resolver
    with _lock:
        if _resolver is None:
            from thitsa.places.models import Place

            rows = list(
                Place.objects.values_list(
                    "pcode", "level", "path", "township_id", "state_id", "name_en", "name_my",
                    "alt_names", "lat", "lon",
                ).order_by()
            )  # fmt: skip
            _resolver = Resolver(rows)
        return _resolver


@lru_cache(maxsize=1)
def place_levels() -> dict[str, tuple[str, str | None, str | None, str | None]]:
    """P-code -> (level, township, state, parent) for every place, read once per process:
    matching needs the hierarchy for every report, and not the resolver's name index."""
    from thitsa.places.models import Place

    return {
        pcode: (level, township, state, parent)
        for pcode, level, township, state, parent in Place.objects.values_list(
            "pcode", "level", "township_id", "state_id", "parent_id"
        ).order_by()
    }


def reset_resolver() -> None:
    """Forget the cached resolver, place levels and reverse-lookup grid: call after loading
    places."""
    global _resolver
    from thitsa.places.geo import reset_village_index

    with _lock:
        _resolver = None
    place_levels.cache_clear()
    reset_village_index()


def resolve(
    text: str, limit: int = 5, lat: float | None = None, lon: float | None = None
) -> list[Match]:
    """Places that `text` may name, best first; several when it is ambiguous."""
    return get_resolver().resolve(text, limit=limit, lat=lat, lon=lon)


def resolve_many(texts: list[str], limit: int = 5) -> list[list[Match]]:
    return get_resolver().resolve_many(texts, limit=limit)
