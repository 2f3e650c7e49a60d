"""`thitsa place resolve NAME | --file FILE [--json] [--limit N]`: which places a name means."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from thitsa.places.models import Place
from thitsa.places.resolver import Match, get_resolver


def match_json(m: Match) -> dict:
    return {"pcode": m.pcode, "level": m.level, "name_en": m.name_en, "name_my": m.name_my,
            "township_pcode": m.township_pcode, "score": m.score}  # fmt: skip


class Command(BaseCommand):
    help = "Resolve free-text place names to gazetteer places (P-codes), best first."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        res = sub.add_parser("resolve", help="resolve place names")
        res.add_argument("name", nargs="*", help='e.g. "O Htein Kwin village, Depayin Township"')
        res.add_argument("--file", help="one name a line; - reads standard input")
        res.add_argument("--json", action="store_true", help="one JSON object per input line")
        res.add_argument("--limit", type=int, default=5, help="matches per name (default 5)")

    def handle(self, *args, action: str, name: list[str], file: str | None, **options):
        if file:
            fh = sys.stdin if file == "-" else open(file, encoding="utf-8-sig")  # noqa: SIM115
            with fh:
                queries = [line.rstrip("\r\n") for line in fh if line.strip()]
        else:
            queries = [" ".join(name)] if name else []
        if not queries:
            raise CommandError("Give a place name, or --file FILE (- for standard input).")
        if not Place.objects.exists():
            raise CommandError("The gazetteer is empty: run `thitsa places load --bundled`.")
        resolver = get_resolver()
        found = 0
        for query in queries:
            matches = resolver.resolve(query, limit=options["limit"])
            found += bool(matches)
            if options["json"]:
                out = {"query": query, "matches": [match_json(m) for m in matches]}
                self.stdout.write(json.dumps(out, ensure_ascii=False))
            else:
                self.write_table(query, matches)
        if not options["json"]:
            self.stdout.write(f"{found} of {len(queries)} names matched.")

    def write_table(self, query: str, matches: list[Match]) -> None:
        self.stdout.write(f"{query}")
        if not matches:
            self.stdout.write("  no match")
            return
        tied = sum(1 for m in matches if m.score == matches[0].score)
        if tied > 1:
            self.stdout.write(f"  ambiguous: {tied} places match equally well")
        for i, m in enumerate(matches):
            mark = "best" if i == 0 else "    "
            self.stdout.write(
                f"  {mark} {m.score:5.1f}  {m.pcode:<16} {m.level:<9} {m.name_en}"
                f"{' · ' + m.name_my if m.name_my else ''}  (township {m.township_pcode or '-'})"
            )
