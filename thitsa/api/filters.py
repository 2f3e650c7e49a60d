"""The query string of `thitsa figure` as API parameters: the same names, the same meaning."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from ninja import Field, Schema
from pydantic import field_validator

from thitsa.api.errors import ApiError
from thitsa.burmese.digits import to_ascii_digits
from thitsa.figures.query import FigureError, Filters, given, incidents_matching, place_filter

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Grade codes, best first, as thitsa.incidents.taxonomy.GRADES (a Literal needs them spelt out;
# tests/api check the two agree).
Grade = Literal["confirmed", "fair", "weak", "contested", "discounted"]


class FigureFilters(Schema):
    since: date | None = Field(None, description="first day counted, YYYY-MM-DD")
    until: date | None = Field(None, description="last day counted, YYYY-MM-DD")
    place: str | None = Field(
        None, max_length=200, description="a place name or P-code; everything inside it counts"
    )
    target: str | None = Field(
        None, max_length=60, description="a code, label or word, e.g. school, IDP camps"
    )
    weapon: str | None = Field(
        None, max_length=60, description="a code, label or word, e.g. cluster_munition"
    )
    event_type: str | None = Field(
        None, max_length=60, description="ACLED's event type or sub-event type, e.g. Battles, "
        "Air/drone strike; counts only that type",
    )  # fmt: skip
    means: str | None = Field(
        None, max_length=60, description="the means of attack, e.g. airstrike (jets and "
        "helicopters), drone, artillery, landmine; several comma-separated (airstrike,artillery)",
    )  # fmt: skip
    perpetrator: str | None = Field(None, max_length=200)
    min_grade: Grade | None = Field(
        None, description="count only incidents graded this well or better (default: all but "
        "discounted)",
    )  # fmt: skip
    include_battles: bool = Field(
        False, description="without event_type, count battles (clashes between armed groups) "
        "too; by default they are left out, as a figure of attacks on civilians",
    )  # fmt: skip
    include_non_violent: bool = Field(
        False, description="without event_type, count events without violence (peaceful "
        "protests, arrests, agreements, bases set up, territory handed over) too; by default "
        "they are left out, as battles are",
    )  # fmt: skip

    @field_validator("since", "until", mode="before")
    @classmethod
    def _ascii_digits(cls, value):
        # A date written in Burmese digits (၂၀၂၅-၀၅-၁၂) is the same date. Only that form: the
        # parser also took 1747008000 as a Unix time and 2025-05-12T10:00 as a day.
        if isinstance(value, str):
            value = to_ascii_digits(value).strip()
            if not _DAY.fullmatch(value):
                raise ValueError("write the date as YYYY-MM-DD")
        return value

    def to_filters(self) -> Filters:
        """The figure query's Filters; a bad value is a 422 naming its parameter."""
        text = {}
        for name in ("place", "target", "weapon", "event_type", "perpetrator", "means"):
            try:
                # Given empty ("?place="): refused, as the CLI refuses it, not the whole country.
                if (value := given(name, getattr(self, name))) is not None:
                    text[name] = value
            except FigureError as e:
                raise ApiError(name, str(e)) from e
        for name, value in text.items():
            if any(ord(c) < 32 for c in value):
                raise ApiError(name, "control characters are not allowed")
        if self.since and self.until and self.since > self.until:
            raise ApiError("until", "must not be before since")
        place = None
        if text.get("place"):
            try:
                place = place_filter(text["place"]).pcode
            except FigureError as e:
                raise ApiError("place", str(e)) from e
        # Each filter alone, so that the error names the parameter that is wrong (the query is
        # only built here, not run).
        for name in ("target", "weapon", "event_type", "means"):
            if text.get(name):
                try:
                    incidents_matching(Filters(**{name: text[name]}))
                except FigureError as e:
                    raise ApiError(name, str(e)) from e
        return Filters(
            since=self.since,
            until=self.until,
            place=place,
            target=text.get("target"),
            weapon=text.get("weapon"),
            event_type=text.get("event_type"),
            perpetrator=text.get("perpetrator"),
            means=text.get("means"),
            min_grade=self.min_grade,
            include_battles=self.include_battles,
            include_non_violent=self.include_non_violent,
        )


def refuse_unknown(request, *also: str) -> None:
    """A parameter the endpoint does not have is a 422: a misspelt filter (`sinse=`, `plcae=`)
    was ignored, and the answer was the national figure with nothing to say so."""
    known = {*FigureFilters.model_fields, *also}
    for name in request.GET:
        if name not in known:
            raise ApiError(
                name, f"no such parameter; the parameters are {', '.join(sorted(known))}"
            )
        if len(request.GET.getlist(name)) > 1:
            # "means=airstrike&means=artillery" counted artillery alone, without a word.
            raise ApiError(name, "given twice: give it once" + (
                " (several means as one, comma-separated: airstrike,artillery)"
                if name == "means" else ""
            ))  # fmt: skip
