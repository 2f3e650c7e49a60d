"""`thitsa vault verify [--json]`: re-hash every file, re-check every custody chain; exit 1 if
anything is wrong."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from thitsa.evidence.vault import Summary, verify_all


class Command(BaseCommand):
    help = "Check the evidence vault: every file against its hash, every custody log's chain."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="re-hash the files, re-check the custody logs")
        verify.add_argument("--json", action="store_true", help="one JSON object")

    def handle(self, *args, action: str, **options):
        summary = Summary()
        problems = verify_all(summary)
        if options["json"]:
            out = {
                "ok": not problems,
                "items": summary.items,
                "files": summary.files,
                "entries": summary.entries,
                "problems": [{"evidence": p.evidence, "problem": p.what} for p in problems],
            }
            self.stdout.write(json.dumps(out))
        else:
            for p in problems:
                self.stdout.write(str(p))
            n = len(problems)
            verdict = f"{n} problem{'' if n == 1 else 's'}" if problems else "all intact"
            self.stdout.write(
                f"{summary.items} items, {summary.files} files, {summary.entries} custody "
                f"entries checked: {verdict}"
            )
        if problems:
            sys.exit(1)
