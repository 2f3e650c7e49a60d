"""What the Telegram importer reads from a channel's posts, against labels made by hand.

    THITSA_HOME=$(mktemp -d) .venv/bin/python benchmarks/telegram_extraction.py [--show]

The channel (benchmarks/data/telegram_channel.json) is a Telegram Desktop export of 70 posts
written as Burmese and English news and resistance channels post (three in Zawgyi; replies,
forwards, photo captions, statistics, fundraising, a disaster and an accident among them), all
invented; its labels (telegram_channel_truth.tsv) give, for each post, whether it tells of an
attack, and that attack's day, township, village, means, killed, injured, children killed and
targets. The script imports the file as `thitsa import --format telegram` does and prints, per
field, the event posts read right (of which both blank), wrong, missed and spurious; with
--show, each post read wrong. Made by a helper session playing a documentation officer
(eleventh session); the extraction rules were then written against it, so it is not an
independent test of them.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
MEANS = {"drone": "drone strike", "artillery": "shelling"}  # the labels' words -> extract's
VILLAGE_LEVELS = ("village", "ward", "village_tract", "town")
FIELDS = ("date", "township", "village", "means", "killed", "injured", "children killed",
          "targets")  # fmt: skip


def _range(text: str) -> tuple[int, int] | None:
    if not text:
        return None
    low, _sep, high = text.partition("-")
    return int(low), int(high or low)


def _name(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def _read(report) -> dict:
    place = report.place
    township = ""
    if place is not None:
        township = place.name_en if place.level == "township" else (
            place.township.name_en if place.township_id else ""
        )  # fmt: skip
    counts = {
        name: (getattr(report, f"{field}_min"), getattr(report, f"{field}_max"))
        for name, field in (("killed", "killed"), ("injured", "injured"))
    }
    return {
        "date": str(report.event_date) if report.event_date_precision == "day" else "",
        "township": _name(township),
        "village": _name(place.name_en) if place and place.level in VILLAGE_LEVELS else "",
        "means": report.event_type,
        "killed": counts["killed"] if counts["killed"][0] is not None else None,
        "injured": counts["injured"] if counts["injured"][0] is not None else None,
        "children killed": report.killed_children_min,
        "targets": tuple(sorted(report.targets)),
    }


def _wanted(label: dict) -> dict:
    children = label["children_killed"]
    return {
        "date": label["date"],
        "township": _name(label["township"]),
        "village": _name(label["village"]),
        "means": MEANS.get(label["means"], label["means"]),
        "killed": _range(label["killed"]),
        "injured": _range(label["injured"]),
        "children killed": int(children) if children else None,
        "targets": tuple(sorted(t for t in label["targets"].split(";") if t)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--export", type=Path, default=DATA / "telegram_channel.json")
    parser.add_argument("--truth", type=Path, default=DATA / "telegram_channel_truth.tsv")
    parser.add_argument("--show", action="store_true", help="each post read wrong")
    args = parser.parse_args()
    init = common.setup()
    from thitsa.reports.loading import import_file
    from thitsa.reports.models import SourceReport

    import_file(args.export, "telegram", progress=False)
    with open(args.truth, encoding="utf-8") as fh:
        labels = {row["id"]: row for row in csv.DictReader(fh, delimiter="\t")}
    stored = {
        re.search(r"(\d+)$", r.external_id)[1]: r
        for r in SourceReport.objects.filter(import_format="telegram").select_related(
            "place", "place__township"
        )
    }
    events = {mid for mid, row in labels.items() if row["is_event"] == "y"}
    tally: dict[str, Counter] = {field: Counter() for field in FIELDS}
    wrong = []
    for mid in sorted(events & set(stored)):
        want, got = _wanted(labels[mid]), _read(stored[mid])
        for field in FIELDS:
            w, g = want[field] or None, got[field] or None
            if field == "village" and w and g and g.startswith(w):
                g = w  # "Oe Htein Kwin" labelled, MIMU's "Oe Htein Kwin (South)" read
            kind = (
                ("both blank" if w is None else "right") if w == g
                else "missed" if g is None
                else "spurious" if w is None
                else "wrong"
            )  # fmt: skip
            tally[field][kind] += 1
            if kind not in ("right", "both blank"):
                wrong.append((mid, field, kind, w, g))
    common.header(f"Telegram extraction: {args.export.name}, {len(labels)} posts labelled", init)
    print("| field | right (both blank) | wrong | missed | spurious |")
    print("|---|---:|---:|---:|---:|")
    for field in FIELDS:
        t = tally[field]
        right = t["right"] + t["both blank"]
        print(f"| {field} | {right} ({t['both blank']}) | {t['wrong']} | {t['missed']} | "
              f"{t['spurious']} |")  # fmt: skip
    others = sorted(set(stored) - events)
    print(
        f"event posts {len(events)}: imported {len(events & set(stored))}, dropped "
        f"{len(events - set(stored))}; posts telling no event imported: {len(others)} of "
        f"{len(set(labels) - events)}, with a killed count: "
        f"{sum(1 for mid in others if stored[mid].killed_min)}"
    )
    if args.show:
        for mid, field, kind, w, g in wrong:
            print(f"{mid} {field}: {kind} (label {w!r}, read {g!r})")


if __name__ == "__main__":
    main()
