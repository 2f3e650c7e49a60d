"""The `thitsa` command: a thin face over Django's management commands."""

from __future__ import annotations

import os
import secrets
import signal
import sys
from collections.abc import Iterator

from thitsa.home import home_dir, missing, no_database

COMMANDS = {
    "init": "create the data home, migrate, load the gazetteer (--demo: and demo data)",
    "up": "initialise (demo data when empty) and serve the site",
    "import": "import reports from files: --format thitsa|acled|ucdp|kobo|telegram",
    "match": "group unlinked reports into incidents",
    "source": "list sources, or set one's reliability (A-F): source NAME --reliability B --by "
    "EMAIL",
    "place": "resolve place names to P-codes: place resolve NAME | --file FILE",
    "places": "load a MIMU P-code file into the gazetteer: places load PATH",
    "figure": "count incidents or casualties, with the incidents behind the number",
    "export": "export reports or incidents as CSV, or incidents in ACLED's columns",
    "text": "clean Burmese text, one line out per line in: text clean [--file FILE] [--detect]",
    "user": "people and roles: user add EMAIL --role ROLE | list | role | disable | enable | reset",
    "search": "search reports and incidents in English or Burmese: search QUERY [--json]",
    "backup": "write one encrypted archive of database, keys and vault: backup FILE",
    "restore": "restore a backup into an empty home, checking every file: restore FILE",
    "evidence": "the evidence vault: evidence add FILE --report ID [--incident ID] | list",
    "vault": "check every evidence file and custody log: vault verify [--json] [--anchor LINE]"
    " | anchor",
}
# The commands that make a home and its database; every other one of ours needs them first,
# but text, which only reads text and writes it.
CREATORS = {"init", "up", "restore"}
NO_DATABASE = {"text"}


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
    if args[0] in COMMANDS or args[0] == "migrate":
        # What these write (database and journals, vault, keys, exports) is for this account
        # only: restricted photos and witnesses' details must not be readable by others. Not
        # for all of Django's: collectstatic writes for a front server to read.
        os.umask(0o077)
    if asks_help(args) or args[0] in NO_DATABASE:
        if not home_dir().exists():
            # Django's settings want a secret key, and reading one creates a home: these sign
            # nothing, so a throwaway key lets them run and leave nothing behind.
            os.environ.setdefault("THITSA_SECRET_KEY", secrets.token_hex(50))
    elif args[0] in COMMANDS and args[0] not in CREATORS and (problem := missing()):
        sys.exit(problem)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thitsa.settings")
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    try:
        execute_from_command_line(["thitsa", *args])
        # Flushed here, not at exit, so a closed pipe is handled below.
        sys.stdout.flush()
    except BrokenPipeError:
        stop_quietly()
    except DatabaseError:
        if "--traceback" in args or (why := database_problem()) is None:
            raise
        sys.exit(why)


def asks_help(args: list[str]) -> bool:
    return args[0] in ("help", "version", "--version") or "-h" in args or "--help" in args


def stop_quietly() -> None:
    """The reader went away (`thitsa export | head -1`): stop, silent, as Unix tools do."""
    # Standard output to /dev/null, so the interpreter's last flush cannot fail again; standard
    # error too, for the noise of the teardown (a half-read query's cursor, closed after its
    # connection) is no news to anyone.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.dup2(devnull, sys.stderr.fileno())
    sys.exit(128 + signal.SIGPIPE)


def database_problem() -> str | None:
    """A one-line reason when a database error means "not initialised" or "not reachable"."""
    from django.db import DatabaseError, connection

    try:
        tables = connection.introspection.table_names()
    except DatabaseError as unreachable:
        return f"cannot reach the database: {str(unreachable).strip().splitlines()[0]}"
    return None if "django_migrations" in tables else no_database()


def text_lines(file: str) -> Iterator[str]:
    """The lines of FILE (`-`: standard input) without their ends, read as UTF-8 (a BOM is
    skipped). A file that cannot be read, or a line that is not UTF-8 text, is a one-line
    CommandError that names the line."""
    from django.core.management.base import CommandError

    label = "standard input" if file == "-" else file
    try:
        fh = _stdin_bytes() if file == "-" else open(file, "rb")  # noqa: SIM115
    except OSError as exc:
        raise CommandError(f"{file}: {exc.strerror}") from None
    with fh:
        try:
            # A line ends at \n (or \r\n) only: a stray \r inside a line (a field pasted
            # from an old Mac file) split it in two, one line in giving two out.
            for n, raw in enumerate(fh, 1):
                line = raw if isinstance(raw, str) else _decoded(raw, n, label)
                if n == 1:
                    line = line.removeprefix("\ufeff")
                if "\x00" in line:
                    # UTF-16 without its byte-order mark reads as text with a NUL after
                    # every letter: names resolved with them dropped, or not at all.
                    raise CommandError(
                        f"{label}, line {n}: holds a NUL character: is it UTF-16? Save it "
                        "as UTF-8 first"
                    )
                yield line.rstrip("\r\n")
        except OSError as exc:
            raise CommandError(f"{label}: {exc.strerror}") from None


def _decoded(raw: bytes, n: int, label: str) -> str:
    from django.core.management.base import CommandError

    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # Refused, not guessed at: a replaced or passed-through byte would change a name or
        # a testimony without anyone seeing it.
        raise CommandError(f"{label}: not UTF-8 text (line {n}): save it as UTF-8 first") from None


def _stdin_bytes():
    # Strict UTF-8 whatever the locale: under LANG=C Python would carry undecodable bytes
    # through as they came. Tests give a StringIO, which has no bytes under it: its lines.
    return getattr(sys.stdin, "buffer", None) or sys.stdin
