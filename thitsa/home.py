"""The data home (THITSA_HOME): the SQLite file, keys and files live here, never in the repo.

Everything in it is for the account that runs Thitsa only (the home and its folders 700, files
600, vault files 400): restricted photos carry GPS, and the database names witnesses, so another
account on the same machine must not read them.
"""

from __future__ import annotations

import os
import secrets
import stat
import sys
from pathlib import Path

DATABASE = "thitsa.sqlite3"
# SQLite gives its journals the database's own mode, once the database is 600.
DATABASE_FILES = (DATABASE, f"{DATABASE}-wal", f"{DATABASE}-shm", f"{DATABASE}-journal")

_warned: set[Path] = set()


def home_dir() -> Path:
    return Path(os.environ.get("THITSA_HOME", "./thitsa-data")).resolve()


def ensure_home() -> Path:
    home = home_dir()
    if home.is_dir():
        _check_home_mode(home)
    else:
        home.parent.mkdir(parents=True, exist_ok=True)
        home.mkdir(mode=0o700, exist_ok=True)
        os.chmod(home, 0o700)
    (home / "keys").mkdir(exist_ok=True)
    os.chmod(home / "keys", 0o700)
    staging_dir()
    tighten_database(home)
    return home


def staging_dir() -> Path:
    """Where uploads and files on their way to an object store wait, inside the home: in the
    system's temporary folder, an original with its GPS lay on a disk that may not be
    encrypted, and stayed there when the server was killed."""
    path = home_dir() / "tmp"
    path.mkdir(mode=0o700, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def tighten_database(home: Path) -> None:
    """The SQLite files 600 (older versions left them 644; SQLite makes them by the umask)."""
    for name in DATABASE_FILES:
        _tighten(home / name, 0o600)


def _check_home_mode(home: Path) -> None:
    mode = stat.S_IMODE(home.stat().st_mode)
    if not mode & 0o077 or home.stat().st_uid != os.geteuid():
        return
    if "THITSA_HOME" not in os.environ:
        # ./thitsa-data is Thitsa's own folder (older versions made it 755): close it.
        os.chmod(home, 0o700)
        print(f"thitsa: {home} was open to other accounts: now 700", file=sys.stderr)
    elif home not in _warned:
        # A folder the user chose and opened up: maybe on purpose (a backup group), so say it
        # rather than change it. What is inside is 600/700 whatever the folder's mode.
        _warned.add(home)
        print(
            f"thitsa: warning: THITSA_HOME {home} is open to other accounts (mode {mode:o}): "
            f"chmod 700 {home}",
            file=sys.stderr,
        )


def _tighten(path: Path, mode: int) -> None:
    try:
        if stat.S_IMODE(path.stat().st_mode) & ~mode:
            os.chmod(path, mode)
    except FileNotFoundError:
        pass


def tighten_vault(home: Path) -> int:
    """Close a vault written by an older Thitsa (folders 755, files 444): folders 700, files 400.

    Walks only when the vault folder itself is still open, so re-running `init` costs nothing.
    Returns how many folders and files were changed.
    """
    vault = home / "vault"
    if not vault.is_dir() or not stat.S_IMODE(vault.stat().st_mode) & 0o077:
        return 0
    changed = 0
    for root, dirs, files in os.walk(vault):
        for name, mode in [(d, 0o700) for d in dirs] + [(f, 0o400) for f in files]:
            path = Path(root) / name
            if not path.is_symlink() and stat.S_IMODE(path.stat().st_mode) & ~mode:
                os.chmod(path, mode)
                changed += 1
    os.chmod(vault, 0o700)
    return changed + 1


def missing() -> str | None:
    """What stops a command from running in this home, or None.

    Checked before Django starts: starting it creates the home and a new secret key, and SQLite
    creates an empty database, so a command run in the wrong folder would leave an empty Thitsa
    behind (and with PostgreSQL, a new field key to encrypt witnesses' details with).
    """
    home = home_dir()
    if os.environ.get("DATABASE_URL"):
        keys_in_env = os.environ.get("THITSA_SECRET_KEY") and os.environ.get("THITSA_FIELD_KEY")
        if home.is_dir() or keys_in_env:
            return None
        return f"no Thitsa home in {home}: run 'thitsa init' (or set THITSA_HOME)"
    if (home / DATABASE).is_file():
        return None
    return no_database()


def no_database() -> str:
    if os.environ.get("DATABASE_URL"):
        return "the database in DATABASE_URL has no Thitsa tables: run 'thitsa init'"
    return f"no Thitsa database in {home_dir()}: run 'thitsa init' (or set THITSA_HOME)"


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
