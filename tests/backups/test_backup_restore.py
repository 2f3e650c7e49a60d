"""`thitsa backup FILE` and `thitsa restore FILE` on SQLite, run as a user runs them."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile

from tests.backups.cli import PASSPHRASE, files, ok, sqlite_dump, thitsa
from thitsa.backups.archive import MANIFEST
from thitsa.backups.passphrase import get_passphrase
from thitsa.backups.stream import DecryptingReader


def test_a_wiped_home_comes_back_with_every_row_key_and_file(backed_up, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(backed_up[0], home)
    vault = [p for p in (home / "vault").rglob("*") if p.is_file() and p.name[0] != "."]
    for path in vault:
        os.chmod(path, 0o444)  # as versions before 2026-11-30 left them: readable by all
    archive = tmp_path / "thitsa.backup"
    out = ok(thitsa(home, "backup", str(archive)))
    assert "database (sqlite), 2 keys, 2 vault files" in out
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert not list(tmp_path.glob("*.partial"))
    before = (sqlite_dump(home), files(home, "vault"), files(home, "keys"))

    shutil.rmtree(home)
    out = ok(thitsa(home, "restore", str(archive)))

    assert out.strip().endswith("all hashes verified")
    assert "restored 2 vault files, database (sqlite), 2 keys (field_key, secret_key)" in out
    assert (sqlite_dump(home), files(home, "vault"), files(home, "keys")) == before
    assert stat.S_IMODE((home / "keys").stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "keys" / "field_key").stat().st_mode) == 0o600
    assert {stat.S_IMODE(p.stat().st_mode) for p in vault} == {0o400}
    assert not list(home.glob(".restore-*"))
    ok(thitsa(home, "vault", "verify"))
    # The witness field decrypts: the field key came back with the rows it protects.
    shell = "from thitsa.reports.models import Witness; print(Witness.objects.get().name)"
    assert ok(thitsa(home, "shell", "-c", shell)).splitlines()[-1] == "Daw Aye"


def test_the_archive_is_encrypted_and_its_manifest_lists_every_file(backed_up, tmp_path):
    home, archive = backed_up
    data = archive.read_bytes()
    assert data.startswith(b"THITSABK")
    assert b"Daw Aye" not in data and b"manifest" not in data and b"SQLite format" not in data

    with (
        open(archive, "rb") as fh,
        tarfile.open(fileobj=DecryptingReader(fh, PASSPHRASE.encode()), mode="r|") as tar,
    ):
        names, manifest = [], None
        for member in tar:
            names.append(member.name)
            if member.name == MANIFEST:
                manifest = json.loads(tar.extractfile(member).read())
    assert names[0] == "database/thitsa.sqlite3" and names[-1] == MANIFEST
    assert manifest["format"] == "thitsa-backup" and manifest["version"] == 1
    assert manifest["database"]["engine"] == "sqlite"
    assert {"created_at", "thitsa_version"} <= manifest.keys()
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert set(listed) == set(names[:-1])
    for name, sha in files(home, "vault").items():
        assert listed[f"vault/{name}"] == sha


def test_it_refuses_to_restore_over_a_home_that_holds_data(backed_up):
    home, archive = backed_up
    before = sqlite_dump(home), files(home, "vault"), files(home, "keys")
    done = thitsa(home, "restore", str(archive))
    assert done.returncode == 1
    assert "already holds data" in done.stderr and "Nothing was changed" in done.stderr
    assert "keys/field_key" in done.stderr and "files in vault/" in done.stderr
    assert (sqlite_dump(home), files(home, "vault"), files(home, "keys")) == before


def nothing_restored(home) -> bool:
    """Only the secret key every `thitsa` command creates on start (and the empty folder
    uploads wait in)."""
    return sorted(p.relative_to(home).as_posix() for p in home.rglob("*")) == [
        "keys",
        "keys/secret_key",
        "tmp",
    ]


def test_a_wrong_passphrase_is_named_and_nothing_is_written(backed_up, tmp_path):
    _home, archive = backed_up
    home = tmp_path / "new"
    done = thitsa(home, "restore", str(archive), env={"THITSA_BACKUP_PASSPHRASE": "guess"})
    assert done.returncode == 1
    assert "wrong passphrase" in done.stderr
    assert nothing_restored(home)


def test_a_changed_byte_is_detected_and_nothing_is_restored(backed_up, tmp_path, copy_of):
    _home, archive = backed_up
    damaged = copy_of(archive)
    with open(damaged, "r+b") as fh:
        fh.seek(damaged.stat().st_size // 2)
        byte = fh.read(1)
        fh.seek(-1, os.SEEK_CUR)
        fh.write(bytes([byte[0] ^ 0x80]))
    home = tmp_path / "new"
    done = thitsa(home, "restore", str(damaged))
    assert done.returncode == 1
    assert "damaged or truncated" in done.stderr
    assert nothing_restored(home)


def test_a_truncated_archive_is_detected_and_nothing_is_restored(backed_up, tmp_path, copy_of):
    _home, archive = backed_up
    cut = copy_of(archive)
    with open(cut, "r+b") as fh:
        fh.truncate(cut.stat().st_size - 100)
    home = tmp_path / "new"
    done = thitsa(home, "restore", str(cut))
    assert done.returncode == 1
    assert "damaged or truncated" in done.stderr
    assert nothing_restored(home)


def test_without_a_passphrase_off_a_terminal_it_says_how_to_give_one(backed_up, tmp_path):
    home, _archive = backed_up
    env = {k: v for k, v in os.environ.items() if k != "THITSA_BACKUP_PASSPHRASE"}
    done = subprocess.run(
        [sys.executable, "-m", "thitsa", "backup", str(tmp_path / "b")],
        env={**env, "THITSA_HOME": str(home)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "--passphrase-file" in done.stderr and "THITSA_BACKUP_PASSPHRASE" in done.stderr
    assert not (tmp_path / "b").exists() and not (tmp_path / "b.partial").exists()


def test_an_empty_passphrase_is_refused(backed_up, tmp_path):
    home, _archive = backed_up
    (tmp_path / "pass").write_text("\n")
    done = thitsa(home, "backup", str(tmp_path / "b"), "--passphrase-file", str(tmp_path / "pass"))
    assert done.returncode == 1 and "empty passphrase" in done.stderr


def test_a_short_passphrase_is_refused_for_a_new_backup_and_nothing_is_written(backed_up, tmp_path):
    home, _archive = backed_up
    short = "school 2025"  # 11 characters
    (tmp_path / "pass").write_text(short + "\n")
    from_file = ["--passphrase-file", str(tmp_path / "pass")]
    for args in (from_file, []):  # [] takes THITSA_BACKUP_PASSPHRASE
        done = thitsa(
            home, "backup", str(tmp_path / "b"), *args, env={"THITSA_BACKUP_PASSPHRASE": short}
        )
        assert done.returncode == 1, args
        assert "11 characters; a backup needs at least 12" in done.stderr, args
        assert not list(tmp_path.glob("b*")), args


def test_a_short_passphrase_still_opens_a_backup_made_with_it(tmp_path):
    # Backups made before the floor: restore asks for the passphrase as it was.
    (tmp_path / "pass").write_text("pass\n")
    assert get_passphrase(str(tmp_path / "pass"), confirm=False) == b"pass"


def test_a_passphrase_file_that_is_not_utf8_is_named(backed_up, tmp_path):
    home, _archive = backed_up
    (tmp_path / "pass").write_bytes("contraseña larga de copia\n".encode("cp1252"))
    done = thitsa(home, "backup", str(tmp_path / "b"), "--passphrase-file", str(tmp_path / "pass"))
    assert done.returncode == 1
    assert "is not UTF-8 text" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "b").exists()


def test_it_pipes_through_stdout_and_stdin_with_a_passphrase_file(backed_up, tmp_path):
    home, _archive = backed_up
    (tmp_path / "pass").write_text("another passphrase\n")
    piped = tmp_path / "piped.backup"
    with open(piped, "wb") as out:
        done = thitsa(home, "backup", "-", "--passphrase-file", str(tmp_path / "pass"), stdout=out)
    assert done.returncode == 0, done.stderr
    assert "backup stdout" in done.stderr
    new = tmp_path / "new"
    with open(piped, "rb") as src:
        done = thitsa(new, "restore", "-", "--passphrase-file", str(tmp_path / "pass"), stdin=src)
    assert done.returncode == 0, done.stderr
    assert files(new, "vault") == files(home, "vault")
