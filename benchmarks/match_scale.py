"""Matching at scale: a million reports end to end, and one new report against a million
incidents.

    .venv/bin/python benchmarks/match_scale.py --reports 1000000
    .venv/bin/python benchmarks/match_scale.py --one-vs 1000000 [--samples 200]

--reports N generates N reports as benchmarks/import_match.py does (3-7 outlets per event, place
spellings, casualty wordings), then times `import_file` and `match_reports` and the peak
memory (of this process, and of the largest process it forked).
--one-vs N fills the Incident table with N incidents as benchmarks/figures.py does (not timed),
imports --samples reports without matching them, then matches them one at a time, as a
documenter's form or the API would, and prints the latency percentiles.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import memwatch
from common import header, peak_child_rss_mib, peak_rss_mib, require_empty, setup, timed


def end_to_end(n: int, seed: int) -> None:
    from import_match import generate

    from thitsa.incidents.matching import match_reports
    from thitsa.incidents.models import Incident
    from thitsa.places.resolver import get_resolver
    from thitsa.reports.loading import import_file

    with tempfile.TemporaryDirectory(prefix="thitsa-bench-") as tmp:
        path = Path(tmp) / "reports.csv"
        gen_s, (truth, events) = timed(lambda: generate(path, n, seed))
        print(f"generated {len(truth):,} reports of {events:,} events in {gen_s:.1f} s")
        sys.stdout.flush()
        watcher = memwatch.start()
        resolver_s, _ = timed(get_resolver)
        import_s, summary = timed(lambda: import_file(path, "thitsa", progress=False))
    print(f"import: {import_s:.1f} s ({n / import_s:,.0f} reports/s) -- {summary}")
    sys.stdout.flush()
    match_s, matched = timed(match_reports)
    print(f"match:  {match_s:.1f} s ({n / match_s:,.0f} reports/s) -- {matched}")
    total = resolver_s + import_s + match_s
    together = memwatch.stop(watcher)
    print()
    print(
        "| reports | incidents | resolver start s | import s | match s | total s | peak MiB "
        "| child peak MiB | together peak MiB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {n:,} | {Incident.objects.count():,} | {resolver_s:.1f} | {import_s:.1f} "
        f"| {match_s:.1f} | {total:.1f} | {peak_rss_mib():,.0f} | {peak_child_rss_mib():,.0f} "
        f"| {'n/a' if together is None else f'{together:,.0f}'} |"
    )
    print(
        "together: the peak of this process's and its forked processes' proportional set sizes "
        "summed (shared pages counted once), sampled every 0.5 s or 40 times as long as a "
        "sample takes (2 s or so at 3 GiB); the database server's own memory is not counted."
    )


def one_vs(n: int, samples: int, seed: int) -> None:
    from figures import fill
    from import_match import generate

    from thitsa.incidents.matching import match_reports
    from thitsa.places.adjacency import neighbours
    from thitsa.reports.loading import import_file
    from thitsa.reports.models import SourceReport

    fill_s, _ = timed(lambda: fill(n, seed))
    print(f"filled {n:,} incidents in {fill_s:.1f} s (not measured)")
    with tempfile.TemporaryDirectory(prefix="thitsa-bench-") as tmp:
        path = Path(tmp) / "reports.csv"
        generate(path, samples, seed + 1)
        import_file(path, "thitsa", progress=False)
    neighbours()  # built once per process, as in a running server
    ids = list(SourceReport.objects.filter(incident=None).values_list("id", flat=True))
    times = []
    for report_id in ids:
        started = time.perf_counter()
        match_reports([report_id])
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    q = statistics.quantiles(times, n=100)
    print()
    print("| incidents | reports matched one by one | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(f"| {n:,} | {len(times)} | {q[49]:.1f} | {q[94]:.1f} | {q[98]:.1f} | {times[-1]:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, help="end to end: import and match N reports")
    parser.add_argument("--one-vs", type=int, help="match single reports against N incidents")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not (args.reports or args.one_vs):
        parser.error("give --reports N or --one-vs N")
    init_s = setup()
    from thitsa.incidents.models import Incident
    from thitsa.reports.models import SourceReport

    require_empty(SourceReport, Incident)
    if args.reports:
        header(f"match scale: {args.reports:,} reports end to end", init_s)
        end_to_end(args.reports, args.seed)
    else:
        header(f"match scale: one report against {args.one_vs:,} incidents", init_s)
        one_vs(args.one_vs, args.samples, args.seed)


if __name__ == "__main__":
    main()
