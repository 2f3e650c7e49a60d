"""Work that one process at a time may do on a database.

A bulk match reads the unlinked reports and the incidents, then writes its links: two runs at
once (two imports side by side) would each link the same reports and each open an incident of
one event, and the later writer would leave the other's new incidents empty. Such runs take
turns: on PostgreSQL by an advisory lock, on SQLite by a lock on a file beside the database.
So do two refreshes of the search index: on SQLite one could wait for the other's writes longer
than the database's busy timeout and fail ("database is locked") after its import had ended.
"""

from __future__ import annotations

import logging
import os
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
def exclusive(name: str, wait: bool = True) -> Iterator[bool]:
    """Wait until no other process does `name` on this database, then do it; yields whether
    this process has the turn (always, unless `wait` is False and another has it). Inside a
    transaction no turn is taken: the caller holds the database's write locks already, and
    waiting here for a process that waits for them would never end."""
    if connection.in_atomic_block:
        yield True
    elif connection.vendor == "postgresql":
        with _advisory(name, wait) as mine:
            yield mine
    elif connection.vendor == "sqlite" and not connection.is_in_memory_db() and fcntl:
        path = f"{connection.settings_dict['NAME']}.{name.replace(' ', '-')}.lock"
        with file_lock(path, name, wait) as mine:
            yield mine
    else:  # an in-memory database belongs to one process
        yield True


@contextmanager
def _advisory(name: str, wait: bool) -> Iterator[bool]:
    key = zlib.crc32(f"thitsa {name}".encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        if not cursor.fetchone()[0]:
            if not wait:
                yield False
                return
            log.warning("%s: waiting for another process to finish it on this database", name)
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
    try:
        yield True
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


@contextmanager
def file_lock(path: str, name: str, wait: bool = True) -> Iterator[bool]:
    """An exclusive lock on `path` (made if missing, readable by this account only)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                yield False
                return
            log.warning("%s: waiting for another process to finish it on this database", name)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield True
    finally:
        os.close(fd)  # closing the last descriptor releases the lock
