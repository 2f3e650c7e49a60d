"""The `thitsa` command: a thin face over Django's management commands."""

from __future__ import annotations

import os
import sys

COMMANDS = {
    "init": "create the data home, migrate, load the gazetteer (--demo: and demo data)",
    "up": "initialise (demo data when empty) and serve the site",
    "import": "import reports from a file: --format thitsa|ucdp",
    "match": "group unlinked reports into incidents",
    "source": "list sources, or set one's reliability (A-F): source NAME --reliability B",
    "place": "resolve place names to P-codes: place resolve NAME | --file FILE",
    "places": "load a MIMU P-code file into the gazetteer: places load PATH",
    "figure": "count incidents or casualties, with the incidents behind the number",
    "export": "export reports or incidents as CSV",
    "text": "clean Burmese text, one line out per line in: text clean [--file FILE] [--detect]",
    "user": "people and roles: user add EMAIL --role ROLE (prints a one-time link) | list",
    "search": "search reports and incidents in English or Burmese: search QUERY [--json]",
    "backup": "write one encrypted archive of database, keys and vault: backup FILE",
    "restore": "restore a backup into an empty home, checking every file: restore FILE",
    "evidence": "the evidence vault: evidence add FILE --report ID [--incident ID] | list",
    "vault": "check every evidence file and custody log: vault verify [--json]",
}


def usage() -> str:
    width = max(map(len, COMMANDS))
    lines = ["usage: thitsa COMMAND [options]   (thitsa COMMAND --help for its options)", ""]
    lines += [f"  {name:<{width}}  {text}" for name, text in COMMANDS.items()]
    lines += ["", "Django's own commands (migrate, createsuperuser, ...) work too."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help", "help") and len(args) == 1:
        print(usage())
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thitsa.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["thitsa", *args])
