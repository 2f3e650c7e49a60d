from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from thitsa.reports.models import RELIABILITY, SOURCE_KINDS, Source


class Command(BaseCommand):
    help = "List sources, or set a source's reliability (Admiralty A-F) and kind."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="the source's name, as imported")
        parser.add_argument("--reliability", choices=[c for c, _l in RELIABILITY])
        parser.add_argument("--kind", choices=[c for c, _l in SOURCE_KINDS])
        parser.add_argument(
            "--no-reconcile",
            action="store_true",
            help="do not recompute the incidents of its reports now",
        )

    def handle(self, *args, **o):
        if not o["name"] and (o["reliability"] or o["kind"]):
            # It listed the sources and set nothing, as if it had worked.
            raise CommandError("give the source's NAME: thitsa source NAME --reliability B")
        if not o["name"]:
            for s in Source.objects.all():
                self.stdout.write(
                    f"{s.reliability}  {s.kind:<13} {s.reports.count():>7,}  {s.name}"
                )
            return
        # The name as written first; else in any case, if that names one source only.
        source = Source.objects.filter(name=o["name"]).first()
        if source is None:
            alike = list(Source.objects.filter(name__iexact=o["name"])[:5])
            if len(alike) > 1:
                names = ", ".join(repr(s.name) for s in alike)
                raise CommandError(f"{o['name']!r} could be {names}: give the name exactly")
            source = alike[0] if alike else None
        if source is None:
            raise CommandError(f"no source is called {o['name']!r}: `thitsa source` lists them")
        changed = [f for f in ("reliability", "kind") if o[f] and o[f] != getattr(source, f)]
        for f in changed:
            setattr(source, f, o[f])
        source.save()
        if changed and not o["no_reconcile"]:
            from thitsa.incidents.reconcile import reconcile_incidents

            ids = source.reports.exclude(incident=None).values_list("incident_id", flat=True)
            n = reconcile_incidents(set(ids))
            self.stdout.write(f"{n:,} incidents reconciled")
        self.stdout.write(f"{source.name}: reliability {source.reliability}, kind {source.kind}")
