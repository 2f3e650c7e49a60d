from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from thitsa.search.index import rebuild, refresh
from thitsa.search.query import search
from thitsa.search.terms import TooManyPhrases


class Command(BaseCommand):
    help = "Search reports and incidents (English or Burmese, Unicode or Zawgyi)."

    def add_arguments(self, parser):
        # Words without quotes are one query, as typed in the search box ("Depayin school"
        # was refused: "unrecognized arguments").
        parser.add_argument(
            "query", nargs="*", help='words; "quoted words" (in the shell: \'"a b"\') together'
        )
        parser.add_argument("--json", action="store_true", help="stable JSON for scripts")
        parser.add_argument("--limit", type=int, default=20, help="at most this many (20)")
        parser.add_argument(
            "--offset", type=int, default=0, help="skip this many first (the next page's start)"
        )
        parser.add_argument(
            "--public", action="store_true", help="only what anonymous visitors of the site find"
        )
        parser.add_argument(
            "--refresh", action="store_true", help="only index new and changed records"
        )
        parser.add_argument("--rebuild", action="store_true", help="index everything again")

    def handle(self, *args, **o):
        if o["limit"] < 1:
            raise CommandError("--limit must be at least 1")
        if o["offset"] < 0:
            raise CommandError("--offset must be 0 or more")
        o["query"] = " ".join(o["query"])
        if not o["query"] and not (o["refresh"] or o["rebuild"]):
            raise CommandError("give a QUERY, or --refresh / --rebuild to update the index")
        summary = rebuild() if o["rebuild"] else refresh()
        if not o["query"]:
            self.stdout.write(str(summary))
            return
        try:
            results = search(
                o["query"], public_only=o["public"], limit=o["limit"], offset=o["offset"]
            )
        except TooManyPhrases as e:
            raise CommandError(f"{e}: put words that belong together in quotes") from e
        if o["json"]:
            phrases = [str(p) for p in results.phrases]
            out = {
                "query": o["query"],
                "phrases": phrases,
                "read_as_zawgyi": results.read_as_zawgyi,
                "results": [hit.as_json() for hit in results.hits],
                "more": results.more,
                "next_offset": results.next_offset if results.more else None,
            }
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        for hit in results.hits:
            where = hit.incident if hit.kind == "report" and hit.incident else ""
            flag = "" if hit.public else " [restricted]"
            head = f"{hit.kind} {hit.incident if hit.kind == 'incident' else hit.id}"
            self.stdout.write(f"{head}{flag}  {hit.date}  {hit.source}  {where}".rstrip())
            self.stdout.write(f"  {_brackets(hit.title, hit.title_marks)}")
            if hit.snippet:  # a public report's hit has its title only
                self.stdout.write(f"  {_brackets(hit.snippet, hit.snippet_marks)}")
        n = len(results.hits)
        shown = f"{n:,} {'result' if n == 1 else 'results'}"
        if o["offset"]:
            shown += f" after the first {o['offset']:,}"
        if results.more:
            shown += f"; more follow: --offset {results.next_offset}"
        self.stdout.write(shown)


def _brackets(text: str, marks: list[tuple[int, int]]) -> str:
    out, at = [], 0
    for start, end in marks:
        out += [text[at:start], "[", text[start:end], "]"]
        at = end
    return "".join(out) + text[at:]
