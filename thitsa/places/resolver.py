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

The parts are cut in parsing.py, looked up in the index of index.py and scored in ranking.py;
this module holds the process's resolver and the calls the rest of Thitsa makes.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from thitsa.places.index import build_index
from thitsa.places.ranking import Match, Resolver

__all__ = [
    "Match",
    "Resolver",
    "build_index",
    "get_resolver",
    "place_levels",
    "reset_resolver",
    "resolve",
    "resolve_many",
]

_lock = threading.Lock()
_resolver: Resolver | None = None


def get_resolver() -> Resolver:
    """The process's resolver: its index read from THITSA_HOME/cache when the saved one was
    built from the same Place table and code (a fraction of a second), else built from the
    Place table (about 3 s for 91,000 places) and saved for the next process."""
    global _resolver
    with _lock:
        if _resolver is None:
            from thitsa.places import index_cache
            from thitsa.places.models import Place

            fp = index_cache.fingerprint()
            index = index_cache.read(fp)
            if index is None:
                rows = list(
                    Place.objects.values_list(
                        "pcode", "level", "path", "township_id", "state_id", "name_en",
                        "name_my", "alt_names", "lat", "lon",
                    ).order_by()
                )  # fmt: skip
                index = build_index(rows)
                index_cache.write(fp, index)
            _resolver = Resolver(index=index)
        return _resolver


@lru_cache(maxsize=1)
def place_levels() -> dict[str, tuple[str, str | None, str | None, str | None, str]]:
    """P-code -> (level, township, state, parent, path) for every place, read once per process:
    matching and reconciliation need the hierarchy for every report, and not the resolver's
    name index."""
    from thitsa.places.models import Place

    return {
        pcode: (level, township, state, parent, path)
        for pcode, level, township, state, parent, path in Place.objects.values_list(
            "pcode", "level", "township_id", "state_id", "parent_id", "path"
        ).order_by()
    }


def apart(a: str, b: str) -> bool:
    """Whether neither place holds the other (a district holding a township is not apart from
    it); False where either is unknown."""
    levels = place_levels()
    if a not in levels or b not in levels:
        return False
    mine, theirs = levels[a][4], levels[b][4]
    return not (mine == theirs or mine.startswith(f"{theirs}/") or theirs.startswith(f"{mine}/"))


def reset_resolver() -> None:
    """Forget the cached resolver (in this process and the saved index), place levels and
    reverse-lookup grid: call after loading places."""
    global _resolver
    from thitsa.places import index_cache
    from thitsa.places.geo import reset_village_index

    with _lock:
        _resolver = None
        index_cache.forget()
    place_levels.cache_clear()
    reset_village_index()


def resolve(
    text: str, limit: int = 5, lat: float | None = None, lon: float | None = None
) -> list[Match]:
    """Places that `text` may name, best first; several when it is ambiguous."""
    return get_resolver().resolve(text, limit=limit, lat=lat, lon=lon)


def resolve_many(texts: list[str], limit: int = 5) -> list[list[Match]]:
    return get_resolver().resolve_many(texts, limit=limit)
