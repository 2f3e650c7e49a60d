"""Backups are run as a user runs them: `python -m thitsa ...` in a subprocess, each with a
THITSA_HOME of its own under tmp_path."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

PASSPHRASE = "ကျောင်း school 2025"
REPORTS = """\
report_id,source,source_kind,title,text,event_date,place,killed,witness_name,witness_contact
r1,Myanmar Now,media,School bombed,A jet bombed the school,2025-05-12,Depayin,22,Daw Aye,+95 9 1
r2,RFA Burmese,media,ကျောင်း,လေကြောင်းတိုက်ခိုက်,2025-05-12,ဒီပဲယင်း,20+,,
r3,Khit Thit Media,media,Market hit,A drone bombed the market,2025-05-14,Kani,3,,
"""


def thitsa(home: Path, *args: str, db_url: str | None = None, **kw) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "THITSA_SECRET_KEY")}
    env.update(THITSA_HOME=str(home), THITSA_BACKUP_PASSPHRASE=PASSPHRASE, PYTHONUTF8="1")
    env.pop("THITSA_FIELD_KEY", None)
    if db_url:
        env["DATABASE_URL"] = db_url
    env.update(kw.pop("env", {}))
    kw.setdefault("stdin", subprocess.DEVNULL)
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "thitsa", *args], env=env, text=True, **kw)


def ok(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def populate(home: Path, tmp: Path, db_url: str | None = None) -> None:
    """Reports (one with an encrypted witness), and two evidence files in the vault."""
    csv = tmp / "reports.csv"
    csv.write_text(REPORTS, encoding="utf-8")
    ok(thitsa(home, "migrate", "-v0", db_url=db_url))
    ok(thitsa(home, "import", str(csv), "--format", "thitsa", "--no-progress", db_url=db_url))
    for name, data in (("note.txt", b"what the witness said\n"), ("clip.bin", os.urandom(300_000))):
        (tmp / name).write_bytes(data)
        ok(thitsa(home, "evidence", "add", str(tmp / name), "--report", "1", db_url=db_url))


def sqlite_dump(home: Path) -> str:
    db = sqlite3.connect(home / "thitsa.sqlite3")
    try:
        return hashlib.sha256("\n".join(db.iterdump()).encode()).hexdigest()
    finally:
        db.close()


def files(home: Path, folder: str) -> dict[str, str]:
    root = home / folder
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }
