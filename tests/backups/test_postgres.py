"""Backup and restore with DATABASE_URL: pg_dump into the archive, pg_restore into an empty
database. Runs only where DATABASE_URL names a PostgreSQL server; two scratch databases are made
beside the named one and dropped afterwards."""

from __future__ import annotations

import os
import sys
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.backups.cli import files, ok, populate, thitsa

URL = os.environ.get("DATABASE_URL", "")


def test_without_pg_dump_it_says_what_to_install(tmp_path):
    # No server is reached: the tool is looked for before the database is. (The home must
    # exist: without it, and its keys, there would be nothing to back up the rows with.)
    (tmp_path / "home").mkdir()
    done = thitsa(
        tmp_path / "home",
        "backup",
        str(tmp_path / "b"),
        db_url="postgres://nobody@127.0.0.1:9/none",
        env={"PATH": os.path.dirname(sys.executable)},
    )
    assert done.returncode == 1
    assert "pg_dump not found" in done.stderr and "postgresql-client" in done.stderr
    assert not (tmp_path / "b").exists() and not (tmp_path / "b.partial").exists()


@pytest.fixture
def scratch_databases():
    if not URL.startswith(("postgres://", "postgresql://")):
        pytest.skip("PostgreSQL backups: set DATABASE_URL=postgres://... to run")
    psycopg = pytest.importorskip("psycopg")
    parts = urlsplit(URL)
    names = [f"thitsa_backup_{uuid.uuid4().hex[:8]}_{side}" for side in ("src", "dst")]
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as db:
        for name in names:
            db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield [urlunsplit(parts._replace(path=f"/{name}")) for name in names]
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            for name in names:
                db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def counts(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
        ]
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_a_postgresql_site_comes_back_in_an_empty_database(scratch_databases, tmp_path):
    source, target = scratch_databases
    home = tmp_path / "home"
    populate(home, tmp_path, db_url=source)
    archive = tmp_path / "pg.backup"
    assert "database (postgresql)" in ok(thitsa(home, "backup", str(archive), db_url=source))

    new = tmp_path / "new"
    out = ok(thitsa(new, "restore", str(archive), db_url=target))
    assert "database (postgresql)" in out and "all hashes verified" in out
    assert counts(target) == counts(source)
    assert counts(target)["reports_sourcereport"] == 3
    assert files(new, "vault") == files(home, "vault")
    ok(thitsa(new, "vault", "verify", db_url=target))

    again = thitsa(tmp_path / "third", "restore", str(archive), db_url=target)
    assert again.returncode == 1 and "tables in the PostgreSQL database" in again.stderr
