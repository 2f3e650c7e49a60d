from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from thitsa.home import ensure_home, tighten_database, tighten_vault
from thitsa.incidents.matching import match_reports
from thitsa.incidents.models import Incident
from thitsa.places.gazetteer import load_bundled
from thitsa.places.models import Place
from thitsa.reports.loading import import_file
from thitsa.search.index import refresh

DEMO = Path(__file__).resolve().parents[2] / "demo"
DEMO_FILES = [("ucdp_ged_myanmar_2021_2023.csv.gz", "ucdp"), ("reports.csv", "thitsa")]


class Command(BaseCommand):
    help = "Create the data home, migrate, load the gazetteer (and demo data). Safe to re-run."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="also load the demo reports")

    def handle(self, *args, **o):
        home = ensure_home()
        self.stdout.write(f"data home: {home}")
        call_command("migrate", verbosity=0, interactive=False)
        # `thitsa` runs with umask 077; run any other way, migrate made the files by the umask.
        tighten_database(home)
        if closed := tighten_vault(home):
            self.stdout.write(f"vault: {closed:,} folders and files closed to other accounts")
        if not Place.objects.exists():
            self.stdout.write("loading the bundled MIMU gazetteer ...")
            load_bundled()
        self.stdout.write(f"gazetteer: {Place.objects.count():,} places")
        if o["demo"]:
            fresh = not Incident.objects.exists()
            for name, fmt in DEMO_FILES:
                # update: a newer Thitsa's demo files (or its way of reading them) correct
                # the demo reports an older one stored.
                summary = import_file(
                    DEMO / name,
                    fmt,
                    progress=False,
                    on_error=lambda error, name=name: self.stderr.write(f"{name}: {error}"),
                    update=True,
                )
                self.stdout.write(str(summary))
            self.stdout.write(str(match_reports()))
            # Demo data is public data (UCDP GED and published reports), shown on the site; but
            # never publish in bulk into a database that already held real (restricted) work.
            if fresh:
                # updated_at too: the search index follows visibility by it.
                published = Incident.objects.update(visibility="public", updated_at=timezone.now())
                self.stdout.write(f"demo: {published:,} incidents published")
            else:
                self.stdout.write("demo: incidents left restricted (the database had incidents)")
            self.stdout.write(str(refresh()))
        self.stdout.write(f"database: {settings.DATABASES['default']['NAME']}")
