from __future__ import annotations

import argparse
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from thitsa.figures.query import (
    GROUPS,
    MEASURES,
    FigureError,
    Filters,
    evaluate,
    first_incidents,
    grades_counted,
    incidents_matching,
    place_filter,
)
from thitsa.incidents.taxonomy import GRADES


def _date(value: str) -> date:
    # argparse turns ArgumentTypeError into a usage error (exit 2); anything else would escape
    # the parser as a traceback.
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date: write YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Count incidents or casualties, with the incidents behind the number."

    def add_arguments(self, parser):
        parser.add_argument("measure", choices=list(MEASURES))
        parser.add_argument("--since", type=_date, help="first day counted, YYYY-MM-DD")
        parser.add_argument("--until", type=_date, help="last day counted, YYYY-MM-DD")
        parser.add_argument("--place", help="a place name or P-code; everything inside it counts")
        parser.add_argument("--target")
        parser.add_argument("--weapon")
        parser.add_argument("--event-type")
        parser.add_argument("--perpetrator")
        parser.add_argument(
            "--min-grade",
            choices=[code for code, _label in GRADES],
            help="count only incidents graded this well or better (default: all but discounted)",
        )
        parser.add_argument(
            "--include-restricted",
            action="store_true",
            help="count restricted (unpublished) incidents too: to check your own imports, "
            "never for publication",
        )
        parser.add_argument("--by", choices=GROUPS)
        parser.add_argument("--json", action="store_true", help="stable JSON for scripts")

    def handle(self, *args, **o):
        try:
            place = place_filter(o["place"]) if o["place"] else None
            filters = Filters(
                since=o["since"],
                until=o["until"],
                place=place.pcode if place else None,
                target=o["target"],
                weapon=o["weapon"],
                event_type=o["event_type"],
                perpetrator=o["perpetrator"],
                min_grade=o["min_grade"],
            )
            public_only = not o["include_restricted"]
            figure = evaluate(
                o["measure"], filters, by=o["by"], with_incidents=o["json"], public_only=public_only
            )
            # What was left out, said: a documenter checking an import saw 0 and no reason.
            hidden = (
                incidents_matching(filters, public_only=False).exclude(visibility="public").count()
                if public_only
                else 0
            )
        except FigureError as exc:
            raise CommandError(str(exc)) from exc
        if o["json"]:
            # As the API answers (its `withheld` is for those who may not see restricted ids).
            out = {**figure.as_json(), "include_restricted": not public_only}
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        noun = "incidents" if figure.measure == "incidents" else f"{figure.measure} (at least)"
        where = f" in {place.name_en} ({place.pcode})" if place else ""
        self.stdout.write(f"{noun}{where}: {figure.value:,}")
        if figure.groups is not None:
            width = max((len(g.label) for g in figure.groups), default=10)
            for g in figure.groups:
                key = f"{g.label} ({g.key})" if g.label != g.key else g.key
                self.stdout.write(f"  {key:<{width + 14}} {g.value:>10,}")
        shown = ", ".join(first_incidents(filters, 10, public_only=public_only))
        more = f" and {figure.count - 10:,} more" if figure.count > 10 else ""
        word = "incident" if figure.count == 1 else "incidents"
        self.stdout.write(f"from {figure.count:,} {word}: {shown}{more} (--json lists all)")
        counted = grades_counted(o["min_grade"])
        grades = ", ".join(f"{g} {figure.grades[g]:,}" for g in counted if figure.grades.get(g))
        self.stdout.write(f"grades counted: {', '.join(counted)} (incidents: {grades or 'none'})")
        if not public_only:
            self.stdout.write("counted: public and restricted incidents (not for publication)")
        elif hidden:
            self.stdout.write(
                f"counted: public incidents only; {hidden:,} restricted incidents match too "
                "(--include-restricted counts them)"
            )
        else:
            self.stdout.write("counted: public incidents only")
        filters = ", ".join(f"{k}={v}" for k, v in figure.filters.items()) or "none"
        self.stdout.write(f"filters: {filters}; computed at {figure.computed_at}")
