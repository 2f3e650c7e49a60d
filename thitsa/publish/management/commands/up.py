from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand
from waitress import serve

from thitsa.incidents.models import Incident
from thitsa.reports.models import SourceReport


class Command(BaseCommand):
    help = (
        "Initialise (with demo data when empty) and serve the site with a production WSGI server."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, **o):
        call_command("migrate", verbosity=0, interactive=False)
        empty = not Incident.objects.exists() and not SourceReport.objects.exists()
        call_command("init", demo=empty, stdout=self.stdout)
        from thitsa.wsgi import application

        self.stdout.write(f"Thitsa is running on http://{o['host']}:{o['port']}/ (Ctrl-C stops it)")
        serve(application, host=o["host"], port=o["port"], threads=o["threads"], ident="thitsa")
