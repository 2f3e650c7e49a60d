"""The data home (THITSA_HOME): the SQLite file, keys and files live here, never in the repo."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def home_dir() -> Path:
    return Path(os.environ.get("THITSA_HOME", "./thitsa-data")).resolve()


def ensure_home() -> Path:
    home = home_dir()
    (home / "keys").mkdir(parents=True, exist_ok=True)
    os.chmod(home / "keys", 0o700)
    return home


def read_or_create_key(name: str, nbytes: int = 32) -> bytes:
    """A random key kept in THITSA_HOME/keys/NAME, created (mode 600) on first use."""
    path = ensure_home() / "keys" / name
    if path.exists():
        return bytes.fromhex(path.read_text().strip())
    key = secrets.token_bytes(nbytes)
    # O_EXCL: two processes starting at once must not each write their own key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return bytes.fromhex(path.read_text().strip())
    with os.fdopen(fd, "w") as fh:
        fh.write(key.hex())
    return key
