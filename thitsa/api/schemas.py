"""Answers as allow-lists: a field reaches a caller only if it is named here, for that caller.

Public* schemas are what the public (and analysts) see; Restricted* ones are for roles that may
view restricted records. They share a base but neither derives from the other, so a restricted
object can never be answered through the public schema by accident (or the other way round).
Never here: a witness, a report's `extra` columns.
"""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema


class Message(Schema):
    detail: str


class ParameterError(Schema):
    parameter: str
    message: str


class Problem(Schema):
    detail: str
    errors: list[ParameterError] = []


class _Casualties(Schema):
    killed_min: int | None
    killed_max: int | None
    injured_min: int | None
    injured_max: int | None
    killed_children_min: int | None
    killed_children_max: int | None
    injured_children_min: int | None
    injured_children_max: int | None


class _Incident(_Casualties):
    public_id: str
    date: date
    date_precision: str
    place: str | None
    place_name: str
    township: str | None
    township_name: str
    state: str | None
    state_name: str
    latitude: float | None
    longitude: float | None
    geo_precision: str
    event_type: str
    sub_event_type: str
    attack_means: str
    targets: list[str]
    weapons: list[str]
    perpetrator: str
    grade: str
    source_count: int
    summary_en: str
    summary_my: str
    merged_into: str | None


class PublicIncident(_Incident):
    pass


class RestrictedIncident(_Incident):
    visibility: str
    grade_override: str
    created_at: datetime
    updated_at: datetime


class IncidentPage(Schema):
    results: list[RestrictedIncident | PublicIncident]
    next: str | None
    include_battles: bool = Field(
        description="whether battles are listed: include_battles asked, or event_type Battles"
    )
    battles_left_out: int = Field(
        description="battles matching the other filters that the list leaves out (0 when "
        "include_battles or event_type is given)"
    )
    include_non_violent: bool = Field(
        description="whether events without violence are listed: include_non_violent asked, or "
        "event_type one of them"
    )
    non_violent_left_out: int = Field(
        description="events without violence matching the other filters that the list leaves "
        "out (0 when include_non_violent or event_type is given)"
    )


class _Report(_Casualties):
    id: int
    incident: str | None
    source: str
    source_kind: str
    published_at: datetime | None
    title: str
    url: str
    language: str


class PublicReport(_Report):
    pass


class RestrictedReport(_Report):
    external_id: str
    import_format: str
    text: str
    event_date: date | None
    event_date_precision: str
    place_text: str
    place: str | None
    place_score: float | None
    place_candidates: list
    latitude: float | None
    longitude: float | None
    event_type: str
    targets: list
    weapons: list
    perpetrator: str
    responsibility: str
    casualty_forms: dict
    credibility: int
    link_score: float | None
    linked_by: str
    imported_at: datetime


class ReportPage(Schema):
    results: list[RestrictedReport | PublicReport]
    next: str | None


class Place(Schema):
    pcode: str
    level: str
    name_en: str
    name_my: str
    alt_names: list
    parent: str | None
    township: str | None
    state: str | None
    lat: float | None
    lon: float | None


class PlaceMatch(Schema):
    pcode: str
    level: str
    name_en: str
    name_my: str
    township_pcode: str | None
    state_pcode: str | None
    score: float


class Source(Schema):
    name: str
    kind: str
    reliability: str


class FigureGroup(Schema):
    key: str
    label: str
    value: int
    incidents: list[str]


class FigureAside(Schema):
    """Battles, or events without violence, matching the other filters: left out (`counted`
    false, the default) or counted, and then part of the value."""

    counted: bool
    incidents: int
    value: int


class FigureReview(Schema):
    """Reports the matcher linked to a counted incident but queued for a verifier's review."""

    incidents: list[str] = Field(description="counted incidents with reports awaiting review")
    value: int = Field(
        description="the figure counted with those reports minus the figure counted without them"
    )


class Figure(Schema):
    """As `thitsa figure --json`, plus whether restricted incidents were counted and how many of
    the incidents behind it the caller may not see (counted, not listed)."""

    measure: str
    value: int
    incidents: list[str]
    filters: dict[str, str]
    computed_at: str
    grades: dict[str, int] = Field(
        description="each grade counted (by default all but discounted; min_grade down to it), "
        "with its number of incidents, 0 included"
    )
    event_types: dict[str, int] = Field(description='incidents counted, by event type ("": none)')
    include_battles: bool = Field(
        description="whether battles are among the types counted: include_battles asked, or "
        "event_type Battles"
    )
    battles: FigureAside | None = Field(None, description="absent when event_type is given")
    include_non_violent: bool = Field(
        description="whether events without violence (peaceful protests, arrests, agreements, "
        "bases set up, territory handed over) are among the types counted: include_non_violent "
        "asked, or event_type one of them"
    )
    non_violent: FigureAside | None = Field(None, description="absent when event_type is given")
    awaiting_review: FigureReview
    settled_only: bool
    loosely_dated: list[str] = Field(
        description="incidents that match but for their dates: known only to a week, month or "
        "year that runs past since/until, so not counted"
    )
    by: str | None = None
    groups: list[FigureGroup] | None = None
    include_restricted: bool
    withheld: int


class PublicEvidence(Schema):
    """The public copy only. Never the original's hash: whoever holds a seized phone could
    check its photos against published hashes and learn who sent one to the documenters."""

    sha256: str = Field(description="SHA-256 of the public copy (metadata removed)")
    media_type: str
    public_url: str
    incidents: list[str]


class RestrictedEvidence(Schema):
    sha256: str = Field(description="SHA-256 of the original, as received")
    size: int
    media_type: str
    public_media_type: str
    public_url: str | None
    incidents: list[str]
    original_name: str
    metadata: dict
    captured_at: datetime | None
    lat: float | None
    lon: float | None
    public_sha256: str
    visibility: str
    added_by: str
    added_at: datetime
    reports: list[int]


class EvidencePage(Schema):
    results: list[RestrictedEvidence | PublicEvidence]
    next: str | None


class SearchHit(Schema):
    kind: str  # "report" or "incident"
    id: int
    incident: str | None  # the incident's public id (a report's incident; null if unlinked)
    public: bool
    title: str
    title_matches: list[list[int]]
    snippet: str
    matches: list[list[int]]  # in `snippet`
    source: str | None
    date: str | None


class SearchResults(Schema):
    query: str
    phrases: list[str]  # the query as searched: Burmese in syllables, digits in ASCII
    read_as_zawgyi: bool = Field(
        False, description="the query was searched as Zawgyi, converted to Unicode (`phrases`)"
    )
    results: list[SearchHit]
    next: str | None
    more: bool = Field(
        description="more results follow; `next` is null past the deepest page offered "
        "(offset 1,000): narrow the query to reach them"
    )
