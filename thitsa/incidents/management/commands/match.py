from __future__ import annotations

from django.core.management.base import BaseCommand

from thitsa.exclusive import exclusive
from thitsa.incidents.matching import match_reports
from thitsa.incidents.models import Incident
from thitsa.incidents.reconcile import reconcile_incidents


class Command(BaseCommand):
    help = "Group reports not yet linked into incidents and reconcile those incidents."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reconcile",
            action="store_true",
            help="also work out every incident's counts, place and grade again from its reports "
            "(after an upgrade that changes how they are worked out)",
        )

    def handle(self, *args, **opts):
        self.stdout.write(str(match_reports()))
        if opts["reconcile"]:
            with exclusive("match"):
                done = reconcile_incidents(Incident.objects.values_list("pk", flat=True))
            self.stdout.write(f"{done:,} incidents reconciled")
        from thitsa.search.index import refresh

        self.stdout.write(str(refresh()))
