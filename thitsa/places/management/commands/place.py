"""`thitsa place resolve NAME | --file FILE [--json] [--limit N]`: which places a name means.

`thitsa place resolve --at LAT,LON [--json]`: the township containing a point and the nearest
village (or ward, or town) within --max-km; with a NAME too, the point is context for the name.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from thitsa.cli import text_lines
from thitsa.places.models import Place
from thitsa.places.resolver import Match, get_resolver

TIES_COUNTED = 100


def ties(matches: list[Match]) -> int:
    """How many townships (or wider areas) the best-scored matches lie in: a township and
    its town of the same name are one answer, not a tie."""
    from thitsa.places.resolver import place_levels

    best = [m for m in matches if m.score == matches[0].score]
    paths = [place_levels().get(m.pcode, ("", None, None, None, m.pcode))[4] for m in best]
    # A district or region holding another of them is that answer, widened.
    answers = {
        m.township_pcode or m.pcode
        for m, path in zip(best, paths, strict=True)
        if m.township_pcode or not any(p != path and p.startswith(f"{path}/") for p in paths)
    }
    return len(answers)


def _area_before_namesakes(matches: list[Match]) -> bool:
    """Whether the best match is a township or wider area and every other as good a village,
    tract or ward (of other townships)."""
    best = [m for m in matches if m.score == matches[0].score]
    areas = {m.township_pcode or m.pcode for m in best if m.level in ADMIN_LEVELS}
    return len(areas) == 1 and matches[0].level in ADMIN_LEVELS


ADMIN_LEVELS = ("state", "district", "township", "town")


def match_json(m: Match) -> dict:
    return {"pcode": m.pcode, "level": m.level, "name_en": m.name_en, "name_my": m.name_my,
            "township_pcode": m.township_pcode, "score": m.score}  # fmt: skip


def at_least_one(value: str) -> int:
    # --limit 0 printed "no match" for names that match.
    import argparse

    if not value.strip().isdecimal() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: give 1 or more")
    return int(value)


def kilometres(value: str) -> float:
    import argparse

    try:
        km = float(value)
    except ValueError:
        km = -1.0
    if not 0 < km <= 100:
        raise argparse.ArgumentTypeError(f"{value!r}: give a distance over 0 and up to 100 km")
    return km


def parse_point(value: str) -> tuple[float, float]:
    """ "22.65185,95.20943" -> (22.65185, 95.20943)."""
    import argparse

    try:
        lat, lon = (float(x) for x in value.replace(" ", "").split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not LAT,LON: {value!r}") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise argparse.ArgumentTypeError(f"not a point on Earth: {value!r}")
    return lat, lon


class Command(BaseCommand):
    help = "Resolve free-text place names to gazetteer places (P-codes), best first."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        res = sub.add_parser("resolve", help="resolve place names")
        res.add_argument("name", nargs="*", help='e.g. "O Htein Kwin village, Depayin Township"')
        res.add_argument("--file", help="one name a line; - reads standard input")
        res.add_argument("--json", action="store_true", help="one JSON object per input line")
        res.add_argument("--limit", type=at_least_one, default=5,
                         help="matches per name (default 5)")  # fmt: skip
        res.add_argument("--at", metavar="LAT,LON", type=parse_point,
                         help="a point: the township containing it and the nearest village; "
                              "with a name, the point is context for the name")  # fmt: skip
        res.add_argument("--max-km", type=kilometres, default=5.0,
                         help="how far the nearest village may be (km, default 5)")  # fmt: skip

    def handle(self, *args, action: str, name: list[str], file: str | None, **options):
        at = options.get("at")
        if at and not name and not file:
            return self.reverse(at, options["max_km"], options["json"])
        if file:
            # JSON keeps a blank line's place (an object with no match), so that output line N
            # answers input line N; the table has nothing to show for one.
            queries = [line for line in text_lines(file) if line.strip() or options["json"]]
        elif len(name) > 1 and any(" " in n.strip() for n in name):
            # "Minhla Township" "Htantabin township": two names quoted, each answered; were
            # they joined, the answer was one place for both without a word.
            queries = list(name)
        else:
            queries = [" ".join(name)] if name else []  # Let Yet Kone, unquoted: one name
        if not queries:
            raise CommandError("Give a place name, or --file FILE (- for standard input).")
        if not Place.objects.exists():
            raise CommandError("The gazetteer is empty: run `thitsa places load --bundled`.")
        resolver = get_resolver()
        found = 0
        seen: dict[str, list[Match]] = {}  # a batch repeats names: each is resolved once
        for query in queries:
            matches = seen.get(query) if query.strip() else []
            if matches is None:
                lat, lon = at or (None, None)
                # More than are shown: a tie with one left out is still a tie (--limit 1),
                # and "Ywa Thit" names twenty places.
                limit = max(options["limit"], TIES_COUNTED)
                matches = resolver.resolve(query, limit=limit, lat=lat, lon=lon)
                seen[query] = matches
            found += bool(matches)
            shown, tied = matches[: options["limit"]], ties(matches)
            if options["json"]:
                out = {"query": query, "matches": [match_json(m) for m in shown], "tied": tied}
                self.stdout.write(json.dumps(out, ensure_ascii=False))
            else:
                self.write_table(query, shown, tied, _area_before_namesakes(matches))
        if not options["json"]:
            self.stdout.write(f"{found} of {len(queries)} names matched.")

    def reverse(self, at: tuple[float, float], max_km: float, as_json: bool) -> None:
        from thitsa.places.geo import nearest_village_km, township_at

        if not Place.objects.exists():
            raise CommandError("The gazetteer is empty: run `thitsa places load --bundled`.")
        lat, lon = at
        # Inside a township's polygon, or only near one (the polygons are simplified: a point
        # on a border may fall a little outside), said apart: Moreh, in India, was "Tamu".
        tsp = township_at(lat, lon, near=0)
        inside = tsp is not None
        tsp = tsp or township_at(lat, lon)
        near = nearest_village_km(lat, lon, max_km)
        places = Place.objects.in_bulk([p for p in (tsp, near and near[0]) if p])
        t = places.get(tsp) if tsp else None
        v = places.get(near[0]) if near else None
        if as_json:
            out = {
                "at": [lat, lon],
                "township": t and {"pcode": t.pcode, "name_en": t.name_en, "name_my": t.name_my,
                                   "inside": inside},
                "nearest_village": v and {
                    "pcode": v.pcode, "level": v.level, "name_en": v.name_en,
                    "name_my": v.name_my, "township_pcode": v.township_id,
                    "km": round(near[1], 3),
                },
            }  # fmt: skip
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        self.stdout.write(f"{lat}, {lon}")
        if t and not inside:
            self.stdout.write(
                f"  township  {t.pcode:<16} {t.label}  (the point is outside it, within 3 km: "
                "across a border, or on it)"
            )
        elif t:
            self.stdout.write(f"  township  {t.pcode:<16} {t.label}")
        else:
            self.stdout.write("  township  none (the point is outside Myanmar's townships)")
        if v:
            self.stdout.write(
                f"  nearest   {v.pcode:<16} {v.level:<9} {v.label}  {near[1]:.2f} km"
                f"  (township {v.township_id or '-'})"
            )
        else:
            self.stdout.write(f"  nearest   no village, ward or town within {max_km:g} km")

    def write_table(self, query: str, matches: list[Match], tied: int, area_first: bool) -> None:
        self.stdout.write(f"{query}")
        if not matches:
            self.stdout.write("  no match")
            return
        if tied > 1 and area_first:
            # "Kani": a township, and some forty villages of the name elsewhere. Said as a tie
            # of equals, it read as a doubt where the township is what a bare name means.
            what = (
                "place elsewhere (a village, tract or ward) bears"
                if tied == 2
                else ("places elsewhere (villages, tracts or wards) bear")
            )
            self.stdout.write(
                f"  the {matches[0].level} first; {tied - 1} {what} the name too: for one of "
                "them, write its township after its name"
            )
        elif tied > 1:
            self.stdout.write(f"  ambiguous: {tied} different places match equally well")
        for i, m in enumerate(matches):
            mark = "best" if i == 0 else "    "
            self.stdout.write(
                f"  {mark} {m.score:5.1f}  {m.pcode:<16} {m.level:<9} {m.name_en}"
                f"{' · ' + m.name_my if m.name_my else ''}  (township {m.township_pcode or '-'})"
            )
