"""The data home is for the account that runs Thitsa only: other accounts on the machine must
not read the database, the keys or the vault."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from thitsa.home import ensure_home, tighten_vault


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """The umask most systems give (022), whatever the test process had."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_home_is_closed_to_other_accounts(monkeypatch, tmp_path, open_umask):
    monkeypatch.setenv("THITSA_HOME", str(tmp_path / "deep" / "home"))
    home = ensure_home()
    assert mode(home) == 0o700 and mode(home / "keys") == 0o700


def test_the_default_home_an_older_version_left_open_is_closed(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("THITSA_HOME")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "thitsa-data").mkdir(mode=0o755)
    os.chmod(tmp_path / "thitsa-data", 0o755)
    assert mode(ensure_home()) == 0o700
    assert "now 700" in capsys.readouterr().err


def test_a_home_the_user_opened_is_left_as_it_is_with_a_warning(monkeypatch, tmp_path, capsys):
    home = tmp_path / "shared"
    home.mkdir()
    os.chmod(home, 0o750)
    monkeypatch.setenv("THITSA_HOME", str(home))
    ensure_home()
    assert mode(home) == 0o750
    assert f"chmod 700 {home}" in capsys.readouterr().err


def test_database_files_an_older_version_left_open_are_closed(monkeypatch, tmp_path):
    monkeypatch.setenv("THITSA_HOME", str(tmp_path))
    for name in ("thitsa.sqlite3", "thitsa.sqlite3-wal", "thitsa.sqlite3-shm"):
        (tmp_path / name).touch()
        os.chmod(tmp_path / name, 0o644)
    ensure_home()
    assert {mode(p) for p in tmp_path.glob("thitsa.sqlite3*")} == {0o600}


def test_an_open_vault_is_closed_once(tmp_path):
    folder = tmp_path / "vault" / "originals" / "ab" / "cd"
    folder.mkdir(parents=True)
    (folder / "abcd").write_bytes(b"photo")
    for path in (folder / "abcd", *folder.parents):
        if path == tmp_path:
            break
        os.chmod(path, 0o444 if path.is_file() else 0o755)
    assert tighten_vault(tmp_path) == 5
    assert mode(folder / "abcd") == 0o400
    assert {mode(p) for p in (tmp_path / "vault").rglob("*") if p.is_dir()} == {0o700}
    assert mode(tmp_path / "vault") == 0o700
    assert tighten_vault(tmp_path) == 0  # closed already: not walked again
