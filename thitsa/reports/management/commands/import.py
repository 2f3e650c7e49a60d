from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from thitsa.reports.importers import IMPORTERS
from thitsa.reports.importers.kobo import MappingError, load_mapping
from thitsa.reports.loading import ImportFormatError, ImportSummary, import_file, unreadable
from thitsa.reports.records import RowError

# What refuses one file (its encoding, its header, its JSON): the next file is still imported.
REFUSALS = (ImportFormatError, RowError, UnicodeDecodeError)


class Command(BaseCommand):
    help = "Import reports from a file (idempotent: a row imported twice is stored once)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", "-f", required=True, choices=sorted(IMPORTERS))
        parser.add_argument(
            "--no-match", action="store_true", help="store the reports but do not group them"
        )
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--update",
            action="store_true",
            help="a row that comes again with other facts corrects its stored report (a "
            "source's correction, a dataset's revision); without it such a row is refused",
        )
        parser.add_argument(
            "--mapping",
            metavar="FILE",
            help="kobo: YAML mapping of form questions to Thitsa fields "
            "(see thitsa/reports/samples/kobo_mapping.yaml)",
        )

    def handle(self, *args, **opts):
        self.stage = "reading"
        try:
            self.run(opts)
        except KeyboardInterrupt:
            # Ctrl-C: no traceback, and what to do next. What was stored stays stored.
            again = "run the same import again (it skips what is stored), then `thitsa match`"
            if self.stage == "matching":
                again = "`thitsa match` groups what was stored"
            raise CommandError(f"interrupted while {self.stage}: {again}") from None

    def run(self, opts):
        if opts["mapping"] and opts["format"] != "kobo":
            raise CommandError("--mapping is only for --format kobo")
        if opts["mapping"]:
            try:
                load_mapping(opts["mapping"])  # once, not once for each file it would refuse
            except MappingError as exc:
                raise CommandError(str(exc)) from exc
        # All of them before any: a typo in the last path would otherwise stop the import
        # half-way through the list.
        unusable = [f"{path}: {why}" for path in opts["paths"] if (why := unreadable(path))]
        if unusable:
            raise CommandError("nothing imported:\n" + "\n".join(unusable))
        summaries, refused, failed = [], [], None
        for path in opts["paths"]:
            summary = ImportSummary(path)
            summaries.append(summary)
            try:
                import_file(
                    path,
                    opts["format"],
                    progress=False if opts["no_progress"] else None,
                    on_error=lambda e, p=path: self.stderr.write(f"{p}: {e}"),
                    options={"mapping": opts["mapping"]} if opts["mapping"] else None,
                    summary=summary,
                    update=opts["update"],
                )
            except REFUSALS as exc:
                refused.append(str(exc) if isinstance(exc, ImportFormatError) else f"{path}: {exc}")
                if not summary.read:
                    continue  # refused at its start: nothing to report but why
            except Exception as exc:
                failed = exc  # storing failed (the disk, the database): no use going on
            self.stdout.write(str(summary))
            if failed:
                break
            if not summary.read:
                self.stderr.write(f"{path}: {_no_rows(opts['format'])}")
        # What was stored is grouped and indexed whether or not every file was read to its end.
        self.stage = "matching"
        self.match_and_index(opts)
        if failed:
            raise failed
        problems = refused + ([_rejected(summaries)] if any(s.errors for s in summaries) else [])
        if problems:
            raise CommandError("\n".join(problems))

    def match_and_index(self, opts) -> None:
        if not opts["no_match"]:
            from thitsa.incidents.matching import match_reports

            self.stdout.write(str(match_reports()))
        from thitsa.search.index import refresh

        self.stdout.write(str(refresh()))


def _no_rows(fmt: str) -> str:
    if fmt == "telegram":
        return "no posts that tell of an attack or casualties"
    return "no rows (the file is empty or has only its header)"


def _rejected(summaries: list[ImportSummary]) -> str:
    rejected = sum(s.rejected for s in summaries)
    if any(s.created for s in summaries):
        return f"{_rows(rejected)} rejected; the other rows were imported"
    existing = sum(s.existing for s in summaries)
    if not existing:
        return f"{_rows(rejected)} rejected; no row was imported"
    others = "the other row was" if existing == 1 else "the other rows were"
    return f"{_rows(rejected)} rejected; {others} already stored"


def _rows(n: int) -> str:
    return f"{n:,} row" if n == 1 else f"{n:,} rows"
