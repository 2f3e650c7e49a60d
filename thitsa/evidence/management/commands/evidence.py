"""`thitsa evidence add FILE --report ID [--incident PUBLIC_ID]`, `thitsa evidence list` and
`thitsa evidence remake-public-copies`."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thitsa.evidence.models import Evidence
from thitsa.incidents.models import Incident
from thitsa.reports.models import SourceReport


class Command(BaseCommand):
    help = "Add files to the evidence vault, or list what it holds."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a file (stored as received, restricted)")
        add.add_argument("file", help="a photo, video, audio recording or document")
        add.add_argument("--report", action="append", required=True,
                         help="the report it supports: its id, or its file's report_id (the "
                              "export's); repeat for several")  # fmt: skip
        add.add_argument("--incident", action="append", default=[],
                         help="public id of an incident, e.g. MMR-2025-000123")  # fmt: skip
        add.add_argument("--by", default=f"cli:{getpass.getuser()}", help="who adds it")
        ls = sub.add_parser("list", help="list the items in the vault")
        ls.add_argument("--json", action="store_true", help="one JSON object per item")
        remake = sub.add_parser(
            "remake-public-copies",
            help="make every public copy again with this version's scrubber (run after an "
            "upgrade that removes more metadata: PDFs' attached files, annotation authors and "
            "embedded photos' EXIF since 2026-11-30)",
        )
        remake.add_argument("--by", default=f"cli:{getpass.getuser()}", help="who runs it")

    def handle(self, *args, action: str, **options):
        if action == "add":
            return self.add(options)
        if action == "remake-public-copies":
            return self.remake(options["by"])
        return self.list(options["json"])

    def remake(self, by: str):
        changed = total = 0
        items = Evidence.objects.exclude(public_sha256="").order_by("pk")
        for ev in items.iterator():
            total += 1
            if ev.remake_public_copy(by):
                changed += 1
                now = ev.public_key or "none (the file could not be cleaned)"
                self.stdout.write(f"{ev.key}  public copy now {now}")
        self.stdout.write(f"{changed} of {total} public copies made again (the rest were clean)")

    def add(self, options):
        path = Path(options["file"])
        if path.is_dir():
            raise CommandError(f"{path}: a folder; give the file itself")
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if not path.stat().st_size:
            raise CommandError(f"{path}: the file is empty")
        reports = [_report(given) for given in options["report"]]
        incidents = list(Incident.objects.filter(public_id__in=options["incident"]))
        missing = set(options["incident"]) - {i.public_id for i in incidents}
        if missing:
            raise CommandError(f"no such incident: {', '.join(sorted(missing))}")
        with path.open("rb") as fh:
            ev, created = Evidence.add(
                fh, name=path.name, by=options["by"], reports=reports, incidents=incidents
            )
        self.stdout.write(f"{ev.key}  {ev.media_type}  {ev.size} bytes")
        if ev.public_sha256:
            self.stdout.write(f"public copy: {ev.public_key} (restricted until published)")
        elif created:
            self.stdout.write("no public copy: this type stays restricted")
        for other in ev.near_duplicates.all():
            self.stdout.write(f"near-duplicate of {other.key}")
        self.stdout.write("added" if created else "already in the vault: links added")

    def list(self, as_json: bool):
        count = 0
        for ev in Evidence.objects.order_by("added_at", "pk").iterator():
            count += 1
            if as_json:
                row = {"key": ev.key, "media_type": ev.media_type, "size": ev.size,
                       "visibility": ev.visibility, "public_key": ev.public_key,
                       "added_by": ev.added_by, "added_at": ev.added_at.isoformat()}  # fmt: skip
                self.stdout.write(json.dumps(row))
            else:
                self.stdout.write(
                    f"{ev.key}  {ev.media_type:<24} {ev.size:>12}  {ev.visibility:<10} "
                    f"{ev.added_at:%Y-%m-%d}  {ev.added_by}"
                )
        if not as_json:
            self.stdout.write(f"{count} items")


def _report(given: str) -> SourceReport:
    """A report by its database id, or by the id its file gave it (`report_id`, the export's):
    a documenter knows the second ("sdt-A3"), and only the admin or a search showed the first."""
    given = given.strip()
    if given.isdecimal() and (found := SourceReport.objects.filter(pk=int(given)).first()):
        return found
    named = list(SourceReport.objects.filter(external_id=given).select_related("source")[:6])
    if len(named) == 1:
        return named[0]
    if named:
        which = ", ".join(f"{r.pk} ({r.source.name})" for r in named[:5])
        raise CommandError(f"report_id {given!r} is several reports' (ids {which}): give the id")
    raise CommandError(f"no such report: {given}")
