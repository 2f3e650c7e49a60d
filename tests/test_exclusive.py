"""Bulk matching takes turns across processes: two imports side by side linked the same reports
twice and opened two incidents of one event."""

from __future__ import annotations

import logging
import os
import stat
import threading
import time
import zlib

import pytest
from django.db import connection, connections, transaction

from thitsa.exclusive import exclusive, file_lock
from thitsa.incidents.matching import match_reports
from thitsa.search.index import refresh


def _hold_then_release(lock, held: threading.Event, release: threading.Event, order: list):
    with lock():
        order.append("first in")
        held.set()
        release.wait(5)
        order.append("first out")


def test_a_second_holder_of_the_file_lock_waits_for_the_first(tmp_path, caplog):
    path = str(tmp_path / "thitsa.sqlite3.match.lock")
    held, release, order = threading.Event(), threading.Event(), []
    first = threading.Thread(
        target=_hold_then_release, args=(lambda: file_lock(path, "match"), held, release, order)
    )
    first.start()
    assert held.wait(5)
    threading.Timer(0.3, release.set).start()
    with caplog.at_level(logging.WARNING, logger="thitsa.exclusive"):
        with file_lock(path, "match"):
            order.append("second in")
    first.join()
    assert order == ["first in", "first out", "second in"]
    assert "match: waiting for another process" in caplog.text
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_without_waiting_a_second_holder_is_told_it_has_no_turn(tmp_path):
    path = str(tmp_path / "thitsa.sqlite3.search-index.lock")
    held, release, order = threading.Event(), threading.Event(), []
    first = threading.Thread(
        target=_hold_then_release,
        args=(lambda: file_lock(path, "search index"), held, release, order),
    )
    first.start()
    assert held.wait(5)
    with file_lock(path, "search index", wait=False) as mine:
        assert not mine
    release.set()
    first.join()
    with file_lock(path, "search index", wait=False) as mine:
        assert mine


def test_waiting_a_few_seconds_gives_the_turn_if_it_comes_within_them(tmp_path):
    """A verifier's change waits a few seconds for a bulk match, not for as long as it runs."""
    path = str(tmp_path / "thitsa.sqlite3.match.lock")
    held, release, order = threading.Event(), threading.Event(), []
    first = threading.Thread(
        target=_hold_then_release, args=(lambda: file_lock(path, "match"), held, release, order)
    )
    first.start()
    assert held.wait(5)
    started = time.monotonic()
    with file_lock(path, "match", wait=0.3) as mine:
        assert not mine
    assert time.monotonic() - started >= 0.3
    threading.Timer(0.2, release.set).start()
    with file_lock(path, "match", wait=3.0) as mine:
        assert mine
    first.join()
    assert order == ["first in", "first out"]


@pytest.mark.django_db
def test_inside_a_transaction_no_turn_is_taken():
    """The caller's transaction holds the database's write locks: waiting for a process that
    waits for them would never end."""
    with transaction.atomic(), exclusive("match") as mine:
        assert mine


def _advisory_holder(
    held: threading.Event, release: threading.Event, order: list, name: str = "match"
):
    key = zlib.crc32(f"thitsa {name}".encode())
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
            order.append("first in")
            held.set()
            release.wait(5)
            order.append("first out")
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_a_bulk_match_waits_for_another_on_postgresql(caplog):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (set DATABASE_URL); SQLite's file lock is tested above")
    held, release, order = threading.Event(), threading.Event(), []
    other = threading.Thread(target=_advisory_holder, args=(held, release, order))
    other.start()
    assert held.wait(5)
    threading.Timer(0.5, release.set).start()
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="thitsa.exclusive"):
        match_reports()
    order.append("second done")
    other.join()
    assert order == ["first in", "first out", "second done"]
    assert time.monotonic() - started >= 0.4
    assert "match: waiting for another process" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_the_search_page_does_not_wait_for_another_indexer_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (set DATABASE_URL); SQLite's file lock is tested above")
    held, release, order = threading.Event(), threading.Event(), []
    other = threading.Thread(target=_advisory_holder, args=(held, release, order, "search index"))
    other.start()
    assert held.wait(5)
    assert refresh(budget=50).complete is False  # at once: the other indexes it
    threading.Timer(0.3, release.set).start()
    assert refresh().complete  # the command's refresh waits its turn
    other.join()
    assert order == ["first in", "first out"]
