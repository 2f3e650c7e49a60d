"""Work that one process at a time may do on a database.

A bulk match reads the unlinked reports and the incidents, then writes its links: two runs at
once (two imports side by side) would each link the same reports and each open an incident of
one event, and the later writer would leave the other's new incidents empty. Such runs take
turns: on PostgreSQL by an advisory lock, on SQLite by a lock on a file beside the database.
So do two refreshes of the search index: on SQLite one could wait for the other's writes longer
than the database's busy timeout and fail ("database is locked") after its import had ended.
So does a verifier's change to what a bulk match holds in memory (thitsa.publish.turns): a split
during a run took a public id the run had already given one of its new incidents, and the run's
insert failed.
"""

from __future__ import annotations

import logging
import os
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

try:
    import fcntl
except ImportError:  # Windows: no file locks of this kind; runs there are one user's anyway
    fcntl = None

log = logging.getLogger(__name__)


@contextmanager
def exclusive(name: str, wait: bool | float = True) -> Iterator[bool]:
    """Wait until no other process does `name` on this database, then do it; yields whether
    this process has the turn: always when `wait` is True, at once or never when it is False,
    and when it is a number of seconds, whether the turn came within them.

    Inside a transaction no turn is taken: the caller holds the database's write locks
    already, and waiting here for a process that waits for them would never end. A caller
    that needs the turn for a transaction takes it before the transaction begins."""
    if connection.in_atomic_block:
        yield True
    elif connection.vendor == "postgresql":
        with _advisory(name, wait) as mine:
            yield mine
    elif (path := lock_path(name)) is not None:
        with file_lock(path, name, wait) as mine:
            yield mine
    else:  # an in-memory database belongs to one process
        yield True


def lock_path(name: str) -> str | None:
    """The file an SQLite database's `name` turns are taken on (None: no turns to take)."""
    if connection.vendor != "sqlite" or connection.is_in_memory_db() or not fcntl:
        return None
    return f"{connection.settings_dict['NAME']}.{name.replace(' ', '-')}.lock"


def _take(name: str, wait: bool | float, try_once, block) -> bool:
    """Whether the turn came: `try_once` takes it if free; `block` waits for it."""
    if try_once():
        return True
    if wait is False:
        return False
    if wait is True:
        log.warning("%s: waiting for another process to finish it on this database", name)
        block()
        return True
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        time.sleep(0.05)
        if try_once():
            return True
    return False


@contextmanager
def _advisory(name: str, wait: bool | float) -> Iterator[bool]:
    key = zlib.crc32(f"thitsa {name}".encode())
    with connection.cursor() as cursor:

        def try_once() -> bool:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            return cursor.fetchone()[0]

        def block() -> None:
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])

        if not _take(name, wait, try_once, block):
            yield False
            return
    try:
        yield True
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


@contextmanager
def file_lock(path: str, name: str, wait: bool | float = True) -> Iterator[bool]:
    """An exclusive lock on `path` (made if missing, readable by this account only); `wait`
    as for `exclusive`."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)

    def try_once() -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    try:
        if not _take(name, wait, try_once, lambda: fcntl.flock(fd, fcntl.LOCK_EX)):
            yield False
            return
        yield True
    finally:
        os.close(fd)  # closing the last descriptor releases the lock
