"""The database's part of a backup: a consistent snapshot file, and putting one back.

SQLite: the online backup API copies the file in one step inside one read transaction, so the
copy is a single point in time while other processes keep writing (WAL mode lets them).
PostgreSQL: pg_dump's custom format is one snapshot too; pg_restore puts it into an empty database.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections

from thitsa.backups.stream import BackupError

SQLITE_FILE = "thitsa.sqlite3"
PG_FILE = "thitsa.pgdump"
PG_TOOLS = (
    "backing up and restoring PostgreSQL needs its client tools (pg_dump, pg_restore) of the "
    "server's major version or newer on PATH: e.g. `apt-get install postgresql-client` "
    "(Debian, Ubuntu) or `brew install libpq` (macOS)"
)


def engine() -> str:
    vendor = connections["default"].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"cannot back up a {vendor} database: only SQLite and PostgreSQL")
    return vendor


def sqlite_path() -> Path:
    return Path(connections["default"].settings_dict["NAME"])


def snapshot(into: Path) -> Path:
    """Write a consistent copy of the database into the folder `into`; returns the file."""
    if engine() == "sqlite":
        return _sqlite_snapshot(sqlite_path(), into / SQLITE_FILE)
    return _pg_dump(into / PG_FILE)


def _sqlite_snapshot(source: Path, target: Path) -> Path:
    if not source.is_file():
        raise BackupError(f"no database at {source}: nothing to back up (run `thitsa init`?)")
    src = sqlite3.connect(source, timeout=60)
    dst = sqlite3.connect(target)
    try:
        # pages=-1: one step, so the copy is one snapshot; stepwise copies restart on every
        # write by another process and might never finish on a busy site.
        src.backup(dst, pages=-1)
        # The copy is one self-contained file (Thitsa turns WAL back on when it opens it).
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
    return target


def _pg_env() -> dict[str, str]:
    s = connections["default"].settings_dict
    env = dict(os.environ)
    for var, value in (
        ("PGHOST", s.get("HOST")),
        ("PGPORT", s.get("PORT")),
        ("PGUSER", s.get("USER")),
        ("PGPASSWORD", s.get("PASSWORD")),
        ("PGDATABASE", s.get("NAME")),
        ("PGSSLMODE", (s.get("OPTIONS") or {}).get("sslmode")),
    ):
        if value:
            env[var] = str(value)
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} not found: {PG_TOOLS}")
    return path


def _run(args: list[str]) -> None:
    # The password travels in the environment, never on the command line (`ps` shows that).
    done = subprocess.run(args, env=_pg_env(), capture_output=True, text=True)
    if done.returncode:
        name = Path(args[0]).name
        raise BackupError(f"{name} failed (exit {done.returncode}): {done.stderr.strip()}")


def _pg_dump(target: Path) -> Path:
    _run([_tool("pg_dump"), "--format=custom", "--no-password", f"--file={target}"])
    return target


def pg_tables() -> list[str]:
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
        )
        return [row[0] for row in cursor.fetchall()]


def pg_restore(dump: Path) -> None:
    connections.close_all()
    # One transaction: a failure leaves the database as empty as it was.
    _run(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--no-password",
            f"--dbname={_pg_env()['PGDATABASE']}",
            str(dump),
        ]
    )


def sqlite_integrity(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        return "; ".join(row[0] for row in db.execute("PRAGMA integrity_check"))
    finally:
        db.close()
