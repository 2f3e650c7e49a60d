from __future__ import annotations

import argparse

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from waitress import create_server

from thitsa.incidents.models import Incident
from thitsa.reports.models import SourceReport


def port(value: str) -> int:
    # Outside 1-65535 the operating system wraps the number (99999 listens on 34463).
    if not value.isdecimal() or not 1 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port: use 1-65535")
    return int(value)


def threads(value: str) -> int:
    if not value.isdecimal() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: use 1 or more threads")
    return int(value)


class Command(BaseCommand):
    help = (
        "Initialise (with demo data when empty) and serve the site with a production WSGI server."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=port, default=8000)
        parser.add_argument("--threads", type=threads, default=8)

    def handle(self, *args, **o):
        from thitsa.wsgi import application

        # The port is taken first: one in use is said at once, not after "running" (and not
        # after loading the demo data).
        try:
            server = create_server(application, host=o["host"], port=o["port"],
                                   threads=o["threads"], ident="thitsa")  # fmt: skip
        except (OSError, ValueError) as exc:
            why = getattr(exc, "strerror", None) or exc
            raise CommandError(f"cannot listen on {o['host']}:{o['port']}: {why}") from None
        try:
            call_command("migrate", verbosity=0, interactive=False)
            empty = not Incident.objects.exists() and not SourceReport.objects.exists()
            call_command("init", demo=empty, stdout=self.stdout)
        except BaseException:
            server.close()
            raise
        self.stdout.write(f"Thitsa is running on http://{o['host']}:{o['port']}/ (Ctrl-C stops it)")
        server.run()
