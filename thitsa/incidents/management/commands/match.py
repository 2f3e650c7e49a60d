from __future__ import annotations

from django.core.management.base import BaseCommand

from thitsa.incidents.matching import match_reports


class Command(BaseCommand):
    help = "Group reports not yet linked into incidents and reconcile those incidents."

    def handle(self, *args, **opts):
        self.stdout.write(str(match_reports()))
        from thitsa.search.index import refresh

        self.stdout.write(str(refresh()))
