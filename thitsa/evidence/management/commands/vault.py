"""`thitsa vault verify [--json]`: re-hash every file, re-check every custody chain; exit 1 if
anything is wrong."""

from __future__ import annotations

import json
import sys
import time

from django.core.management.base import BaseCommand

from thitsa.evidence.vault import Summary, unrecorded, verify_all


class Command(BaseCommand):
    help = "Check the evidence vault: every file against its hash, every custody log's chain."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="re-hash the files, re-check the custody logs")
        verify.add_argument("--json", action="store_true", help="one JSON object")

    def handle(self, *args, action: str, **options):
        summary = Summary()
        started = time.time()
        problems = verify_all(summary)
        extra = unrecorded(summary, started)
        if options["json"]:
            out = {
                "ok": not problems,
                "items": summary.items,
                "files": summary.files,
                "entries": summary.entries,
                "problems": [{"evidence": p.evidence, "problem": p.what} for p in problems],
                "unrecorded": [{"file": p.evidence, "what": p.what} for p in extra],
            }
            self.stdout.write(json.dumps(out))
        else:
            for p in problems:
                self.stdout.write(str(p))
            if extra:
                self.stdout.write(
                    f"{len(extra)} file{'' if len(extra) == 1 else 's'} in the vault that no "
                    "item records: an add that failed leaves one, and so does an item deleted "
                    "from the database (check who deleted it):"
                )
                for p in extra:
                    self.stdout.write(f"  {p}")
            n = len(problems)
            verdict = f"{n} problem{'' if n == 1 else 's'}" if problems else "all intact"
            self.stdout.write(
                f"{summary.items} items, {summary.files} files, {summary.entries} custody "
                f"entries checked: {verdict}"
            )
        if problems:
            sys.exit(1)
