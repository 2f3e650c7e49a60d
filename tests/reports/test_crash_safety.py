"""An import killed with SIGKILL at random moments loses no committed row, commits whole batches
only, and leaves a database that passes `PRAGMA integrity_check`; a last, uninterrupted run
stores every row exactly once. Runs `python -m thitsa import` as a user would, on SQLite."""

from __future__ import annotations

import csv
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from thitsa.reports.loading import BATCH

ROWS = 2 * BATCH + BATCH // 2  # two whole batches and a short last one
KILLS = 20
PLACES = ["Depayin", "Kani", "Tabayin", "Gangaw", "Demoso", "Hpakant", "Mindat", "ဒီပဲယင်း"]

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="crash safety is tested on SQLite; unset DATABASE_URL to run it",
)


def write_reports(path, rnd: random.Random) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(
            ["report_id", "source", "source_kind", "title", "text", "event_date", "place", "killed"]
        )
        for i in range(ROWS):
            out.writerow(
                [f"r{i}", f"Source {i % 7}", "media", f"Report {i}",
                 f"Airstrike on a village, report number {i}",
                 f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", rnd.choice(PLACES), str(i % 9)]
            )  # fmt: skip


def committed(db_path) -> list[int]:
    """Row numbers of the committed reports, sorted."""
    db = sqlite3.connect(db_path, timeout=30)
    try:
        ids = db.execute("SELECT external_id FROM reports_sourcereport").fetchall()
    finally:
        db.close()
    return sorted(int(external_id[1:]) for (external_id,) in ids)


def integrity(db_path) -> str:
    db = sqlite3.connect(db_path, timeout=30)
    try:
        return "; ".join(row[0] for row in db.execute("PRAGMA integrity_check"))
    finally:
        db.close()


def test_an_import_killed_at_random_moments_loses_no_committed_row(tmp_path):
    rnd = random.Random(20250512)
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["THITSA_HOME"] = str(home)
    thitsa = [sys.executable, "-m", "thitsa"]
    subprocess.run([*thitsa, "migrate", "-v0"], env=env, check=True)
    reports = tmp_path / "reports.csv"
    write_reports(reports, rnd)
    db = home / "thitsa.sqlite3"
    # Start-up (Django, the importers) is measured: a busy machine takes twice as long.
    started = time.perf_counter()
    subprocess.run([*thitsa, "import", "--help"], env=env, stdout=subprocess.DEVNULL, check=True)
    startup = time.perf_counter() - started

    before, kills, seen = 0, 0, set()
    for _attempt in range(3 * KILLS):
        if kills >= KILLS:
            break
        run = subprocess.Popen(
            [*thitsa, "import", str(reports), "--format", "thitsa", "--no-progress"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if before < ROWS and (not seen or rnd.random() < 0.7):
            # After 1, 2, ... more batches commit: at a commit, or inside the next transaction.
            # The first kill comes as soon as the first batch is in, so that on a machine fast
            # enough to finish the file within the random pause, one kill still falls between
            # batches.
            more = 1 if not seen else rnd.randint(1, -(-(ROWS - before) // BATCH))
            target = min(ROWS, before + BATCH * more)
            while run.poll() is None and len(committed(db)) < target:
                time.sleep(0.02)
            if seen:
                time.sleep(rnd.uniform(0, 0.5))
        else:
            # Anywhere: start-up, reading, matching, the search index.
            time.sleep(rnd.uniform(0.3 * startup, startup + 1.0))
        if run.poll() is None:
            run.send_signal(signal.SIGKILL)
            kills += 1
        run.wait()
        assert (check := integrity(db)) == "ok", f"after kill {kills}: {check}"
        rows = committed(db)
        assert len(rows) >= before, f"kill {kills}: {before} committed reports became {len(rows)}"
        assert len(rows) == len(set(rows))
        # Batches commit whole: every batch of the file is all in, or not at all.
        for start in range(0, ROWS, BATCH):
            inside = sum(start <= r < start + BATCH for r in rows)
            assert inside in (0, min(BATCH, ROWS - start)), f"batch at row {start}: {inside}"
        before = len(rows)
        seen.add(before)
    assert kills >= KILLS

    done = subprocess.run(
        [*thitsa, "import", str(reports), "--format", "thitsa", "--no-progress"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert integrity(db) == "ok"
    assert committed(db) == list(range(ROWS)), "every row exactly once"
    # Some kills fell between batches, not only before the first or after the last.
    assert any(0 < n < ROWS for n in seen), seen
