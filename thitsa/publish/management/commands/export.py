from __future__ import annotations

import getpass
import sys

from django.core.management.base import BaseCommand

from thitsa.accounts.audit import log_access
from thitsa.publish.exports import EXPORTERS


class Command(BaseCommand):
    help = "Export reports or incidents (to stdout unless -o FILE)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["reports", "incidents"])
        parser.add_argument("--format", default="csv", choices=sorted(EXPORTERS))
        parser.add_argument(
            "--public", action="store_true", help="only published incidents and their reports"
        )
        parser.add_argument("-o", "--output", metavar="FILE")

    def handle(self, *args, **o):
        exporter = EXPORTERS[o["format"]]
        if not o["public"]:
            # Restricted records leave the database: logged as the operating-system account
            # that ran the command (whoever has a shell here can read the database anyway).
            log_access(None, "export", o["what"], f"all ({o['format']})", via="cli",
                       username=f"os:{getpass.getuser()}")  # fmt: skip
        if o["output"]:
            with open(o["output"], "w", newline="", encoding="utf-8") as out:
                count = exporter(o["what"], out, public=o["public"])
            self.stderr.write(f"wrote {count:,} {o['what']} to {o['output']}")
        else:
            count = exporter(o["what"], sys.stdout, public=o["public"])
            sys.stdout.flush()
