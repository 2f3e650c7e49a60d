"""`thitsa places load PATH [PATH...]` / `thitsa places load --bundled`: fill the gazetteer."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from thitsa.places.gazetteer import GazetteerFileError, load_bundled, load_mimu_file


class Command(BaseCommand):
    help = "Load places: the bundled national gazetteer, or MIMU P-code files (CSV or XLSX)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load the bundled gazetteer or MIMU P-code files")
        load.add_argument("paths", nargs="*", help="MIMU P-code files (CSV or XLSX)")
        load.add_argument("--bundled", action="store_true", help="the gazetteer shipped inside")

    def handle(self, *args, action: str, paths: list[str], bundled: bool, **options):
        if not paths and not bundled:
            raise CommandError("Give MIMU P-code files to load, or --bundled.")
        started = time.monotonic()
        total = 0
        if bundled:
            total += load_bundled(self.stdout)
        for path in paths:
            try:
                n = load_mimu_file(path, self.stdout)
            except GazetteerFileError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"{path}: {n} places")
            total += n
        self.stdout.write(f"Loaded {total} places in {time.monotonic() - started:.1f} s.")
