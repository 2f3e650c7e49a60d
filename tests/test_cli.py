"""The `thitsa` command as people run it: in a subprocess, with a home of its own (or none)."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

# Not passed on: the command must find (or not find) its home as a person's shell would.
UNSET = ("DATABASE_URL", "THITSA_HOME", "THITSA_SECRET_KEY", "PYTEST_VERSION")


def thitsa(*args: str, home: Path | None, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    if home is not None:
        env["THITSA_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "thitsa", *args], env=env, cwd=cwd, capture_output=True, text=True
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_command_before_init_says_so_and_creates_nothing(tmp_path):
    done = thitsa("figure", "killed", home=None, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"no Thitsa database in {tmp_path / 'thitsa-data'}: run 'thitsa init' (or set THITSA_HOME)"
    )
    assert list(tmp_path.iterdir()) == []


def test_asking_for_help_before_init_creates_nothing(tmp_path):
    done = thitsa("export", "--help", home=tmp_path / "home", cwd=tmp_path)
    assert done.returncode == 0 and "--public" in done.stdout
    assert list(tmp_path.iterdir()) == []


def test_a_database_without_tables_is_not_a_traceback(tmp_path):
    sqlite3.connect(tmp_path / "thitsa.sqlite3").close()  # what older versions left behind
    done = thitsa("user", "list", home=tmp_path, cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"no Thitsa database in {tmp_path}: run 'thitsa init'" in done.stderr


def test_the_home_and_database_are_for_this_account_only(tmp_path):
    home = tmp_path / "home"
    done = thitsa("migrate", "-v0", home=home, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert mode(home) == 0o700
    assert mode(home / "keys") == 0o700
    assert mode(home / "thitsa.sqlite3") == 0o600


def test_a_closed_pipe_stops_the_command_quietly(tmp_path):
    # `thitsa text clean < big.txt | head -1`: the reader leaves after one line.
    (tmp_path / "lines.txt").write_text("မြန်မာ Depayin\n" * 200_000, encoding="utf-8")
    with open(tmp_path / "lines.txt", "rb") as lines:
        run = subprocess.Popen(
            [sys.executable, "-m", "thitsa", "text", "clean"],
            stdin=lines, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
            env={**os.environ, "THITSA_HOME": str(tmp_path / "home")},
        )  # fmt: skip
        assert run.stdout.readline()
        run.stdout.close()
        err = run.stderr.read().decode()
        run.wait(timeout=60)
    assert run.returncode == 141  # as if killed by SIGPIPE, as Unix tools are
    assert err == ""
