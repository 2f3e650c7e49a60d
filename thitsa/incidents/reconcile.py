"""An incident's facts recomputed from its linked reports: casualty ranges, place, type, grade."""

from __future__ import annotations

import copy
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from django.utils import timezone

from thitsa.bulk import bulk_set
from thitsa.incidents.models import Incident
from thitsa.incidents.taxonomy import (
    ATTACK_MEANS,
    EVENT_TYPES,
    MEANS_FAMILY,
    STATE_SIDE,
    SUB_EVENT_MEANS,
    TARGETS,
    WEAPONS,
    codes_in,
    codes_mentioned,
    event_type_of,
    sub_event_type_of,
)
from thitsa.places.models import LEVEL_RANK
from thitsa.places.resolver import place_levels
from thitsa.reports.models import (
    TEXT_PUBLISHED_FORMATS,
    UNPUBLISHED_KINDS,
    SourceReport,
    public_title,
    withdrawn_among,
)
from thitsa.reports.records import COUNT_COLUMNS, COUNT_FIELDS

_MYANMAR = re.compile("[\u1000-\u109f]")
# What reconciliation reads of a report (see `account`).
FIELDS = [
    "id", "source_id", "published_at", "event_date", "event_date_precision", "place_id",
    "latitude", "longitude", "event_type", "targets", "weapons", "perpetrator", "title", "text",
    "credibility", "responsibility", "source__reliability", "source__kind", "import_format",
    *COUNT_COLUMNS,
]  # fmt: skip
_UPDATE = [
    "date",
    "date_precision",
    "place",
    "township",
    "state",
    "place_path",
    "geo_precision",
    "latitude",
    "longitude",
    "event_type",
    "sub_event_type",
    "attack_means",
    "targets",
    "weapons",
    "perpetrator",
    "grade",
    "source_count",
    "summary_en",
    "summary_my",
    "updated_at",
] + list(COUNT_COLUMNS)
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_TOLD_BY_REPORTS = (
    "summary_en", "summary_my", "event_type", "sub_event_type", "attack_means", "targets",
    "weapons", "perpetrator",
)  # fmt: skip
BATCH = 1000
IN_BATCH = 10000  # ids in one IN (...): SQLite takes at most 32,766 parameters a query
# Places: P-code -> (level, township, state, parent, path), as `place_levels` gives them.
Places = dict[str, tuple[str, str | None, str | None, str | None, str]]
NOWHERE = (None, None, None, None, "")


@dataclass(slots=True)
class Account:
    """One report as reconciliation weighs it, digested once: a bulk match keeps one for each
    report it has read, and reconciles its new incidents without reading them again."""

    id: int
    source_id: int
    published_at: datetime | None
    date: date | None
    precision: str | None
    place_id: str | None
    place_level: str | None
    township_id: str | None
    state_id: str | None
    place_path: str
    lat: float | None
    lon: float | None
    event_type: str
    sub_event_type: str
    targets: tuple[str, ...]
    weapons: tuple[str, ...]
    means: tuple[str, ...]
    perpetrator: str
    responsibility: str
    credible: bool
    counts: tuple[int | None, ...]  # COUNT_COLUMNS
    burmese: bool
    summary: str
    # Its source publishes what it says (not a testimony or a group's field notes): only such
    # reports give the incident its public point.
    published: bool
    # A party to the conflict speaks (a government's or an armed group's statement).
    party: bool
    # ACLED no longer names its outlet for the event (`withdrawn_among`): not a source of it.
    withdrawn: bool = False


PARTY_KINDS = frozenset({"government", "armed_group"})


def _same(value):
    return value


def stated_codes(r: dict) -> tuple[list[str], list[str]]:
    """A report's targets (its own field, else its title's words) and means (from its type and
    title: a body's "troops were blamed" names no means of this attack), as matching and
    reconciliation both read them. ACLED's "Air/drone strike" is either: its notes tell which
    (a drone strike counted among jets' and helicopters' airstrikes)."""
    means = codes_mentioned(ATTACK_MEANS, " ".join((r["event_type"], r["title"])))
    if means == ["airstrike"] and r["event_type"] == _AIR_OR_DRONE:
        if not codes_mentioned(ATTACK_MEANS, r["title"]):
            told = [c for c in codes_mentioned(ATTACK_MEANS, r["text"][:500]) if c in _AIR]
            means = told or means
    elif not means and r["import_format"] == "acled" and r["event_type"] == _LOOTING:
        # ACLED's burnings are its "Looting/property destruction", told in its notes ("set
        # fire to about 200 houses"): `--means arson` counted none of them.
        means = [c for c in codes_mentioned(ATTACK_MEANS, r["text"][:500]) if c == "arson"]
    targets = codes_in(TARGETS, r["targets"]) or codes_mentioned(TARGETS, r["title"])
    if not targets and r["import_format"] == "acled":
        # ACLED's rows have no title and tag no target: its notes tell what was hit ("bombed a
        # high school ..."), and the schools it alone knew of were in no figure of schools.
        targets = codes_mentioned(TARGETS, r["text"])
    return targets, means


_AIR_OR_DRONE = "Air/drone strike"
_LOOTING = "Looting/property destruction"
_AIR = frozenset(SUB_EVENT_MEANS[_AIR_OR_DRONE])


def account(r: dict, places: Places, share=_same) -> Account:
    """`r` holds the FIELDS; `share` may return one stored copy of a value many reports have."""
    level, township, state, _parent, path = places.get(r["place_id"], NOWHERE)
    words = " ".join((r["event_type"], r["title"]))
    counts = tuple(r[name] for name in COUNT_COLUMNS)
    targets, means = stated_codes(r)
    unpublished = r["source__kind"] in UNPUBLISHED_KINDS
    # Only what the public may read of it (a title; a testimony's not even that): a report's
    # words never go public, whatever its source (a local channel's post names a man, his son
    # and where they hide), except a dataset's notes, written to be published as the event's
    # description.
    summary = public_title(r["source__kind"], r["title"], r["import_format"]) or (
        r["text"][:300] if r["import_format"] in TEXT_PUBLISHED_FORMATS else ""
    )
    return Account(
        id=r["id"],
        source_id=r["source_id"],
        published_at=r["published_at"],
        date=r["event_date"],
        precision=r["event_date_precision"],
        place_id=r["place_id"],
        place_level=level,
        township_id=township,
        state_id=state,
        place_path=path,
        lat=r["latitude"],
        lon=r["longitude"],
        event_type=event_type_of(r["event_type"]),
        sub_event_type=sub_event_type_of(r["event_type"]),
        targets=share(tuple(targets)),
        weapons=share(tuple(codes_in(WEAPONS, r["weapons"]) or codes_mentioned(WEAPONS, words))),
        means=share(tuple(means)),
        perpetrator=r["perpetrator"],
        responsibility=r["responsibility"],
        credible=credible(r),
        counts=share(counts),
        burmese=bool(_MYANMAR.search(r["title"] or r["text"])),
        summary=summary,
        published=not unpublished,
        party=r["source__kind"] in PARTY_KINDS,
    )


def without(incident: Incident, report_id: int) -> Incident:
    """The incident as its other reports make it, unsaved: what a verifier weighs a report
    against, not an incident that report has already moved (its count, its village, its
    grade)."""
    places = place_levels()
    rows = list(
        SourceReport.objects.filter(incident_id=incident.pk)
        .exclude(pk=report_id)
        .order_by("id")
        .values(*FIELDS)
    )
    shown = copy.deepcopy(incident)
    apply_reports(shown, accounts_of(rows, places))
    return shown


def accounts_of(rows: list[dict], places: Places) -> list[Account]:
    """Stored reports' rows (FIELDS) as reconciliation weighs them, ACLED's withdrawn outlets
    marked (one query, only where a doubtful ACLED report is among them)."""
    gone = withdrawn_among(rows)
    accounts = [account(r, places) for r in rows]
    for known in accounts:
        known.withdrawn = known.id in gone
    return accounts


def reconcile_incidents(ids: Iterable[int]) -> int:
    ids = sorted(set(ids))
    places = place_levels()
    done = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        reports = defaultdict(list)
        rows = list(
            SourceReport.objects.filter(incident_id__in=chunk)
            .order_by("id")
            .values(*FIELDS, "incident_id")
        )
        if any(r["place_id"] not in places for r in rows if r["place_id"]):
            # Places loaded since this process read them (by another process: a loader in
            # this one clears the cache itself).
            place_levels.cache_clear()
            places = place_levels()
        for r, known in zip(rows, accounts_of(rows, places), strict=True):
            reports[r["incident_id"]].append(known)
        incidents = list(Incident.objects.filter(id__in=chunk))
        for incident in incidents:
            apply_reports(incident, reports.get(incident.id, []))
        now = timezone.now()
        for incident in incidents:
            incident.updated_at = now
        bulk_set(incidents, _UPDATE)
        done += len(incidents)
    return done


def apply_reports(incident: Incident, reports: list[Account]) -> None:
    """Set the incident's derived fields from its reports, in the order of their ids."""
    incident.source_count = len({r.source_id for r in reports if not r.withdrawn})
    if not reports:
        # Its last report was deleted, merged away or split off: nothing stands behind its
        # counts or a verifier's grade. Discounted, figures leave it out unless asked for; it
        # may not be published (Incident.publish). Its date and place say what it was; the
        # words and facts of reports it no longer has go (a published incident emptied by a
        # split into a restricted one showed their title and means to anyone).
        for name in COUNT_COLUMNS:
            setattr(incident, name, 0)
        incident.grade = "discounted"
        for name in _TOLD_BY_REPORTS:
            setattr(incident, name, "")
        incident.latitude = incident.longitude = None
        return
    _casualties(incident, reports)

    dated = [r for r in reports if r.date]
    if dated:
        incident.date, incident.date_precision = _date_of(dated)

    placed = [_as_public(r) for r in reports if r.place_id]
    if placed:
        counts = Counter(p[0] for p in placed)
        best = max(placed, key=lambda p: (LEVEL_RANK.get(p[1], 0), counts[p[0]]))
        incident.place_id, level, incident.township_id, incident.state_id = best[:4]
        incident.place_path = best[4]
        incident.geo_precision = (
            "state"
            if level in ("country", "state", "district")
            else "township"
            if level == "township"
            else "exact"
        )
    located = [r for r in reports if r.lat is not None and r.lon is not None]
    if located and incident.place_id is None:
        # Its township comes from this run's points (below), not from the last run's: a
        # point corrected since was checked against the old township, and hidden.
        incident.township_id = incident.state_id = None
    # The incident's point is public: a published source's, never a witness's phone fix; and
    # one that lies where the incident is.
    shown = [r for r in located if r.published and _point_fits(r, incident)]
    if shown:
        incident.latitude, incident.longitude = shown[0].lat, shown[0].lon
    elif located:
        incident.latitude = incident.longitude = None
    if located and incident.place_id is None:
        # No source named a place the resolver accepted (or none at all), but one gave a
        # point: the township it lies in, so figures and the map by township count it (a
        # township says no more than a report naming it would).
        set_township_from_point(incident, located[0].lat, located[0].lon)

    incident.event_type = _commonest([r.event_type for r in reports if r.event_type])

    targets, weapons = [], []
    for r in reports:
        for code in r.targets:
            if code not in targets:
                targets.append(code)
        for code in r.weapons:
            if code not in weapons:
                weapons.append(code)
    incident.targets = f";{';'.join(targets)};" if targets else ""
    incident.weapons = f";{';'.join(weapons)};" if weapons else ""
    incident.attack_means = attack_means(reports)
    # The sub-type that agrees with the means, where a report gave it: one outlet's "Shelling"
    # beside the means of the others' "airstrike" gave an incident that `--event-type
    # "Air/drone strike"` and `--means airstrike` counted differently.
    # Of the chosen type's reports only: an attack joined by an ACLED "Arrests" row was a
    # violence against civilians of the sub-type Arrests, an event without violence.
    subs = [
        r.sub_event_type
        for r in reports
        if r.sub_event_type and r.sub_event_type in EVENT_TYPES.get(incident.event_type, ())
    ]
    fits = [s for s in subs if incident.attack_means in SUB_EVENT_MEANS.get(s, ())]
    incident.sub_event_type = _commonest(fits or subs)

    incident.perpetrator = _commonest([r.perpetrator for r in reports if r.perpetrator])
    incident.grade = incident.grade_override or grade(reports)

    # A report's words the public may read (a testimony has none for them): the latest a
    # credible outlet published that is not a party's own statement. The first report's headline
    # ("kills 5" above "at least 22"; a doubtful "50 killed" over "none reported"; the junta's
    # "air operation against terrorists" on the incident it confirmed) misled readers.
    ranked = sorted(reports, key=_headline_order, reverse=True)
    incident.summary_en = next((r.summary for r in ranked if not r.burmese and r.summary), "")
    incident.summary_my = next((r.summary for r in ranked if r.burmese and r.summary), "")


def _headline_order(r: Account) -> tuple:
    # An outlet's headline before a group's own field report's title ("Field report: ...").
    return (r.credible, not r.party, r.published, *_published_order(r.published_at, r.id))


# Specific means before general ones: a jet or a helicopter, and a drone, before a plain
# "airstrike" (ACLED's "Air/drone strike" reads as one): a drone strike whose reports said
# "Air/drone strike" was counted as an airstrike by jets and helicopters, never as a drone's.
# Troops last: "troops torched the village", "a mine planted by junta troops" name the means
# (arson, a landmine) and who used it; a burning was never counted as arson.
_SPECIFIC_FIRST = ("airstrike_fixed_wing", "airstrike_helicopter", "drone")
_LAST = ("ground_raid",)
_MEANS_ORDER = {
    code: i
    for i, code in enumerate(
        [
            *_SPECIFIC_FIRST,
            *(c for c, _l, _w in ATTACK_MEANS if c not in _SPECIFIC_FIRST + _LAST),
            *_LAST,
        ]
    )
}


def attack_means(reports: list[Account]) -> str:
    """The means of attack most reports give (each report its first, as `_MEANS_ORDER` ranks
    what it names), then the most specific of that family: two outlets' shelling was one
    outlet's airstrike, since an airstrike ranked before artillery whatever the count."""
    firsts = [min(r.means, key=_MEANS_ORDER.__getitem__) for r in reports if r.means]
    if not firsts:
        return ""
    families = Counter(_family(code) for code in firsts)
    best = min(
        families,
        key=lambda f: (-families[f], min(_MEANS_ORDER[c] for c in firsts if _family(c) == f)),
    )
    return min((c for c in firsts if _family(c) == best), key=_MEANS_ORDER.__getitem__)


def _family(code: str) -> str:
    return MEANS_FAMILY.get(code, code)


_NO_FINER_THAN_TOWNSHIP = {"country", "state", "district", "township"}


def _as_public(r: Account) -> tuple[str, str, str | None, str | None, str]:
    """(place, level, township, state, path) of a report as its incident may show it. The
    incident's place is public, and a testimony's village can say who told it: an unpublished
    report (witness, cso) places it no finer than its township (what figures count it under),
    as its point and words are a published source's only."""
    if r.published or r.place_level in _NO_FINER_THAN_TOWNSHIP or not r.township_id:
        return r.place_id, r.place_level, r.township_id, r.state_id, r.place_path
    township = place_levels().get(r.township_id)
    if township is None:
        return r.place_id, r.place_level, r.township_id, r.state_id, r.place_path
    return r.township_id, "township", r.township_id, r.state_id, township[4]


def _point_fits(r: Account, incident: Incident) -> bool:
    """Whether a report's point may stand for the incident on the map: it lies in (or about
    3 km from) the incident's township or one bordering it, in its state when the incident
    knows only the state, in any township when it knows no place. A longitude mistyped put an
    attack in Tabayin on the map in Bangkok, inside the country's rectangle that imports check
    (reports naming another place than their point beside it are meant for a verifier, not
    for the public map). Where the bundled polygons are not this gazetteer's, every point
    fits: there is nothing to tell."""
    from thitsa.places.adjacency import neighbours
    from thitsa.places.geo import township_at

    levels = place_levels()
    at = township_at(r.lat, r.lon)
    if at is None:
        return not _polygons_are_the_gazetteers(levels)
    if at not in levels:
        return True
    if incident.township_id:
        return at == incident.township_id or at in neighbours().get(incident.township_id, ())
    if incident.state_id:
        return levels[at][2] == incident.state_id
    return True


def _polygons_are_the_gazetteers(levels: dict) -> bool:
    from thitsa.places.geo import township_shapes

    return any(pcode in levels for pcode in township_shapes()[1][:20])


def _commonest(values: list[str]) -> str:
    """The value most reports give, the first given of equals; "" for none. Most incidents
    have one report or none that says: a bulk match reconciles 200,000 new incidents."""
    if len(values) < 2:
        return values[0] if values else ""
    return Counter(values).most_common(1)[0][0]


def set_township_from_point(incident: Incident, lat: float, lon: float) -> None:
    """Set the township, state and path of an incident with no place from its coordinates
    (the township polygon they lie in); `place` stays empty, as no source named one, and the
    pages say the township was found from them (`Incident.township_from_coordinates`).

    Located to the township, not "exact": a report does not say how precise its point is (a
    phone's fix, a village's point or a district's centre), and the township is what the
    incident is counted under. Importers keep out the points they know stand for a wider
    area (UCDP's district and state centroids, points on roads and borders).

    Only the township the point lies in: the polygons' ~3 km of tolerance would put a camp
    in Bangladesh in Maungdaw (`township_at`). Only incidents without a place come here, a
    handful in a bulk run: one polygon lookup each (about 20 us). A point outside every
    township the gazetteer holds leaves none."""
    from thitsa.places.geo import township_at

    pcode = township_at(lat, lon, near=0)
    # The polygons ship with the package: this gazetteer may not hold their township.
    found = place_levels().get(pcode) if pcode else None
    if found is not None:
        _level, _township, state, _parent, path = found
        incident.township_id, incident.state_id, incident.place_path = pcode, state, path
    else:
        incident.township_id = incident.state_id = None
        incident.place_path = ""
    incident.geo_precision = "township"


def _date_of(dated: list[Account]) -> tuple:
    """The day (or coarser) most sources give, of the most precise dates any report gives; a
    tie goes to the earliest. The earliest alone let one report a day off move an incident that
    three outlets dated alike."""
    rank = min(_PRECISION_RANK.get(r.precision, 9) for r in dated)
    finest = [r for r in dated if _PRECISION_RANK.get(r.precision, 9) == rank]
    weighed = [r for r in finest if r.credible] or finest
    sources: dict = defaultdict(set)
    for r in weighed:
        sources[(r.date, r.precision)].add(r.source_id)
    return min(sources, key=lambda key: (-len(sources[key]), key[0]))


def credible(report: dict) -> bool:
    """Counts from unreliable sources (E) or doubtful/improbable reports (4, 5) are shown, not
    counted. Unknown reliability (F) and credibility (6) are the default and still count."""
    return report["source__reliability"] != "E" and report["credibility"] not in (4, 5)


def grade(reports: list[Account]) -> str:
    """Airwars' grades: confirmed, contested, fair, weak; discounted where no credible report
    tells of it (a verifier may discount any). Only credible reports weigh, as in the ranges:
    a denial relayed by a source rated E, or a claim in a doubtful report, is shown on the page
    but neither confirms nor contests. An incident told only by a submission rejected in Kobo
    or by an outlet rated unreliable was "weak", and every figure of incidents counted it."""
    weighed = [r for r in reports if r.credible]
    if not weighed:
        return "discounted"
    if any(r.responsibility == "claimed" for r in weighed):
        return "confirmed"
    named = {perpetrator_key(r.perpetrator) for r in weighed if r.perpetrator}
    # Competing claims about who did it: two perpetrators named, or the accused blaming
    # another. A bare denial claims nothing of who did it; counted as contesting, it let the
    # junta's outlets take any attack out of figures of fair grade by denying it. Nor does it
    # tell of the attack: it is no second source.
    if len(named) > 1 or any(r.responsibility == "blamed_other" for r in weighed):
        return "contested"
    sources = {r.source_id for r in weighed if r.responsibility != "denied"}
    return "fair" if len(sources) >= 2 else "weak"


@lru_cache(maxsize=4096)  # a few dozen names, met by every incident
def perpetrator_key(name: str) -> str:
    # "Myanmar military" and "Myanmar Military (junta)" name one perpetrator, and so do all the
    # names of the state's forces (UCDP's "Government of Myanmar (Burma)", "Tatmadaw", "junta
    # soldiers", "LIB 33", ...) and of one armed group ("PDF", "People's Defence Force"): two of
    # them made an incident "contested". An armed group is looked for first: "Arakan Army".
    lowered = name.lower()
    for key, pattern in _ARMED_GROUPS:
        if pattern.search(lowered):
            return key
    key = _words_key(name)
    if key in _STATE_FORCES_KEYS:
        return "state forces"
    if _STATE_WORDS.search(lowered) and not _OTHER_SIDE.search(lowered):
        return "state forces"
    return key


# Names outlets give the armed groups most often named in reports of attacks, by their
# commonest short name.
_ARMED_GROUPS = [
    (key, re.compile(pattern))
    for key, pattern in (
        ("pdf", r"\bpdfs?\b|people'?s\s+defen[cs]e|ပြည်သူ့ကာကွယ်ရေး|ပကဖ"),
        ("aa", r"\baa\b|arakan army|ရက္ခိုင့်တပ်တော်|အေအေ"),
        ("kia", r"\bkia\b|kachin independence|ကချင်လွတ်လပ်ရေး"),
        ("tnla", r"\btnla\b|ta'?ang national"),
        ("mndaa", r"\bmndaa\b|myanmar national democratic alliance"),
        ("knla", r"\bknla\b|\bknu\b|karen national"),
        ("kndf", r"\bkndf\b|karenni nationalities defen[cs]e"),
        ("cdf", r"\bcdf\b|chin(?:land)? defen[cs]e"),
    )
]
# Words of the armed groups' own names: "Shan State Army" or "SSA troops" are not the state's.
_OTHER_SIDE = re.compile(
    r"\b(?:state|liberation|independence|national|nationalities|defen[cs]e|resistance|people'?s?"
    r"|revolution(?:ary)?|karenni|karen|kachin|shan|wa|chin|arakan|rakhine|ta'?ang|kokang|mon"
    r"|democratic|buddhist|ssa|dkba|uwsa|ka|mnla)\b"
)
# Words that name the state's forces in any name that is not an armed group's.
_STATE_WORDS = re.compile(
    r"\b(?:junta|military|regime|tatmadaw|sit-?tat|sac|army|troops|soldiers|"
    r"(?:light\s+)?infantry|lib|ib|moc|battalion|military\s+council)\b"
    r"|စစ်ကောင်စီ|စကစ|တပ်မတော်|စစ်တပ်|ခလရ|ခမရ"
)


def _words_key(name: str) -> str:
    words = re.sub(r"[^a-z\u1000-\u109f ]", " ", name.lower()).split()
    return " ".join(sorted(w for w in words if w not in ("the", "of", "junta", "forces"))[:2])


_STATE_FORCES_KEYS = {_words_key(name) for name in STATE_SIDE}


# Each count's low and high ends: their fields, and their places in a report's counts.
_COUNT_RANGES = [
    (low, high, COUNT_COLUMNS.index(low), COUNT_COLUMNS.index(high))
    for low, high in ((f"{name}_min", f"{name}_max") for name in COUNT_FIELDS)
]


def _teller(source_id: int, published: bool, report_id: int) -> tuple:
    """Whose count a later report may supersede: a published source's (an outlet's later
    report restates its own count), but each testimony a field team or a group took is
    another person's account: a second witness who saw one body lowered the first's three."""
    return (source_id,) if published else (source_id, report_id)


def _published_order(published_at, report_id: int) -> tuple:
    """Reports in the order their source told them: a later one supersedes an earlier count."""
    return (published_at is not None, published_at or 0, report_id)


LEFT_OUT_FIELDS = ("id", "source_id", "source__kind", "published_at", "source__reliability",
                   "credibility", *COUNT_COLUMNS)  # fmt: skip


def left_out(reports: list[dict]) -> dict[int, str]:
    """Report id -> why its counts are not in the incident's ranges: "unreliable" (its source
    is rated E), "doubtful" (its credibility is 4 or 5), or "superseded" (every count it states,
    its source stated again in a later report, see `_teller`). `reports`: the incident's
    reports with LEFT_OUT_FIELDS. The ranges' own rules (`credible`, `_casualties`), said per
    report, so that a page can show why a claim above the range is not in it."""
    why: dict[int, str] = {}
    restated: dict[tuple, set[str]] = {}  # teller -> counts a later report of it states
    order = sorted(
        (r for r in reports if credible(r)),
        key=lambda r: _published_order(r["published_at"], r["id"]),
        reverse=True,
    )
    for r in order:
        stated = {c for c in COUNT_COLUMNS if r[c] is not None}
        teller = _teller(r["source_id"], r["source__kind"] not in UNPUBLISHED_KINDS, r["id"])
        told = restated.setdefault(teller, set())
        if stated and stated <= told:
            why[r["id"]] = "superseded"
        told |= stated
    for r in reports:
        if not credible(r):
            why[r["id"]] = "unreliable" if r["source__reliability"] == "E" else "doubtful"
    return why


def _casualties(incident: Incident, reports: list[Account]) -> None:
    # A source's later report supersedes its earlier count (counts rise as bodies are found);
    # a count it left out stays as it said before.
    latest: dict[tuple, list[int | None]] = {}
    credible_reports = (r for r in reports if r.credible)
    for r in sorted(credible_reports, key=lambda r: _published_order(r.published_at, r.id)):
        known = latest.setdefault(
            _teller(r.source_id, r.published, r.id), [None] * len(COUNT_COLUMNS)
        )
        for i, value in enumerate(r.counts):
            if value is not None:
                known[i] = value
    for low_field, high_field, low, high in _COUNT_RANGES:
        mins = [c[low] for c in latest.values() if c[low] is not None]
        maxes = [c[high] for c in latest.values() if c[high] is not None]
        # min: the highest count a source states as "at least"; max: the highest claim.
        setattr(incident, low_field, max(mins, default=0))
        setattr(incident, high_field, max(maxes + mins, default=0))
    # At least 40 children killed is at least 40 people killed: a source that gave only the
    # children's count (or a total below it) left the total under its own part.
    for whole, part in (("killed", "killed_children"), ("injured", "injured_children")):
        for end in ("min", "max"):
            floor = getattr(incident, f"{part}_{end}")
            if getattr(incident, f"{whole}_{end}") < floor:
                setattr(incident, f"{whole}_{end}", floor)
