"""Where a backup's passphrase comes from: a file, THITSA_BACKUP_PASSPHRASE, or the terminal."""

from __future__ import annotations

import getpass
import os
import sys
import unicodedata

from thitsa.backups.stream import BackupError

ENV = "THITSA_BACKUP_PASSPHRASE"
# A seized backup can be guessed offline for as long as its holder likes; scrypt makes each
# guess cost half a second, which a short passphrase does not outlast. Restore takes any
# length: a backup made before this floor must still open.
MIN_NEW = 12


def add_passphrase_argument(parser) -> None:
    """The same option on `backup` and `restore`."""
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help=f"read the passphrase from FILE's first line (else {ENV}, else it is asked for)",
    )


def _clean(text: str, new: bool) -> bytes:
    # NFC: the same Burmese passphrase typed on two keyboards gives the same bytes.
    text = unicodedata.normalize("NFC", text)
    if not text:
        raise BackupError("an empty passphrase is refused")
    if new and len(text) < MIN_NEW:
        raise BackupError(
            f"the passphrase has {len(text)} characters; a backup needs at least {MIN_NEW} "
            "(a few words together are long and easy to remember). Nothing was written."
        )
    return text.encode("utf-8")


def get_passphrase(path: str | None, confirm: bool) -> bytes:
    """The passphrase from `path` (its first line), else $THITSA_BACKUP_PASSPHRASE, else asked
    on the terminal. `confirm`: a new backup's, asked twice and held to MIN_NEW characters."""
    if path:
        try:
            with open(path, encoding="utf-8") as fh:
                line = fh.readline().rstrip("\r\n")
        except OSError as exc:
            raise BackupError(f"cannot read the passphrase file: {exc}") from None
        except UnicodeDecodeError:
            raise BackupError(
                f"the passphrase file {path} is not UTF-8 text (save it as UTF-8)"
            ) from None
        return _clean(line, confirm)
    if ENV in os.environ:
        return _clean(os.environ[ENV], confirm)
    if not sys.stdin.isatty():
        raise BackupError(
            f"no passphrase: give --passphrase-file FILE or set {ENV} "
            "(not on a terminal, so it cannot be asked for)"
        )
    first = getpass.getpass("Backup passphrase: ")
    if not confirm:
        return _clean(first, new=False)
    chosen = _clean(first, new=True)  # before it is typed again, in vain
    if getpass.getpass("Same passphrase again: ") != first:
        raise BackupError("the two passphrases differ; nothing was done")
    return chosen
