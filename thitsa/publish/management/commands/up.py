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
        for warning in _unsafe(o["host"]):
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(f"Thitsa is running on http://{o['host']}:{o['port']}/ (Ctrl-C stops it)")
        server.run()


def _unsafe(host: str) -> list[str]:
    """What makes this server unsafe to reach: it said nothing of debug pages (every
    setting and query shown on an error) served over plain http to the network."""
    from django.conf import settings

    out = []
    if settings.DEBUG:
        out.append(
            "THITSA_DEBUG is on: an error page shows settings, queries and data to whoever "
            "caused it; never with real data or on a network"
        )
    if host not in ("127.0.0.1", "localhost", "::1"):
        out.append(
            f"listening on {host}, over plain http: passwords and witnesses' details cross "
            "the network unencrypted. Put a proxy with https in front "
            "(THITSA_ENV=production, THITSA_BEHIND_PROXY=true) or stay on 127.0.0.1"
        )
    if "*" in settings.ALLOWED_HOSTS:
        out.append("THITSA_ALLOWED_HOSTS holds '*': name the site's own host names")
    return out
