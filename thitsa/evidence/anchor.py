"""Anchors: every custody log, as it stands, in one line to keep outside Thitsa.

Each custody entry holds the hash of the one before, so a changed entry breaks its chain. But
whoever holds the database can rewrite a chain whole (hash it again from the changed entry
on), cut its newest entries and move the item's head back, or delete an item with its log:
the chains that remain are all intact. An anchor is a digest of every item's head as it was at
one moment; sent to a partner, printed or posted, it lets anyone who has the line check later
that no entry up to that moment was changed, removed or added afterwards with an earlier time.

    thitsa-custody-v1:20261201T193000.123456Z:12:<64 hex>

It names no file and no person: the time of the newest entry it covers, how many items had
entries then, and the digest. Checking it needs only the database (entries after the moment
are left out), so an anchor keeps checking as new entries are added.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from django.utils import timezone

PREFIX = "thitsa-custody-v1"
_TIME = "%Y%m%dT%H%M%S.%fZ"
_FORMAT = re.compile(rf"^{PREFIX}:(\d{{8}}T\d{{6}}\.\d{{6}}Z):(\d+):([0-9a-f]{{64}})$")


class BadAnchor(ValueError):
    """Not an anchor this version can read."""


def _heads(until: dt.datetime) -> dict[str, str]:
    """Item key -> the hash of its last custody entry at `until` or before."""
    from thitsa.evidence.models import CustodyEntry
    from thitsa.evidence.vault import key

    heads: dict[str, str] = {}
    rows = (
        CustodyEntry.objects.filter(at__lte=until)
        .order_by("evidence_id", "seq")
        .values_list("evidence__sha256", "entry_hash")
    )
    for sha256, entry_hash in rows.iterator(chunk_size=2000):
        heads[key(sha256)] = entry_hash
    return heads


def _digest(heads: dict[str, str]) -> str:
    lines = "".join(f"{k}\t{heads[k]}\n" for k in sorted(heads))
    return hashlib.sha256(lines.encode()).hexdigest()


def make() -> str:
    """The anchor of every custody log up to its newest entry. Raises BadAnchor when the
    vault has no entries yet."""
    from thitsa.evidence.models import CustodyEntry

    newest = CustodyEntry.objects.order_by("-at").values_list("at", flat=True).first()
    if newest is None:
        raise BadAnchor("the vault has no custody entries yet: nothing to anchor")
    heads = _heads(newest)
    when = newest.astimezone(dt.UTC).strftime(_TIME)
    return f"{PREFIX}:{when}:{len(heads)}:{_digest(heads)}"


def parse(anchor: str) -> tuple[dt.datetime, int, str]:
    found = _FORMAT.match(anchor.strip())
    if not found:
        raise BadAnchor(
            f"{anchor.strip()[:80]!r} is not a custody anchor (it reads "
            f"'{PREFIX}:<time>:<items>:<64 hex digits>', as `thitsa vault anchor` prints it)"
        )
    when = dt.datetime.strptime(found[1], _TIME).replace(tzinfo=dt.UTC)
    return when, int(found[2]), found[3]


def check(anchor: str) -> str | None:
    """What is wrong against `anchor` (None: the logs up to its time are as they were)."""
    when, items, digest = parse(anchor)
    if when > timezone.now():
        return f"the anchor's time ({when:%Y-%m-%d %H:%M:%S} UTC) is in the future"
    heads = _heads(when)
    if _digest(heads) == digest:
        return None
    return (
        f"the custody logs up to {when:%Y-%m-%d %H:%M:%S} UTC no longer give this anchor "
        f"(items with entries then: {items}, now: {len(heads)}): an entry up to then was "
        "changed or removed, an item was deleted, or an entry was added with an earlier time"
    )
