"""Half of a long piece of work done in a forked process, with its own database connection,
while this process does the other half.

A bulk match reads a million reports and builds what it compares for each (their words,
codes and places): pure Python, one core. On two cores a child can build half of them while
this process builds the rest; what the child built comes back pickled, which costs about a
fifth of building it. An import reads, cleans and locates its rows the same way while this
process stores them.

    with forked(lambda: build(upper_half)) as theirs:
        everything = build(lower_half)
        everything.extend(theirs)

The child reads the database through a connection of its own: it sees only what is
committed, so `can_fork()` refuses inside a transaction, and on an in-memory SQLite database
(another connection sees another database). It refuses too when other threads run (a web
server's): a fork copies their locks, and a lock held at that moment would never be
released in the child.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import signal
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.db import connections

# Items a message carries: big enough that a message's overhead does not count, small enough
# that the child never holds much it has not sent.
CHUNK = 5000
_ITEMS, _RAISED, _DONE = b"i", b"r", b"d"


def can_fork() -> bool:
    """Whether a child process could share the work here (see the module's docstring)."""
    if "fork" not in multiprocessing.get_all_start_methods() or usable_cpus() < 2:
        return False
    if threading.active_count() > 1:
        return False
    for conn in connections.all(initialized_only=True):
        if conn.in_atomic_block:
            return False
        if conn.vendor == "sqlite" and conn.is_in_memory_db():
            return False
    return True


def usable_cpus() -> int:
    """The cores this process may run on (a container's share), where the OS says (Linux;
    macOS has fork but no affinity call)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class ChildLost(RuntimeError):
    """The forked process ended without finishing its work (killed, out of memory, os._exit)."""


@contextmanager
def forked(work: Callable[[], Iterable], chunk: int = CHUNK, ahead: int = 0) -> Iterator[Iterator]:
    """Run `work` in a forked child; yield an iterator over the items it produces, in order,
    as they arrive. The child sends them `chunk` at a time; up to `ahead` messages wait here
    unread (0: no limit) before the child is held back. An exception in the child is raised
    by the iterator after the items before it, with the child's traceback as a note; a child
    that dies raises ChildLost. Leaving the block early (an exception here) kills the child."""
    fork = multiprocessing.get_context("fork")
    receiving, sending = fork.Pipe(duplex=False)
    child = fork.Process(target=_run, args=(receiving, sending, work, chunk), daemon=True)
    child.start()
    sending.close()
    # A thread takes the child's messages as they come, so the child seldom waits for this
    # process (a pipe holds 64 KB: a message a hundred times that size would otherwise wait
    # until this process asks for it); it keeps them as bytes (reading a pipe releases the
    # GIL, unpickling would not).
    messages: queue.Queue[bytes] = queue.Queue(maxsize=ahead)
    reader = threading.Thread(target=_receive, args=(receiving, messages), daemon=True)
    reader.start()

    def received() -> Iterator:
        while True:
            message = messages.get()  # b"" once the child's end is closed
            kind, body = message[:1], memoryview(message)[1:]
            if kind == _ITEMS:
                yield from pickle.loads(body)
            elif kind == _RAISED:
                error, where = pickle.loads(body)
                error.add_note(f"raised in the forked process:\n{where}")
                raise error
            elif kind == _DONE:
                return
            else:
                child.join()
                raise ChildLost(
                    f"the forked process stopped unexpectedly (exit code {child.exitcode})"
                )

    try:
        yield received()
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        # The child's end is closed now: the reader reaches the end of the pipe, once what it
        # still holds has room.
        while reader.is_alive():
            try:
                messages.get(timeout=0.05)
            except queue.Empty:
                pass
        receiving.close()


def _receive(receiving, messages: queue.Queue[bytes]) -> None:
    while True:
        try:
            message = receiving.recv_bytes()
        except (EOFError, OSError):
            messages.put(b"")
            return
        messages.put(message)
        if message[:1] != _ITEMS:
            return


def _run(receiving, sending, work, size: int) -> None:
    receiving.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _own_connections()
    try:
        chunk = []
        for item in work():
            chunk.append(item)
            if len(chunk) >= size:
                sending.send_bytes(_ITEMS + pickle.dumps(chunk, pickle.HIGHEST_PROTOCOL))
                chunk = []
        if chunk:
            sending.send_bytes(_ITEMS + pickle.dumps(chunk, pickle.HIGHEST_PROTOCOL))
        sending.send_bytes(_DONE)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the parent stopped listening: it knows why
    except Exception as exc:  # noqa: BLE001 -- any failure goes to the parent, raised there
        sending.send_bytes(_RAISED + pickle.dumps((portable(exc), traceback.format_exc())))
    finally:
        sending.close()
        connections.close_all()  # the child's own connections, not the parent's (below)


# The parent's connections as the child inherited them: kept referenced, never closed or
# collected. Closing one (or a finaliser doing it) would end the parent's session: the socket
# is the same.
_INHERITED: list = []


def _own_connections() -> None:
    for conn in connections.all(initialized_only=True):
        if conn.connection is not None:
            _INHERITED.append(conn.connection)
            conn.connection = None


def portable(exc: Exception) -> Exception:
    """The exception itself if it survives a pickle round trip, else a RuntimeError naming it."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 -- any exception class that does not round-trip
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc
