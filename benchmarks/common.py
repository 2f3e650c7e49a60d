"""Shared by the benchmark scripts: Django set-up, the database in use, timing, the machine.

The scripts run against whichever database the environment selects, as `thitsa` itself does:
PostgreSQL when DATABASE_URL is set, otherwise SQLite in THITSA_HOME. When THITSA_HOME is not
set, a fresh temporary one is made, so a benchmark never touches ./thitsa-data.
"""

from __future__ import annotations

import io
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# State/region P-codes and how much of the conflict each sees (2021-2025: the dry zone, the
# hills and Rakhine carry most of it). Unlisted states get weight 1.
STATE_WEIGHTS = {
    "MMR005": 30,  # Sagaing
    "MMR009": 12,  # Magway
    "MMR010": 9,  # Mandalay
    "MMR004": 7,  # Chin
    "MMR002": 6,  # Kayah
    "MMR014": 4,  # Shan (South)
    "MMR015": 4,  # Shan (North)
    "MMR016": 1,  # Shan (East)
    "MMR012": 7,  # Rakhine
    "MMR003": 4,  # Kayin
    "MMR001": 4,  # Kachin
    "MMR007": 2,  # Bago (East)
    "MMR008": 2,  # Bago (West)
    "MMR011": 2,  # Mon
    "MMR006": 2,  # Tanintharyi
}


def setup() -> float:
    """Configure Django, run `thitsa init` (migrate + gazetteer); return the seconds init took."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thitsa.settings")
    if not os.environ.get("THITSA_HOME"):
        os.environ["THITSA_HOME"] = tempfile.mkdtemp(prefix="thitsa-bench-")
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("init", stdout=io.StringIO())
    return time.perf_counter() - started


def require_empty(*models) -> None:
    """Stop when the database already holds data: figures on a used database mean nothing."""
    for model in models:
        if model.objects.exists():
            sys.exit(
                f"{model._meta.db_table} is not empty: run against a fresh database "
                "(unset THITSA_HOME for SQLite; dropdb/createdb for PostgreSQL)"
            )


def database() -> str:
    """'SQLite 3.40.1 (/tmp/.../thitsa.sqlite3)' or 'PostgreSQL 15.20 (thitsa_bench@127.0.0.1)'."""
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} ({connection.settings_dict['NAME']})"
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SHOW server_version")
            version = cur.fetchone()[0].split()[0]
        s = connection.settings_dict
        return f"PostgreSQL {version} ({s['NAME']}@{s['HOST'] or 'local socket'})"
    return connection.vendor


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        ram = "RAM unknown"
    return f"{os.cpu_count()} cores, {cpu}, {ram}; Python {platform.python_version()}"


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_child_rss_mib() -> float:
    """Peak resident memory of the largest child process ended so far (an import's reader, a
    match's builder: thitsa.forked). It counts the pages the child shares with this process
    (forked, copied on write), so the two peaks overstate what both held at once."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def median_of(fn: Callable[[], object], repeat: int) -> tuple[float, list[float]]:
    times = [timed(fn)[0] for _ in range(repeat)]
    return statistics.median(times), times


def code_version() -> str:
    """The commit, and whether thitsa/ had uncommitted changes when the run started."""
    import hashlib
    import subprocess

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout

    head = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    changed = git("status", "--porcelain", "--", "thitsa").strip()
    if not changed:
        return f"git {head}"
    digest = hashlib.sha256()
    for path in sorted((ROOT / "thitsa").rglob("*.py")):
        digest.update(path.read_bytes())
    return f"git {head} + uncommitted changes in thitsa/ (sources sha256 {digest.hexdigest()[:12]})"


def header(title: str, init_seconds: float) -> None:
    print(f"# {title}")
    print(f"code:     {code_version()}")
    print(f"machine:  {machine()}")
    print(f"database: {database()}")
    print(f"date:     {time.strftime('%Y-%m-%d %H:%M %Z')}")
    print(f"init (migrate + gazetteer): {init_seconds:.1f} s")
    sys.stdout.flush()
