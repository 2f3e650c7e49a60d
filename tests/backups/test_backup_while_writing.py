"""A backup taken while another writer adds vault files and rows is one consistent snapshot."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time

from tests.backups.cli import ok, thitsa


def write_evidence_and_rows(home, stop: threading.Event, batches: list[int]) -> None:
    """Like the vault: a file first (temporary name, then linked into place), then, in one
    transaction, the two rows that name it."""
    db = sqlite3.connect(home / "thitsa.sqlite3", timeout=30, isolation_level=None)
    incoming = home / "vault" / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    i = 0
    while not stop.is_set():
        data = os.urandom(4096)
        sha = hashlib.sha256(data).hexdigest()
        final = home / "vault" / "originals" / sha[:2] / sha[2:4] / sha
        final.parent.mkdir(parents=True, exist_ok=True)
        part = incoming / f".part-{i}"
        part.write_bytes(data)
        os.link(part, final)
        part.unlink()
        db.execute("BEGIN IMMEDIATE")
        db.executemany("INSERT INTO writes (batch, sha) VALUES (?, ?)", [(i, sha), (i, sha)])
        db.execute("COMMIT")
        i += 1
        batches.append(i)
    db.close()


def test_a_backup_taken_during_writes_restores_whole_transactions_and_their_files(tmp_path):
    home = tmp_path / "home"
    ok(thitsa(home, "migrate", "-v0"))
    db = sqlite3.connect(home / "thitsa.sqlite3")
    db.execute("CREATE TABLE writes (id INTEGER PRIMARY KEY, batch INTEGER, sha TEXT)")
    db.commit()
    db.close()
    stop, batches = threading.Event(), []
    writer = threading.Thread(target=write_evidence_and_rows, args=(home, stop, batches))
    writer.start()
    try:
        while len(batches) < 50:
            time.sleep(0.01)
        at_start = len(batches)
        out = ok(thitsa(home, "backup", str(tmp_path / "busy.backup")))
        during = len(batches) - at_start
    finally:
        stop.set()
        writer.join()
    assert during > 0, "the writer was blocked by the backup"

    new = tmp_path / "new"
    assert "all hashes verified" in ok(thitsa(new, "restore", str(tmp_path / "busy.backup")))
    db = sqlite3.connect(new / "thitsa.sqlite3")
    rows = db.execute("SELECT batch, count(*), min(sha) FROM writes GROUP BY batch").fetchall()
    db.close()
    assert len(rows) >= at_start, out
    assert {count for _batch, count, _sha in rows} == {2}  # no transaction cut in half
    for _batch, _count, sha in rows:  # every file a row names was copied
        stored = new / "vault" / "originals" / sha[:2] / sha[2:4] / sha
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == sha
    assert not list((new / "vault").rglob(".part-*"))  # half-written files stay behind
