"""The Resolver: each part of a place string looked up in the index (exactly, then fuzzily),
and the candidates scored by the share of the parts they explain, then ranked."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from functools import lru_cache
from math import inf

from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from thitsa.burmese.normalize import clean, normalize
from thitsa.burmese.zawgyi import is_zawgyi
from thitsa.places.index import (
    _PLACE_COLUMNS,
    ADMIN,
    MIN_SPELLING,
    _Decoded,
    _Place,
    _unpack_exact,
    _unpack_keys,
    build_index,
)
from thitsa.places.parsing import (
    _MYANMAR,
    PCODE,
    Part,
    _key,
    joined_my_names,
    spelled,
    split_query,
    without_my_particles,
)


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


# With equal evidence, a bare name most likely means the township (reports name townships).
PREFERENCE = {"township": 0, "town": 1, "state": 2, "district": 3, "tract": 4, "ward": 5,
              "village": 6, "country": 7}  # fmt: skip
LEAF_CUTOFF_LOCAL = 72
LEAF_CUTOFF_GLOBAL = 90
ADMIN_CUTOFF = 80
SPELLING_CUTOFF = 88
# An administrative area's name with two neighbouring letters swapped: above a fuzzy match of
# the key (0.95 of its ratio) unless that ratio is 97 or more, below a name spelt right. Names
# of 4 letters or more: a swap in a shorter one is as often another name.
TRANSPOSED = 92.0
MIN_TRANSPOSED = 4
LEVEL_MISMATCH = 25
# Below what names a township for sure (95): see _spelt_otherwise.
SPELT_OTHERWISE = 6.0
AREA_LEVELS = {"district", "state"}
AREA_MISNAMED = 5
BARE_WIDER = 15
INNER_NAME = 90.0
THROUGH_ANCESTOR = 1.0
LONGEST_TEXT = 500
MY_FUZZY_LENGTH = 6  # code points
REREAD_SCORE = 95.0
# A name's letters against the townships and towns of a region or district the text names.
SPELLING_IN_AREA = 80
MIN_CONTEXT_SPELLING = 4
MAX_PER_PART = 40
URBAN_WIDER = 2.0
NAMES_PLACE = 5.0
# area_named: the areas a place string may name outright, most precise first, and how close
# a part must be to one of them.
_AREAS = {"township": 0, "district": 1, "state": 2}
AREA_NAMED = 95.0
_SEVERAL = re.compile(r"\btownships\b|မြို့နယ်များ", re.I)
# Words that put a place in a town: its streets, wards, offices (see _resolve).
_URBAN = re.compile(
    r"\b(?:wards?|quarter|streets?|downtown|university|police station|bus (?:terminal|station)"
    r"|(?:in|of) the (?:town|city)|office|bank)\b",
    re.I,
)


def _same_level(level: str, other: str) -> bool:
    """Of one level for a tie: the same, or both places within a township."""
    return level == other or (level not in ADMIN and other not in ADMIN)


def _fuzzy_key(part: Part) -> str:
    """The key a misspelt name is compared by: a Burmese name without the level word written
    onto it ("ဒီပယင်းမြို့နယ်"), as the gazetteer's Burmese names are keyed (ဒီပဲယင်း). Not a
    short one: one letter off in a name of a syllable or two is as often another word
    (ပေက်မြို့နယ် is no Pauk, ပေါက်)."""
    if len(part.bare_key) >= MY_FUZZY_LENGTH and _MYANMAR.match(part.key):
        return part.bare_key
    return part.key


@lru_cache(maxsize=100_000)  # a batch repeats its areas' names ("Shan state", "Kyaukme district")
def _spelling(words: tuple[str, ...], name: str) -> float:
    """How close a query's own spelling is to a place name's, before the phonetic folds."""
    if not words:
        return 100.0
    plain = re.sub(r"\([^)]*\)|[^a-z0-9]", "", name.lower())
    query = "".join(words).replace("-", "")
    # Of spellings equally far off, the one that begins alike ("Shat": Shet before Satu): a
    # fraction of a point, so that it only breaks ties.
    return fuzz.ratio(query, plain) + JaroWinkler.similarity(query, plain) / 100


class Resolver:
    def __init__(self, rows: list[tuple] | None = None, *, index: dict | None = None) -> None:
        """From the Place table's rows (see build_index), or from an index build_index made
        (as the cache saved it)."""
        if index is None:
            index = build_index(rows or [])
        columns = [index[c] for c in _PLACE_COLUMNS]
        at = {pcode: i for i, pcode in enumerate(index["pcode"])}

        def place(i: int) -> _Place:
            p = [col[i] for col in columns]
            p[6] = tuple(p[6].split("/")) if p[6] else ()
            return _Place(*p)

        self.places: Mapping[str, _Place] = _Decoded(at, place)
        # (south, north, west, east) of every place with a point, half a degree wider: a
        # report's point outside it is not in this country (None: no place has a point).
        lats = [v for v in index["lat"] if v is not None]
        lons = [v for v in index["lon"] if v is not None]
        self.extent: tuple[float, float, float, float] | None = (
            (min(lats) - 0.5, max(lats) + 0.5, min(lons) - 0.5, max(lons) + 0.5) if lats else None
        )
        self.exact: Mapping[str, list[tuple[str, bool]]] = _Decoded(
            dict(zip(index["exact_keys"], index["exact_pcodes"], strict=True)), _unpack_exact
        )
        self.admin_keys: list[str] = index["admin_keys"]
        self.admin_pcodes: list[list[str]] = index["admin_pcodes"]
        self.admin_spellings: list[str] = index["admin_spellings"]
        self.admin_spelling_pcodes: list[list[str]] = index["admin_spelling_pcodes"]
        # Each area's names as written (its alternative and former names too).
        self.admin_names: dict[str, list[str]] = index["admin_names"]
        self.leaves: Mapping[str, tuple[list[str], list[str]]] = _Decoded(
            index["leaves"], _unpack_keys
        )
        self.leaves_by_initial: Mapping[str, tuple[list[str], list[str]]] = _Decoded(
            index["leaves_by_initial"], _unpack_keys
        )
        # Townships inside each district and state, to search villages under a wider hint.
        self.townships_in: dict[str, list[str]] = defaultdict(list, index["townships_in"])
        self._memo: dict[tuple, dict[str, float]] = {}
        self._urban_in: dict[str, tuple[list[str], list[str]]] = {}

    # One part -> {pcode: similarity 0-100}
    def _lookup(self, part: Part, alone: bool = False) -> dict[str, float]:
        # A batch repeats parts ("Kyaukme district", "Shan state"): each is looked up once.
        # By its spelling too, which the look-up reads: "Intaw" and "Indaw" are one key.
        memo_key = (part.key, part.bare_key, part.levels, alone, part.with_lead,
                    spelled(part.words))  # fmt: skip
        found = self._memo.get(memo_key)
        if found is None:
            if len(self._memo) > 50_000:
                self._memo.clear()
            found = self._memo[memo_key] = self._lookup_part(part, alone)
        return dict(found)  # the caller adds to it

    def _lookup_part(self, part: Part, alone: bool) -> dict[str, float]:
        found: dict[str, float] = {}
        named = [
            (pcode, is_full)
            for pcode, is_full in self.exact.get(part.with_lead, ())
            if part.with_lead
            if not part.levels or self.places[pcode].level in part.levels
        ]
        if named:
            # "In Pin village" is In Pin, not Pin: a name spelled whole wins. Not where the
            # level word says otherwise: "... village in Pauk Township" is no village Inn Pauk.
            found = {pcode: 100.0 if is_full else 98.0 for pcode, is_full in named}
            self._spelt_otherwise(part, found)
            return found
        for key, exact_score in ((part.key, 100.0), (part.bare_key, 97.0)):
            for pcode, is_full in self.exact.get(key, ()):
                score = exact_score if is_full else exact_score - 2
                if score > found.get(pcode, 0):
                    found[pcode] = score
        self._spelt_otherwise(part, found)
        fuzzy_key = _fuzzy_key(part)
        if not any(self.places[p].level in ADMIN for p in found) and len(part.key) >= 3:
            for pcode, score in self._transposed(part.words).items():
                found[pcode] = max(found.get(pcode, 0), score)
            for _k, score, i in process.extract(
                fuzzy_key, self.admin_keys, scorer=fuzz.ratio, score_cutoff=ADMIN_CUTOFF,
                limit=10,
            ):  # fmt: skip
                for pcode in self.admin_pcodes[i]:
                    found[pcode] = max(found.get(pcode, 0), score * 0.95)
            spelling = spelled(part.words)
            admin_found = any(self.places[p].level in ADMIN for p in found)
            if not admin_found and len(spelling) >= MIN_SPELLING:
                # "Mahaaungyay": a letter dropped or added, which the phonetic key reads as
                # other sounds (two swapped: _transposed, above).
                for _k, score, i in process.extract(
                    spelling, self.admin_spellings, scorer=fuzz.ratio,
                    score_cutoff=SPELLING_CUTOFF, limit=3,
                ):  # fmt: skip
                    for pcode in self.admin_spelling_pcodes[i]:
                        found[pcode] = max(found.get(pcode, 0), score * 0.9)
        if part.levels:
            # "Mongkoe District", "Kyar Inn Seik Gyi district", "Kunlong district": writers
            # call a town or township's surroundings a district or region. Where no area of
            # that rank bears the name, a town or township that does is hardly less likely.
            # (Not a village: "Dawai district" is Dawei misspelt, not the village Tawai.)
            # Likewise "Mone Township", "Mone town": a sub-township or a town MIMU lists only
            # as a village tract or village.
            none_so = not any(
                s >= 80 and self.places[p].level in part.levels for p, s in found.items()
            )
            smaller = (("township", "town") if set(part.levels) <= AREA_LEVELS
                       else ("tract", "village") if part.levels[0] in ("township", "town")
                       else ())  # fmt: skip
            for pcode in list(found):
                level = self.places[pcode].level
                if level not in part.levels:
                    misnamed_here = none_so and level in smaller
                    found[pcode] -= AREA_MISNAMED if misnamed_here else LEVEL_MISMATCH
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

    def _spelt_otherwise(self, part: Part, found: dict[str, float]) -> None:
        """Towns and townships of other townships that a part's key names, where one of them
        bears the name as written: the others are only sounds alike. "Bagan Town" and
        "Hpakant Town" fold to one key, and "Bagan town, Nyaung-U" was read as the writer
        naming Hpakant township."""
        spelling = spelled(part.words)
        admin = [p for p in found if self.places[p].level in ("township", "town")]
        if not spelling or len(admin) < 2:
            return
        as_written = {
            self.places[p].township or p for p in admin if spelling in self.admin_names.get(p, ())
        }
        if not as_written:
            return
        for pcode in admin:
            if (self.places[pcode].township or pcode) not in as_written:
                found[pcode] -= SPELT_OTHERWISE

    def _transposed(self, words: tuple[str, ...]) -> dict[str, float]:
        """Townships, towns, districts and states whose name the words spell with two
        neighbouring letters swapped ("Hkaha" for Hakha, "Sagiang", "Inesin"): the commonest
        slip in typing. The phonetic key reads a swap as other sounds ("hk" is k), and the
        letters are as close to a name two edits away (Katha) as to the right one. A name
        without its qualifier counts less, as in an exact lookup ("Dgaon": Dagon before
        Dagon Myothit (South), which reports call South Dagon)."""
        found: dict[str, float] = {}
        if sum(map(len, words)) < MIN_TRANSPOSED:
            return found
        for i, word in enumerate(words):
            for j in range(len(word) - 1):
                a, b = word[j], word[j + 1]
                if a == b or not (a.isalpha() and b.isalpha()):
                    continue
                swapped = f"{word[:j]}{b}{a}{word[j + 2 :]}"
                key = _key([*words[:i], swapped, *words[i + 1 :]])
                for pcode, full in self.exact.get(key, ()):
                    if self.places[pcode].level in ADMIN:
                        score = TRANSPOSED if full else TRANSPOSED - 2
                        found[pcode] = max(found.get(pcode, 0), score)
        return found

    def _misspelt_in(self, part: Part, areas: list[str]) -> dict[str, float]:
        """Townships and towns of `areas` whose name (any of them) the part's letters spell
        closely, scored as the spelling look-up of `_lookup_part` does."""
        spelling = spelled(part.words)
        found: dict[str, float] = {}
        if len(spelling) < MIN_CONTEXT_SPELLING:
            return found
        for area in areas:
            names, pcodes = self._urban_names_in(area)
            for _n, score, i in process.extract(
                spelling, names, scorer=fuzz.ratio, score_cutoff=SPELLING_IN_AREA, limit=3
            ):
                found[pcodes[i]] = max(found.get(pcodes[i], 0), score * 0.9)
        return found

    def _urban_names_in(self, area: str) -> tuple[list[str], list[str]]:
        if area not in self._urban_in:
            names, pcodes = [], []
            for pcode, spellings in self.admin_names.items():
                p = self.places[pcode]
                if p.level in ("township", "town") and area in p.ancestors:
                    names += spellings
                    pcodes += [pcode] * len(spellings)
            self._urban_in[area] = (names, pcodes)
        return self._urban_in[area]

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
        key = _fuzzy_key(part)
        if len(key) < 4:
            return found
        if townships:
            # In a fixed order: which of equal matches are kept must not depend on the
            # process's hash seed.
            for tsp in sorted(townships):
                keys, pcodes = self.leaves.get(tsp, ([], []))
                for _k, score, i in process.extract(
                    key, keys, scorer=fuzz.ratio, score_cutoff=LEAF_CUTOFF_LOCAL, limit=5
                ):
                    for pcode in pcodes[i].split(","):
                        found[pcode] = max(found.get(pcode, 0), score * 0.95)
        else:
            keys, pcodes = self.leaves_by_initial.get(key[:2], ([], []))
            for _k, score, i in process.extract(
                key, keys, scorer=fuzz.ratio, score_cutoff=LEAF_CUTOFF_GLOBAL, limit=5
            ):
                for pcode in pcodes[i].split(","):
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
        if text and len(text) > LONGEST_TEXT:
            # A place's description, not an article: the fuzzy look-ups grow with the square
            # of a part's length (160,000 characters of one line took more than 10 minutes).
            # Imports keep 500 characters of a place.
            text = text[: text.rfind(" ", 0, LONGEST_TEXT) + 1 or LONGEST_TEXT]
        if (code := (text or "").strip().upper()) and PCODE.match(code) and code in self.places:
            # A P-code is its place (a form's township list often stores the code).
            return [self._match(code, 100.0)]
        if not text or not _MYANMAR.search(text):
            return self._resolve(text, limit, lat, lon)
        plain = normalize(text)
        readings = [clean(text, zawgyi=True), plain] if is_zawgyi(text) else [plain]
        best, best_rank, base = [], None, plain
        for reading in dict.fromkeys(readings):
            found, left = self._resolve_counted(reading, limit, lat, lon)
            # The reading that leaves fewer parts unexplained wins, then the better top
            # match, then the first: "ေရဦးၿမိဳ႕နယ္, Sagaing region" read as Unicode finds
            # only the region (a perfect score for the one part it explains); as Zawgyi it
            # is Ye-U township in the region.
            rank = (left, -found[0].score) if found else (inf, 0.0)
            if best_rank is None or rank < best_rank:
                best, best_rank, base = found, rank, reading
        if best_rank[0] == 0:
            return best
        # Part of the text is no name: spaces inside a Burmese name ("နမ့် တစ်မြို့နယ်", Nam
        # Tit) or a word after one ("ဖားကန့်အနီး", near Hpakant) may be why. Such a reading
        # is taken only when it explains all of the text with a near-exact match, and stays
        # in a township the text names ("ရေကြည် ကသာမြို့နယ်": a village the gazetteer lacks,
        # in Katha, is not Yegyi township, which the words joined spell nearly).
        bare = without_my_particles(base)
        for other in dict.fromkeys((joined_my_names(base), bare, joined_my_names(bare))):
            if other == base:
                continue
            found, left = self._resolve_counted(other, limit, lat, lon)
            if left or not found or found[0].score < REREAD_SCORE:
                continue
            named = best and best[0].level in ("township", "town")
            if not named or found[0].township_pcode == best[0].township_pcode:
                return found
        return best

    def _regions_after_townships(self, parts: list[Part], found: list[dict[str, float]]) -> None:
        """ "Kanbalu, Sagaing": a bare name beside a township, naming the region (or district)
        that holds it, is that region, at the best of its readings, and its villages of that
        spelling count less. The bare name's township reading came first (a region beside other
        names counts less), and "Sagaing" spelled the village Sar Kaing of Kanbalu: every
        ACLED event of Kanbalu was placed there; "Yebyu, Tanintharyi" at the village Yae Hpyu
        of another township."""
        named = [
            {
                p
                for p, s in cands.items()
                if s >= 97 and self.places[p].level in ("township", "town")
            }
            for cands in found
        ]
        # The last part only, as reports write the region after all else, and not an end of a
        # road ("Monywa-Chaung-U highway": Monywa the town, not its district).
        i = len(parts) - 1
        for part, cands in [(parts[i], found[i])] if parts else []:
            if part.levels or part.peer or not cands:
                continue
            others = {t for j, towns in enumerate(named) if j != i for t in towns}
            # Spelled as the region is: "Sar Kaing, Kanbalu" is the village, not Sagaing.
            holding = [
                p for p in cands
                if self.places[p].level in ("state", "district")
                and any(p in self.places[t].ancestors for t in others)
                and max(_spelling(part.words, n) for n in self.admin_names.get(p) or [""]) >= 90
            ]  # fmt: skip
            if not holding:
                continue
            top = max(cands.values())
            for pcode in holding:
                cands[pcode] = top
            for pcode, score in cands.items():
                if self.places[pcode].level not in ADMIN:
                    cands[pcode] = min(score, top - NAMES_PLACE)

    def _resolve(
        self, text: str, limit: int = 5, lat: float | None = None, lon: float | None = None
    ) -> list[Match]:
        return self._resolve_counted(text, limit, lat, lon)[0]

    def _resolve_counted(
        self, text: str, limit: int = 5, lat: float | None = None, lon: float | None = None
    ) -> tuple[list[Match], int]:
        """Matches, and how many parts of the text matched nothing."""
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
        self._regions_after_townships(parts, found)
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
            # The polygons ship with the package; this gazetteer may not hold their township.
            if point_tsp not in self.places:
                point_tsp = None
            if point_tsp:
                hinted.add(point_tsp)
        for part, cands in zip(parts, found, strict=True):
            # A namesake elsewhere does not stop the search inside the townships the other
            # parts name ("Lethama, Monywa district": Let Tha Mar of Mandalay spells it
            # exactly; Le Da Mar is in the named district), unless the part names a township
            # or town there ("Yebyu village, Dawei district": Yebyu township).
            leaf_exact = any(
                self.places[p].level not in ADMIN and s >= 90 for p, s in cands.items()
            )
            if leaf_exact and hinted:
                leaf_exact = any(
                    self.places[p].township in hinted
                    and (s >= 90 or self.places[p].level in ("township", "town") and s >= 70)
                    for p, s in cands.items()
                )  # fmt: skip
            wants_leaf = part.levels is None or any(lv not in ADMIN for lv in part.levels)
            best_admin = max((s for p, s in cands.items() if self.places[p].level in ADMIN),
                             default=0)  # fmt: skip
            if wants_leaf and not leaf_exact and best_admin < 95:
                local = hinted - {self.places[p].township for p in cands}
                for pcode, score in self._fuzzy_leaves(part, local or hinted).items():
                    cands[pcode] = max(cands.get(pcode, 0), score)
        # "Dawi, Tanintharyi Region": a short name misspelt, which the folds read as a
        # village elsewhere (Daw Wi, in Bago), is looked up by its letters among the
        # townships and towns of a region or district another part names for sure.
        areas = [
            p for cands in found for p, s in cands.items()
            if s >= 95 and self.places[p].level in AREA_LEVELS
        ]  # fmt: skip
        if areas:
            for part, cands in zip(parts, found, strict=True):
                inside = (
                    s for p, s in cands.items()
                    if p in areas or any(a in self.places[p].ancestors for a in areas)
                )  # fmt: skip
                if part.words and not part.levels and max(inside, default=0) < 90:
                    for pcode, score in self._misspelt_in(part, areas).items():
                        cands[pcode] = max(cands.get(pcode, 0), score)
        # Townships the text names with the word "township" or "town" (မြို့နယ်, မြို့): the
        # writer's own statement of where it happened, which a namesake village elsewhere
        # cannot beat ("Aung Zay Yar Ward ..., in Kawlin Town").
        named: set[str] = set()
        # Districts or states a part names together with its township (their namesake).
        named_areas: set[str] = set()
        # Districts and states the text names with their level word ("Shwebo district").
        stated = [
            {
                p for p, s in cands.items() if s >= 95 and self.places[p].level in part.levels
            }  # fmt: skip
            for part, cands in zip(parts, found, strict=True)
            if part.levels and set(part.levels) <= AREA_LEVELS
        ]
        # Parts before this one that name only villages, tracts or wards: "Naakae village,
        # Hpasawng", "Ywar Thit village in Hpruso" put the village first and its township
        # after it, as reports do, bare: without this, a namesake village elsewhere (the
        # part named first) beat the township the writer gave.
        leaf_before = False
        for i, (part, cands) in enumerate(zip(parts, found, strict=True)):
            after_leaf = leaf_before and not part.peer
            leaf_before = (i == 0 or leaf_before) and bool(cands) and (
                part.levels[0] in ("village", "tract", "ward") if part.levels
                else not any(s >= 95 and self.places[p].level in ADMIN for p, s in cands.items())
            )  # fmt: skip
            if part.levels and part.levels[0] in ("township", "town"):
                named.update(p for p, s in cands.items()
                             if s >= 95 and self.places[p].level == "township")  # fmt: skip
            elif (part.joiner == "in" or after_leaf) and part.levels is None:
                # "... on the Pathein-Monywa highway in Pauk": a bare "in X" where X is only a
                # township (and its town) names it as well.
                tsps = [p for p, s in cands.items()
                        if s >= 97 and self.places[p].level == "township"]  # fmt: skip
                wider = any(s >= 80 and self.places[p].level in ("district", "state")
                            for p, s in cands.items())  # fmt: skip
                # Not where it lies outside a district or state the text names: "... the
                # Ayeyarwady river in Shwegu, Shwebo district" is no township of Kachin.
                inside = len(tsps) == 1 and all(
                    a & set(self.places[tsps[0]].ancestors) for a in stated if a
                )
                if inside and not wider:
                    named.add(tsps[0])
                elif inside and after_leaf:
                    # "Kyon Lut village, Katha": Katha township or Katha district, which
                    # holds it; either way not a namesake village elsewhere.
                    named.add(tsps[0])
                    named_areas.update(
                        p for p, s in cands.items()
                        if s >= 97 and p in self.places[tsps[0]].ancestors
                    )  # fmt: skip
        # The best few per part are enough: the rest cannot win. Among equals, those inside
        # an area another part names come first ("Tha Pyay Kone village, Hkamti district":
        # one of 60 namesakes).
        areas = {p for c in found for p, s in c.items()
                 if s >= 85 and self.places[p].level in ADMIN}  # fmt: skip

        # Among equals, an administrative area before villages: "Kani" is a township, its
        # town and some forty villages, and a cut in P-code order alone (villages' codes are
        # digits) kept only villages and the town.
        def rank(kv: tuple[str, float]) -> tuple[float, bool, bool, str]:
            place = self.places[kv[0]]
            return -kv[1], areas.isdisjoint(place.ancestors), place.level not in ADMIN, kv[0]

        useful = [dict(sorted(c.items(), key=rank)[:MAX_PER_PART]) for c in found if c]
        peer = [part.peer for part, c in zip(parts, found, strict=True) if c]
        unexplained = len(found) - len(useful)
        if not useful:
            if point_tsp:
                return [self._match(point_tsp, 50.0)], unexplained
            return [], unexplained
        # Best similarity per part for every place and ancestor it could stand for.
        per_part = useful
        # Only these can lend a place support through an ancestor (most places have none).
        matched = {pcode for c in useful for pcode in c}
        scores: dict[str, float] = {}
        # The part that first names a place: "Falam-Kalay road", "between Demoso and Hpruso"
        # are as likely either place, and the first named wins the tie. An end of a road or
        # pair comes after any other part: "Monywa-Kalewa highway in Mingin", "Saing Naing
        # Gyi village on the Mandalay-Shwebo road" name the place on the road.
        # (A part names a place for this when the place is among its best matches: "Shwebo
        # district" does not name Shwebo township, which it matches only as a lesser reading.)
        first: dict[str, tuple[bool, int]] = {}
        for i, cands in enumerate(useful):
            best = max(cands.values())
            for pcode, sim in cands.items():
                if pcode not in first or (
                    first[pcode][0] and not peer[i] and sim >= best - NAMES_PLACE
                ):
                    first[pcode] = (peer[i], i)
                if pcode in scores:
                    continue
                p = self.places[pcode]
                # A part counts for the place itself, or else for one of its ancestors.
                # ("Gangaw, Gangaw district": the township is named by the first part and,
                # through its district, by the second, where it matches itself only as a
                # township under a district level word.) Through an ancestor counts a point
                # less, so that "Sagaing Region" is the region, not its township Sagaing.
                # A piece of "A-B road" counts for A only, not for what lies inside A.
                # The part that names the ancestor lends it to a village or tract only as
                # context for a place another part names: "Zzqxv pass, Kayin state" names no
                # tract Kha Yin of Kayin state, which only spells like the state. (A town or
                # township named like its region takes it: "Ward 19, Yangon region".)
                ancestors = [a for a in p.ancestors if a in matched]
                named_by = [i for i, pp in enumerate(per_part) if pp.get(pcode, 0)]
                urban = p.level in ("township", "town")
                support = 0.0
                for j, (pp, is_peer) in enumerate(zip(per_part, peer, strict=True)):
                    s = pp.get(pcode, 0)
                    if ancestors and not is_peer and (urban or any(i != j for i in named_by)):
                        s = max(s, max(pp.get(a, 0) for a in ancestors) - THROUGH_ANCESTOR)
                    support += s
                score = max(0.0, support / len(per_part))
                if point_tsp and p.township == point_tsp:
                    score = min(100.0, score + 10)
                scores[pcode] = score
        if named:
            best_named = max(scores.get(t, 0.0) for t in named)
            around = {a for t in named for a in self.places[t].ancestors}
            for pcode, score in scores.items():
                p = self.places[pcode]
                if (
                    pcode not in around
                    and p.township not in named
                    and named_areas.isdisjoint(p.ancestors)
                ):
                    scores[pcode] = min(score, best_named - 0.5)
        # "a police station, Yangon region", "an office on 101st street, Mandalay district",
        # "105-Mile Trade Zone, Muse district": a site the gazetteer does not name (streets,
        # wards, offices, or any part that matches nothing), and that is not said to be a
        # village, is most likely at the area's main town: of equals, the town or township
        # of the same name comes before the district or region. A village MIMU lacks
        # ("Laban village, Myitkyina district") may be anywhere in it: the district stays.
        # So may an unknown name in a region where nothing else is found ("War Gyee Eain,
        # Mandalay Region", a village misspelt): a region is no town's surroundings, and
        # its namesake township was taken at 99 with no one asked.
        urban_site = _URBAN.search(text)
        if (urban_site or any(not c for c in found)) and not any(
            p.levels and p.levels[0] in ("village", "tract") for p in parts
        ):
            elsewhere = urban_site or sum(1 for c in found if c) > 1
            wider = ("district", "state") if elsewhere else ("district",)
            for pcode in scores:
                if self.places[pcode].level in wider:
                    scores[pcode] -= URBAN_WIDER
        useful_parts = [part for part, c in zip(parts, found, strict=True) if c]

        def spelling(pcode: str) -> float:
            """Among equals named by the same part, the closer spelling first ("Ywarbo":
            Ywar Bo before Ywar Boe, one phonetic key). Then a tract before a village of the
            same name: a tract bears the name of its main village, so its township is where
            the name matters most."""
            p = self.places[pcode]
            words = useful_parts[first[pcode][1]].words
            if p.level in ADMIN:
                # Before any village of an equal score, as before: only among areas does
                # the closest of their names come first ("Bagan" is Nyaung-U's other name;
                # the folds read it as Hpakant's "Hpakan"). Names spelt alike: the level
                # preference decides.
                names = self.admin_names.get(pcode) or [""]
                return -101.0 - max(_spelling(words, name) for name in names) / 1000
            return -_spelling(words, p.name_en)

        # Townships of each part's best village-level readings. Of namesakes equally good,
        # one whose township holds a place another part names comes first: "Magyikan-
        # Kyaikhtaw road" (Ma Gyi Kan is in Kayan and in Kawhmu; Kyaik Htaw only in Kawhmu),
        # "Kyauknimaw Village-tract (Thabyechaung village)". Places a text names together
        # most often lie together.
        leaf_tsps = []
        for c in useful:
            best = max(c.values())
            leaf_tsps.append(
                {
                    self.places[p].township
                    for p, s in c.items()
                    if s >= best - NAMES_PLACE and self.places[p].level not in ADMIN
                }
            )

        def apart(pcode: str) -> bool:
            p = self.places[pcode]
            if p.level in ADMIN or len(useful) < 2:
                return False
            i = first[pcode][1]
            return not any(p.township in t for j, t in enumerate(leaf_tsps) if j != i)

        def off_point(pcode: str) -> bool:
            # Equals at 100 stay equal after the point's bonus: the point still decides
            # ("Let Yet Kone" at a point in Shwebo is Shwebo's Let Yet Kone).
            return point_tsp is not None and self.places[pcode].township != point_tsp

        ranked = sorted(
            scores.items(),
            key=lambda kv: (-round(kv[1], 1), off_point(kv[0]), first[kv[0]], apart(kv[0]),
                            spelling(kv[0]), PREFERENCE[self.places[kv[0]].level], kv[0]),
        )  # fmt: skip
        self._village_first(ranked, useful_parts, useful)
        top, top_level = ranked[0][1], self.places[ranked[0][0]].level
        # Equally good places of one level in different townships: say so in the score. A
        # village, a tract and a ward are of one level here: "Thee Pin Kone village" is a tract
        # of Meiktila and villages of three other townships, and scored 100 as if alone.
        tied = {
            self.places[pc].township
            for pc, s in ranked
            if s >= top - 0.5 and _same_level(self.places[pc].level, top_level)
        }
        penalty = min(15.0, 5.0 * (len(tied) - 1))
        # Never below the best place the tie leaves out: the first answer is the best-scored
        # one ("Kambalu": two villages, Ka Ba Lu and Ka Mar Lu, tied at 93.1 fell to 78.1 under
        # Kanbalu township's 81.4 and were still given first). Ranking them lower instead cost
        # the resolver's sets a point: the tied names are more often right.
        below = max((s for _pc, s in ranked if s < top - 0.5), default=0.0)
        return [
            self._match(pc, max(s - penalty, below) if s >= top - 0.5 else s)
            for pc, s in ranked[:limit]
            if s > 0
        ], unexplained

    def _village_first(
        self, ranked: list[tuple[str, float]], parts: list[Part], per_part: list[dict[str, float]]
    ) -> None:
        """ "Kone Thar village, Loikaw district": of a tract and a village of the same name in
        one township, equally good, the village the text names comes first. (A tract bears the
        name of its main village; across townships the tract still comes first, see spelling.)
        The township is the same either way: only the answer's level changes. Any part called
        a village counts, not only the first to name the tract: "ပီတိကျေးရွာအုပ်စု၊ ပီတိရွာ"
        names the tract, then the village in it, which is the place."""
        top_pcode, top_score = ranked[0]
        top = self.places[top_pcode]
        if top.level != "tract":
            return
        villages = [
            cands for part, cands in zip(parts, per_part, strict=True)
            if part.levels and part.levels[0] == "village"
        ]  # fmt: skip
        # Among the first three only, so that the first three stay the same places.
        for i, (pcode, score) in enumerate(ranked[1:3], 1):
            if score < top_score - 0.5:
                return
            p = self.places[pcode]
            if (
                p.level == "village"
                and p.township == top.township
                and p.name_en == top.name_en
                and any(pcode in c and c[pcode] >= c.get(top_pcode, 0) for c in villages)
            ):
                ranked.insert(0, ranked.pop(i))
                return

    def _match(self, pcode: str, score: float) -> Match:
        p = self.places[pcode]
        return Match(p.pcode, p.level, p.name_en, p.name_my, p.township, p.state,
                     round(max(0.0, min(100.0, score)), 1))  # fmt: skip

    def area_named(self, text: str) -> Match | None:
        """The most precise township, district or state the text names outright ("..., Kayin
        state", "Pakokku district", "Kani Township"), for a place string whose place itself
        is too uncertain to take: the report is at least there. A township counts only with
        its level word, and only one ("Myaung, Budalin and Khin-U townships" names three);
        areas named that do not nest ("between Demoso and Hpruso townships") leave the one
        that holds them all, if named."""
        if _MYANMAR.search(text):
            text = clean(text, zawgyi=True) if is_zawgyi(text) else normalize(text)
        parts = split_query(text)
        named: dict[str, float] = {}
        for part in parts:
            cands = self._lookup(part, alone=len(parts) == 1)
            best = max(cands.values(), default=0)
            if best < AREA_NAMED:
                continue
            top = [p for p, s in cands.items() if s == best and self.places[p].level in _AREAS]
            if len(top) != 1:
                continue
            if self.places[top[0]].level == "township" and (
                not part.levels or part.levels[0] != "township" or _SEVERAL.search(text)
            ):
                continue
            named[top[0]] = best

        def nested(a: str, b: str) -> bool:
            return a == b or a in self.places[b].ancestors or b in self.places[a].ancestors

        for pcode in sorted(named, key=lambda p: _AREAS[self.places[p].level]):
            if all(nested(pcode, other) for other in named):
                return self._match(pcode, named[pcode])
        return None

    def resolve_many(self, texts: list[str], limit: int = 5) -> list[list[Match]]:
        return [self.resolve(t, limit=limit) for t in texts]
