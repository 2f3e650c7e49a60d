"""`thitsa vault verify [--json] [--anchor LINE]`: re-hash every file, re-check every custody
chain (and the logs against an anchor kept outside); exit 1 if anything is wrong.
`thitsa vault anchor`: print that anchor (thitsa.evidence.anchor)."""

from __future__ import annotations

import json
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from thitsa.evidence import anchor
from thitsa.evidence.vault import Problem, Summary, unrecorded, verify_all


class Command(BaseCommand):
    help = "Check the evidence vault: every file against its hash, every custody log's chain."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="re-hash the files, re-check the custody logs")
        verify.add_argument("--json", action="store_true", help="one JSON object")
        verify.add_argument(
            "--anchor",
            metavar="LINE",
            help="also check the custody logs against an anchor `vault anchor` printed",
        )
        sub.add_parser(
            "anchor",
            help="print one line that pins every custody log as it stands: keep it elsewhere",
        )

    def handle(self, *args, action: str, **options):
        if action == "anchor":
            return self.anchor()
        pinned = None
        if options.get("anchor") is not None:
            try:
                pinned = anchor.check(options["anchor"])
            except anchor.BadAnchor as e:
                raise CommandError(str(e)) from None
        summary = Summary()
        started = time.time()
        problems = verify_all(summary)
        extra = unrecorded(summary, started)
        if pinned:
            problems.append(Problem("anchor", pinned))
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
            pinned_too = " and the anchor" if options.get("anchor") is not None else ""
            self.stdout.write(
                f"{summary.items} items, {summary.files} files, {summary.entries} custody "
                f"entries{pinned_too} checked: {verdict}"
            )
        if problems:
            sys.exit(1)

    def anchor(self) -> None:
        try:
            line = anchor.make()
        except anchor.BadAnchor as e:
            raise CommandError(str(e)) from None
        self.stdout.write(line)
        self.stderr.write(
            "Keep this line away from this machine (send it to a partner, print it). Later, "
            "`thitsa vault verify --anchor LINE` shows whether any custody entry up to now "
            "was changed or removed, even by someone who could rewrite the database."
        )
