"""Match quality: how well reports are grouped into incidents, against labelled real events.

    .venv/bin/python benchmarks/match_quality.py [--events 1200] [--seed 1] [--no-splink]

Labelled set: UCDP GED Myanmar events of 2021-2023 whose place is known to 25 km
(where_prec <= 2), placed in their township (the polygon holding the point) and at the nearest
town or village within 3 km. Each event is told by 1-7 outlets (about 3 on average, skewed) as
rows of the Thitsa reports CSV: published 0-5 days later, the date mostly right (some a day
off, a few only "2023-05"), the place as village + township, township only, UCDP's own
description or in Burmese script (a few in Zawgyi), with romanisation variants and typos,
casualties in several wordings and rising over the days, titles and text in English or Burmese
from templates, coordinates on some. Hard negatives: the real UCDP events that share a
township within a few days, plus synthetic near-duplicates (same township, a day apart, another
village, other means). Truth: the UCDP event id of each report.

Thitsa runs the product path: import_file -> match_reports; the incident of each report is
compared with the truth (pairwise and B-cubed precision / recall / F1). Baseline: a standard
splink (DuckDB) model on the same reports, trained by EM, clustered at match probability 0.9.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

from common import ROOT, header, require_empty, setup, timed
from import_match import MY_DIGITS, REGIONS, date_text

UCDP = ROOT.parent / "shared/data/events/ucdp_ged_myanmar_1989_2023.csv"
if not UCDP.exists():
    UCDP = Path(__file__).resolve().parents[2] / "shared/data/events/ucdp_ged_myanmar_1989_2023.csv"

# name, kind, share of its reports written in Burmese, how often it reports
OUTLETS = [
    ("Myanmar Now", "media", 0.25, 10), ("RFA Burmese", "media", 0.7, 9),
    ("The Irrawaddy", "media", 0.1, 10), ("Mizzima", "media", 0.35, 8), ("DVB", "media", 0.5, 8),
    ("BBC Burmese", "media", 0.8, 4), ("Khit Thit Media", "media", 0.85, 7),
    ("Local CSO form", "cso", 0.6, 5), ("Telegram: PDF news channel", "social_media", 0.9, 4),
    ("Telegram: Sagaing Forum", "social_media", 0.9, 3),
]  # fmt: skip
N_REPORTS_WEIGHTS = {1: 16, 2: 24, 3: 23, 4: 15, 5: 10, 6: 7, 7: 5}  # mean ~3.2
SYNTHETIC_SHARE = 0.12  # events that get a synthetic near-duplicate next door

# kind -> (event_type words, means words (English), Burmese verb phrase, weapons)
KINDS = {
    "air": (["Air/drone strike", "airstrike", "Explosions/Remote violence", "air strike"],
            ["junta jet fighters bombed", "a military airstrike hit", "a drone attack hit",
             "helicopter gunships attacked", "aerial bombing struck"],
            "ကို စစ်တပ်က လေကြောင်းဖြင့် တိုက်ခိုက်", ["bomb", "cluster munition", "incendiary"]),
    "shelling": (["Shelling/artillery/missile attack", "artillery shelling", "shelling"],
                 ["artillery shells landed on", "heavy artillery shelling hit", "mortar fire hit"],
                 "ကို လက်နက်ကြီးဖြင့် ပစ်ခတ်", ["rocket", ""]),
    "battle": (["Battles", "armed clash", "fighting", "clash"],
               ["fighting broke out near", "clashes erupted at", "resistance forces attacked "
                "a military column near"], "တွင် တိုက်ပွဲဖြစ်ပွား", ["small arms", ""]),
    "civilians": (["Violence against civilians", "raid", "killing", "massacre"],
                  ["soldiers raided", "troops stormed", "a military column raided"],
                  "ကို စစ်ကြောင်း စီးနင်းဝင်ရောက်", ["small arms", ""]),
    "arson": (["Violence against civilians", "arson attack", "arson"],
              ["troops torched", "soldiers burned houses in", "a military column set fire to"],
              "ကို စစ်တပ်က မီးရှို့", ["", "incendiary"]),
    "crackdown": (["Violence against civilians", "killing", ""],
                  ["security forces opened fire on protesters in",
                   "police and soldiers shot at demonstrators in"],
                  "တွင် ဆန္ဒပြသူများကို ပစ်ခတ်", ["small arms"]),
    "mine": (["Remote explosive/landmine/IED", "landmine", "mine blast"],
             ["a landmine exploded in", "a mine blast hit"], "တွင် မိုင်းပေါက်ကွဲ", [""]),
}  # fmt: skip
# A synthetic neighbour is told with other means than the real event.
OTHER_KIND = {
    "air": ["civilians", "arson", "shelling"], "shelling": ["civilians", "arson"],
    "battle": ["air", "shelling"], "civilians": ["air", "shelling"], "arson": ["air", "shelling"],
    "crackdown": ["arson", "civilians"], "mine": ["civilians", "air"],
}  # fmt: skip
# Sources file one attack under kindred types now and then (an airstrike on a village is
# "violence against civilians" to some, a battle with artillery is "shelling").
CROSS_TYPE = {"air": "Violence against civilians", "battle": "shelling", "shelling": "Battles"}
ACTORS = {
    "Government of Myanmar (Burma)": ["Myanmar military", "Tatmadaw", "SAC", "junta forces",
                                      "military council troops"],
    "NUG": ["PDF", "People's Defence Force", "local PDF"],
    "KIO": ["KIA", "Kachin Independence Army"],
    "KNU": ["KNLA", "Karen National Union"], "KNPP": ["KNDF", "Karenni Army"],
    "ULA": ["Arakan Army", "AA"], "CNF": ["Chin National Army", "CNF"],
    "PSLF": ["TNLA", "Ta'ang National Liberation Army"], "MNDAA": ["MNDAA", "Kokang army"],
}  # fmt: skip
TARGET_WORDS = {
    "air": ["houses", "a school", "a monastery", "a village", "an IDP camp"],
    "shelling": ["houses", "a village", "a market"],
    "civilians": ["the village", "houses"],
    "arson": ["houses", "the village"],
}
TARGET_CODES = {"houses": "residential", "a school": "school", "a monastery": "religious_site",
                "a village": "residential", "an IDP camp": "idp_camp", "a market": "market",
                "the village": "residential"}  # fmt: skip
MY_DEAD = "သေဆုံး"
EN_SENTENCES = [
    "Residents said it began in the early morning.", "Locals fled to nearby forests.",
    "The military has not commented.", "A local resistance group confirmed the attack.",
    "Rescue workers were still searching the rubble.", "Communications in the area are cut.",
    "Photos shared on social media showed burned houses.", "The victims included children.",
    "A regime spokesman denied the report.", "Villagers buried the dead the same day.",
    "Fighting has intensified in the area since last month.", "Several people were wounded.",
]  # fmt: skip
MY_SENTENCES = [
    "ဒေသခံများက ပြောသည်", "ရွာသားတစ်ဦးက ပြောသည်", "ဒေသခံများ တောထဲသို့ ထွက်ပြေးရသည်",
    "စစ်ကောင်စီက မှတ်ချက်မပေးပါ", "ဒဏ်ရာရသူများ ရှိသည်", "ကလေးများလည်း ပါဝင်သည်",
    "အိမ်အများအပြား မီးလောင်ပျက်စီးသည်",
]  # fmt: skip
SPLINK_THRESHOLD = 0.9


# --- the labelled set -------------------------------------------------------------------------


def kind_of(row: dict, rng: random.Random) -> str:
    words = row["source_headline"].lower()
    if any(w in words for w in ("protest", "crackdown", "demonstrat")):
        return "crackdown"
    if any(w in words for w in ("air strike", "airstrike", "jet", "bomb", "drone", "air raid")):
        return "air"
    if any(w in words for w in ("artillery", "shell", "mortar")):
        return "shelling"
    if "mine" in words:
        return "mine"
    if any(w in words for w in ("burn", "arson", "torch", "set fire")):
        return "arson"
    if row["type_of_violence"].startswith("3"):
        return "civilians"
    return "battle" if rng.random() < 0.85 else "air"


def load_places():
    from thitsa.places.models import Place

    states = {p["pcode"]: p for p in Place.objects.filter(level="state").values()}
    townships = {p["pcode"]: p for p in Place.objects.filter(level="township").values()}
    fine = defaultdict(list)  # township -> towns and villages with a point
    for p in Place.objects.filter(level__in=("town", "village"), lat__isnull=False).values(
        "pcode", "level", "township_id", "name_en", "name_my", "alt_names", "lat", "lon"
    ):
        fine[p["township_id"]].append(p)
    return states, townships, fine


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat = math.radians(lat2 - lat1)
    dlon = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(dlat, dlon)


def nearest(places: list[dict], lat: float, lon: float, within: float) -> dict | None:
    best, best_km = None, within
    for p in places:
        d = km(lat, lon, p["lat"], p["lon"])
        # A town point stands for a whole town: prefer it to a village the same distance away.
        if p["level"] == "town":
            d *= 0.5
        if d <= best_km:
            best, best_km = p, d
    return best


def load_events(n: int, seed: int) -> list[dict]:
    """UCDP 2021-2023, where_prec <= 2, in a township: the n of a contiguous run of dates."""
    from thitsa.places.geo import township_at

    rng = random.Random(seed)
    states, townships, fine = load_places()
    rows = []
    with open(UCDP, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["year"][:4] not in ("2021", "2022", "2023") or float(r["where_prec"]) > 2:
                continue
            rows.append(r)
    rows.sort(key=lambda r: (r["date_start"], r["id"]))
    start = rng.randrange(0, max(1, len(rows) - n + 1))
    events = []
    for r in rows[start:]:
        if len(events) >= n:
            break
        lat, lon = float(r["latitude"]), float(r["longitude"])
        tsp = township_at(lat, lon)
        if not tsp or tsp not in townships:
            continue
        township = townships[tsp]
        place = nearest(fine[tsp], lat, lon, 3.0) if r["where_prec"].startswith("1") else None
        events.append({
            "id": str(int(float(r["id"]))), "date": date.fromisoformat(r["date_start"][:10]),
            "township": township, "state": states[township["state_id"]], "place": place,
            "lat": lat, "lon": lon, "where": r["where_description"].strip(),
            "kind": kind_of(r, rng), "side_a": r["side_a"], "side_b": r["side_b"],
            "best": int(float(r["best"])), "low": int(float(r["low"])),
            "high": int(float(r["high"])), "synthetic": False,
        })  # fmt: skip
    # Synthetic near-duplicates: same township, a day apart, another village, other means.
    for e in list(events):
        if rng.random() >= SYNTHETIC_SHARE:
            continue
        others = [
            p for p in fine[e["township"]["pcode"]]
            if p["level"] == "village" and (e["place"] is None or
                                            km(p["lat"], p["lon"], e["lat"], e["lon"]) > 3)
        ]  # fmt: skip
        if not others:
            continue
        village = rng.choice(others)
        killed = int(rng.expovariate(1 / 3))
        events.append({
            **e, "id": f"syn-{e['id']}", "date": e["date"] + timedelta(days=rng.choice((-1, 1))),
            "place": village, "lat": village["lat"], "lon": village["lon"],
            "where": f"{village['name_en']} village", "kind": rng.choice(OTHER_KIND[e["kind"]]),
            "best": killed, "low": killed, "high": killed + rng.randint(0, 3), "synthetic": True,
        })  # fmt: skip
    return events


def indistinguishable(events: list[dict], days: int) -> dict[str, str]:
    """Event id -> its group of events that reports can hardly tell apart: one township, dates
    at most `days` apart, one kind, casualty counts within 2 or half of each other, and not two
    different villages or towns. At days=0 the generated reports of a group carry the same
    facts; merging each group is then the best any matcher can do at full recall."""
    group = {e["id"]: e["id"] for e in events}

    def root(x: str) -> str:
        while group[x] != x:
            group[x] = x = group[group[x]]
        return x

    by_tsp = defaultdict(list)
    for e in events:
        by_tsp[e["township"]["pcode"]].append(e)
    for same in by_tsp.values():
        for i, a in enumerate(same):
            for b in same[i + 1 :]:
                if abs((a["date"] - b["date"]).days) > days or a["kind"] != b["kind"]:
                    continue
                if abs(a["best"] - b["best"]) > max(2, 0.5 * max(a["best"], b["best"])):
                    continue
                if a["place"] and b["place"] and a["place"]["pcode"] != b["place"]["pcode"]:
                    continue
                group[root(a["id"])] = root(b["id"])
    return {e: root(e) for e in group}


def hard_negative_pairs(events: list[dict], days: int = 3) -> tuple[int, int]:
    """Pairs of distinct events in one township within `days`: (real-real, with a synthetic)."""
    by_tsp = defaultdict(list)
    for e in events:
        by_tsp[e["township"]["pcode"]].append(e)
    real = synthetic = 0
    for group in by_tsp.values():
        group.sort(key=lambda e: e["date"])
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if (b["date"] - a["date"]).days > days:
                    break
                if a["synthetic"] or b["synthetic"]:
                    synthetic += 1
                else:
                    real += 1
    return real, synthetic


def typo(rng: random.Random, name: str) -> str:
    """A romanisation variant or a typo, as reporters write names."""
    variants = [
        ("ky", "ch"), ("ch", "ky"), ("ay", "e"), ("e", "ay"), ("oo", "u"), ("u", "oo"),
        ("ei", "ay"), ("aung", "aun"), ("ine", "aing"), ("ar", "a"), ("htw", "tw"),
    ]  # fmt: skip
    lower = name.lower()
    r = rng.random()
    if r < 0.45:
        found = [(a, b) for a, b in variants if a in lower]
        if found:
            a, b = rng.choice(found)
            i = lower.index(a)
            out = name[:i] + (b.capitalize() if i == 0 else b) + name[i + len(a) :]
            return out
    if r < 0.65 and " " in name:  # spacing: "Let Yet Kone" -> "Letyet Kone"
        words = name.split(" ")
        i = rng.randrange(len(words) - 1)
        return " ".join(words[:i] + [words[i] + words[i + 1].lower()] + words[i + 2 :])
    if r < 0.75 and " " not in name and len(name) >= 6:
        i = rng.randrange(2, len(name) - 2)
        return name[:i] + " " + name[i].upper() + name[i + 1 :]
    if len(name) < 5:
        return name
    i = rng.randrange(1, len(name) - 2)
    if r < 0.88:  # swap two letters
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + name[i + 1 :]  # drop one


def spelled(rng: random.Random, place: dict, p_variant: float = 0.35) -> str:
    name = rng.choice([place["name_en"], *(place.get("alt_names") or [])]).split(" (")[0]
    return typo(rng, name) if rng.random() < p_variant else name


def state_label(state: dict) -> str:
    base = state["name_en"].split(" (")[0]
    return f"{base} Region" if state["pcode"] in REGIONS else f"{base} State"


def my_name(place: dict) -> str:
    """The Burmese name as a reporter writes it: MIMU's bracketed qualifier ("(အရှေ့)", east)
    dropped."""
    return re.sub(r"\s*\([^)]*\)\s*", "", place["name_my"]).strip()


def place_text(rng: random.Random, e: dict, burmese: bool) -> tuple[str, str]:
    """(place column, the same for the title) as one outlet writes it."""
    tsp, fine, state = e["township"], e["place"], e["state"]
    if burmese and tsp["name_my"] and rng.random() < 0.85:
        t_my = my_name(tsp)
        if fine and fine["name_my"] and rng.random() < 0.7:
            suffix = "မြို့" if fine["level"] == "town" else rng.choice(("ကျေးရွာ", "ရွာ"))
            where = rng.choice([f"{t_my}မြို့နယ်၊ {my_name(fine)}{suffix}",
                                f"{my_name(fine)}{suffix}၊ {t_my}မြို့နယ်"])  # fmt: skip
            return where, where
        return f"{t_my}မြို့နယ်", f"{t_my}မြို့နယ်"
    t = spelled(rng, tsp, 0.25)
    r = rng.random()
    if r < 0.1 and e["where"]:
        return e["where"], e["where"]  # UCDP's own words
    if fine is None or r < 0.35:
        where = rng.choice([f"{t} Township", f"{t} Township, {state_label(state)}", f"{t} Tsp",
                            f"{t} township, {state['name_en'].split(' (')[0]}"])  # fmt: skip
        return where, where
    v = spelled(rng, fine)
    if fine["level"] == "town":
        v = re.sub(r" (Town|City)$", "", v)
        where = rng.choice([f"{v} town, {t} Township", f"{v}, {state_label(state)}",
                            f"{v} town"])  # fmt: skip
    elif r < 0.4:
        where = f"{v} village"  # the village alone: namesakes elsewhere
    else:
        where = rng.choice([f"{v} village, {t} Township", f"{v}, {t} Township, "
                            f"{state_label(state)}", f"{v} Village, {t}",
                            f"near {v} village in {t} Township"])  # fmt: skip
    return where, where


def casualty_text(rng: random.Random, seen: int, e: dict, burmese: bool) -> str:
    if seen == 0:
        return "" if rng.random() < 0.7 else "0"
    if burmese:
        mine = str(seen).translate(MY_DIGITS)
        return rng.choice([f"{mine} ဦး", mine, f"အနည်းဆုံး {mine} ဦး", f"{mine} ကျော်"])
    low = max(1, seen - rng.randint(1, 3))
    forms = [str(seen), str(seen), f"at least {seen}", f"more than {low}", f"{seen}+",
             f"about {seen}", f"{low}-{seen + rng.randint(1, 4)}"]  # fmt: skip
    if e["low"] < e["high"] and seen >= e["best"]:
        forms.append(f"{e['low']}-{e['high']}")
    return rng.choice(forms)


def actor(rng: random.Random, side: str) -> str:
    return rng.choice(ACTORS.get(side, [side]))


def to_zawgyi():
    try:
        from myanmar.converter import convert

        # The converter reads dot below then asat (့်, Unicode's canonical order, as the
        # gazetteer stores names since they are normalised) as a medial ya: "ဂန့်ဂေါ" came out
        # as Zawgyi for ဂနျ့ဂော. A Zawgyi typist types the sign itself; give it the order it knows.
        return lambda text: convert(
            text.replace("\u1037\u103a", "\u103a\u1037"), "unicode", "zawgyi"
        )
    except ImportError:
        return None


def generate(path: Path, events: list[dict], seed: int) -> dict:
    """Write the CSV; return the truth (report_id -> event id) and counts."""
    rng = random.Random(seed + 1)
    zawgyi = to_zawgyi()
    outlets, outlet_w = OUTLETS, [o[3] for o in OUTLETS]
    counts = Counter()
    truth: dict[str, str] = {}
    tags: dict[str, set[str]] = {}
    rows = []
    for e in events:
        n = rng.choices(list(N_REPORTS_WEIGHTS), list(N_REPORTS_WEIGHTS.values()))[0]
        if e["synthetic"]:
            n = min(n, 4)
        chosen: list[tuple] = []
        while len(chosen) < n:
            o = rng.choices(outlets, outlet_w)[0]
            if o not in chosen:
                chosen.append(o)
        delays = sorted(rng.choices(range(6), (35, 30, 15, 10, 6, 4), k=n))
        type_words, means_words, my_verb, weapons = KINDS[e["kind"]]
        target = rng.choice(TARGET_WORDS[e["kind"]]) if e["kind"] in TARGET_WORDS else ""
        weapon = rng.choice(weapons)
        means = rng.choice(means_words)  # the event's own means; reports vary within it
        for i, ((source, kind_of_source, my_share, _w), delay) in enumerate(
            zip(chosen, delays, strict=True)
        ):
            report_id = f"q{len(rows) + 1:06d}"
            truth[report_id] = e["id"]
            tags[report_id] = tag = set()
            burmese = rng.random() < my_share
            jitter = rng.random()
            if jitter < 0.06:
                told, when = e["date"], f"{e['date'].year}-{e['date'].month:02d}"
                counts["month precision"] += 1
                tag.add("month precision")
            else:
                told = e["date"] + timedelta(days=rng.choice((-1, 1)) if jitter < 0.2 else 0)
                when = date_text(rng, told)
            published = e["date"] + timedelta(days=delay, hours=rng.randint(6, 22))
            # Counts rise as bodies are found: the early reports say less.
            share = 0.6 + 0.4 * (i + 1) / n
            seen = max(0, round(e["best"] * share)) if e["best"] else 0
            said = casualty_text(rng, seen, e, burmese)
            where, where_title = place_text(rng, e, burmese)
            perpetrator = actor(rng, e["side_a"]) if rng.random() < 0.6 else ""
            if e["kind"] == "battle" and rng.random() < 0.5:
                perpetrator = actor(rng, e["side_b"])
            if burmese:
                counts["Burmese"] += 1
                tag.add("Burmese" if not _is_latin(where) else "Burmese, Latin place")
                dead = f"{said} {MY_DEAD}" if said and said != "0" else "ထိခိုက်မှုရှိ"
                title = rng.choice([f"{where_title}{my_verb}၊ {dead}",
                                    f"{dead}၊ {where_title}{my_verb}",
                                    f"{where_title}{my_verb}"])  # fmt: skip
                text = "။ ".join([title, *rng.sample(MY_SENTENCES, rng.randint(1, 3))]) + "။"
            else:
                verb = means if rng.random() < 0.7 else rng.choice(means_words)
                hit = f" {target} in" if target and rng.random() < 0.6 else ""
                killed = f"{said} killed" if said and said != "0" else ""
                title = rng.choice([
                    f"{verb}{hit} {where_title}" + (f"; {killed}" * bool(killed)),
                    (f"{killed} as " if killed else "Residents flee as ")
                    + f"{verb}{hit} {where_title}",
                    f"{where_title}: {verb}{hit} the area" + (f", {killed}" * bool(killed)),
                ])  # fmt: skip
                title = title[0].upper() + title[1:]
                text = " ".join([
                    title + ".", *rng.sample(EN_SENTENCES, rng.randint(1, 3)),
                    f"{perpetrator} were blamed." if perpetrator else "",
                    f"A {weapon} was used." if weapon and rng.random() < 0.5 else "",
                ]).strip()  # fmt: skip
            if burmese and zawgyi and rng.random() < 0.1:
                title, text, where = zawgyi(title), zawgyi(text), zawgyi(where)
                counts["Zawgyi"] += 1
                tag.add("Zawgyi")
            if rng.random() < 0.2:
                lat = f"{e['lat'] + rng.uniform(-0.005, 0.005):.5f}"
                lon = f"{e['lon'] + rng.uniform(-0.005, 0.005):.5f}"
                counts["coordinates"] += 1
                tag.add("coordinates")
            else:
                lat = lon = ""
            r = rng.random()
            if r < 0.3:
                etype = ""
            elif r < 0.4 and e["kind"] in CROSS_TYPE:
                etype = CROSS_TYPE[e["kind"]]
            else:
                etype = rng.choice(type_words)
            rows.append([
                report_id, source, kind_of_source,
                f"https://example.org/{source[:3].lower()}/{report_id}",
                published.isoformat() + "T08:00:00+06:30", "my" if burmese else "en", title, text,
                when, where, lat, lon, etype,
                TARGET_CODES.get(target, "") if rng.random() < 0.5 else "",
                weapon if rng.random() < 0.4 else "", perpetrator, said, "", "", "",
            ])  # fmt: skip
    rows.sort(key=lambda row: row[4])  # files arrive in publication order
    from thitsa.reports.importers.thitsa_csv import COLUMNS

    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS[: COLUMNS.index("injured_children") + 1])
        writer.writerows(rows)
    counts["zawgyi converter"] = zawgyi is not None
    for k, tag in tags.items():
        if not tag & {"Burmese", "Burmese, Latin place"}:
            tag.add("English")
        if truth[k].startswith("syn-"):
            tag.add("synthetic event")
    return {"truth": truth, "counts": counts, "tags": tags}


def _is_latin(text: str) -> bool:
    return not any("\u1000" <= c <= "\u109f" for c in text)


# --- scores -------------------------------------------------------------------------------------


def pair_scores(truth: dict[str, str], found: dict[str, object]) -> tuple[float, float, float]:
    def pairs(counts) -> int:
        return sum(n * (n - 1) // 2 for n in counts)

    both = Counter((truth[k], found[k]) for k in truth)
    same = pairs(both.values())
    predicted = pairs(Counter(found[k] for k in truth).values())
    actual = pairs(Counter(truth.values()).values())
    p = same / predicted if predicted else 1.0
    r = same / actual if actual else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bcubed(truth: dict[str, str], found: dict[str, object]) -> tuple[float, float, float]:
    both = Counter((truth[k], found[k]) for k in truth)
    by_true, by_found = Counter(truth.values()), Counter(found[k] for k in truth)
    p = sum(both[(truth[k], found[k])] / by_found[found[k]] for k in truth) / len(truth)
    r = sum(both[(truth[k], found[k])] / by_true[truth[k]] for k in truth) / len(truth)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def scores(truth, found) -> dict[str, float]:
    p, r, f = pair_scores(truth, found)
    bp, br, bf = bcubed(truth, found)
    return {"P": p, "R": r, "F1": f, "bP": bp, "bR": br, "bF1": bf,
            "clusters": len(set(found[k] for k in truth))}  # fmt: skip


# --- Thitsa -------------------------------------------------------------------------------------


def run_thitsa(path: Path) -> dict:
    from thitsa.incidents.matching import match_reports
    from thitsa.incidents.models import MatchDecision
    from thitsa.places.resolver import get_resolver
    from thitsa.reports.loading import import_file
    from thitsa.reports.models import SourceReport

    resolver_s, _ = timed(get_resolver)
    import_s, imported = timed(lambda: import_file(path, "thitsa", progress=False))
    match_s, matched = timed(match_reports)
    found = {
        ext: (inc if inc is not None else f"none-{pk}")
        for pk, ext, inc in SourceReport.objects.values_list("id", "external_id", "incident_id")
    }
    decisions = {
        d["report__external_id"]: d
        for d in MatchDecision.objects.filter(by_human=False).values(
            "report__external_id", "outcome", "incident_id", "score", "features"
        )
    }
    return {"found": found, "decisions": decisions, "import_s": import_s, "match_s": match_s,
            "resolver_s": resolver_s, "imported": imported, "matched": matched}  # fmt: skip


def linked_by_tag(truth: dict, found: dict, tags: dict) -> dict[str, tuple[int, int]]:
    by_event = Counter(truth.values())
    members = defaultdict(set)
    for k, v in found.items():
        members[v].add(k)
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for k in truth:
        if by_event[truth[k]] < 2:
            continue
        ok = any(truth[o] == truth[k] for o in members[found[k]] if o != k)
        for tag in tags[k] | {"all"}:
            out[tag][0] += 1
            out[tag][1] += ok
    return {t: (n, ok) for t, (n, ok) in out.items()}


def without_reviews(found: dict, decisions: dict) -> dict:
    """Reports linked 'for review' taken out of their incident (as if every review said no)."""
    return {
        k: (f"review-{k}" if decisions.get(k, {}).get("outcome") == "review" else v)
        for k, v in found.items()
    }


def reviews_resolved(truth: dict, found: dict, decisions: dict) -> dict:
    """As if a verifier got every review right: right review links kept, wrong ones split off."""
    members = defaultdict(list)
    for k, v in found.items():
        members[v].append(k)
    out = dict(found)
    for k, d in decisions.items():
        if d["outcome"] == "review" and not any(
            truth[o] == truth[k] for o in members[found[k]] if o != k
        ):
            out[k] = f"review-{k}"
    return out


def review_accuracy(truth: dict, found: dict, decisions: dict) -> tuple[int, int]:
    """(review links, of them right): right when the incident holds another report of the
    report's own event."""
    members = defaultdict(list)
    for k, v in found.items():
        members[v].append(k)
    total = right = 0
    for k, d in decisions.items():
        if d["outcome"] != "review":
            continue
        total += 1
        right += any(truth[o] == truth[k] for o in members[found[k]] if o != k)
    return total, right


# --- splink -------------------------------------------------------------------------------------


def splink_rows() -> list[dict]:
    """One row per report, from what Thitsa stored: its date, its township (Thitsa's
    resolution), the raw place text, the event type (Thitsa's reading of it), killed, title."""
    from thitsa.incidents.taxonomy import event_type_of
    from thitsa.reports.models import SourceReport

    rows = []
    for r in SourceReport.objects.values(
        "external_id", "event_date", "place__township_id", "place_text", "event_type",
        "killed_min", "title",
    ):  # fmt: skip
        rows.append({
            "unique_id": r["external_id"], "event_date": r["event_date"],
            "township": r["place__township_id"], "place_text": (r["place_text"] or "").lower()
            or None, "event_type": event_type_of(r["event_type"]) or None,
            "killed": r["killed_min"], "title": (r["title"] or "").lower() or None,
        })  # fmt: skip
    return rows


def run_splink(rows: list[dict], threshold: float = SPLINK_THRESHOLD) -> dict:
    import logging

    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    started = time.perf_counter()
    logging.getLogger("splink").setLevel(logging.WARNING)
    db_api = DuckDBAPI()
    sdf = db_api.register(rows)
    days = "abs(date_diff('day', l.event_date, r.event_date))"
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.AbsoluteDateDifferenceAtThresholds(
                "event_date", input_is_string=False, metrics=["day", "day"], thresholds=[1, 3]
            ),
            cl.JaroWinklerAtThresholds("place_text", [0.92, 0.8]),
            cl.ExactMatch("township"),
            cl.ExactMatch("event_type"),
            cl.CustomComparison(
                output_column_name="killed",
                comparison_levels=[
                    cll.NullLevel("killed"),
                    cll.ExactMatchLevel("killed"),
                    cll.CustomLevel(
                        "abs(killed_l - killed_r) <= 3 or greatest(killed_l, killed_r) "
                        "<= 1.5 * least(killed_l, killed_r)",
                        "within 3 or 50%",
                    ),
                    cll.ElseLevel(),
                ],
            ),
            cl.JaroWinklerAtThresholds("title", [0.9, 0.75]),
        ],
        blocking_rules_to_generate_predictions=[
            f"l.township = r.township and {days} <= 3",
            block_on("event_date"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(sdf, settings, log_level=logging.WARNING)
    # Per splink's docs: lambda from deterministic rules, u by random sampling, m by EM
    # sessions whose blocking rules leave the other comparisons free.
    linker.training.estimate_probability_two_random_records_match(
        ["l.township = r.township and l.event_date = r.event_date"], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("township"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("event_date"))
    predictions = linker.inference.predict(threshold_match_probability=0.05)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    found = {r["unique_id"]: r["cluster_id"] for r in clusters.as_record_list()}
    return {"found": found, "seconds": time.perf_counter() - started}


# --- error analysis -----------------------------------------------------------------------------


def analyse(truth: dict, found: dict, decisions: dict, show: int) -> None:
    """Sample false merges and missed links, with the features that decided them."""
    from thitsa.incidents.matching import _REPORT_FIELDS, report_event
    from thitsa.incidents.scoring import REVIEW, features, score
    from thitsa.places.adjacency import neighbours
    from thitsa.places.resolver import place_levels
    from thitsa.reports.models import SourceReport

    # As matching reads them (a hand-made copy here fell behind when places gained a path).
    places = place_levels()
    adjacency = neighbours()
    raw = {r["external_id"]: r for r in SourceReport.objects.values(*_REPORT_FIELDS, "place_text")}
    events = {k: report_event(r, places) for k, r in raw.items()}
    members = defaultdict(list)
    for k in sorted(truth):
        members[found[k]].append(k)

    def line(k: str) -> str:
        r = raw[k]
        return (f"{k} [{truth[k]}] {r['event_date']} {r['event_date_precision']} "
                f"place={r['place_id']!s:12} {r['place_text'][:45]!r} type={r['event_type']!r} "
                f"killed={r['killed_min']}")  # fmt: skip

    # False merges: a report linked to an incident opened by a report of another event.
    opener = {found[k]: k for k, d in decisions.items() if d["outcome"] == "new"}
    merges = Counter()
    shown = 0
    print("\n## false merges (report linked to an incident opened by another event's report)")
    for k in sorted(truth):
        d = decisions.get(k)
        if not d or d["outcome"] not in ("link", "review") or found[k] not in opener:
            continue
        other = opener[found[k]]
        if truth[other] == truth[k]:
            continue
        same_day = raw[k]["event_date"] == raw[other]["event_date"]
        syn = truth[k].startswith("syn-") or truth[other].startswith("syn-")
        kind = ("synthetic neighbour" if syn else "real UCDP neighbour") + (
            ", same day" if same_day else ", other day"
        )
        merges[kind] += 1
        if shown < show:
            shown += 1
            print(f"- {d['outcome']} score={d['score']} {kind}\n    {line(k)}\n    {line(other)}"
                  f"\n    features {d['features']}")  # fmt: skip
    print("by kind:", dict(merges))

    # Missed links: a report not in the incident that holds most of its event's reports.
    home = {}
    by_truth = defaultdict(list)
    for k in sorted(truth):
        by_truth[truth[k]].append(k)
    for t, ks in by_truth.items():
        home[t] = Counter(found[k] for k in ks).most_common(1)[0][0]
    reasons = Counter()
    shown = 0
    print("\n## missed links (report outside the incident of most of its event's reports)")
    for k in sorted(truth):
        t = truth[k]
        if found[k] == home[t] or len(by_truth[t]) < 2:
            continue
        mate = next(o for o in by_truth[t] if found[o] == home[t])
        a, b = events[k], events[mate]
        near = adjacency.get(a.township_id, frozenset()) if a.township_id else frozenset()
        f = features(a, b, near)
        if raw[k]["place_id"] is None:
            reason = "place not resolved"
        elif f is None:
            days = abs((a.date - b.date).days)
            if a.event_type and b.event_type and a.event_type != b.event_type:
                reason = "event types incompatible"
            elif days > 2 and "month" not in (a.precision, b.precision):
                reason = "date outside window"
            else:
                reason = "places too far apart (other township, not neighbouring)"
        else:
            s = score(f)
            reason = "scored below REVIEW" if s < REVIEW else "scored high vs this mate"
        reasons[reason] += 1
        if shown < show:
            shown += 1
            d = decisions.get(k, {})
            print(f"- {reason}; own decision {d.get('outcome')} score={d.get('score')}\n"
                  f"    {line(k)}\n    {line(mate)}\n    pair features "
                  f"{ {n: round(v, 2) for n, v in f.items()} if f else None}"
                  + (f" score={score(f)}" if f else ""))  # fmt: skip
    print("by reason:", dict(reasons))


# --- main ---------------------------------------------------------------------------------------


def fmt_row(name: str, s: dict, seconds: float, extra: str = "") -> str:
    return (
        f"| {name} | {s['P']:.3f} | {s['R']:.3f} | {s['F1']:.3f} | {s['bP']:.3f} "
        f"| {s['bR']:.3f} | {s['bF1']:.3f} | {s['clusters']:,} | {seconds:.1f} | {extra} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1500, help="UCDP events (at most ~1,900)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=12, help="errors of each kind to print")
    parser.add_argument("--no-splink", action="store_true")
    args = parser.parse_args()

    init_s = setup()
    from thitsa.incidents.models import Incident
    from thitsa.reports.models import SourceReport

    require_empty(SourceReport, Incident)
    header(f"match quality, {args.events:,} UCDP events (seed {args.seed})", init_s)

    events = load_events(args.events, args.seed)
    real = [e for e in events if not e["synthetic"]]
    hard_real, hard_syn = hard_negative_pairs(events)
    with tempfile.TemporaryDirectory(prefix="thitsa-bench-") as tmp:
        path = Path(tmp) / "reports.csv"
        gen_s, generated = timed(lambda: generate(path, events, args.seed))
        truth, counts = generated["truth"], generated["counts"]
        sizes = Counter(Counter(truth.values()).values())
        print(
            f"events: {len(real):,} UCDP ({real[0]['date']} to {real[-1]['date']}) + "
            f"{len(events) - len(real):,} synthetic near-duplicates; reports: {len(truth):,} "
            f"(per event {dict(sorted(sizes.items()))}); hard-negative pairs (same township, "
            f"<= 3 days apart): {hard_real:,} real + {hard_syn:,} with a synthetic"
        )
        print(f"reports: {dict(counts)}; generated in {gen_s:.1f} s")
        sys.stdout.flush()
        thitsa = run_thitsa(path)
    print(f"import {thitsa['import_s']:.1f} s -- {thitsa['imported']}")
    print(f"match  {thitsa['match_s']:.1f} s -- {thitsa['matched']}")
    found, decisions = thitsa["found"], thitsa["decisions"]
    t_scores = scores(truth, found)
    strict = scores(truth, without_reviews(found, decisions))
    reviews, reviews_right = review_accuracy(truth, found, decisions)
    seconds = thitsa["import_s"] + thitsa["match_s"]

    rows = [
        fmt_row("Thitsa (review counted as linked)", t_scores, seconds,
                f"{reviews:,} review links, {reviews_right:,} right"),
        fmt_row("Thitsa (review counted as not linked)", strict, seconds, ""),
        fmt_row("Thitsa (reviews settled right by a verifier)",
                scores(truth, reviews_resolved(truth, found, decisions)), seconds, "upper bound"),
    ]  # fmt: skip
    for days, what in ((0, "ceiling at full recall"), (1, "near-ceiling at full recall")):
        group = indistinguishable(events, days)
        rows.append(
            fmt_row(
                f"events alike within {days} day(s) merged, all else right",
                scores(truth, {k: group[truth[k]] for k in truth}),
                0.0,
                what,
            )
        )
    if not args.no_splink:
        sp = run_splink(splink_rows())
        rows.append(fmt_row(f"splink {splink_version()} (DuckDB), p >= {SPLINK_THRESHOLD}",
                            scores(truth, sp["found"]), sp["seconds"], "EM-trained"))  # fmt: skip
    print()
    print(
        "| system | pair P | pair R | pair F1 | B3 P | B3 R | B3 F1 | incidents "
        f"(true {len(set(truth.values())):,}) | seconds | notes |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for row in rows:
        print(row)
    print(
        "\nreports linked with at least one other report of their event (events told twice "
        "or more), by how the report was written:"
    )
    for tag, (n, ok) in sorted(linked_by_tag(truth, found, generated["tags"]).items()):
        print(f"  {tag:18} {ok:,}/{n:,} = {ok / max(1, n):.1%}")
    sys.stdout.flush()
    if t_scores["P"] < 0.97 or t_scores["R"] < 0.93 or args.show:
        analyse(truth, found, decisions, args.show)


def splink_version() -> str:
    import splink

    return splink.__version__


if __name__ == "__main__":
    main()
