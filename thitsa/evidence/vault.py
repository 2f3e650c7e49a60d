"""The vault: files stored by their SHA-256, written once, never changed.

Originals go to `originals/ab/cd/<hex>`, derived copies (the public copy) to `derived/ab/cd/<hex>`,
through the Django storage alias "vault" (settings.STORAGES): a folder in THITSA_HOME by default,
an S3-compatible bucket when THITSA_VAULT_S3_BUCKET is set. Files are hashed while they are
copied, a chunk at a time, so a 2 GB video never sits in memory.

`verify_all()` re-hashes every file and re-checks every custody chain; `thitsa vault verify` and a
backup restore call it.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages

CHUNK = 1024 * 1024
# Originals are never changed, and for this account only (restricted photos carry GPS): 400,
# in folders 700.
READ_ONLY = 0o400
HEAD = 8192  # bytes kept for sniffing the media type
ORIGINALS = "originals"
DERIVED = "derived"


class VaultError(Exception):
    pass


@dataclass(frozen=True)
class Stored:
    sha256: str  # hex
    size: int
    name: str  # the storage name, e.g. originals/ab/cd/abcd...
    head: bytes  # the first bytes, for sniffing
    created: bool  # False when the vault already held these bytes


@dataclass(frozen=True)
class Problem:
    evidence: str  # "sha256:<hex>" of the item
    what: str

    def __str__(self) -> str:
        return f"{self.evidence}: {self.what}"


def key(hexdigest: str) -> str:
    return f"sha256:{hexdigest}"


def vault_storage() -> Storage:
    return storages["vault"]


def name_for(kind: str, hexdigest: str) -> str:
    return f"{kind}/{hexdigest[:2]}/{hexdigest[2:4]}/{hexdigest}"


def store(src: BinaryIO, kind: str = ORIGINALS) -> Stored:
    """Copy `src` into the vault (hashing as it goes) unless the same bytes are there already."""
    if hasattr(src, "seek"):
        src.seek(0)
    storage = vault_storage()
    if isinstance(storage, FileSystemStorage):
        return _store_local(storage, src, kind)
    return _store_remote(storage, src, kind)


def _copy(src: BinaryIO, dst: BinaryIO) -> tuple[str, int, bytes]:
    sha = hashlib.sha256()
    size = 0
    head = b""
    while chunk := src.read(CHUNK):
        sha.update(chunk)
        dst.write(chunk)
        if len(head) < HEAD:
            head += chunk[: HEAD - len(head)]
        size += len(chunk)
    return sha.hexdigest(), size, head


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _private_dirs(path: Path) -> None:
    """mkdir -p with every new folder 700: Path.mkdir(parents=True) would give the missing
    parents the umask's mode (755 under a web server's usual umask)."""
    missing = []
    while not path.is_dir():
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass  # another process made it first


def _store_local(storage: FileSystemStorage, src: BinaryIO, kind: str) -> Stored:
    # The temporary file lives inside the vault (same file system), so linking it into place is
    # atomic; its final folder is known only once the hash is, at the end of the copy.
    incoming = Path(storage.location) / "incoming"
    _private_dirs(incoming)
    fd, tmp = tempfile.mkstemp(dir=incoming, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as out:
            digest, size, head = _copy(src, out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, READ_ONLY)
        name = name_for(kind, digest)
        final = Path(storage.path(name))
        _private_dirs(final.parent)
        created = _link_without_overwriting(Path(tmp), final)
        if created:
            for folder in (final.parent, final.parent.parent, final.parent.parent.parent):
                _fsync_dir(folder)
    finally:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
    return Stored(sha256=digest, size=size, name=name, head=head, created=created)


def _link_without_overwriting(tmp: Path, final: Path) -> bool:
    try:
        os.link(tmp, final)  # fails if `final` exists: an original is never replaced
        return True
    except FileExistsError:
        return False
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
    # A file system without hard links: exclusive create, then copy.
    try:
        fd = os.open(final, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as out, open(tmp, "rb") as src:
        while chunk := src.read(CHUNK):
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(final, READ_ONLY)
    return True


def _store_remote(storage: Storage, src: BinaryIO, kind: str) -> Stored:
    # Object stores want the name before the upload: stage on local disk (never in memory).
    from thitsa.home import staging_dir

    with tempfile.TemporaryFile(dir=staging_dir()) as tmp:
        digest, size, head = _copy(src, tmp)
        tmp.seek(0)
        name = name_for(kind, digest)
        created = not storage.exists(name)
        if created:
            saved = storage.save(name, File(tmp, name=name))
            if saved != name:
                raise VaultError(f"the vault stored {name} as {saved}: check file_overwrite")
    return Stored(sha256=digest, size=size, name=name, head=head, created=created)


def open_file(name: str):
    return vault_storage().open(name, "rb")


def hash_file(name: str) -> tuple[str, int]:
    """The SHA-256 (hex) and size of a stored file, read a chunk at a time."""
    sha = hashlib.sha256()
    size = 0
    with open_file(name) as fh:
        while chunk := fh.read(CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return sha.hexdigest(), size


def check_file(kind: str, hexdigest: str, size: int | None = None) -> str | None:
    """What is wrong with a stored file, or None."""
    name = name_for(kind, hexdigest)
    label = "original" if kind == ORIGINALS else f"derived file {key(hexdigest)}"
    if not vault_storage().exists(name):
        return f"{label}: missing from the vault ({name})"
    actual, actual_size = hash_file(name)
    if actual != hexdigest:
        return f"{label}: content changed (now {key(actual)})"
    if size is not None and actual_size != size:
        return f"{label}: size {actual_size}, recorded {size}"
    return None


@dataclass
class Summary:
    items: int = 0
    files: int = 0
    entries: int = 0
    recorded: dict = field(default_factory=dict, repr=False)  # kind -> hashes items record


def unrecorded(summary: Summary, before: float) -> list[Problem]:
    """Files in the vault no evidence item records (after `verify_all(summary)`), older than
    `before` (a timestamp: an add running meanwhile stores its file before its rows). Not
    damage in itself: an add that failed leaves its file, and so does a backup's copy of a
    vault taken while adding. But an item deleted from the database, custody log and all,
    leaves its file too, and no chain that remains can show it: so they are listed."""
    storage = vault_storage()
    found = []
    for kind, known in summary.recorded.items():
        for hexdigest in _stored(kind):
            if hexdigest in known:
                continue
            name = name_for(kind, hexdigest)
            try:
                if storage.get_modified_time(name).timestamp() >= before:
                    continue
            except (NotImplementedError, OSError):
                pass
            what = "an original" if kind == ORIGINALS else "a derived file"
            found.append(Problem(key(hexdigest), f"{what} that no evidence item records ({name})"))
    return found


def verify_all(summary: Summary | None = None) -> list[Problem]:
    """Re-hash every original and derived file, re-check every custody chain.

    Returns what is wrong, one Problem per finding (an empty list: all is well). `summary`, when
    given, is filled with what was checked.
    """
    from thitsa.evidence.models import Evidence

    summary = summary if summary is not None else Summary()
    problems: list[Problem] = []
    recorded = {ORIGINALS: set(), DERIVED: set()}
    for ev in Evidence.objects.order_by("pk").iterator(chunk_size=500):
        summary.items += 1
        found = [check_file(ORIGINALS, ev.sha256, ev.size)]
        recorded[ORIGINALS].add(ev.sha256)
        summary.files += 1
        for derived in sorted(ev.derived_hashes()):
            found.append(check_file(DERIVED, derived))
            recorded[DERIVED].add(derived)
            summary.files += 1
        chain = ev.custody_problems()
        summary.entries += ev.custody.count()
        problems += [Problem(ev.key, what) for what in [*found, *chain] if what]
    summary.recorded = recorded
    return problems


def _stored(kind: str) -> Iterator[str]:
    """The hashes of the files the vault holds under `kind` (its two levels of folders)."""
    storage = vault_storage()
    try:
        firsts = storage.listdir(kind)[0]
    except FileNotFoundError:
        return  # nothing stored yet
    for first in sorted(firsts):
        for second in sorted(storage.listdir(f"{kind}/{first}")[0]):
            for name in sorted(storage.listdir(f"{kind}/{first}/{second}")[1]):
                if re.fullmatch(r"[0-9a-f]{64}", name):
                    yield name
