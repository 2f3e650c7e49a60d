"""The resolver's index of gazetteer names: built from the Place table's rows in the plain form
the cache saves (index_cache.py), and decoded lazily when a query first needs a part of it."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from thitsa.places.names import FORMER_DISTRICT_PARTS, KNOWN_ALT_NAMES
from thitsa.places.parsing import name_keys, name_spelling

_BRACKETED = re.compile(r"(.*?)(\s*\(.*\))?$")
# Regions only: a state's bare Burmese name is also a people's (ချင်း, ကရင်), which village names
# carry ("နတ်ကြီးကုန်း (ချင်း)"); read as the state, it made such a place ambiguous.
_REGION = "တိုင်းဒေသကြီး"

ADMIN = ("state", "district", "township", "town")
# Shorter names are a letter or two from too many others to match by spelling.
MIN_SPELLING = 7


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


def build_index(rows: list[tuple]) -> dict:
    """The resolver's index, in the plain form the cache saves (strings, numbers, lists,
    dicts): rows are (pcode, level, path, township_id, state_id, name_en, name_my, alt_names,
    lat, lon) for every place. Lists of P-codes are joined into strings, decoded when a query
    first needs them: a saved index then loads in a fraction of the time a build takes."""
    places: list[tuple] = []
    exact: dict[str, list[str]] = defaultdict(list)
    admin_keys: dict[str, set[str]] = defaultdict(set)
    admin_spellings: dict[str, set[str]] = defaultdict(set)
    admin_names: dict[str, list[str]] = {}
    leaf_keys: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    townships_in: dict[str, list[str]] = defaultdict(list)
    # A place in a district split off since 2010 is also inside the old district.
    old_parent = {c: old for old, cs in FORMER_DISTRICT_PARTS.items() for c in cs}
    # Village names repeat (182,000 names, 100,000 distinct): each is keyed once.
    known_keys: dict[str, list[tuple[str, bool]]] = {}
    seat_names = _seat_names(rows)
    for pcode, level, path, tsp, st, en, my, alts, lat, lon in rows:
        ancestors = path.split("/")  # the path ends with the place itself
        if ancestors[-1] == pcode:
            ancestors.pop()
        ancestors += [old_parent[a] for a in ancestors if a in old_parent]
        places.append((pcode, level, en, my or "", tsp, st, "/".join(ancestors), lat, lon))
        if level == "township":
            for a in ancestors:
                townships_in[a].append(pcode)
        if level == "country":
            continue
        # names.py is read here too, so that a new name works before the gazetteer is
        # rebuilt.
        names = [en, my]
        if level == "state" and my:
            # English names a region bare ("Magway"), MIMU's Burmese with its kind
            # (မကွေးတိုင်းဒေသကြီး): bare, the Burmese name is the region's as fully as the
            # English one, and a figure of မကွေး counts the region as one of Magway does.
            # ပဲခူးတိုင်းဒေသကြီး (အရှေ့) -> ပဲခူး, as English writes Bago (East) and means by
            # Bago either of the two regions.
            base = _BRACKETED.match(my)[1]
            if base.endswith(_REGION):
                names.append(base.removesuffix(_REGION))
        if alts or pcode in KNOWN_ALT_NAMES or pcode in seat_names:
            names += dict.fromkeys([*(alts or []), *KNOWN_ALT_NAMES.get(pcode, []),
                                    *seat_names.get(pcode, ())])  # fmt: skip
        is_admin = level in ADMIN
        leaf = None if is_admin else leaf_keys[tsp or ""]
        if is_admin:
            spellings = [spelling for name in names if (spelling := name_spelling(name))]
            admin_names[pcode] = list(dict.fromkeys(spellings))
            for spelling in spellings:
                if len(spelling) >= MIN_SPELLING:
                    admin_spellings[spelling].add(pcode)
        for name in names:
            keys = known_keys.get(name)
            if keys is None:
                keys = known_keys[name] = name_keys(name)
            for key, is_full in keys:
                if key:
                    exact[key].append(pcode if is_full else "~" + pcode)
                    if leaf is None:
                        admin_keys[key].add(pcode)
                    else:
                        leaf[key].add(pcode)
    columns = zip(*places, strict=True) if places else [[] for _c in _PLACE_COLUMNS]
    cols = {c: list(v) for c, v in zip(_PLACE_COLUMNS, columns, strict=True)}
    all_keys: dict[str, set[str]] = defaultdict(set)
    for keys in leaf_keys.values():
        for k, v in keys.items():
            all_keys[k] |= v
    # Nationwide fuzzy search only compares keys that start alike: typos there are rare
    # (keys are phonetic), and it makes the search ~100 times faster.
    by_initial: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for k, v in all_keys.items():
        by_initial[k[:2]][k] = v
    return {
        **cols,
        "exact_keys": list(exact),
        "exact_pcodes": [",".join(v) for v in exact.values()],
        "admin_keys": list(admin_keys),
        "admin_pcodes": [sorted(v) for v in admin_keys.values()],
        "admin_spellings": list(admin_spellings),
        "admin_spelling_pcodes": [sorted(v) for v in admin_spellings.values()],
        "admin_names": admin_names,
        "leaves": {tsp: _pack_keys(keys) for tsp, keys in leaf_keys.items()},
        "leaves_by_initial": {c: _pack_keys(keys) for c, keys in by_initial.items()},
        "townships_in": dict(townships_in),
    }


def _seat_names(rows: list[tuple]) -> dict[str, list[str]]:
    """District P-code -> the other names of the township it is named after: a district
    bears its seat's name, and reports (and GADM's districts, UCDP's adm_2) write the seat's
    other spellings for it too ("Toungoo district", "Mergui district", "Tavoy district")."""
    districts: dict[str, set[str]] = {}
    for pcode, level, _path, _tsp, _st, en, *_rest in rows:
        if level == "district":
            districts[pcode] = {k for k, _full in name_keys(en)}
    out: dict[str, list[str]] = {}
    for pcode, level, path, _tsp, _st, en, _my, alts, *_rest in rows:
        if level != "township":
            continue
        others = [*(alts or []), *KNOWN_ALT_NAMES.get(pcode, [])]
        district = next((a for a in path.split("/") if a in districts), None)
        if others and district and districts[district] & {k for k, _f in name_keys(en)}:
            out.setdefault(district, []).extend(others)
    return out


_PLACE_COLUMNS = ("pcode", "level", "name_en", "name_my", "township", "state", "ancestors",
                  "lat", "lon")  # fmt: skip


def _pack_keys(keys: dict[str, set[str]]) -> tuple[str, str]:
    # Keys never hold a newline, P-codes never a comma or a semicolon.
    return "\n".join(keys), ";".join(",".join(sorted(v)) for v in keys.values())


def _unpack_keys(packed: tuple[str, str]) -> tuple[list[str], list[str]]:
    # The P-codes of a key stay joined ("a,b") until a search keeps that key.
    keys, pcodes = packed
    return keys.split("\n"), pcodes.split(";")


def _unpack_exact(packed: str) -> list[tuple[str, bool]]:
    return [(p[1:], False) if p[0] == "~" else (p, True) for p in packed.split(",")]


class _Decoded(dict):
    """A read-only mapping over packed values, each decoded on first use and kept (a dict
    underneath, so that a decoded key costs a plain dict lookup)."""

    def __init__(self, packed: dict, decode) -> None:
        super().__init__()
        self.packed, self.decode = packed, decode

    def __missing__(self, key):
        value = self[key] = self.decode(self.packed[key])
        return value

    def get(self, key, default=None):
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        return self.__missing__(key) if key in self.packed else default

    def __contains__(self, key) -> bool:
        return key in self.packed

    def __iter__(self):
        return iter(self.packed)

    def __len__(self) -> int:
        return len(self.packed)

    # Over every key, decoded or not (dict's own would see only the decoded ones).
    def keys(self):
        return self.packed.keys()

    def values(self):
        return (self[k] for k in self.packed)

    def items(self):
        return ((k, self[k]) for k in self.packed)
