from __future__ import annotations

import argparse
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from thitsa.burmese.digits import to_ascii_digits
from thitsa.figures.query import (
    BATTLES,
    GROUPS,
    MEASURES,
    Figure,
    FigureError,
    Filters,
    evaluate,
    first_incidents,
    given,
    grades_counted,
    incidents_matching,
    place_filter,
)
from thitsa.incidents.taxonomy import GRADES

# What the measure counts, as the summary lines name it ("3,807 killed").
COUNTED = {"incidents": "incidents", "killed": "killed", "injured": "injured",
           "killed_children": "children killed"}  # fmt: skip


def _date(value: str) -> date:
    # argparse turns ArgumentTypeError into a usage error (exit 2); anything else would escape
    # the parser as a traceback.
    try:
        return date.fromisoformat(to_ascii_digits(value))  # ၂၀၂၅-၀၅-၁၂ too
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date: write YYYY-MM-DD") from None


class _Once(argparse.Action):
    """An option given twice was the last one alone: `--means airstrike --means artillery`
    counted artillery only, with no word of it."""

    def __call__(self, parser, namespace, values, option_string=None):
        if getattr(namespace, self.dest) is not None:
            how = {
                "--means": "give several as one, comma-separated: --means airstrike,artillery",
                "--target": "a figure counts one target (an incident may have several, so two "
                "figures may count one incident twice)",
                "--weapon": "a figure counts one weapon (an incident may have several, so two "
                "figures may count one incident twice)",
            }.get(option_string, "give it once")
            parser.error(f"{option_string} is given twice: {how}")
        setattr(namespace, self.dest, values)


class Command(BaseCommand):
    help = "Count incidents or casualties, with the incidents behind the number."

    def add_arguments(self, parser):
        parser.add_argument("measure", choices=list(MEASURES))
        parser.add_argument(
            "--since", action=_Once, type=_date, help="first day counted, YYYY-MM-DD"
        )
        parser.add_argument(
            "--until", action=_Once, type=_date, help="last day counted, YYYY-MM-DD"
        )
        parser.add_argument(
            "--place", action=_Once, help="a place name or P-code; everything inside it counts"
        )
        parser.add_argument(
            "--target",
            action=_Once,
            help="a target's code, label or word, e.g. school, 'IDP camps'",
        )
        parser.add_argument(
            "--weapon",
            action=_Once,
            help="a weapon's code, label or word, e.g. 'unguided bombs', cluster",
        )
        parser.add_argument(
            "--event-type",
            action=_Once,
            help="ACLED's event type or sub-event type, e.g. 'Violence against civilians', "
            "'Air/drone strike'; count only it (Battles too, when named; --json's "
            "include_battles then says whether it is Battles)",
        )
        parser.add_argument(
            "--means",
            action=_Once,
            help="the means of attack: airstrike (jets and helicopters), airstrike_fixed_wing, "
            "airstrike_helicopter, drone, artillery, ground_raid, arson, landmine; several "
            "comma-separated (airstrike,artillery: an incident has one means, counted once)",
        )
        parser.add_argument(
            "--include-battles",
            action="store_true",
            help="without --event-type, count battles (clashes between armed groups) too; by "
            "default they are left out, as a figure of attacks on civilians",
        )
        parser.add_argument(
            "--include-non-violent",
            action="store_true",
            help="without --event-type, count events without violence too (peaceful protests, "
            "arrests, agreements, bases set up, territory handed over); by default they are "
            "left out, as battles are",
        )
        parser.add_argument("--perpetrator", action=_Once)
        parser.add_argument(
            "--min-grade",
            action=_Once,
            choices=[code for code, _label in GRADES],
            help="count only incidents graded this well or better (default: all but discounted)",
        )
        parser.add_argument(
            "--include-restricted",
            action="store_true",
            help="count restricted (unpublished) incidents too: to check your own imports, "
            "never for publication",
        )
        parser.add_argument(
            "--settled-only",
            action="store_true",
            help="count each incident from its settled reports only, leaving out reports the "
            "matcher linked but queued for a verifier's review (by default they count, and the "
            "output says how much rests on them)",
        )
        parser.add_argument("--by", action=_Once, choices=GROUPS)
        parser.add_argument("--json", action="store_true", help="stable JSON for scripts")

    def handle(self, *args, **o):
        try:
            place = place_filter(o["place"]) if o["place"] is not None else None
            filters = Filters(
                since=o["since"],
                until=o["until"],
                place=place.pcode if place else None,
                target=given("target", o["target"]),
                weapon=given("weapon", o["weapon"]),
                event_type=given("event_type", o["event_type"]),
                perpetrator=given("perpetrator", o["perpetrator"]),
                means=given("means", o["means"]),
                min_grade=o["min_grade"],
                include_battles=o["include_battles"],
                include_non_violent=o["include_non_violent"],
            )
            public_only = not o["include_restricted"]
            figure = evaluate(
                o["measure"], filters, by=o["by"], with_incidents=o["json"],
                public_only=public_only, settled_only=o["settled_only"],
            )  # fmt: skip
            # What was left out, said: a documenter checking an import saw 0 and no reason.
            hidden = (
                incidents_matching(filters, public_only=False).exclude(visibility="public").count()
                if public_only
                else 0
            )
        except FigureError as exc:
            raise CommandError(str(exc)) from exc
        if o["json"]:
            # As the API answers (its `withheld` is for those who may not see restricted ids),
            # with the count the text says was left out: a script checking an import saw 0.
            out = {
                **figure.as_json(),
                "include_restricted": not public_only,
                "restricted_not_counted": hidden,
            }
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        noun = "incidents" if figure.measure == "incidents" else f"{figure.measure} (at least)"
        where = f" in {place.name_en} ({place.pcode})" if place else ""
        self.stdout.write(f"{noun}{where}: {figure.value:,}")
        if figure.groups is not None:
            width = max((len(g.label) for g in figure.groups), default=10)
            for g in figure.groups:
                key = f"{g.label} ({g.key})" if g.key and g.label != g.key else g.label
                self.stdout.write(f"  {key:<{width + 14}} {g.value:>10,}")
            if figure.by == "target":
                self.stdout.write("  (an incident with several targets is in each of their groups)")
        left_out = figure.awaiting_review.whole if figure.settled_only else ()
        shown = ", ".join(first_incidents(filters, 10, public_only, left_out))
        more = f" and {figure.count - 10:,} more" if figure.count > 10 else ""
        word = "incident" if figure.count == 1 else "incidents"
        if shown:
            self.stdout.write(f"from {figure.count:,} {word}: {shown}{more} (--json lists all)")
        else:
            self.stdout.write(f"from {figure.count:,} {word}")
        if (column := MEASURES[figure.measure]) and figure.count and not figure.settled_only:
            # "27 from 6 incidents" read as 27 children killed in 6 incidents, where 3 had any.
            some = incidents_matching(filters, public_only).filter(**{f"{column}__gt": 0})
            with_any = some.count()
            if with_any != figure.count:
                what = figure.measure.replace("_", " ")
                self.stdout.write(f"  {with_any:,} of them with any {what}; the others with none")
        counted = grades_counted(o["min_grade"])
        grades = ", ".join(f"{g} {figure.grades[g]:,}" for g in counted if figure.grades.get(g))
        self.stdout.write(f"grades counted: {', '.join(counted)} (incidents: {grades or 'none'})")
        lines = (_event_types(figure), _battles(figure), _non_violent(figure), _review(figure))
        for line in (*lines, _loose(figure)):
            if line:
                self.stdout.write(line)
        if not public_only:
            self.stdout.write("counted: public and restricted incidents (not for publication)")
        elif hidden:
            what = "incident matches" if hidden == 1 else "incidents match"
            them = "it" if hidden == 1 else "them"
            self.stdout.write(
                f"counted: public incidents only; {hidden:,} restricted {what} too "
                f"(--include-restricted counts {them})"
            )
        else:
            self.stdout.write("counted: public incidents only")
        filters = ", ".join(f"{k}={v}" for k, v in figure.filters.items()) or "none"
        self.stdout.write(f"filters: {filters}; computed at {figure.computed_at}")


def _event_types(figure: Figure) -> str:
    # By count, the incidents of no stated type last.
    kinds = sorted(figure.event_types.items(), key=lambda kv: (not kv[0], -kv[1], kv[0]))
    found = ", ".join(f"{kind or 'none given'} {n:,}" for kind, n in kinds) or "none"
    if "event_type" in figure.filters:
        which = figure.filters["event_type"]
    elif figure.include_battles and figure.include_non_violent:
        which = "all"
    elif figure.include_battles:
        which = "all but events without violence, battles included"
    elif figure.include_non_violent:
        which = f"all but {BATTLES}, events without violence included"
    else:
        which = f"all but {BATTLES} and events without violence"
    return f"event types counted: {which} (incidents: {found})"


def _loose(figure: Figure) -> str:
    """The incidents left out because their date is known only to a week, month or year that
    runs past the period: a reader asking for May should know a "2025" incident exists."""
    n = len(figure.loosely_dated)
    if not n:
        return ""
    ids = ", ".join(figure.loosely_dated[:10]) + (f" and {n - 10:,} more" if n > 10 else "")
    word = "incident" if n == 1 else "incidents"
    return (
        f"dated too loosely to count: {n:,} {word} known only to a week, month or year that "
        f"runs past the period ({ids})"
    )


def _battles(figure: Figure) -> str:
    """The battles left out, or counted among the rest: clashes between armed groups (most of
    UCDP's events) are not the attacks on civilians a statement counts."""
    return _aside(
        figure, figure.battles, "in battles", "battles left out",
        "clashes between armed groups", "--include-battles",
    )  # fmt: skip


def _non_violent(figure: Figure) -> str:
    """The events without violence left out, or counted among the rest: ACLED's peaceful
    protests, arrests and agreements are not attacks on civilians."""
    return _aside(
        figure, figure.non_violent, "without violence", "events without violence left out",
        "peaceful protests, arrests, agreements and the like", "--include-non-violent",
    )  # fmt: skip


def _aside(figure: Figure, b, counted_as: str, left_out: str, kinds: str, switch: str) -> str:
    """A kind of event a figure sets aside: how many and, for a casualty figure, their count;
    counted among the rest, or left out and how to count them."""
    if b is None or not b.incidents:
        return ""
    word = "incident" if b.incidents == 1 else "incidents"
    what = f"{b.incidents:,} {word}"
    if figure.measure != "incidents":
        what += f", {b.value:,} {COUNTED[figure.measure]}"
    if b.counted:
        return f"of which {counted_as}: {what} ({kinds})"
    return (
        f"{left_out}: {what} ({kinds}, not counted in figures of attacks on civilians; "
        f"{switch} counts them)"
    )


def _review(figure: Figure) -> str:
    """What rests on reports the matcher linked but a verifier has yet to review."""
    review = figure.awaiting_review
    if not review.incidents:
        return "awaiting review: none (no report counted waits in the review queue)"
    n = len(review.incidents)
    word = "incident" if n == 1 else "incidents"
    ids = ", ".join(review.incidents[:10]) + (f" and {n - 10:,} more" if n > 10 else "")
    if figure.settled_only:
        return (
            f"awaiting review: left out the reports a verifier has yet to review, in {n:,} "
            f"{word} ({ids}); with them the figure is {figure.value + review.value:,}"
        )
    rest = "rests" if n == 1 else "rest"
    return (
        f"awaiting review: {n:,} {word} counted {rest} in part on reports a verifier has yet to "
        f"review ({ids}); without them the figure is {figure.value - review.value:,} "
        "(--settled-only counts so)"
    )
