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
            "--by",
            metavar="EMAIL",
            help="who changes it (a staff user's email): the verifiers' log names them, on the "
            "source and on each incident whose grade or counts the change moves",
        )

    def handle(self, *args, **o):
        if not o["name"] and (o["reliability"] or o["kind"]):
            # It listed the sources and set nothing, as if it had worked.
            raise CommandError(
                "give the source's NAME: thitsa source NAME --reliability B --by EMAIL"
            )
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
        if o["reliability"] or o["kind"]:
            from thitsa.incidents.rating import rate_source

            rated = rate_source(source, _staff(o["by"]), o["reliability"] or "", o["kind"] or "")
            if rated.changed:
                word = "incident" if rated.reconciled == 1 else "incidents"
                moved = ", ".join(rated.incidents_changed[:10]) or "none"
                more = len(rated.incidents_changed) - 10
                self.stdout.write(
                    f"{rated.reconciled:,} {word} reconciled; grade or counts changed: {moved}"
                    + (f" and {more:,} more" if more > 0 else "")
                )
        self.stdout.write(f"{source.name}: reliability {source.reliability}, kind {source.kind}")


def _staff(email: str | None):
    """The user a change is logged as: a rating moves published figures, and the log names who
    made it (no log said who turned a contested incident fair)."""
    from django.contrib.auth import get_user_model

    if not email:
        raise CommandError(
            "say who changes it: --by EMAIL (a staff user's; the verifiers' log names them)"
        )
    from thitsa.accounts.roles import CAPABILITIES

    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user has the email {email!r}: `thitsa user list`")
    # The user's role as given (no session here to verify its second factor).
    account = getattr(user, "account", None)
    role = "admin" if user.is_superuser else account.role if account is not None else "public"
    if role not in CAPABILITIES["verify"]:
        # The review pages let verifiers alone rate a source: the log named an analyst.
        raise CommandError(f"{email} may not rate sources: a verifier's or admin's email")
    return user
