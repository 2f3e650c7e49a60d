"""A backup archive: a tar of the database snapshot, the keys, the vault and a manifest,
streamed through the encrypted stream (stream.py). Nothing is held whole in memory.

Members: `database/thitsa.sqlite3` (or `database/thitsa.pgdump`), `keys/NAME`, `vault/...`, and
`manifest.json` last (it lists the SHA-256 of every other member, hashed as they stream by).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.db import connections

import thitsa
from thitsa.backups import database
from thitsa.backups.stream import (
    LOG2_N,
    BackupError,
    DamagedArchive,
    DecryptingReader,
    EncryptingWriter,
)

FORMAT = "thitsa-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
BLOCK = 1 << 20
# Names of files still being written (a temporary name renamed when complete): not evidence yet.
IN_PROGRESS = (".tmp", ".partial", ".part")
# Every Thitsa command creates keys/secret_key on start when THITSA_SECRET_KEY is unset, so a
# home holding only that key is still empty: it signs sessions, and there are none to sign.
FRESH_KEY = "secret_key"


@dataclass
class Summary:
    engine: str
    vault_files: int = 0
    keys: list[str] = field(default_factory=list)
    bytes_in: int = 0
    bytes_out: int = 0


class _Hashing:
    def __init__(self, fh: BinaryIO):
        self._fh, self.sha, self.size = fh, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        data = self._fh.read(size)
        self.sha.update(data)
        self.size += len(data)
        return data


def sha256_file(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(BLOCK):
            sha.update(block)
    return sha.hexdigest()


def key_files(home: Path) -> list[Path]:
    keys = home / "keys"
    return sorted(p for p in keys.iterdir() if p.is_file()) if keys.is_dir() else []


def vault_files(home: Path):
    """(path, name relative to vault/) of every finished file, sorted; links are not followed."""
    root = home / "vault"
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name.endswith(IN_PROGRESS):
                continue
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                yield path, path.relative_to(root).as_posix()


def occupied(home: Path) -> list[str]:
    """What in `home` (and its database) a restore would overwrite; empty when none."""
    found = []
    if database.engine() == "sqlite":
        db = database.sqlite_path()
        for path in (db, db.with_name(db.name + "-wal")):
            if path.exists() and path.stat().st_size > 0:
                found.append(str(path))
    elif tables := database.pg_tables():
        name = connections["default"].settings_dict["NAME"]
        found.append(f"{len(tables)} tables in the PostgreSQL database {name!r}")
    found += [f"keys/{p.name}" for p in key_files(home) if p.name != FRESH_KEY]
    if count := sum(1 for _ in vault_files(home)):
        found.append(f"{count:,} files in vault/")
    return found


# -- backup ---------------------------------------------------------------------------------


def _add(tar: tarfile.TarFile, name: str, path: Path, entries: list, mode: int | None = None):
    with open(path, "rb") as fh:
        st = os.fstat(fh.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mtime = st.st_size, int(st.st_mtime)
        info.mode = st.st_mode & 0o777 if mode is None else mode
        reader = _Hashing(fh)
        tar.addfile(info, reader)
    entries.append({"path": name, "size": reader.size, "sha256": reader.sha.hexdigest()})


_STAGING = ".backup-"


def _remove_stale_staging(home: Path) -> None:
    """Remove what a backup that was killed (power cut, SIGKILL) left in the home: the
    staging folders of processes no longer running."""
    for old in home.glob(f"{_STAGING}*"):
        pid = old.name.removeprefix(_STAGING).split("-")[0]
        if pid.isdigit() and _running(int(pid)) and int(pid) != os.getpid():
            continue  # another backup, running now
        shutil.rmtree(old, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_backup(out: BinaryIO, passphrase: bytes, home: Path, *, log2_n: int = LOG2_N) -> Summary:
    summary = Summary(database.engine())
    entries: list[dict] = []
    _remove_stale_staging(home)
    # In the home, not the system's temporary folder: the snapshot is the whole database
    # (testimony included), and one left by a backup killed midway sat in /tmp, maybe on
    # another, unencrypted disk, that nothing cleaned.
    with tempfile.TemporaryDirectory(prefix=f"{_STAGING}{os.getpid()}-", dir=home) as tmp:
        # The database first: vault files are written before the rows that name them, so every
        # file the snapshot refers to is already in the vault when it is copied next.
        db = database.snapshot(Path(tmp))
        writer = EncryptingWriter(out, passphrase, log2_n=log2_n)
        with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
            _add(tar, f"database/{db.name}", db, entries, mode=0o600)
            for path in key_files(home):
                _add(tar, f"keys/{path.name}", path, entries, mode=0o600)
                summary.keys.append(path.name)
            for path, name in vault_files(home):
                try:
                    _add(tar, f"vault/{name}", path, entries)
                except FileNotFoundError:
                    continue  # removed since it was listed
                summary.vault_files += 1
            manifest = {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "thitsa_version": thitsa.__version__,
                "database": {"engine": summary.engine, "file": f"database/{db.name}"},
                "files": entries,
            }
            data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(datetime.now().timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
        writer.close()
    summary.bytes_in = sum(e["size"] for e in entries)
    summary.bytes_out = writer.bytes_out
    return summary


# -- restore --------------------------------------------------------------------------------


def _member_name(member: tarfile.TarInfo) -> str:
    name = member.name
    parts = PurePosixPath(name).parts
    allowed = name == MANIFEST or (
        len(parts) >= 2
        and PurePosixPath(name).as_posix() == name
        and ".." not in parts
        and (parts[0] == "vault" or (parts[0] in ("database", "keys") and len(parts) == 2))
    )
    if not member.isfile() or not allowed:
        raise DamagedArchive(f"unexpected member {name!r} in the archive: not a Thitsa backup")
    return name


def _extract(reader: DecryptingReader, staging: Path) -> tuple[dict, dict]:
    """Unpack into `staging`, hashing as the bytes go by: ({path: (size, sha256)}, manifest)."""
    got, manifest = {}, None
    try:
        with tarfile.open(fileobj=reader, mode="r|") as tar:
            for member in tar:
                name = _member_name(member)
                src = tar.extractfile(member)
                if name == MANIFEST:
                    manifest = json.loads(src.read())
                    continue
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                sha, size = hashlib.sha256(), 0
                with open(target, "xb") as out:
                    while block := src.read(BLOCK):
                        sha.update(block)
                        size += len(block)
                        out.write(block)
                keep = name.startswith("vault/")
                # Vault originals are read-only and for this account only, whatever mode an
                # older version archived them with (444).
                os.chmod(target, 0o400 if keep else 0o600)
                os.utime(target, (member.mtime, member.mtime))
                got[name] = (size, sha.hexdigest())
    except (tarfile.TarError, FileExistsError, ValueError) as exc:
        raise DamagedArchive(f"the archive's contents are malformed: {exc}") from None
    reader.finish()
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DamagedArchive("the archive has no manifest: not a Thitsa backup")
    if manifest.get("version") != FORMAT_VERSION:
        raise DamagedArchive(f"manifest version {manifest.get('version')}: this Thitsa reads 1")
    return got, manifest


def _compare(manifest: dict, hashed: dict) -> list[str]:
    listed = {e["path"]: (e["size"], e["sha256"]) for e in manifest["files"]}
    problems = []
    for path in sorted(listed.keys() | hashed.keys()):
        if path not in hashed:
            problems.append(f"{path}: in the manifest but missing")
        elif path not in listed:
            problems.append(f"{path}: not in the manifest")
        elif hashed[path] != listed[path]:
            problems.append(f"{path}: size or SHA-256 differs from the manifest")
    return problems


def _problems(title: str, problems: list[str]) -> str:
    shown = "\n  ".join(problems[:20])
    more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
    return f"{title}:\n  {shown}{more}"


def _remove_empty_tree(root: Path) -> None:
    for dirpath, _dirs, _files in os.walk(root, topdown=False):
        os.rmdir(dirpath)  # fails (and stops the restore) if anything is inside


def _place(staging: Path, home: Path, manifest: dict) -> None:
    """Move the checked files into the home: vault, keys, then the database."""
    if again := occupied(home):
        raise BackupError(_problems("the home filled up while the archive was read", again))
    if (staging / "vault").is_dir():
        if (home / "vault").exists():
            _remove_empty_tree(home / "vault")
        os.rename(staging / "vault", home / "vault")
    keys = home / "keys"
    keys.mkdir(mode=0o700, exist_ok=True)
    os.chmod(keys, 0o700)
    for path in sorted((staging / "keys").iterdir()) if (staging / "keys").is_dir() else []:
        if path.name == FRESH_KEY:
            os.replace(path, keys / path.name)
        else:
            os.link(path, keys / path.name)  # never replaces a key that appeared meanwhile
            path.unlink()
    dump = staging / manifest["database"]["file"]
    if database.engine() == "sqlite":
        connections.close_all()
        db = database.sqlite_path()
        for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            if stale.exists() and stale.stat().st_size == 0:
                stale.unlink()
        db.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(dump, db)
    else:
        database.pg_restore(dump)


def _verify(home: Path, manifest: dict) -> list[str]:
    """Hash every restored file again where it now lies; check the database and the vault."""
    sqlite = database.engine() == "sqlite"
    problems = []
    for entry in manifest["files"]:
        path = entry["path"]
        if path.startswith("database/"):
            if not sqlite:
                continue  # the dump was checked before pg_restore read it
            where = database.sqlite_path()
        else:
            where = home / path
        if not where.is_file() or sha256_file(where) != entry["sha256"]:
            problems.append(f"{path}: restored file missing or differs from the manifest")
    if sqlite and (check := database.sqlite_integrity(database.sqlite_path())) != "ok":
        problems.append(f"database: PRAGMA integrity_check says {check}")
    try:
        from thitsa.evidence.vault import verify_all
    except ImportError:
        pass
    else:
        problems += [f"vault: {problem}" for problem in verify_all()]
    return problems


def refuse_unless_empty(home: Path) -> None:
    if found := occupied(home):
        raise BackupError(
            _problems(
                f"{home} already holds data; restore only into an empty home "
                "(THITSA_HOME=/new/folder thitsa restore FILE). Nothing was changed. Found",
                found,
            )
        )


def read_backup(src: BinaryIO, passphrase: bytes, home: Path) -> Summary:
    """Restore an archive into an empty home; raises BackupError saying what went wrong."""
    refuse_unless_empty(home)
    reader = DecryptingReader(src, passphrase)  # a wrong passphrase stops here, nothing written
    home.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=home))
    try:
        hashed, manifest = _extract(reader, staging)
        if problems := _compare(manifest, hashed):
            raise DamagedArchive(_problems("the archive does not match its manifest", problems))
        summary = Summary(manifest["database"]["engine"])
        if summary.engine != database.engine():
            raise BackupError(
                f"this backup holds a {summary.engine} database but Thitsa is set up for "
                f"{database.engine()}: "
                + ("set" if summary.engine == "postgresql" else "unset")
                + " DATABASE_URL to restore it"
            )
        _place(staging, home, manifest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if problems := _verify(home, manifest):
        raise BackupError(_problems("restored, but the check found problems", problems))
    summary.vault_files = sum(1 for e in manifest["files"] if e["path"].startswith("vault/"))
    summary.keys = [e["path"][5:] for e in manifest["files"] if e["path"].startswith("keys/")]
    summary.bytes_in = sum(e["size"] for e in manifest["files"])
    return summary
