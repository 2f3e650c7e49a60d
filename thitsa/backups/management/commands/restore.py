from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from thitsa.backups.archive import read_backup, refuse_unless_empty
from thitsa.backups.passphrase import add_passphrase_argument, get_passphrase
from thitsa.backups.stream import BackupError


class Command(BaseCommand):
    help = (
        "Restore a backup into an empty THITSA_HOME (and, with DATABASE_URL, an empty "
        "database), then check every file against the archive's manifest. FILE `-` reads stdin."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        add_passphrase_argument(parser)

    def handle(self, *args, **opts):
        home = Path(settings.THITSA_HOME)
        try:
            src = sys.stdin.buffer if opts["file"] == "-" else open(opts["file"], "rb")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"cannot read the backup: {exc}") from exc
        try:
            refuse_unless_empty(home)
            passphrase = get_passphrase(opts["passphrase_file"], confirm=False)
            summary = read_backup(src, passphrase, home)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except DatabaseError as exc:
            raise CommandError(f"cannot reach the database: {exc}") from exc
        finally:
            src.close()
        self.stdout.write(
            f"restored {summary.vault_files:,} vault files, database ({summary.engine}), "
            f"{len(summary.keys)} keys ({', '.join(summary.keys)}) into {home}; "
            "all hashes verified"
        )
