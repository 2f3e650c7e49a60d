from __future__ import annotations

import getpass
import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thitsa.accounts.audit import log_access
from thitsa.publish.credits import dataset_credits
from thitsa.publish.exports import EXPORTERS, PLACE_CREDIT


class Command(BaseCommand):
    help = "Export reports or incidents (to stdout unless -o FILE)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["reports", "incidents"])
        parser.add_argument("--format", default="csv", choices=sorted(EXPORTERS))
        parser.add_argument(
            "--public", action="store_true", help="only published incidents and their reports"
        )
        parser.add_argument("-o", "--output", metavar="FILE", help="a file, or - for stdout")

    def handle(self, *args, **o):
        # Every refusal comes before anything is opened or logged.
        if o["format"] == "acled" and o["what"] != "incidents":
            raise CommandError(
                "ACLED's format has one row per event: export incidents (`thitsa export "
                "incidents --format acled`), or reports as Thitsa CSV (`--format csv`)"
            )
        output = Path(o["output"]) if o["output"] not in (None, "", "-") else None
        if output and output.is_dir():
            raise CommandError(f"{output} is a folder: give a file name, e.g. {output}/x.csv")
        exporter = EXPORTERS[o["format"]]
        if not o["public"]:
            # Restricted records leave the database: logged as the operating-system account
            # that ran the command (whoever has a shell here can read the database anyway).
            log_access(None, "export", o["what"], f"all ({o['format']})", via="cli",
                       username=f"os:{getpass.getuser()}")  # fmt: skip
        if output:
            count = write_file(output, lambda out: exporter(o["what"], out, public=o["public"]),
                               public=o["public"])  # fmt: skip
            self.stderr.write(f"wrote {count:,} {o['what']} to {output}")
        else:
            count = exporter(o["what"], sys.stdout, public=o["public"])
            sys.stdout.flush()
        if not o["public"]:
            # The whole database: restricted incidents, and the reports of testimonies, went
            # out with nothing to say so (figures say "not for publication").
            self.stderr.write(
                "restricted incidents and reports included: not for publication "
                "(--public writes only what the public site shows)"
            )
        # On standard error, so the file stays the data alone.
        credits = [PLACE_CREDIT, *(str(c) for c in dataset_credits())]
        self.stderr.write("Credit where you publish it: " + "; ".join(credits))


def write_file(path: Path, write, public: bool) -> int:
    """Written beside PATH, then renamed over it: an earlier export there is replaced by a whole
    new one, never truncated by an error half-way (the partial file is removed)."""
    try:
        fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as out:
            # Restricted rows are for this account only; published ones are anyone's.
            os.fchmod(out.fileno(), 0o644 if public else 0o600)
            count = write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return count
