"""Import and match: N generated reports (Thitsa reports CSV) -> import_file -> match_reports.

    .venv/bin/python benchmarks/import_match.py [--reports 100000] [--seed 1]

Events are spread over 2021-2025 across real townships and villages of the bundled gazetteer
(weighted toward Sagaing, Magway, Mandalay, Chin, Kayah, Shan and Rakhine); each is told by 3-7
outlets with a day of date jitter, in several place spellings (English, alternative and Burmese
names, village or township level), casualty wordings and date formats. The import and the match
are timed separately; the grouping is checked against the generated truth (pairwise precision
and recall).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

from common import STATE_WEIGHTS, header, peak_rss_mib, require_empty, setup, timed

OUTLETS = [
    ("Myanmar Now", "media"),
    ("The Irrawaddy", "media"),
    ("RFA Burmese", "media"),
    ("DVB", "media"),
    ("Mizzima", "media"),
    ("BBC Burmese", "media"),
    ("Khit Thit Media", "media"),
    ("Frontier Myanmar", "media"),
    ("Myanmar Pressphoto Agency", "media"),
    ("Kantarawaddy Times", "media"),
    ("Development Media Group", "media"),
    ("Western News", "media"),
    ("Shan Herald Agency for News", "media"),
    ("Chinland Post", "media"),
    ("Data for Myanmar", "cso"),
    ("ISP-Myanmar", "cso"),
    ("Karenni Human Rights Group", "cso"),
    ("Sagaing Forum", "social_media"),
    ("NUG Ministry of Human Rights", "government"),
]
REGIONS = {"MMR005", "MMR009", "MMR010", "MMR007", "MMR008", "MMR013", "MMR017", "MMR006"}

# kind, weight, how reports name the type, attack-means words, target codes -> words, weapons
KINDS = [
    (
        "air",
        35,
        [
            "Air/drone strike",
            "airstrike",
            "Explosions/Remote violence",
            "air strike",
            "drone strike",
        ],
        [
            "junta jet fighter",
            "military airstrike",
            "drone",
            "helicopter gunship",
            "aerial bombing",
        ],
        ["cluster munition", "incendiary", "bomb", "thermobaric"],
    ),
    (
        "shelling",
        15,
        ["Shelling/artillery/missile attack", "artillery shelling", "shelling"],
        ["artillery", "heavy artillery shelling", "mortar fire"],
        ["rocket"],
    ),
    (
        "battle",
        22,
        ["Battles", "armed clash", "fighting"],
        ["troops", "military column"],
        ["small arms"],
    ),
    (
        "civilians",
        23,
        ["Violence against civilians", "raid", "arson attack", "massacre"],
        ["soldiers raided", "troops torched", "military column set fire to"],
        ["small arms"],
    ),
    ("mine", 5, ["Remote explosive/landmine/IED", "landmine"], ["landmine", "mine blast"], []),
]
TARGETS = [
    ("school", "school", 8),
    ("health_facility", "hospital", 4),
    ("religious_site", "monastery", 5),
    ("idp_camp", "IDP camp", 4),
    ("market", "market", 3),
    ("residential", "houses", 30),
    ("gathering", "funeral", 1),
    ("civilian_vehicle", "boat", 1),
]
PERPETRATORS = ["Myanmar military", "Tatmadaw", "SAC", "junta forces", "Pyu Saw Htee", "unknown"]
YEARS = {2021: 14, 2022: 20, 2023: 22, 2024: 25, 2025: 19}
MY_DIGITS = str.maketrans("0123456789", "၀၁၂၃၄၅၆၇၈၉")
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def load_places() -> tuple[dict, dict, dict]:
    """States, townships by state, villages by township, from the Place table."""
    from thitsa.places.models import Place

    states = {
        p.pcode: p for p in Place.objects.filter(level="state").only("pcode", "name_en", "name_my")
    }
    townships = defaultdict(list)
    for row in Place.objects.filter(level="township").values(
        "pcode", "state_id", "name_en", "name_my", "alt_names"
    ):
        townships[row["state_id"]].append(row)
    villages = defaultdict(list)
    for row in Place.objects.filter(level="village").values(
        "pcode", "township_id", "name_en", "name_my", "alt_names"
    ):
        villages[row["township_id"]].append(row)
    return states, townships, villages


def state_label(state) -> str:
    base = state.name_en.split(" (")[0]
    return f"{base} Region" if state.pcode in REGIONS else f"{base} State"


def place_text(rng: random.Random, state, township: dict, village: dict | None, burmese: bool):
    """How one outlet writes the place of the event."""
    t_names = [township["name_en"], *township["alt_names"]]
    tsp = rng.choice(t_names)
    if burmese and township["name_my"]:
        if village and village["name_my"] and rng.random() < 0.7:
            return f"{township['name_my']}မြို့နယ်၊ {village['name_my']}ကျေးရွာ"
        return f"{township['name_my']}မြို့နယ်"
    if village is None or rng.random() < 0.25:  # some outlets only name the township
        return rng.choice(
            [
                f"{tsp} Township",
                f"{tsp} Township, {state_label(state)}",
                f"{tsp} Tsp",
                f"{tsp} township, {state.name_en.split(' (')[0]}",
            ]
        )
    vil = rng.choice([village["name_en"], *village["alt_names"]])
    return rng.choice(
        [
            f"{vil} village, {tsp} Township",
            f"{vil}, {tsp} Township, {state_label(state)}",
            f"{vil} Village, {tsp}",
            f"near {vil} village in {tsp} Township",
        ]
    )


def casualty_text(rng: random.Random, n: int | None) -> str:
    if n is None or rng.random() < 0.12:
        return ""
    low = max(0, n - rng.randint(1, 3))
    return rng.choice(
        [
            str(n),
            str(n),
            f"{low}-{n + rng.randint(1, 5)}",
            f"at least {n}",
            str(n).translate(MY_DIGITS),
            f"more than {low}",
            f"{n}+",
            f"about {n}",
            f"{str(n).translate(MY_DIGITS)} ဦး",
        ]
    )


def date_text(rng: random.Random, d: date) -> str:
    return rng.choice(
        [
            d.isoformat(),
            d.isoformat(),
            f"{d.day} {MONTHS[d.month - 1]} {d.year}",
            f"{d.day:02d}/{d.month:02d}/{d.year}",
            d.isoformat().translate(MY_DIGITS),
        ]
    )


def generate(path: Path, n_reports: int, seed: int) -> tuple[dict[str, int], int]:
    """Write the CSV; return report_id -> event number (the truth) and the number of events."""
    rng = random.Random(seed)
    states, townships, villages = load_places()
    state_codes = [s for s in states if townships.get(s)]
    state_w = [STATE_WEIGHTS.get(s, 1) for s in state_codes]
    kind_w = [k[1] for k in KINDS]
    years, year_w = list(YEARS), list(YEARS.values())
    truth: dict[str, int] = {}
    rows = []
    event = 0
    while len(rows) < n_reports:
        event += 1
        state = states[rng.choices(state_codes, state_w)[0]]
        township = rng.choice(townships[state.pcode])
        vils = villages.get(township["pcode"])
        village = rng.choice(vils) if vils and rng.random() < 0.65 else None
        year = rng.choices(years, year_w)[0]
        start = date(year, 2, 1) if year == 2021 else date(year, 1, 1)
        day = start + timedelta(days=rng.randrange((date(year, 12, 31) - start).days + 1))
        kind, _w, type_words, means_words, weapon_words = rng.choices(KINDS, kind_w)[0]
        target = rng.choices(TARGETS, [t[2] for t in TARGETS])[0] if kind != "battle" else None
        weapon = rng.choice(weapon_words) if weapon_words and rng.random() < 0.4 else ""
        means = rng.choice(means_words)
        killed = min(300, int(rng.expovariate(1 / 5))) if rng.random() < 0.85 else None
        injured = min(500, int(rng.expovariate(1 / 7))) if rng.random() < 0.7 else None
        children = rng.randint(0, killed // 3) if killed and rng.random() < 0.3 else None
        perpetrator = rng.choice(PERPETRATORS)
        for source, kind_of in rng.sample(OUTLETS, rng.randint(3, 7)):
            if len(rows) >= n_reports:
                break
            report_id = f"b{len(rows) + 1:07d}"
            truth[report_id] = event
            burmese = rng.random() < 0.2
            told = day + timedelta(days=rng.choice((0, 0, 0, 1, -1)))
            published = told + timedelta(days=rng.randint(0, 3), hours=rng.randint(6, 22))
            # Counts rise as bodies are found: early reports say less.
            seen = None if killed is None else killed - rng.randint(0, killed // 4)
            where = place_text(rng, state, township, village, burmese)
            said = casualty_text(rng, seen)
            what = target[1] if target else "positions"
            if burmese:
                title = f"{where}တွင် {what} ကို တိုက်ခိုက်၊ {said or 'အများအပြား'} သေဆုံး"
                text = f"{title}။ {means} {rng.choice(type_words)}."
            else:
                title = f"{means.capitalize()} hits {what} in {where}" + (
                    f"; {said} killed" if said else ""
                )
                text = (
                    f"{title}. Residents said the {rng.choice(type_words)} began in the early "
                    f"morning. {perpetrator} were blamed."
                    + (f" A {weapon} was used." if weapon else "")
                )
            rows.append(
                [
                    report_id,
                    source,
                    kind_of,
                    f"https://example.org/{source[:3].lower()}/{report_id}",
                    published.isoformat() + "T08:00:00+06:30",
                    "my" if burmese else "en",
                    title,
                    text,
                    date_text(rng, told),
                    where,
                    "",
                    "",
                    rng.choice(type_words),
                    target[0] if target and rng.random() < 0.8 else "",
                    weapon if rng.random() < 0.5 else "",
                    perpetrator,
                    said,
                    casualty_text(rng, injured),
                    casualty_text(rng, children),
                    "",
                ]
            )
    rng.shuffle(rows)  # files arrive in publication order, not grouped by event
    from thitsa.reports.importers.thitsa_csv import COLUMNS

    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        # The generated rows fill the CSV's columns up to injured_children.
        writer.writerow(COLUMNS[: COLUMNS.index("injured_children") + 1])
        writer.writerows(rows)
    return truth, event


def pairwise(truth: dict[str, int], found: dict[str, int | None]) -> tuple[float, float]:
    """Precision and recall over report pairs: 'same incident' against 'same event'."""

    def pairs(counts) -> int:
        return sum(n * (n - 1) // 2 for n in counts)

    true_groups = Counter(truth.values())
    found_groups = Counter(v for v in found.values() if v is not None)
    both = Counter((truth[k], v) for k, v in found.items() if v is not None)
    same = pairs(both.values())
    predicted, actual = pairs(found_groups.values()), pairs(true_groups.values())
    return (same / predicted if predicted else 1.0), (same / actual if actual else 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    init_s = setup()
    from thitsa.incidents.matching import match_reports
    from thitsa.incidents.models import Incident
    from thitsa.places.resolver import get_resolver
    from thitsa.reports.loading import import_file
    from thitsa.reports.models import SourceReport

    require_empty(SourceReport, Incident)
    header(f"import and match, {args.reports:,} reports (seed {args.seed})", init_s)

    with tempfile.TemporaryDirectory(prefix="thitsa-bench-") as tmp:
        path = Path(tmp) / "reports.csv"
        gen_s, (truth, events) = timed(lambda: generate(path, args.reports, args.seed))
        print(
            f"generated {len(truth):,} reports of {events:,} events in {gen_s:.1f} s "
            f"({path.stat().st_size / 1e6:.1f} MB CSV)"
        )
        sys.stdout.flush()
        resolver_s, _ = timed(get_resolver)
        import_s, summary = timed(lambda: import_file(path, "thitsa", progress=False))
    print(f"resolver index build: {resolver_s:.1f} s (first use; not in the import time)")
    print(f"import:  {import_s:.1f} s, {args.reports / import_s:,.0f} reports/s -- {summary}")
    sys.stdout.flush()
    match_s, matched = timed(match_reports)
    incidents = Incident.objects.count()
    print(f"match:   {match_s:.1f} s, {args.reports / match_s:,.0f} reports/s -- {matched}")
    found = dict(SourceReport.objects.values_list("external_id", "incident_id"))
    precision, recall = pairwise(truth, found)
    total = import_s + match_s
    print()
    print(
        "| reports | events | incidents | import s | match s | reports/s (import+match) "
        "| places resolved | pair precision | pair recall | peak RSS MiB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    resolved = summary.places_resolved / max(1, summary.places_resolved + summary.places_unresolved)
    print(
        f"| {args.reports:,} | {events:,} | {incidents:,} | {import_s:.1f} | {match_s:.1f} "
        f"| {args.reports / total:,.0f} | {resolved:.1%} | {precision:.3f} | {recall:.3f} "
        f"| {peak_rss_mib():,.0f} |"
    )


if __name__ == "__main__":
    main()
