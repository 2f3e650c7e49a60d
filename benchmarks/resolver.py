"""Place resolver accuracy and speed on real event descriptions (UCDP GED, Myanmar) and on a
hand-labelled set of report place strings (benchmarks/data/resolver_labelled.tsv), and a
second one labelled later by another hand (resolver_labelled_2.tsv).

    THITSA_HOME=$(mktemp -d) .venv/bin/python benchmarks/resolver.py [--ged PATH] [--misses N]
        [--variant V] [--systems thitsa,naive,mm-geo-coder]
        [--sets ucdp-2021,ucdp-all,hand,hand-2]

UCDP sets: GED events with where_prec <= 2 (coordinates of the place itself, or within 25 km);
headline = the years of the current conflict (2021-2023), second line = all years 1989-2023.
Label = the township polygon containing (latitude, longitude). Rows whose point lies in no
township polygon and descriptions that only name a state/region are left out.

A top match counts as right ("by the rules", stated in benchmarks/README.md) when any of:
  R1 point: its township is the label (a township without a 9.3 polygon: its point decides);
  R2 text: its township is one the description names explicitly ("<MIMU name> Township",
     "<Burmese name>မြို့နယ်"; MIMU's own names only, so the rule does not grow with the
     resolver's lists);
  R3 city: where_coordinates is UCDP's city point ("Yangon town", "Mandalay town", "Naypyidaw
     city") and the match is that city (MIMU town Yangon City, Mandalay City, Nay Pyi Taw Town);
  R4 road ends: the description names a road, route, border or pair of townships by its two
     ends ("Falam-Hakha highway", "between Demoso and Hpruso", "from Mandalay to Madaya",
     "road connecting Hakha to Falam", "border of Khin-U and Shwebo townships", "Myaung and
     Myinmu townships"), both ends MIMU township or town names (MIMU's own spellings, as R2),
     the point lies in one end's township, and the match is in either end's township: the
     text cannot tell which end;
  R5 split township: the match is a township MIMU has since split (no 9.3 polygon) into parts
     named like it with a bracketed direction, and the label is one of the parts
     (Hlaingtharya -> Hlaingtharya (East), (West)): the text names the whole.
"strict" counts R1 only.

Each set is run as three query variants: the description alone; "description, adm_1" (the
state/region, as reports add it); "description, adm_2, adm_1" (district and state/region, as a
report locates a village: the headline). UCDP's own adm_2/adm_1 are used (spaces cleaned); the
hand-labelled strings get the MIMU district and state/region of their labelled township.

Compared on the same rows and rules (top-1 only; they answer one place):
  naive: rapidfuzz `process.extractOne` of the whole query (lower-cased) against the 358 MIMU
     township English names (lower-cased): the township whose name scores best;
  mm-geo-coder: the PyPI package's offline MIMU search (`MimuDatabase.search_in_mimu`, its
     bundled SQLite db; the OpenStreetMap/Nominatim fallback is never called: `requests` is
     stubbed so that any network call raises). Its answer's P-code names the township when it
     is a township or one of our places; else its coordinates go through `township_at`.
Both are timed on the distinct query strings of a set (each string once).
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thitsa.settings")

GED = Path(os.environ.get("THITSA_SHARED", Path(__file__).resolve().parents[2] / "shared")) / (
    "data/events/ucdp_ged_myanmar_1989_2023.csv"
)
HAND = Path(__file__).parent / "data" / "resolver_labelled.tsv"
# Labelled later, by another hand, after the resolver's rules were set: a check they generalise.
HAND_2 = Path(__file__).parent / "data" / "resolver_labelled_2.tsv"
STATE_ONLY = re.compile(
    r"^\W*(?:(?:the\s+)?(?:kachin|kayah|karenni|kayin|karen|chin|sagaing|tanintharyi|tenasserim"
    r"|bago|pegu|magway|magwe|mandalay|mon|rakhine|arakan|yangon|rangoon|shan|ayeyarwady"
    r"|irrawaddy|naypyi?taw|nay pyi taw)(?:\s+(?:state|region|division))?\W*)+$",
    re.I,
)
# UCDP's conventional city points (where_coordinates) -> the MIMU town that is that city.
CITY_POINTS = {
    "yangon town": "MMR013000777",
    "mandalay town": "MMR010000777",
    "naypyidaw city": "MMR018000777",
}


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z\u1000-\u109f]", "", text.lower())


def township_names() -> list[tuple[str, str]]:
    """(normalised MIMU name, township P-code): English without bracketed qualifiers, and
    Burmese, as the text names them before the word township / မြို့နယ်."""
    from thitsa.places.models import Place

    out = []
    for pcode, en, my in Place.objects.filter(level="township").values_list(
        "pcode", "name_en", "name_my"
    ):
        for name in {en, re.sub(r"\([^)]*\)", "", en)}:
            if _norm(name):
                out.append((_norm(name) + "township", pcode))
        if my:
            out.append((_norm(re.sub(r"\([^)]*\)", "", my)) + "မြို့နယ်", pcode))
    return out


def place_names() -> dict[str, set[str]]:
    """Normalised MIMU township and town name -> township P-codes: English without bracketed
    qualifiers or the words Town/City/Sub-township, and Burmese. For the road-ends rule."""
    from thitsa.places.models import Place

    out: dict[str, set[str]] = {}
    rows = Place.objects.filter(level__in=("township", "town")).values_list(
        "township_id", "name_en", "name_my")  # fmt: skip
    for tsp, en, my in rows:
        bare = re.sub(r"\([^)]*\)", "", en)
        bare = re.sub(r"\b(?:town|city|sub-township)\s*$", "", bare.strip(), flags=re.I)
        for name in (en, bare, re.sub(r"\([^)]*\)", "", my or "")):
            if _norm(name):
                out.setdefault(_norm(name), set()).add(tsp)
    return out


# R4: the two ends of a road, route, border or pair of townships the description names.
_END = (
    r"(.+?)(?=$|[,.;:(\r\n]| townships?\b| towns?\b| villages?\b| junction\b| in\b"
    r"| on\b| near\b| of\b)"
)
_PAIRS = [
    re.compile(r"\bbetween (?:the )?" + _END[:-1] + r"| and)" + r" and (?:the )?" + _END, re.I),
    re.compile(r"\bborder of (?:the )?" + _END[:-1] + r"| and)" + r" and (?:the )?" + _END, re.I),
    re.compile(r"\bfrom (?:the )?" + _END[:-1] + r"| to)" + r" to (?:the )?" + _END, re.I),
    re.compile(r"\b(?:road|highway|route)s? (?:connecting|linking|joining) (?:the )?"
               + _END[:-1] + r"| to| and| with)" + r" (?:to|and|with) (?:the )?" + _END, re.I),
    re.compile(r"\bto (?:the )?" + _END[:-1] + r"| from)" + r" from (?:the )?" + _END, re.I),
    re.compile(r"(?:^|[,.;:]\s*|\bin )" + r"([\w’' -]+?) and ([\w’' -]+?) townships\b", re.I),
]  # fmt: skip
_ROAD_WORD = re.compile(r"\s(?:road|highway|route|border|motorway|railway|expressway)s?\b", re.I)
_TRAILING = re.compile(r"(?:\s+(?:junction|towns?|townships?|city|villages?))+$", re.I)
_LEADING = re.compile(r"^(?:(?:the|towns?|villages?|of|city)\s+)+", re.I)


def _name_ends(text: str, names: dict[str, set[str]], last: bool = True) -> set[str] | None:
    """Township P-codes a piece of text names as a MIMU township or town: the whole piece,
    else its last (first, for the second end) one to three words ("along the Mandalay",
    "Sagaing a highway")."""
    words = _TRAILING.sub("", _LEADING.sub("", text.strip(" -–"))).split()
    for k in range(len(words), 0, -1):
        if k <= 3 or k == len(words):
            found = names.get(_norm(" ".join(words[-k:] if last else words[:k])))
            if found:
                return found
    return None


def road_ends(desc: str, names: dict[str, set[str]]) -> set[str]:
    """Townships of both ends of a road/route/border or pair that the description names
    ("Falam-Hakha highway", "between Demoso and Hpruso", "from Mandalay to Madaya", "border
    of Khin-U and Shwebo townships", "Myaung and Myinmu townships"); empty unless both ends
    are MIMU township or town names (MIMU's own names only, as R2)."""
    desc = " ".join(desc.split())
    ends: set[str] = set()
    for pattern in _PAIRS:
        for m in pattern.finditer(desc):
            a, b = _name_ends(m.group(1), names), _name_ends(m.group(2), names, last=False)
            if a and b:
                ends |= a | b
    # "A-B road", "A to B road": the words before a road word, cut at one of their hyphens
    # (names may hold one too: "Chaung-U-Monywa highway", "Ye-U-Khin-U highway") or at "to".
    for m in _ROAD_WORD.finditer(desc):
        before = re.split(r"[,.;:(]", desc[: m.start()])[-1].split()[-5:]
        group = " ".join(before)
        cuts = [(i, i + 1) for i, ch in enumerate(group) if ch in "-–"]
        cuts += [(t.start(), t.end()) for t in re.finditer(r" to ", group)]
        for i, j in cuts:
            a, b = _name_ends(group[:i], names), names.get(_norm(group[j:]))
            if a and b:
                ends |= a | b
                break
    return ends if len(ends) > 1 else set()


def ucdp_set(path: Path, first_year: int, max_prec: int = 2) -> list[dict]:
    from thitsa.places.geo import township_at

    names = township_names()
    ends_names = place_names()
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if float(r["where_prec"] or 9) > max_prec or float(r["year"]) < first_year:
                continue
            desc = " ".join(r["where_description"].split())
            if not desc or STATE_ONLY.match(desc):
                continue
            label = township_at(float(r["latitude"]), float(r["longitude"]))
            if label is None:
                continue
            plain = _norm(desc)
            ends = road_ends(r["where_description"], ends_names)
            rows.append({
                "query": r["where_description"],
                "adm_1": " ".join(r["adm_1"].split()),
                "adm_2": " ".join(r["adm_2"].split()),
                "label": label,
                "named": {pc for key, pc in names if key in plain},
                "city": CITY_POINTS.get(r["where_coordinates"].strip().lower()),
                # R4 applies only where the point lies in one end's township.
                "ends": ends if label in ends else set(),
                "where": r["where_coordinates"],
            })  # fmt: skip
    return rows


def admin_context() -> dict[str, tuple[str, str]]:
    """Township P-code -> (district, state/region) as a report writes them after a place:
    "Gangaw district", "Magway region" (MIMU names, bracketed qualifiers dropped)."""
    from thitsa.places.models import Place

    names = dict(Place.objects.filter(level__in=("state", "district")).values_list(
        "pcode", "name_en"))  # fmt: skip
    regions = {"MMR005", "MMR006", "MMR007", "MMR008", "MMR009", "MMR010", "MMR013", "MMR017"}
    out = {}
    for pcode, path in Place.objects.filter(level="township").values_list("pcode", "path"):
        state, district = path.split("/")[1:3]
        d = re.sub(r"\s*\([^)]*\)", "", names[district]).strip()
        d = d if "Self-Administered" in d else f"{d} district"
        st = re.sub(r"\s*\([^)]*\)", "", names[state]).strip()
        kind = "region" if state in regions else "union territory" if state == "MMR018" else "state"
        out[pcode] = (d, f"{st} {kind}")
    return out


def hand_set(path: Path) -> list[dict]:
    context = admin_context()
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            query, pcode, *note = line.rstrip("\n").split("\t")
            adm_2, adm_1 = context[pcode]
            rows.append({"query": query, "label": pcode, "named": set(), "city": None,
                         "ends": set(),
                         "adm_1": adm_1, "adm_2": adm_2,
                         "where": note[0] if note else ""})  # fmt: skip
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ged", type=Path, default=GED)
    ap.add_argument("--misses", type=int, default=0, help="print this many misses per set")
    ap.add_argument("--variant", choices=list(VARIANTS), help="run only this query variant")
    ap.add_argument("--systems", default="thitsa,naive,mm-geo-coder",
                    help="comma-separated: thitsa, naive, mm-geo-coder")  # fmt: skip
    ap.add_argument("--sets", default="ucdp-2021,ucdp-all,hand,hand-2",
                    help="comma-separated: ucdp-2021, ucdp-all, hand, hand-2")  # fmt: skip
    args = ap.parse_args()
    systems = args.systems.split(",")
    wanted = args.sets.split(",")

    import django

    django.setup()
    from django.core.management import call_command

    from thitsa.places.models import Place
    from thitsa.places.resolver import get_resolver

    call_command("migrate", verbosity=0)
    if not Place.objects.exists():
        from thitsa.places.gazetteer import load_bundled

        t = time.perf_counter()
        n = load_bundled()
        print(f"loaded bundled gazetteer: {n} places in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    resolver = get_resolver()
    # From THITSA_HOME/cache when a saved index matches the Place table, else built and saved.
    print(f"start-up: resolver ready ({len(resolver.places)} places) in "
          f"{time.perf_counter() - t:.2f} s")  # fmt: skip

    makers = {
        "ucdp-2021": ("UCDP 2021-2023, where_prec<=2", lambda: ucdp_set(args.ged, 2021)),
        "ucdp-all": ("UCDP 1989-2023, where_prec<=2", lambda: ucdp_set(args.ged, 0)),
        "hand": ("hand-labelled report strings", lambda: hand_set(HAND)),
        "hand-2": ("hand-labelled report strings, second set", lambda: hand_set(HAND_2)),
    }
    sets = {makers[k][0]: makers[k][1]() for k in makers if k in wanted}
    baselines = {}
    if "naive" in systems:
        baselines["naive"] = naive_baseline()
    if "mm-geo-coder" in systems:
        baselines["mm-geo-coder"] = mm_geo_coder_baseline(resolver)
    table, compare = [], []
    for name, rows in sets.items():
        for variant, make in VARIANTS.items():
            if args.variant and args.variant != variant:
                continue
            vrows = [{**r, "query": make(r)} for r in rows]
            line = [name, variant, len(vrows)]
            if "thitsa" in systems:
                res = evaluate(f"{name} / {variant}", vrows, resolver, args.misses)
                table.append((name, variant, *res))
                line.append((res[1], res[2], res[5]))
            else:
                line.append(None)
            for sysname in ("naive", "mm-geo-coder"):
                line.append(evaluate_baseline(f"{name} / {variant} / {sysname}", vrows,
                                              baselines[sysname], resolver)
                            if sysname in baselines else None)  # fmt: skip
            compare.append(line)
    print(
        "\n| set | query | top-1 by the rules | top-1 strict | top-3 | answered | names/s "
        "| per 1,000 names |\n| --- | --- | --- | --- | --- | --- | --- | --- |"
    )
    for name, variant, n, top1, strict1, top3, answered, rate in table:
        print(
            f"| {name} ({n:,}) | {variant} | {top1:.1%} | {strict1:.1%} | {top3:.1%} "
            f"| {answered:.1%} | {rate:,.0f} | {1e6 / rate:.0f} ms |"
        )

    def cell(r) -> str:
        return "- | -" if r is None else f"{r[0]:.1%} ({r[1]:.1%}) | {r[2]:,.0f}"

    print(
        "\n| set | query | Thitsa top-1 (strict) | names/s | naive fuzzy top-1 (strict) "
        "| names/s | mm-geo-coder top-1 (strict) | names/s |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- |"
    )
    for name, variant, n, *cells in compare:
        print(f"| {name} ({n:,}) | {variant} | " + " | ".join(cell(c) for c in cells) + " |")


def _join(*pieces: str) -> str:
    return ", ".join(p for p in pieces if p.strip())


# Query variants: what a report would write around the place.
VARIANTS = {
    "description": lambda r: r["query"],
    "description, adm_1": lambda r: _join(r["query"], r["adm_1"]),
    "description, adm_2, adm_1": lambda r: _join(r["query"], r["adm_2"], r["adm_1"]),
}


def evaluate(name: str, rows: list[dict], resolver, show_misses: int) -> tuple:
    from thitsa.places.geo import township_at, townships_geojson

    polygon_pcodes = {f["properties"]["pcode"] for f in townships_geojson()["features"]}

    def township_of(m) -> str | None:
        # Townships new in MIMU 9.6 (Wa, Kokang, split ones) have no 9.3 polygon: their
        # point decides.
        if m.level == "state":
            return m.pcode
        if m.township_pcode and m.township_pcode in polygon_pcodes:
            return m.township_pcode
        p = resolver.places[m.pcode]
        return township_at(p.lat, p.lon) if p.lat is not None else m.township_pcode

    split = split_townships(polygon_pcodes)

    def rules(row: dict, m) -> list[str]:
        """The rules by which match m is right for row (R1 first)."""
        t = township_of(m)
        return [rule for rule, ok in (
            ("R1", t == row["label"] or m.township_pcode == row["label"]),
            ("R2", m.township_pcode in row["named"] or t in row["named"]),
            ("R3", m.pcode == row["city"]),
            ("R4", m.township_pcode in row["ends"] or t in row["ends"]),
            ("R5", row["label"] in split.get(m.township_pcode, ())),
        ) if ok]  # fmt: skip

    def right(row: dict, m) -> tuple[bool, bool]:
        why = rules(row, m)
        return why[:1] == ["R1"], bool(why)

    queries = [r["query"] for r in rows]
    resolver.resolve("warm up")
    t = time.perf_counter()
    results = [resolver.resolve(q, limit=3) for q in queries]
    elapsed = time.perf_counter() - t
    n = len(rows)
    strict1 = top1 = top3 = answered = 0
    misses: list[tuple[str, dict, list]] = []
    only: Counter = Counter()  # top-1 right by a rule other than R1 alone
    for row, ms in zip(rows, results, strict=True):
        oks = [right(row, m) for m in ms]
        if oks and oks[0][1] and not oks[0][0]:
            only["+".join(rules(row, ms[0]))] += 1
        strict1 += bool(oks) and oks[0][0]
        top1 += bool(oks) and oks[0][1]
        top3 += any(ok for _s, ok in oks)
        answered += bool(ms)
        if not oks or not oks[0][1]:
            misses.append((category(row, ms, oks), row, ms))
    print(f"\n## {name}: {n} rows ({len(set(queries))} distinct strings)")
    print(
        f"top-1 township {top1 / n:.1%} by the rules ({top1}/{n}), {strict1 / n:.1%} strict "
        f"(point only); top-3 {top3 / n:.1%}; answered {answered / n:.1%}; "
        f"{n / elapsed:,.0f} names/s, {1000 * elapsed / n * 1000:.0f} ms per 1,000 names"
    )
    print("top-1 right only by R2-R5:", dict(sorted(only.items())))
    print("misses by category:", dict(Counter(c for c, _r, _m in misses).most_common()))
    for cat, row, ms in misses[:show_misses]:
        got = "; ".join(f"{m.name_en} {m.level} {m.township_pcode} {m.score}" for m in ms[:2])
        print(f"  MISS [{cat}] {row['query']!r} [{row['where']}] want {row['label']} "
              f"got {got or 'nothing'}")  # fmt: skip
    return n, top1 / n, strict1 / n, top3 / n, answered / n, n / elapsed


def split_townships(polygon_pcodes: set[str]) -> dict[str, set[str]]:
    """R5: a township MIMU has since split (no 9.3 polygon) -> its parts, the polygon
    townships named like it with a bracketed direction: Hlaingtharya (MMR013008) ->
    Hlaingtharya (East), Hlaingtharya (West)."""
    from thitsa.places.models import Place

    rows = list(Place.objects.filter(level="township").values_list("pcode", "name_en"))
    whole = {en.strip().lower(): pc for pc, en in rows if pc not in polygon_pcodes}
    out: dict[str, set[str]] = {}
    for pc, en in rows:
        base = re.sub(r"\s*\((?:north|south|east|west|upper|lower|middle)\)", "", en, flags=re.I)
        if pc in polygon_pcodes and base != en and base.strip().lower() in whole:
            out.setdefault(whole[base.strip().lower()], set()).add(pc)
    return out


def naive_baseline():
    """query -> the township whose English name best matches the whole query (rapidfuzz
    extractOne, default scorer WRatio, lower-cased)."""
    from rapidfuzz import process

    from thitsa.places.models import Place

    rows = list(Place.objects.filter(level="township").values_list("pcode", "name_en"))
    names = [en.lower() for _p, en in rows]

    def answer(query: str) -> str | None:
        best = process.extractOne(query.lower(), names)
        return rows[best[2]][0] if best else None

    return answer


def mm_geo_coder_baseline(resolver):
    """query -> township P-code from mm-geo-coder's offline MIMU search, or None."""
    import types

    # mm_geo_coder/__init__ imports its Nominatim client, which imports requests: a stub that
    # refuses, so nothing here can reach the network (and requests need not be installed).
    stub = types.ModuleType("requests")

    def _refuse(*_a, **_k):
        raise RuntimeError("network disabled in the benchmark")

    stub.get = stub.post = _refuse
    saved = sys.modules.get("requests")
    sys.modules["requests"] = stub
    try:
        from mm_geo_coder.mimu_database import MimuDatabase
    finally:
        if saved is not None:
            sys.modules["requests"] = saved
    import contextlib
    import io

    from thitsa.places.geo import township_at

    db = MimuDatabase()

    def answer(query: str) -> str | None:
        with contextlib.redirect_stdout(io.StringIO()):  # it prints parse errors
            try:
                found = db.search_in_mimu(query, 1)
            except Exception:  # noqa: BLE001 - a crash on one query is a miss
                return None
        if not found:
            return None
        hit = found[0] if isinstance(found, list) else found
        pcode = str(hit.get("pcode") or "")
        if re.fullmatch(r"MMR\d{6}", pcode):
            return pcode
        place = resolver.places.get(pcode)
        if place is not None and (place.township or place.level in ("state", "district")):
            return place.township or place.pcode
        lat, lon = hit.get("latitude"), hit.get("longitude")
        if lat is not None and lon is not None and lat == lat:  # not NaN
            return township_at(float(lat), float(lon))
        return None

    return answer


def evaluate_baseline(name: str, rows: list[dict], answer, resolver) -> tuple:
    """(top-1 by the rules, strict, names/s) of a one-answer system: rules R1 and R2 (R3 needs a
    city answer, which a township-only answer never is)."""
    from thitsa.places.geo import township_at, townships_geojson

    polygon_pcodes = {f["properties"]["pcode"] for f in townships_geojson()["features"]}
    split = split_townships(polygon_pcodes)
    distinct = list(dict.fromkeys(r["query"] for r in rows))
    t = time.perf_counter()
    got = {q: answer(q) for q in distinct}
    elapsed = time.perf_counter() - t
    top1 = strict1 = answered = 0
    for row in rows:
        a = got[row["query"]]
        if a is None:
            continue
        answered += 1
        p = resolver.places.get(a)
        t_ = a
        if p is not None and p.level == "township" and a not in polygon_pcodes and p.lat:
            t_ = township_at(p.lat, p.lon) or a
        strict = row["label"] in (a, t_)
        strict1 += strict
        top1 += (strict or a in row["named"] or t_ in row["named"] or a in row["ends"]
                 or t_ in row["ends"] or row["label"] in split.get(a, ()))  # fmt: skip
    n = len(rows)
    rate = len(distinct) / elapsed if elapsed else float("inf")
    print(
        f"\n## {name}: top-1 {top1 / n:.1%} by the rules, {strict1 / n:.1%} strict; "
        f"answered {answered / n:.1%}; {rate:,.0f} names/s ({len(distinct)} distinct)"
    )
    return top1 / n, strict1 / n, rate


def category(row: dict, ms: list, oks: list) -> str:
    """Why a row missed, from what the resolver answered (mechanical, for the README)."""
    where = row["where"].lower()
    if not ms:
        return "no answer"
    if any(ok for _s, ok in oks):
        return "right one ranked 2nd/3rd"
    if ms[0].level in ("state", "district"):
        return "state/district only"
    if " - " in where or "between" in where or "border" in where:
        return "road/border between two places"
    if ms[0].level in ("township", "town"):
        return "town/township named, point elsewhere"
    return "other village/tract/ward"


if __name__ == "__main__":
    main()
