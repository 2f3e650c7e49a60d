"""A backup's snapshot of the database is staged in the home and never outlives the backup.

Found by an adversary's review: `thitsa backup` staged its snapshot (the whole database,
testimony included) in the system's temporary folder, and one stopped midway (SIGTERM) left it
there, maybe on another, unencrypted disk, that nothing cleaned."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from tests.backups.cli import PASSPHRASE, populate


def test_a_stopped_backup_leaves_no_copy_of_the_database_anywhere(tmp_path):
    home = tmp_path / "home"
    populate(home, tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(THITSA_HOME=str(home), THITSA_BACKUP_PASSPHRASE=PASSPHRASE, TMPDIR=str(tmp_path))
    # To a pipe nobody reads: the backup stages its snapshot, then waits to write.
    backup = subprocess.Popen(
        [sys.executable, "-m", "thitsa", "backup", "-"], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    staged = []
    while not staged and time.monotonic() < deadline:
        staged = [p for p in home.glob(".backup-*/*") if p.stat().st_size > 0]
        time.sleep(0.05)
    assert staged, "the snapshot is staged in the home"
    assert not list(tmp_path.glob("thitsa-backup-*")), "nothing in the temporary folder"
    backup.send_signal(signal.SIGTERM)
    backup.communicate(timeout=60)
    assert backup.returncode != 0
    assert not list(home.glob(".backup-*")), "the stopped backup removed its snapshot"


def test_what_a_killed_backup_left_is_removed_by_the_next(tmp_path):
    from thitsa.backups.archive import _remove_stale_staging

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    left = tmp_path / f".backup-{dead}-x1"
    left.mkdir()
    (left / "thitsa.sqlite3").write_bytes(b"testimony")
    running = tmp_path / f".backup-{os.getppid()}-x2"  # a process still running
    running.mkdir()
    _remove_stale_staging(tmp_path)
    assert not left.exists() and running.exists()
