from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from thitsa.backups.archive import write_backup
from thitsa.backups.passphrase import add_passphrase_argument, get_passphrase
from thitsa.backups.stream import BackupError


class Command(BaseCommand):
    help = (
        "Write one encrypted archive of the database, the keys and the vault, while the site "
        "runs. FILE `-` writes to stdout."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        add_passphrase_argument(parser)

    def handle(self, *args, **opts):
        # Stopped (kill, a closed terminal), a backup still removes its snapshot of the
        # database and its partial archive on the way out. Only the main thread may set
        # handlers, and the process's own come back afterwards (call_command from a server).
        if threading.current_thread() is not threading.main_thread():
            return self._backup(opts)
        before = {stop: signal.signal(stop, _exit) for stop in (signal.SIGTERM, signal.SIGHUP)}
        try:
            return self._backup(opts)
        finally:
            for stop, handler in before.items():
                signal.signal(stop, handler)

    def _backup(self, opts):
        home = Path(settings.THITSA_HOME)
        if opts["file"] != "-":
            # Before the passphrase is asked for, twice, in vain.
            refuse_unwritable(Path(opts["file"]))
        try:
            passphrase = get_passphrase(opts["passphrase_file"], confirm=True)
            if opts["file"] == "-":
                summary = write_backup(sys.stdout.buffer, passphrase, home)
                sys.stdout.buffer.flush()
                where, say = "stdout", self.stderr.write
            else:
                where, say = opts["file"], self.stdout.write
                summary = _write_file(Path(opts["file"]), passphrase, home)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except DatabaseError as exc:
            raise CommandError(f"cannot reach the database: {exc}") from exc
        except OSError as exc:
            # A full disk, a vault file that cannot be read: the partial file is gone already.
            raise CommandError(f"backup stopped: {exc}") from exc
        notes = [
            f" (note: {var} is set in the environment, so that key is not in the backup)"
            for var in ("THITSA_SECRET_KEY", "THITSA_FIELD_KEY")
            if os.environ.get(var)
        ]
        if bucket := getattr(settings, "THITSA_VAULT_S3_BUCKET", ""):
            notes.append(f" (note: the vault is in the S3 bucket {bucket!r}, not in this archive)")
        say(
            f"backup {where}: database ({summary.engine}), {len(summary.keys)} keys, "
            f"{summary.vault_files:,} vault files; {summary.bytes_in / 1e6:,.1f} MB in, "
            f"{summary.bytes_out / 1e6:,.1f} MB encrypted" + "".join(notes)
        )


def _exit(signum, _frame) -> None:
    raise SystemExit(128 + signum)


def refuse_unwritable(path: Path) -> None:
    if path.is_dir():
        raise CommandError(f"{path} is a folder: give a file name, e.g. {path}/thitsa.backup")
    if not path.parent.is_dir():
        raise CommandError(f"cannot write {path}: no folder {path.parent}")


def _write_file(path: Path, passphrase: bytes, home: Path):
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an old .partial may have had another mode
    try:
        with os.fdopen(fd, "wb") as out:
            summary = write_backup(out, passphrase, home)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    # The rename itself survives a power cut only once the folder is synced.
    dirfd = os.open(path.parent.resolve(), os.O_RDONLY)
    try:
        os.fsync(dirfd)
    finally:
        os.close(dirfd)
    return summary
