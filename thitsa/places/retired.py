"""Places MIMU has retired: codes it deleted, and places it moved to another township.

MIMU's P-code files keep such rows, marked in Change_Type: "Delete", or "Change of Township"
with a Remark naming the township ("Moved to Napudaw Township"). A moved place is listed
again under its new township with a new P-code, and no column links the two: the new row is
found here by its name, in the township the remark names. Kept as places, the old rows tied
every name with its new row, or won over it ("Ka Sin, Hlaing Thar Yar" was the Hlaingtharya
tract MMR013008001, not Hlaingtharya (East)'s MMR013046002).

Plain Python, no Django: the build script reads it as the gazetteer loader does.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

DELETED = "Delete"
MOVED = "Change of Township"
RETIRED = (DELETED, MOVED)
# Names this alike are one place renamed in the move ("Ohn Ma Sun" -> "Ong Ma Sum",
# "Mowailut" -> "Mo Waing Lut"): below it, a different place of the new township.
SAME_NAME = 0.8

_TOWNSHIP_WORDS = re.compile(r"\b(?:all villages )?moved to\b|\b(?:township|tsp|town)\b\.?", re.I)
_BRACKETED_END = re.compile(r"^(.+?)\s*\(([^()]+)\)$")


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a MIMU P-code file, as far as telling where a place went needs it."""

    pcode: str
    level: str
    state: str
    township: str
    township_name: str
    name_en: str
    name_my: str = ""
    town: str = ""  # a ward's town P-code
    change: str = ""
    remark: str = ""

    @property
    def retired(self) -> bool:
        return self.change in RETIRED


def _key(name: str) -> str:
    # Letters, digits and marks: Burmese vowel signs and tones are marks, and tell names apart.
    return "".join(c for c in name.lower() if c.isalnum() or unicodedata.category(c)[0] == "M")


def _names(name: str) -> set[str]:
    """A name's keys: the name, and a name with a bracketed end as each part ("Oke Kan Thaung
    Kyar (Yae Oke Kan)" is also "Yae Oke Kan")."""
    bracketed = _BRACKETED_END.match(name)
    return {k for part in (name, *(bracketed.groups() if bracketed else ())) if (k := _key(part))}


def _all_names(row: Row) -> set[str]:
    return _names(row.name_en) | _names(row.name_my)


def _alike(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


def _likeness(old: Row, new: Row) -> float:
    """How alike two rows' names are: by their Burmese names where both have one (they tell
    Kan Chaing, ကံချိုင်, from Kan Chaung, ကန်ချောင်း, that English spells a letter apart)."""
    which = (lambda r: r.name_my) if old.name_my and new.name_my else (lambda r: r.name_en)
    return max((_alike(a, b) for a in _names(which(old)) for b in _names(which(new))), default=0.0)


def successors(rows: list[Row]) -> dict[str, str | None]:
    """For each retired row, the P-code of the place it became: for a moved place, the row of
    its level in the township the remark names with its name (or, failing one, a name alike
    enough and alike as no other); None for a deleted place and for a moved one whose new row
    is not found. A ward moved with its town is looked for in the town's new row first."""
    found: dict[str, str | None] = {}
    current = [r for r in rows if not r.retired]
    townships = {r.township: (r.state, r.township_name) for r in current}
    # Towns before wards: a ward's new town narrows where it went.
    order = {"town": 0}
    for row in sorted((r for r in rows if r.retired), key=lambda r: order.get(r.level, 1)):
        found[row.pcode] = None if row.change == DELETED else _moved(row, current, townships, found)
    return found


def _moved(row: Row, current: list[Row], townships: dict, found: dict) -> str | None:
    said = _key(_TOWNSHIP_WORDS.sub(" ", row.remark))
    # Moved within its state and region, as MIMU's moves so far have been.
    others = {
        t: _key(n) for t, (st, n) in townships.items() if st == row.state and t != row.township
    }
    scores = {t: _alike(said, n) for t, n in others.items() if said}
    best = max(scores.values(), default=0.0)
    # The remark spells MIMU's township its own way ("Napudaw" for Ngapudaw): the likest name.
    targets = {t for t, s in scores.items() if s == best} if best >= SAME_NAME else set(others)
    same_level = [r for r in current if r.level == row.level and r.township in targets]
    new_town = found.get(row.town)
    if new_town and any(r.town == new_town for r in same_level):
        same_level = [r for r in same_level if r.town == new_town]
    names = _all_names(row)
    named = [r for r in same_level if names & _all_names(r)]
    if len(named) == 1:
        return named[0].pcode
    if named:
        return None  # two places of that name there: which one is not for a guess
    likeness = sorted(((_likeness(row, r), r.pcode) for r in same_level), reverse=True)
    if (
        likeness
        and likeness[0][0] >= SAME_NAME
        and (len(likeness) == 1 or likeness[1][0] < likeness[0][0])
    ):
        return likeness[0][1]
    return None
