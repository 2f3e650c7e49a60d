"""The resolver's index, saved in THITSA_HOME/cache so that a process starts in a fraction of
a second instead of rebuilding it from the Place table (about 3 s for 91,000 places).

The file is keyed by a fingerprint of what the index is built from: the Place table (row
count, places per level, summed lengths of every name and path column, summed coordinates),
the code that builds it (this module, resolver.py and the modules it is made of: parsing.py,
index.py, ranking.py; names.py), the Python version (marshal's format is Python's own) and the
database. A load of places (`thitsa places load`, `load_bundled`) deletes the file, and so does
saving or deleting one Place (the admin); the fingerprint catches what goes round both (a
script's `queryset.update`).

The file is marshal, not pickle: it holds only strings, numbers, lists and dicts, and loading
it runs no code. It is written atomically (a temporary file, then a rename) inside
THITSA_HOME/cache (mode 700), which only Thitsa writes, like THITSA_HOME/keys. It is checked
before use (a magic line, the fingerprint, a SHA-256 of the payload): a stale, truncated or
corrupt file is rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
import tempfile
from pathlib import Path

FORMAT = 1
MAGIC = b"thitsa resolver index\n"
PREFIX = "resolver-"
SUFFIX = ".marshal"
_SOURCES = (
    "index_cache.py",
    "resolver.py",
    "parsing.py",
    "index.py",
    "ranking.py",
    "names.py",
)

log = logging.getLogger(__name__)


def cache_dir() -> Path:
    from django.conf import settings

    return Path(settings.THITSA_HOME) / "cache"


def _code_version() -> bytes:
    here = Path(__file__).parent
    return b"".join(hashlib.sha256((here / name).read_bytes()).digest() for name in _SOURCES)


def fingerprint() -> str:
    """What the index depends on, hashed: one aggregate query over the Place table (~70 ms
    for 91,000 places on SQLite)."""
    from django.db import connection
    from django.db.models import Count, Q, Sum, TextField
    from django.db.models.functions import Cast, Length

    from thitsa.places.models import LEVELS, Place

    lengths = {f"len_{f}": Sum(Length(f)) for f in ("pcode", "path", "name_en", "name_my")}
    levels = {f"n_{lv}": Count("pk", filter=Q(level=lv)) for lv, _label in LEVELS}
    agg = Place.objects.aggregate(
        n=Count("pk"),
        len_alt=Sum(Length(Cast("alt_names", TextField()))),
        n_lat=Count("lat"),
        lat=Sum("lat"),
        lon=Sum("lon"),
        **lengths,
        **levels,
    )
    for k in ("lat", "lon"):
        # Float sums may differ in the last digits with the summing order.
        agg[k] = round(agg[k] or 0.0, 4)
    db = connection.settings_dict
    parts = [
        f"format={FORMAT}",
        f"python={sys.version_info[:2]}",
        f"db={db.get('ENGINE')}:{db.get('HOST')}:{db.get('PORT')}:{db.get('NAME')}",
        *(f"{k}={agg[k]}" for k in sorted(agg)),
    ]
    h = hashlib.sha256("\n".join(parts).encode())
    h.update(_code_version())
    return h.hexdigest()[:24]


def _path(fp: str) -> Path:
    return cache_dir() / f"{PREFIX}{fp}{SUFFIX}"


def read(fp: str) -> dict | None:
    """The saved index for fingerprint `fp`, or None when there is none or it fails a check."""
    path = _path(fp)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC)
    digest, payload = data[head : head + 32], data[head + 32 :]
    if not data.startswith(MAGIC) or hashlib.sha256(payload).digest() != digest:
        log.warning("%s: damaged resolver cache, rebuilding it", path)
        return None
    try:
        state = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        log.warning("%s: unreadable resolver cache, rebuilding it", path)
        return None
    if not isinstance(state, dict) or state.get("format") != FORMAT or state.get("fp") != fp:
        return None
    return state


def write(fp: str, state: dict) -> None:
    """Save `state` for fingerprint `fp`, atomically; older files go. A home that cannot be
    written (read-only, full) only costs the next process its start-up: logged, not raised."""
    directory = cache_dir()
    payload = marshal.dumps({**state, "format": FORMAT, "fp": fp})
    try:
        directory.mkdir(parents=True, exist_ok=True)
        os.chmod(directory, 0o700)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=SUFFIX, dir=directory)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, _path(fp))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        log.warning("could not save the resolver cache in %s: %s", directory, exc)
        return
    forget(keep=_path(fp).name)


def forget(keep: str | None = None) -> None:
    """Delete saved indexes (all, or all but `keep`): call when places change."""
    try:
        files = list(cache_dir().glob(f"{PREFIX}*{SUFFIX}"))
    except OSError:
        return
    for path in files:
        if path.name != keep:
            path.unlink(missing_ok=True)
