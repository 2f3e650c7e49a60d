"""Figures: `thitsa figure` over N generated incidents, timed as a user runs it.

    .venv/bin/python benchmarks/figures.py [--incidents 1000000] [--seed 1] [--repeat 3] [--explain]

The Incident table is filled directly (raw INSERTs on SQLite, COPY on PostgreSQL; the fill is
not part of the figures) with incidents spread over 2021-2025 and over real townships and
villages (weighted toward the states that see most of the conflict); place, township, state and
place_path are copied from the Place row as matching and reconciliation set them. Each query
then runs through `call_command("figure", ...)` (the median of --repeat runs), once more as
evaluate(..., with_incidents=False) to separate the value from the list of incident ids behind
it, and two cases also as a subprocess `python -m thitsa figure ... --json > /dev/null`, start-up
included. --explain prints each query's plan.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

from common import ROOT, STATE_WEIGHTS, header, median_of, peak_rss_mib, require_empty, setup, timed

YEARS = {2021: 14, 2022: 20, 2023: 22, 2024: 25, 2025: 19}
TYPES = [
    ("Explosions/Remote violence", "Air/drone strike", 35),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 15),
    ("Battles", "Armed clash", 25),
    ("Violence against civilians", "Attack", 20),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 5),
]
MEANS = {
    "Air/drone strike": ["airstrike", "airstrike_fixed_wing", "drone", "airstrike_helicopter"],
    "Shelling/artillery/missile attack": ["artillery"],
    "Armed clash": ["ground_raid"],
    "Attack": ["ground_raid", "arson"],
    "Remote explosive/landmine/IED": ["landmine"],
}
TARGETS = [
    ("school", 0.07),
    ("health_facility", 0.03),
    ("religious_site", 0.05),
    ("idp_camp", 0.03),
    ("market", 0.02),
    ("residential", 0.35),
    ("gathering", 0.01),
]
WEAPONS = [
    ("cluster_munition", 0.02),
    ("incendiary", 0.02),
    ("unguided_bomb", 0.1),
    ("small_arms", 0.1),
]
PERPETRATORS = ["Myanmar military", "Pyu Saw Htee", "PDF", "unknown"]
GRADES = ["confirmed", "fair", "fair", "weak", "weak", "weak", "contested"]


def places():
    from thitsa.places.models import Place

    fields = ("pcode", "level", "township_id", "state_id", "path", "lat", "lon")
    townships = defaultdict(list)
    for p in Place.objects.filter(level="township").values(*fields):
        townships[p["state_id"]].append(p)
    villages = defaultdict(list)
    for p in Place.objects.filter(level="village").values(*fields):
        villages[p["township_id"]].append(p)
    states = {p["pcode"]: p for p in Place.objects.filter(level="state").values(*fields)}
    return states, townships, villages


def generate(n: int, seed: int, per_village: Counter, gazetteer):
    """Yield incident rows as dicts of column -> value; count incidents per village."""
    rng = random.Random(seed)
    states, townships, villages = gazetteer
    codes = [s for s in states if townships.get(s)]
    weights = [STATE_WEIGHTS.get(s, 1) for s in codes]
    # Some townships see far more than others: a Zipf-like weight inside each state.
    tsp_w = {s: [1 / (i + 1) ** 0.8 for i in range(len(townships[s]))] for s in codes}
    for s in codes:
        rng.shuffle(townships[s])
    years, year_w = list(YEARS), list(YEARS.values())
    counters = Counter()
    now = datetime.now(UTC)
    for _ in range(n):
        state = rng.choices(codes, weights)[0]
        township = rng.choices(townships[state], tsp_w[state])[0]
        r = rng.random()
        if r < 0.55 and villages.get(township["pcode"]):
            # Villages near the front see repeated strikes: favour the first tenth of them.
            vils = villages[township["pcode"]]
            place = rng.choice(vils[: max(1, len(vils) // 10)] if rng.random() < 0.5 else vils)
            per_village[place["pcode"]] += 1
            geo = "exact"
        elif r < 0.95:
            place, geo = township, "township"
        else:
            place, geo = states[state], "state"
        year = rng.choices(years, year_w)[0]
        start = date(year, 2, 1) if year == 2021 else date(year, 1, 1)
        day = start + timedelta(days=rng.randrange((date(year, 12, 31) - start).days + 1))
        counters[year] += 1
        event_type, sub, _w = rng.choices(TYPES, [t[2] for t in TYPES])[0]
        targets = [c for c, p in TARGETS if rng.random() < p]
        weapons = [c for c, p in WEAPONS if rng.random() < p]
        killed = int(rng.expovariate(1 / 3)) if rng.random() < 0.7 else 0
        injured = int(rng.expovariate(1 / 4)) if rng.random() < 0.6 else 0
        children = rng.randint(0, killed // 3) if killed > 2 else 0
        sources = rng.randint(1, 7)
        yield {
            "public_id": f"MMR-{year}-{counters[year]:06d}",
            "date": day,
            "date_precision": "day" if rng.random() < 0.95 else "month",
            "place_id": place["pcode"],
            "township_id": place["township_id"],
            "state_id": place["state_id"],
            "place_path": place["path"],
            "geo_precision": geo,
            "latitude": place["lat"],
            "longitude": place["lon"],
            "event_type": event_type,
            "sub_event_type": sub,
            "attack_means": rng.choice(MEANS[sub]),
            "targets": f";{';'.join(targets)};" if targets else "",
            "weapons": f";{';'.join(weapons)};" if weapons else "",
            "perpetrator": rng.choice(PERPETRATORS),
            "killed_min": killed,
            "killed_max": killed + (rng.randint(0, 5) if killed else 0),
            "injured_min": injured,
            "injured_max": injured + (rng.randint(0, 5) if injured else 0),
            "killed_children_min": children,
            "killed_children_max": children,
            "injured_children_min": 0,
            "injured_children_max": 0,
            "grade": "confirmed" if sources >= 4 else rng.choice(GRADES),
            "source_count": sources,
            "summary_en": f"{sub} in {place['pcode']}: {killed} killed, {injured} injured",
            "summary_my": "",
            "visibility": "public",
            "created_at": now,
            "updated_at": now,
        }


def fill(n: int, seed: int) -> str:
    """Fill the Incident table; return the busiest village's P-code."""
    from django.db import connection, transaction

    from thitsa.incidents.models import Incident

    fields = [f for f in Incident._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    table = Incident._meta.db_table
    per_village = Counter()
    # Fields the generator does not set (added to the model later) get their defaults.
    defaults = {f.attname: f.get_default() for f in fields}
    # Read the places first: no other query may run on the connection during the COPY.
    gazetteer = places()
    rows = ({**defaults, **row} for row in generate(n, seed, per_village, gazetteer))
    columns_keys = [(f.column, f.attname) for f in fields]
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cur:
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cur.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row([row[a] for _c, a in columns_keys])
            cur.execute(f"ANALYZE {table}")  # what autovacuum does soon after a bulk load
    else:
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )

        def plain(value):
            if isinstance(value, datetime):
                return value.strftime("%Y-%m-%d %H:%M:%S.%f")
            if isinstance(value, date):
                return value.isoformat()
            return value

        batch = []
        with transaction.atomic(), connection.cursor() as cur:
            for row in rows:
                batch.append([plain(row[a]) for _c, a in columns_keys])
                if len(batch) >= 10_000:
                    cur.executemany(sql, batch)
                    batch = []
            if batch:
                cur.executemany(sql, batch)
        # What thitsa's own imports do after a bulk load (thitsa.bulk.optimize).
        from thitsa.bulk import optimize

        optimize()
    return per_village.most_common(1)[0][0]


def cases(village: str) -> list[tuple[str, list[str]]]:
    return [
        ("incidents", ["incidents"]),
        ("killed --since 2025-01-01", ["killed", "--since", "2025-01-01"]),
        ("killed --place MMR005 (state)", ["killed", "--place", "MMR005"]),
        ("killed --place MMR005010 (township)", ["killed", "--place", "MMR005010"]),
        (
            "incidents --target school --by month",
            ["incidents", "--target", "school", "--by", "month"],
        ),
        ("killed --by township", ["killed", "--by", "township"]),
        (f"incidents --place {village} (village)", ["incidents", "--place", village]),
    ]


def filters_of(argv: list[str]):
    """The command's arguments -> (measure, Filters, by), as the command builds them."""
    from thitsa.figures.query import Filters

    opts = dict(zip(argv[1::2], argv[2::2], strict=True))
    since = opts.get("--since")
    filters = Filters(
        since=date.fromisoformat(since) if since else None,
        place=opts.get("--place"),
        target=opts.get("--target"),
    )
    return argv[0], filters, opts.get("--by")


def explain(argv: list[str]) -> None:
    from django.db import connection

    from thitsa.figures.query import incidents_matching

    measure, filters, _by = filters_of(argv)
    qs = incidents_matching(filters)
    listing = qs.order_by("date", "public_id").values_list("public_id", flat=True)
    print(f"  SQL (ids): {listing.query}")
    options = {"analyze": True} if connection.vendor == "postgresql" else {}
    for line in listing.explain(**options).splitlines():
        print(f"    {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--explain", action="store_true", help="print each query's plan")
    args = parser.parse_args()

    init_s = setup()
    from django.core.management import call_command

    from thitsa.figures.query import evaluate
    from thitsa.incidents.models import Incident

    require_empty(Incident)
    header(f"figures over {args.incidents:,} incidents (seed {args.seed})", init_s)
    fill_s, village = timed(lambda: fill(args.incidents, args.seed))
    print(f"filled {Incident.objects.count():,} incidents in {fill_s:.1f} s (not measured below)")
    print()
    print(
        f"| query | `figure` median s (of {args.repeat}) | runs s | value only s "
        "| incidents | value |"
    )
    print("|---|---:|---|---:|---:|---:|")
    for label, argv in cases(village):
        sys.stdout.flush()

        def run(argv=argv):
            call_command("figure", *argv, stdout=io.StringIO())

        med, runs = median_of(run, args.repeat)
        measure, filters, by = filters_of(argv)
        value_s, _ = median_of(
            lambda m=measure, f=filters, b=by: evaluate(m, f, by=b, with_incidents=False),
            args.repeat,
        )
        figure = evaluate(measure, filters, by=by, with_incidents=True)
        print(
            f"| `{label}` | {med:.2f} | {', '.join(f'{t:.2f}' for t in runs)} | {value_s:.2f} "
            f"| {len(figure.incidents):,} | {figure.value:,} |"
        )
        del figure
    print()
    print("`python -m thitsa figure ... --json > /dev/null` (new process, start-up included):")
    print()
    print(f"| command | median s (of {args.repeat}) | runs s |")
    print("|---|---:|---|")
    for argv in (["incidents", "--place", village], ["incidents"]):
        cmd = [sys.executable, "-m", "thitsa", "figure", *argv, "--json"]

        def spawn(cmd=cmd):
            subprocess.run(cmd, cwd=ROOT, env=os.environ, stdout=subprocess.DEVNULL, check=True)

        med, runs = median_of(spawn, args.repeat)
        print(
            f"| `thitsa figure {' '.join(argv)} --json` | {med:.2f} "
            f"| {', '.join(f'{t:.2f}' for t in runs)} |"
        )
    print()
    print(f"peak RSS of the benchmark process: {peak_rss_mib():,.0f} MiB")
    if args.explain:
        print()
        for label, argv in cases(village):
            print(f"plan: {label}")
            explain(argv)
    print(f"finished {time.strftime('%H:%M:%S')}")


if __name__ == "__main__":
    main()
