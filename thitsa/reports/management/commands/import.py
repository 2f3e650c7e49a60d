from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from thitsa.reports.importers import IMPORTERS
from thitsa.reports.loading import ImportFormatError, import_file
from thitsa.reports.records import RowError


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
            "--mapping",
            metavar="FILE",
            help="kobo: YAML mapping of form questions to Thitsa fields "
            "(see thitsa/reports/samples/kobo_mapping.yaml)",
        )

    def handle(self, *args, **opts):
        if opts["mapping"] and opts["format"] != "kobo":
            raise CommandError("--mapping is only for --format kobo")
        rejected = 0
        for path in opts["paths"]:
            try:
                summary = import_file(
                    path,
                    opts["format"],
                    progress=False if opts["no_progress"] else None,
                    on_error=lambda e, p=path: self.stderr.write(f"{p}: {e}"),
                    options={"mapping": opts["mapping"]} if opts["mapping"] else None,
                )
            except ImportFormatError as exc:
                raise CommandError(str(exc)) from exc
            except (RowError, UnicodeDecodeError) as exc:
                raise CommandError(f"{path}: {exc}") from exc
            rejected += summary.rejected
            self.stdout.write(str(summary))
        if not opts["no_match"]:
            from thitsa.incidents.matching import match_reports

            self.stdout.write(str(match_reports()))
        from thitsa.search.index import refresh

        self.stdout.write(str(refresh()))
        if rejected:
            raise CommandError(f"{rejected} row(s) rejected; the other rows were imported")
