"""Where a backup's passphrase comes from: a file, THITSA_BACKUP_PASSPHRASE, or the terminal."""

from __future__ import annotations

import getpass
import os
import sys
import unicodedata

from thitsa.backups.stream import BackupError

ENV = "THITSA_BACKUP_PASSPHRASE"


def add_passphrase_argument(parser) -> None:
    """The same option on `backup` and `restore`."""
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help=f"read the passphrase from FILE's first line (else {ENV}, else it is asked for)",
    )


def _clean(text: str) -> bytes:
    # NFC: the same Burmese passphrase typed on two keyboards gives the same bytes.
    text = unicodedata.normalize("NFC", text)
    if not text:
        raise BackupError("an empty passphrase is refused")
    return text.encode("utf-8")


def get_passphrase(path: str | None, confirm: bool) -> bytes:
    """The passphrase from `path` (its first line), else $THITSA_BACKUP_PASSPHRASE, else asked
    on the terminal (twice when `confirm`)."""
    if path:
        try:
            with open(path, encoding="utf-8") as fh:
                return _clean(fh.readline().rstrip("\r\n"))
        except OSError as exc:
            raise BackupError(f"cannot read the passphrase file: {exc}") from None
    if ENV in os.environ:
        return _clean(os.environ[ENV])
    if not sys.stdin.isatty():
        raise BackupError(
            f"no passphrase: give --passphrase-file FILE or set {ENV} "
            "(not on a terminal, so it cannot be asked for)"
        )
    first = getpass.getpass("Backup passphrase: ")
    if confirm and getpass.getpass("Same passphrase again: ") != first:
        raise BackupError("the two passphrases differ; nothing was done")
    return _clean(first)
