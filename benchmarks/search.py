"""Search: N generated reports -> index (`thitsa.search.index.refresh`) -> query latency.

    .venv/bin/python benchmarks/search.py [--reports 1000000] [--seed 1] [--repeat 2]

Reports are written straight into the table with `thitsa.bulk.insert_rows`, as imports write
them (the importer's place resolution would dominate the time and is measured elsewhere): 80%
English, 20% Burmese, on real townships and villages of the bundled gazetteer, with the event,
target and casualty wordings of benchmarks/import_match.py (numbers in Burmese digits in half
the Burmese reports). 80% are linked to 2,000 incidents, a tenth of them restricted, so the
anonymous search filters as it would on a real site. Then the index is built from nothing
(timed), a refresh with nothing new is timed, and the queries run: the Burmese query suite of
tests/search/test_burmese_suite.py (words, syllable runs, Zawgyi-typed words, digit forms,
consonant skeletons) plus place names, casualty phrases and English words from the generated
reports. Each query is run `--repeat` times as staff (every document) and as an anonymous
visitor (public only); the latency of the last run counts (p50, p95, max).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta

from common import ROOT, STATE_WEIGHTS, header, peak_rss_mib, require_empty, setup, timed

MY_DIGITS = str.maketrans("0123456789", "၀၁၂၃၄၅၆၇၈၉")
OUTLETS = ["Myanmar Now", "The Irrawaddy", "RFA Burmese", "DVB", "Mizzima", "BBC Burmese",
           "Khit Thit Media", "Data for Myanmar", "Western News", "Chinland Post"]  # fmt: skip
MEANS = ["junta jet fighter", "military airstrike", "drone", "helicopter gunship",
         "artillery", "mortar fire", "troops", "landmine"]  # fmt: skip
TARGETS = ["school", "hospital", "monastery", "IDP camp", "market", "houses", "church"]
MY_MEANS = ["လေကြောင်းဖြင့် ဗုံးကြဲ", "ဒရုန်းဖြင့် တိုက်ခိုက်", "အမြောက်ဖြင့် ပစ်ခတ်",
            "စစ်ကြောင်းက မီးရှို့", "ရဟတ်ယာဉ်ဖြင့် ပစ်ခတ်", "မိုင်းနင်း"]  # fmt: skip
MY_TARGETS = ["စာသင်ကျောင်း", "ဆေးရုံ", "ဘုန်းကြီးကျောင်း", "စစ်ဘေးရှောင်စခန်း", "ဈေး", "နေအိမ်",
              "ဘုရားကျောင်း"]  # fmt: skip
MY_OUTCOMES = ["သေဆုံးခဲ့သည်", "ဒဏ်ရာရခဲ့သည်", "သေဆုံးပြီး အများအပြား ဒဏ်ရာရသည်"]
FIELDS = [
    "import_key", "source", "external_id", "import_format", "url", "language", "title", "text",
    "event_date", "event_date_precision", "place_text", "event_type", "targets", "weapons",
    "perpetrator", "responsibility", "credibility", "extra", "place_candidates",
    "casualty_forms", "imported_at", "linked_by", "incident",
]  # fmt: skip


def places() -> list[tuple[str, str, str, str]]:
    """(township en, township my, village en, village my) to draw from, weighted by state."""
    from thitsa.places.models import Place

    towns = {
        p["pcode"]: p
        for p in Place.objects.filter(level="township").values(
            "pcode", "name_en", "name_my", "state_id"
        )
    }
    out = []
    for v in Place.objects.filter(level="village").values("name_en", "name_my", "township_id"):
        t = towns.get(v["township_id"])
        if t and t["name_my"] and v["name_my"]:
            out += [(t["name_en"], t["name_my"], v["name_en"], v["name_my"])] * STATE_WEIGHTS.get(
                t["state_id"], 1
            )
    return out


def generate(n: int, seed: int, incident_ids: list[int]):
    """The rows, with the places and sources read now: insert_rows reads the rows while
    PostgreSQL's COPY holds the connection, and a query from inside them waited forever."""
    from django.utils import timezone

    where, sources = places(), source_ids()
    return _rows(n, random.Random(seed), where, sources, incident_ids, timezone.now())


def _rows(n: int, rng: random.Random, where: list, sources: list[int], incident_ids, now):
    start = date(2021, 2, 1)
    for i in range(n):
        t_en, t_my, v_en, v_my = rng.choice(where)
        day = start + timedelta(days=rng.randrange(1700))
        killed = int(rng.expovariate(1 / 6))
        burmese = rng.random() < 0.2
        if burmese:
            number = str(killed).translate(MY_DIGITS) if rng.random() < 0.5 else str(killed)
            place = f"{t_my}မြို့နယ် {v_my}ကျေးရွာ"
            title = f"{place}ရှိ {rng.choice(MY_TARGETS)}ကို {rng.choice(MY_MEANS)}"
            text = f"{title}ရာ {number} ဦး {rng.choice(MY_OUTCOMES)}။"
        else:
            place = f"{v_en} village, {t_en} Township"
            title = f"{rng.choice(MEANS).capitalize()} hits {rng.choice(TARGETS)} in {place}"
            text = (
                f"{title}; {killed} killed. Residents said the attack began in the early "
                f"morning and that the military was to blame."
            )
        linked = rng.choice(incident_ids) if rng.random() < 0.8 else None
        yield (
            f"bench-search-{i}", rng.choice(sources), f"s{i}", "thitsa",
            f"https://example.org/r/{i}", "my" if burmese else "en", title, text, day, "day",
            place, "", [], [], "", "", 6, {}, [], {}, now, "", linked,
        )  # fmt: skip


def source_ids() -> list[int]:
    from thitsa.reports.models import Source

    return [Source.objects.get_or_create(name=name)[0].pk for name in OUTLETS]


def make_incidents(n: int = 2000) -> list[int]:
    from thitsa.incidents.models import Incident

    Incident.objects.bulk_create(
        Incident(
            public_id=f"MMR-2024-{i + 1:06d}",
            date=date(2024, 1, 1),
            visibility="restricted" if i % 10 == 0 else "public",
            summary_en=f"Generated incident {i + 1}",
        )
        for i in range(n)
    )
    return list(Incident.objects.values_list("id", flat=True))


def queries() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from tests.search.test_burmese_suite import QUERIES, SKELETONS

    out = [q for _kind, q, *_ in QUERIES] + SKELETONS
    rng = random.Random(3)
    where = places()
    for _ in range(60):
        t_en, t_my, v_en, v_my = rng.choice(where)
        out += [t_en, f"{t_my}မြို့နယ်", v_my, f"{v_en} village", t_my]
    out += [f"{n} ဦး" for n in ("၂၂", "၅", "၁၂", "22", "3")] + [
        "airstrike", "school", "hospital Sagaing", '"IDP camp"', "drone", "monastery",
        "helicopter gunship", "killed", "ဗုံးကြဲ", "ေက်ာင္း", "ဆေးရုံ", "စစ်ဘေးရှောင်စခန်း",
    ]  # fmt: skip
    return out


def latencies(qs: list[str], public_only: bool, repeat: int) -> tuple[list[float], int]:
    """Milliseconds of each query's last run, in the order of `qs`; how many found nothing."""
    from thitsa.search.query import search

    times, empty = [], 0
    for q in qs:
        for _ in range(repeat):
            started = time.perf_counter()
            hits = search(q, public_only=public_only).hits
            elapsed = time.perf_counter() - started
        times.append(elapsed * 1000)
        empty += not hits
    return times, empty


def summary(times: list[float]) -> str:
    cuts = statistics.quantiles(times, n=100)
    return f"p50 {cuts[49]:.1f} ms, p95 {cuts[94]:.1f} ms, max {max(times):.1f} ms"


def build(n: int, seed: int) -> None:
    from thitsa.bulk import analyze, insert_rows
    from thitsa.reports.models import SourceReport
    from thitsa.search.index import refresh

    incident_ids = make_incidents()
    insert_s, _ = timed(lambda: insert_rows(SourceReport, FIELDS, generate(n, seed, incident_ids)))
    # As a bulk match leaves the table (thitsa.incidents.matching analyzes it): without
    # statistics PostgreSQL reads every report to find none changed since the index was built.
    analyze(SourceReport)
    print(f"reports written: {n:,} in {insert_s:.1f} s (insert_rows; not search)")
    sys.stdout.flush()
    index_s, indexed = timed(refresh)
    print(f"index built:     {index_s:.1f} s, {n / index_s:,.0f} reports/s -- {indexed}")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--slowest", type=int, default=0, help="name this many slowest queries")
    parser.add_argument(
        "--queries-only",
        action="store_true",
        help="run the queries on a database this script filled before (THITSA_HOME/DATABASE_URL)",
    )
    args = parser.parse_args()

    init_s = setup()
    from thitsa.reports.models import SourceReport
    from thitsa.search.index import refresh
    from thitsa.search.models import Document

    if args.queries_only:
        header(f"search, queries on {SourceReport.objects.count():,} stored reports", init_s)
    else:
        require_empty(SourceReport, Document)
        header(f"search, {args.reports:,} reports (seed {args.seed})", init_s)
        build(args.reports, args.seed)
    noop_s, _ = timed(refresh)
    print(f"refresh with nothing new: {noop_s * 1000:.1f} ms")
    sys.stdout.flush()
    qs = queries()
    for label, public_only in (("staff (all documents)", False), ("anonymous (public)", True)):
        times, empty = latencies(qs, public_only, args.repeat)
        print(f"{len(qs)} queries, {label}: {summary(times)}; {empty} found nothing")
        for ms, q in sorted(zip(times, qs, strict=True), reverse=True)[: args.slowest]:
            print(f"  {ms:8.1f} ms  {q}")
    # Last: it changes the data. On SQLite the index is rewritten without the deleted report's
    # words once the delete commits (thitsa.search.index.purge_removed_words).
    victim = SourceReport.objects.order_by("id").first()
    delete_s, _ = timed(victim.delete)
    print(f"one report deleted, its words purged from the index: {delete_s:.1f} s")
    print(f"peak RSS: {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
