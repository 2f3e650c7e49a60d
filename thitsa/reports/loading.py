"""Store what an importer read: streaming, in batches, idempotent, keeping every good row."""

from __future__ import annotations

import multiprocessing
import re
import sys
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from operator import attrgetter, gt
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from thitsa.bulk import insert_rows, optimize, without_cycle_collection
from thitsa.burmese.normalize import clean as clean_burmese
from thitsa.burmese.zawgyi import looks_zawgyi
from thitsa.forked import ChildLost, forked, usable_cpus
from thitsa.places.resolver import get_resolver
from thitsa.reports import versions
from thitsa.reports.importers import IMPORTERS
from thitsa.reports.importers.kobo import KOBO_VERSION
from thitsa.reports.models import (
    WITHDRAWN,
    WITHDRAWN_CREDIBILITY,
    Source,
    SourceReport,
    Witness,
)
from thitsa.reports.records import (
    COUNT_COLUMNS,
    PUBLIC_ID,
    ImportFormatError,
    ReportRow,
    RowError,
    Skipped,
)

# Rows stored per transaction. Each commit of a large import checkpoints SQLite's write-ahead log,
# writing back every index page the batch touched, and the import key's index is touched at
# random: 1,000,000 reports imported in 126.6 s at 2,000 (commits 38.5 s), 106.7 s at 10,000
# (18.6 s), 101.2 s at 20,000 (benchmarks/README.md). At most one batch is lost to a crash.
BATCH = 10_000
# From this many new reports, SQLite's planner statistics are refreshed after the import
# (thitsa.bulk.optimize): a few thousand reports already change which index serves matching.
REFRESH_STATISTICS = 2000
# Below this score a place is left for review instead of being guessed.
PLACE_ACCEPT = 75.0
# A report's `extra` key for the places a verifier set on it (thitsa.publish.placing).
PLACE_CHECKED = "place_checked"


@dataclass
class ImportSummary:
    path: str
    read: int = 0  # rows (or posts) the reader handed over, stored or rejected
    created: int = 0
    existing: int = 0
    corrected: int = 0  # stored reports given a newer version's facts (update=True)
    # Of them, linked by the matcher to an incident their new date or place lies outside of:
    # queued for a verifier.
    doubted: int = 0
    # Reports of outlets an ACLED revision no longer names for their event (update=True).
    withdrawn: int = 0
    # Rows of an older version than the stored report's (ACLED's `timestamp`), not taken.
    older: int = 0
    older_events: set = field(default_factory=set, repr=False)
    # Stored ACLED events or Kobo submissions dated within the file's span that it no longer
    # holds (update=True): deleted at the source? Named, not changed.
    absent: list[str] = field(default_factory=list)
    # The name a renamed Telegram channel's posts are stored under (`_channel_stored_as`).
    stored_as: str = ""
    errors: list[RowError] = field(default_factory=list)
    rows_refused: int = 0
    # Rows a reader left out on purpose, by why ("without consent"): not stored, no error.
    skipped: Counter = field(default_factory=Counter)
    # Whether the look for what the file no longer holds was left out: rows were refused, whose
    # ids are unknown, and would be named as deleted.
    absent_unchecked: bool = False
    # Stored reports deleted because their submission's consent is no longer given (update).
    consent_withdrawn: int = 0
    places_resolved: int = 0
    places_unresolved: int = 0
    places_in_area: int = 0  # placed only in the township, district or state the text names
    seconds: float = 0.0
    # Place text (and point) -> matches, for places located while storing.
    place_cache: dict = field(default_factory=dict, repr=False)

    @property
    def rejected(self) -> int:
        """Rows refused (an ACLED row is one report per outlet, and may bring an error each)."""
        return self.rows_refused

    def __str__(self) -> str:
        return (
            f"{self.path}: {self.created:,} new report{_s(self.created)}, "
            f"{self.existing:,} already stored, "
            + (f"{self.corrected:,} corrected, " if self.corrected else "")
            + (
                f"{self.doubted:,} of them outside their incident now, queued for review, "
                if self.doubted
                else ""
            )
            + (
                f"{self.withdrawn:,} of outlets ACLED no longer names, now doubtful, "
                if self.withdrawn
                else ""
            )
            + (
                f"{self.older:,} older than the version stored (ACLED's timestamp), not taken, "
                if self.older
                else ""
            )
            + "".join(f"{n:,} {why}, not stored, " for why, n in sorted(self.skipped.items()))
            + (
                f"{self.consent_withdrawn:,} stored before deleted (consent withdrawn), "
                if self.consent_withdrawn
                else ""
            )
            + f"{self.rejected:,} rejected; places: {self.places_resolved:,} resolved, "
            + (
                f"{self.places_in_area:,} only to the area the text names, "
                if self.places_in_area
                else ""
            )
            + f"{self.places_unresolved:,} left for review ({self.seconds:.1f} s)"
            + (
                f"; the channel's posts are stored as {self.stored_as!r}, its name before: "
                "rename that source to change it"
                if self.stored_as
                else ""
            )
            + (
                f"; {len(self.absent):,} stored event{_s(len(self.absent))} or submission"
                f"{_s(len(self.absent))} of its sources dated within this file's span "
                f"{'is' if len(self.absent) == 1 else 'are'} not "
                f"in it (deleted at the source?): {', '.join(self.absent[:10])}"
                + (" ..." if len(self.absent) > 10 else "")
                + ". Nothing was changed: delete in the admin what the source deleted"
                if self.absent
                else ""
            )
            + (
                "; what the file no longer holds was not looked for: rows were refused"
                if self.absent_unchecked
                else ""
            )
        )


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def unreadable(path: str | Path) -> str | None:
    """Why a path cannot be imported ("no such file", "is a directory" ...), or None."""
    path = Path(path)
    if not path.exists():
        return "no such file"
    if path.is_dir():
        return "is a directory"
    if not path.is_file():
        return "is not a regular file"
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    return None


def import_file(
    path: str | Path,
    fmt: str,
    progress: bool | None = None,
    on_error: Callable[[RowError], None] | None = None,
    options: dict | None = None,
    summary: ImportSummary | None = None,
    update: bool = False,
) -> ImportSummary:
    """Import a file; `options` go to the format's reader (e.g. kobo's `mapping`).

    A row that comes again under a stored report's key with other facts is refused, unless
    `update`: then it is the source's (or the dataset's) correction, and the stored report
    takes it, keeping what it said before (`_correct`).

    A `summary` given is filled in as batches are stored: when the import fails part-way, the
    caller still knows what was stored before the error."""
    if fmt not in IMPORTERS:
        raise ImportFormatError(
            f"unknown format {fmt!r}: use one of {', '.join(sorted(IMPORTERS))}"
        )
    path = Path(path)
    if problem := unreadable(path):
        raise ImportFormatError(f"{path}: {problem}")
    started = time.perf_counter()
    if summary is None:
        summary = ImportSummary(str(path))
    show = sys.stderr.isatty() if progress is None else progress
    if fmt == "telegram":
        options = {**(options or {}), **_channel_stored_as(path, summary)}
    # ACLED's revisions: the outlets each event read cites (`_withdraw_uncited`).
    cited: dict[str, set[str]] | None = {} if update and fmt == "acled" else None
    # A revised export read whole: what it holds, to name what it no longer does (`_absent`).
    held: dict | None = {"ids": set(), "days": None, "sources": set()} if update and fmt in (
        "acled", "kobo") else None  # fmt: skip
    # Rows left out for want of consent, by the key a report of theirs was stored under.
    withheld: list[tuple[str, int]] = []
    apart = _worth_a_second_process(path)
    # Apart, the reader locates half of the places and this process the other half: locating
    # is the largest part of the reader's work, and storing alone leaves this process idle.
    with without_cycle_collection():
        prepare = _prepared_apart if apart else _prepared
        batches = prepare(path, fmt, options or {}, shared=apart)
        try:
            # closing: a failure here ends the reader at once, not when the generator is
            # collected.
            with (
                closing(batches),
                _Progress(
                    desc=f"importing {path.name}", unit=" rows", disable=not show, file=sys.stderr
                ) as bar,
            ):
                for batch, errors, read in batches:
                    bar.update(read)
                    summary.read += read
                    if any(isinstance(e, Skipped) for e in errors):
                        skipped = [e for e in errors if isinstance(e, Skipped)]
                        summary.skipped.update(e.reason for e in skipped)
                        withheld += [(e.key, e.line) for e in skipped if e.key]
                        errors = [e for e in errors if not isinstance(e, Skipped)]
                    # A row refused as read is one error; refused as stored, one per report it
                    # makes (an ACLED row, one per outlet), all on its line.
                    summary.rows_refused += len(errors)
                    if held is not None:
                        for row, _place in batch:
                            held["ids"].add(row.external_id.partition(":")[0])
                            held["sources"].add(row.source)
                            if day := row.event_date:
                                # Its first and last days only: a million rows' dates kept
                                # for a min and a max.
                                first, last = held["days"] or (day, day)
                                held["days"] = (min(first, day), max(last, day))
                    if cited is not None:
                        for row, _place in batch:
                            # event_id_cnty has no ":", an outlet's name may.
                            event = row.external_id.partition(":")[0]
                            cited.setdefault(event, set()).add(row.external_id)
                    if batch:
                        stored = _store(batch, summary, update)
                        summary.rows_refused += len({e.line for e in stored})
                        errors = sorted([*errors, *stored], key=lambda e: e.line)
                    # A row refused as read names each of its wrong fields.
                    for error in (e for row_error in errors for e in row_error.each()):
                        summary.errors.append(error)
                        if on_error:
                            on_error(error)
            if withheld:
                _consent_withdrawn(withheld, summary, update, on_error)
            if held is not None and held["days"] and not summary.errors:
                summary.absent = _absent(fmt, held)
            elif held is not None and summary.errors:
                # Found by a data manager: one refused submission, in every export after,
                # ended the look for deleted ones for good, and the summary said nothing.
                summary.absent_unchecked = True
            if cited:
                for event in summary.older_events:
                    cited.pop(event, None)  # an older file's outlets withdraw nothing
                _withdraw_uncited(cited, summary)
        finally:
            # After a failure part-way too: what was stored is matched next all the same.
            if summary.created > REFRESH_STATISTICS:
                optimize()
            summary.seconds = time.perf_counter() - started
            if summary.created:
                from thitsa.publish.credits import forget_datasets

                forget_datasets()  # the pages credit a dataset as soon as it is loaded
    return summary


def _consent_withdrawn(
    withheld: list[tuple[str, int]], summary: ImportSummary, update: bool, on_error
) -> None:
    """Submissions stored before whose witness's consent is no longer given: deleted with
    `update` (the witness with them, their incidents reconciled again), refused without. A
    consent withdrawn in Kobo left the report stored, counted and publishable, unmentioned."""
    from thitsa.incidents.reconcile import reconcile_incidents

    lines = dict(withheld)
    stored = list(
        SourceReport.objects.filter(import_key__in=list(lines)).values_list(
            "pk", "import_key", "incident_id"
        )
    )
    if not stored:
        return
    if not update:
        for pk, key, _incident in stored:
            error = RowError(lines[key], "consent", (
                f"report {pk} was stored from this submission, whose witness's consent is no "
                "longer given: import with --update to delete it"
            ))  # fmt: skip
            summary.errors.append(error)
            summary.rows_refused += 1
            if on_error:
                on_error(error)
        return
    with transaction.atomic():
        SourceReport.objects.filter(pk__in=[pk for pk, _k, _i in stored]).delete()
        reconcile_incidents({incident for _pk, _k, incident in stored if incident})
    summary.consent_withdrawn = len(stored)


class _Progress(tqdm):
    # No monitor thread (tqdm starts one that outlives the bar): a bulk match later in the same
    # process forks only while no other thread runs (thitsa.forked).
    monitor_interval = 0


# Where a report's place text points: the resolver's matches as (P-code, score) pairs, and
# the area the text names outright when the best match is too uncertain to take (or None).
Place = tuple[list[tuple[str, float]], tuple[str, float] | None]
# A row, cleaned, and its Place (None: no place; LATER: not yet). Pairs and a string, not
# Match objects or one compared by identity: batches cross a pipe, pickled, and unpickling a
# Match is a Python call.
Located = tuple[ReportRow, Place | str | None]
LATER = "later"


def _prepared(
    path: Path, fmt: str, options: dict, shared: bool = False
) -> Iterator[tuple[list[Located], list[RowError], int]]:
    """Batches of rows read and cleaned, with the batch's row errors and the count of items
    read. When the locating is `shared`, the rows whose place is in the reader's half
    (`_readers_place`) are located here too; the others are located by `_store`, which locates
    only the rows it stores. Nothing here touches the database."""
    resolver, places = get_resolver(), {}
    batch, errors, read = [], [], 0
    items = IMPORTERS[fmt](path, **options)
    while True:
        try:
            line, item = next(items)
        except StopIteration:
            break
        except Exception:
            # A reader that fails part-way (a bad byte, a broken file): the rows read so far and
            # their errors are stored and reported first.
            if batch or errors or read:
                yield batch, errors, read
            raise
        read += 1
        if isinstance(item, RowError):
            errors.append(item)
        else:
            item.line = line
            if not (error := _off_the_map(item, resolver)):
                clean_text(item)
                error = _unstorable(item)
            if error:
                # An ACLED row makes a report per outlet: its point off the map is one error.
                if not errors or _said(errors[-1]) != _said(error):
                    errors.append(error)
            else:
                locate = shared and _readers_place(item)
                batch.append((item, _locate(item, resolver, places) if locate else LATER))
        if len(batch) >= BATCH or len(errors) >= BATCH:
            yield batch, errors, read
            batch, errors, read = [], [], 0
    if batch or errors or read:
        yield batch, errors, read


# What a database refuses to store: PostgreSQL fails a value longer than its column or
# holding a NUL character (and with it the whole batch of rows), where SQLite stores both.
_LIMITED = ("external_id", "url", "language", "title", "place_text", "event_type", "perpetrator")
_LIMITS = {
    "source": Source._meta.get_field("name").max_length,
    **{name: SourceReport._meta.get_field(name).max_length for name in _LIMITED},
}


_LIMITED_VALUES = attrgetter(*_LIMITS)


def _unstorable(row: ReportRow) -> RowError | None:
    """The error for the first value of the row no database would store as it is. Every row
    of a million passes here: the common case is one pass over its values, in C."""
    values = _LIMITED_VALUES(row)
    too_long = any(map(gt, map(len, values), _LIMITS.values()))
    if not too_long and "\x00" not in "".join((row.text, *values)) and not _nul_in(row):
        return None
    for (name, limit), value in zip(_LIMITS.items(), values, strict=True):
        if len(value) > limit:
            return RowError(
                row.line, name, f"is {len(value):,} characters long; at most {limit:,} are kept"
            )
    texts = {
        "text": row.text, **dict(zip(_LIMITS, values, strict=True)),
        **{f"{name} (extra column)": v for name, v in row.extra.items() if isinstance(v, str)},
        **{f"witness {name}": v for name, v in row.witness.items() if isinstance(v, str)},
    }  # fmt: skip
    for name, value in texts.items():
        if "\x00" in value:
            return RowError(
                row.line, name, "holds a NUL character (byte 0), which no database stores: "
                "the file was cut or saved by a broken tool; remove it"
            )  # fmt: skip
    return None


def _nul_in(row: ReportRow) -> bool:
    """A NUL in an extra column's or a witness field's value (most rows have neither)."""
    return any(
        isinstance(v, str) and "\x00" in v for d in (row.extra, row.witness) for v in d.values()
    )


def _said(error: RowError) -> tuple:
    return error.line, error.field, error.reason


def _off_the_map(row: ReportRow, resolver) -> RowError | None:
    """The error for a point outside the gazetteer's country: an empty cell read as 0,0 or a
    longitude mistyped put an event in Tabayin off the coast of Africa on the map."""
    if row.latitude is None or row.longitude is None or resolver.extent is None:
        return None
    south, north, west, east = resolver.extent
    if south <= row.latitude <= north and west <= row.longitude <= east:
        return None
    return RowError(
        row.line, "latitude",
        f"{row.latitude}, {row.longitude} lies outside the country of the gazetteer "
        f"({south:.1f} to {north:.1f} N, {west:.1f} to {east:.1f} E): latitude and longitude "
        "swapped or mistyped, or empty cells read as 0?",
    )  # fmt: skip


_LEAF_LEVELS = {"village", "tract", "ward"}


# How many equally good places a text's tie is looked for among.
_TIES_SEEN = 100


def _locate(row: ReportRow, resolver, cache: dict) -> Place | None:
    if (pcode := getattr(row, "place_pcode", "")) and pcode in resolver.places:
        return ([(pcode, 100.0)], None, False)  # named by its code: an export's checked place
    if not (row.place_text or row.latitude is not None):
        return None
    # Reports repeat their places and the resolver is costly: each place is looked up once.
    where = (row.place_text, row.latitude, row.longitude)
    if (located := cache.get(where)) is None:
        found = resolver.resolve(row.place_text, limit=5, lat=row.latitude, lon=row.longitude)
        if len(found) == 5 and found[-1].score >= found[0].score - 0.5:
            # Equals come in P-code order: five villages of one township hid the others of the
            # name ("Ywar Thit village, Sagaing Region": 52 villages in 19 townships, placed
            # in the first, Sagaing township, unreviewed).
            found = resolver.resolve(
                row.place_text, limit=_TIES_SEEN, lat=row.latitude, lon=row.longitude
            )
        # "Ah Lel Taw village": five villages of five townships, equally good. The first was
        # taken (a Sagaing event counted in Kachin) and nothing said so: such a place waits
        # for a verifier, placed meanwhile in the area the text names, if any.
        # Villages (tracts, wards) only: a bare township's name means the township, whatever
        # villages bear it too. With a point, the point decides among equals: not a tie.
        tied = (
            row.latitude is None
            and bool(found)
            and found[0].level in _LEAF_LEVELS
            and any(
                m.level in _LEAF_LEVELS
                and m.score >= found[0].score - 0.5
                and m.township_pcode != found[0].township_pcode
                for m in found[1:]
            )
        )
        area = None
        if (not found or found[0].score < PLACE_ACCEPT or tied) and row.place_text:
            # "Kinma, Kaing Lal and Kin Sote villages, Pakokku district": the villages are not
            # in the gazetteer, the district is; a report without a place is in no figure by
            # area.
            if named := resolver.area_named(row.place_text):
                area = (named.pcode, named.score)
        located = cache[where] = ([(m.pcode, m.score) for m in found[:3]], area, tied)
    return located


def _readers_place(row: ReportRow) -> bool:
    """Whether the reading process locates this row's place. Split by the place's text, not
    by batch: reports repeat their places, and two processes each locating every other batch
    looked up a third of the places twice (1,000,000 generated reports: 257,847 lookups of
    179,571 places)."""
    return zlib.crc32(row.place_text.encode()) % 2 == 0


# Files from this size up are read, cleaned and located in a second process while this one
# stores: the two halves cost about the same, so a large import takes about half the time on
# two cores. Smaller files are not worth the second process's start.
APART_BYTES = 8_000_000


def _worth_a_second_process(path: Path) -> bool:
    return (
        path.stat().st_size >= APART_BYTES
        and "fork" in multiprocessing.get_all_start_methods()
        and usable_cpus() > 1
    )


# Batches the reading process may have sent ahead of storing: enough to ride out a slow batch
# on either side (every other batch is located on each), few enough to keep memory flat.
AHEAD = 4


def _prepared_apart(
    path: Path, fmt: str, options: dict, shared: bool = True
) -> Iterator[tuple[list[Located], list[RowError], int]]:
    """`_prepared`, run in a forked process (thitsa.forked) that sends each batch as it is
    ready. It never touches the database: it reads a file and resolves places from the
    resolver's memory, built here first so that the child shares it."""
    get_resolver()
    reading = partial(_prepared, path, fmt, options, shared)
    with forked(reading, chunk=1, ahead=AHEAD) as batches:
        try:
            yield from batches
        except ChildLost as lost:
            raise ImportFormatError(f"{path}: reading: {lost}") from None


_MYANMAR = re.compile("[\u1000-\u109f]")
TEXT_FIELDS = ("title", "text", "place_text", "perpetrator")


def clean_text(row: ReportRow) -> None:
    """Text fields as Unicode Burmese in canonical form (`thitsa.burmese.normalize.clean`).

    Zawgyi originals are kept in `extra["zawgyi"]`, originals that only normalisation changed
    (zero-width characters, mark order, lookalike digits) in `extra["original"]`.
    """
    fields = {name: getattr(row, name) for name in TEXT_FIELDS}
    # A witness's name typed in Zawgyi showed as empty boxes: cleaned with the report (one
    # encoding for all it was typed in), but its original is never kept beside it in plain text.
    witness = {f"witness {name}": value for name, value in row.witness.items()}
    clean, originals, zawgyi = clean_fields({**fields, **witness})
    if witness:
        row.witness = {name: clean[f"witness {name}"] for name in row.witness}
        originals = {name: value for name, value in originals.items() if name in fields}
    for name in originals:
        setattr(row, name, clean[name])
    if originals:
        row.extra = {**row.extra, "zawgyi" if zawgyi else "original": originals}


def clean_fields(values: dict[str, str]) -> tuple[dict[str, str], dict[str, str], bool]:
    """(the values as stored, the originals of those that changed, whether they were Zawgyi).
    A report is typed in one encoding: it is read once, all its Burmese together, by its
    spelling and the detector (`looks_zawgyi`: a report of names alone, ဘုရားရွာ, is valid in
    both encodings, and the detector alone took it for Zawgyi)."""
    burmese = [v for v in values.values() if v and _MYANMAR.search(v)]
    zawgyi = bool(burmese) and looks_zawgyi(" ".join(burmese))
    clean, originals = dict(values), {}
    for name, value in values.items():
        if value and (fixed := clean_burmese(value, zawgyi=zawgyi)) != value:
            originals[name] = value
            clean[name] = fixed
    return clean, originals, zawgyi


def _exported_here(rows: list[tuple[str, ReportRow]]) -> set[str]:
    """Keys of the ACLED rows that are this database's own incidents coming back: `thitsa
    export incidents --format acled` writes each incident's public id as `event_id_cnty`.
    Imported again, each became a report that opened a second incident of the same event (a
    dataset's two rows are two events to the matcher). The date must agree as well: another
    database numbers its incidents the same way."""
    by_id: dict[str, list[tuple[str, date | None]]] = {}
    for key, row in rows:
        event_id = row.external_id.rpartition(":")[0] if row.import_format == "acled" else ""
        if PUBLIC_ID.match(event_id):
            by_id.setdefault(event_id, []).append((key, row.event_date))
    if not by_id:
        return set()
    from thitsa.incidents.models import Incident

    dates = dict(Incident.objects.filter(public_id__in=by_id).values_list("public_id", "date"))
    return {
        key
        for event_id, keyed in by_id.items()
        for key, day in keyed
        if event_id in dates and dates[event_id] == day
    }


def _store(rows: list[Located], summary: ImportSummary, update: bool = False) -> list[RowError]:
    """Store the rows not stored yet. A row whose key is taken but whose facts differ comes
    back as an error naming what it clashes with: a typo in an id, or a source's correction,
    which a stored report takes only when the import says so (`update`)."""
    keyed: dict[str, Located] = {}
    refused = []
    for located in rows:
        row = located[0]
        key = row.import_key()
        if (first := keyed.get(key)) is None:
            keyed[key] = located
        elif other := versions.changes(versions.of_row(first[0]), versions.of_row(row)):
            field_name, what = row.key_named()
            refused.append(RowError(row.line, field_name, (
                f"same report as line {first[0].line} ({what}) but other facts "
                f"({versions.said_apart(other)}): not stored{_own_id(row)}"
            )))  # fmt: skip
        else:
            summary.existing += 1
    stored = {
        values.pop("import_key"): values
        for values in SourceReport.objects.filter(import_key__in=list(keyed)).values(
            "import_key", "pk", "extra", *versions.FACTS, *COUNT_COLUMNS
        )
    }
    _stored_by_version(keyed, stored)
    corrections, revisions, unchanged = [], [], []
    for key, values in stored.items():
        row = keyed[key][0]
        if update and _older(row, values["extra"]):
            # An older ACLED file again: its timestamps and outlets would undo the revision.
            summary.older += 1
            summary.older_events.add(row.external_id.partition(":")[0])
            continue
        now = versions.of_report(values)
        whole = versions.whole_counts(row)
        if not (changes := versions.changes(now, versions.of_row(row), whole)):
            if update and (revised := _revised_extra(values["extra"], row)) is not None:
                revisions.append((values["pk"], revised))
            else:
                summary.existing += 1
                unchanged.append(key)
            continue
        field_name, what = row.key_named()
        pk = values["pk"]
        if not update:
            refused.append(RowError(row.line, field_name, (
                f"already stored as report {pk} ({what}) with other facts "
                f"({versions.said_apart(changes)}): not changed (import with --update to take "
                "the source's correction)"
            )))  # fmt: skip
        elif versions.fingerprint(
            versions.applied(now, versions.of_row(row), whole)
        ) in versions.earlier_versions(values["extra"]):
            # An older file again: taking it would undo a later correction.
            refused.append(RowError(row.line, field_name, (
                f"an earlier version of report {pk} ({what}), corrected since "
                f"({versions.said_apart(changes)}): not changed"
            )))  # fmt: skip
        else:
            corrections.append((pk, keyed[key], changes))
    if corrections:
        _correct(corrections, summary)
    # A refused row's witness waits with its facts; a corrected or unchanged one's is compared.
    told = {stored[key]["pk"] for key in unchanged} | {pk for pk, _row, _c in corrections}
    witnessed = [
        (values["pk"], keyed[key][0])
        for key, values in stored.items()
        if keyed[key][0].witness and values["pk"] in told
    ]
    # A row whose witness questions are all blank changes only a witness stored before.
    if blank := {pk for pk, row in witnessed if not any(row.witness.values())}:
        had = _witnessed(blank)
        witnessed = [(pk, row) for pk, row in witnessed if pk not in blank or pk in had]
    if witnessed:
        refused += _rewitness(witnessed, summary, update, {stored[k]["pk"] for k in unchanged})
    if revisions:
        # Facts the same, a dataset's own columns revised (ACLED's tags, actors, source
        # scale): taken as they come, or its export wrote the old ones.
        with transaction.atomic():
            for pk, extra in revisions:
                SourceReport.objects.filter(pk=pk).update(extra=extra, updated_at=timezone.now())
        summary.corrected += len(revisions)
    exported = _exported_here([(k, row) for k, (row, _m) in keyed.items() if k not in stored])
    summary.existing += len(exported)
    fresh = {k: r for k, r in keyed.items() if k not in stored and k not in exported}
    if not fresh:
        return refused
    resolver = get_resolver()
    now = timezone.now()
    with transaction.atomic():
        sources = _sources({(r.source, r.source_kind) for r, _m in fresh.values()})
        values = []
        for key, (row, matches) in fresh.items():
            if matches == LATER:
                matches = _locate(row, resolver, summary.place_cache)
            place_id, place_score, candidates = _placed(matches, summary)
            counts = versions.counts(row)
            forms = {name: rng.form for name, rng in row.casualties.items()}
            plain = [getattr(row, f) for f in _PLAIN_FIELDS]
            plain[_CREDIBILITY] = plain[_CREDIBILITY] or versions.UNJUDGED
            values.append(
                (key, sources[row.source].pk, *plain,
                 place_id, place_score, candidates, *counts, forms, now, "")
            )  # fmt: skip
        # Rows, not model instances: building a million SourceReports was a third of the time.
        # updated_at as late as can be: the search index walks reports in its order, and a
        # stamp taken before the place resolution could fall behind one indexed meanwhile.
        stamp = timezone.now()
        insert_rows(SourceReport, _COLUMNS, [(*row, stamp) for row in values])
        witnessed = [k for k, (row, _m) in fresh.items() if any(row.witness.values())]
        if witnessed:
            ids = SourceReport.objects.filter(import_key__in=witnessed).values_list(
                "import_key", "id"
            )
            Witness.objects.bulk_create(
                Witness(report_id=pk, **fresh[key][0].witness) for key, pk in ids
            )
    summary.created += len(values)
    return refused


def _witnessed(pks: set[int]) -> set[int]:
    """The reports of `pks` that have a witness stored (whose details a blank row may erase)."""
    return set(Witness.objects.filter(report_id__in=pks).values_list("report_id", flat=True))


def _rewitness(
    reports: list[tuple[int, ReportRow]], summary: ImportSummary, update: bool, unchanged: set
) -> list[RowError]:
    """A stored report's witness as a newer version of its row tells it (a phone number
    corrected in Kobo): taken with `update`, refused without, as other facts are; what the row
    leaves blank stays. `unchanged`: the reports whose facts were the same, counted as already
    stored until now. No message says what the details were or are."""
    pks = [pk for pk, _row in reports]
    have = {w.report_id: w for w in Witness.objects.filter(report_id__in=pks)}
    refused = []
    with transaction.atomic():
        for pk, row in reports:
            witness = have.get(pk) or Witness(report_id=pk)
            if all(getattr(witness, name) == value for name, value in row.witness.items()):
                continue
            if not update:
                field_name, what = row.key_named()
                refused.append(RowError(row.line, field_name, (
                    f"already stored as report {pk} ({what}) with other witness details: not "
                    "changed (import with --update to take the correction)"
                )))  # fmt: skip
                summary.existing -= 1
                continue
            for name, value in row.witness.items():
                setattr(witness, name, value)
            if any(getattr(witness, name) for name in ("name", "contact", "notes")):
                witness.save()
            elif witness.pk:
                witness.delete()  # every detail erased at the source: no witness kept
            report = SourceReport.objects.get(pk=pk)
            correction = {"at": timezone.now().isoformat(), "was": "the witness's details"}
            report.extra = {
                **report.extra,
                "corrections": [*report.extra.get("corrections", []), correction],
            }
            report.save(update_fields=["extra", "updated_at"])
            if pk in unchanged:
                summary.existing -= 1
                summary.corrected += 1
    return refused


def _stored_by_version(keyed: dict[str, Located], stored: dict[str, dict]) -> None:
    """A Kobo submission edited in Kobo is known by its first version's id (rootUuid); one
    imported before Thitsa read rootUuid was stored under its own _uuid. Found so, it is keyed
    by the first version's id from now on, and the row is its new version, as any correction."""
    by_version = {
        replace(located[0], external_id=version).import_key(): key
        for key, located in keyed.items()
        if key not in stored and (version := located[0].extra.get(KOBO_VERSION))
    }
    if not by_version:
        return
    found = SourceReport.objects.filter(import_key__in=list(by_version)).values(
        "import_key", "pk", "extra", *versions.FACTS, *COUNT_COLUMNS
    )
    for values in found:
        key = by_version[values.pop("import_key")]
        SourceReport.objects.filter(pk=values["pk"]).update(
            import_key=key, external_id=keyed[key][0].external_id
        )
        stored[key] = values


def _absent(fmt: str, held: dict) -> list[str]:
    """The ids of stored reports (ACLED events, Kobo submissions) of the file's sources, dated
    within its first and last days, that the file does not hold: ACLED deletes events it finds
    duplicated or wrong, and a group deletes a submission in Kobo, and the next export simply
    lacks them. Only named: a file filtered to a region or a form's part lacks others too."""
    stored = SourceReport.objects.filter(
        import_format=fmt,
        source__name__in=held["sources"],
        event_date__range=held["days"],
    ).values_list("external_id", flat=True)
    return sorted({e.partition(":")[0] for e in stored.iterator()} - held["ids"])


def _older(row: ReportRow, stored: dict) -> bool:
    """Whether an ACLED row is an older version of its event than the one stored: ACLED stamps
    each event's last revision (`timestamp`, Unix seconds)."""
    if row.import_format != "acled":
        return False
    try:
        return int(row.extra.get("timestamp", "")) < int(stored.get("timestamp", ""))
    except ValueError:
        return False


def _revised_extra(stored: dict, row: ReportRow) -> dict | None:
    """A stored dataset report's `extra` with the row's revision of the dataset's own columns,
    or None when they are the same (or the format keeps no such columns)."""
    if row.import_format != "acled":
        return None
    from thitsa.reports.importers.acled import EXTRA_KEYS

    new = {k: v for k, v in row.extra.items() if k in EXTRA_KEYS}
    if new == {k: v for k, v in stored.items() if k in EXTRA_KEYS}:
        return None
    return {**{k: v for k, v in stored.items() if k not in EXTRA_KEYS}, **new}


def _channel_stored_as(path: Path, summary: ImportSummary) -> dict:
    """A Telegram channel renamed since its posts were imported ("Sagaing Alerts (Official)")
    keeps its posts under the name they are stored with, found by the channel's id: under the
    new name every post was stored again, and each incident counted the channel twice."""
    from thitsa.reports.importers.telegram import channel_of

    try:
        name, channel_id = channel_of(path)
    except RowError:
        return {}  # the reading proper names what is wrong with the file
    if not channel_id:
        return {}
    stored = (
        SourceReport.objects.filter(import_format="telegram", extra__channel_id=channel_id)
        .exclude(extra__has_key="forwarded_by")  # a forward is stored under its first channel
        .values_list("source__name", flat=True)
        .first()
    )
    if not stored or stored == name:
        return {}
    summary.stored_as = stored
    return {"stored_as": stored}


def _withdraw_uncited(cited: dict[str, set[str]], summary: ImportSummary) -> None:
    """ACLED's revision of an event that no longer names an outlet among its sources: that
    outlet's report (`<event>:<outlet>`) stays, as what ACLED said before, but is doubtful
    (credibility 5) from now on, so that its count and its voice leave the incident's ranges
    and grade; a later revision naming the outlet again restores it (credibility is a fact a
    correction sets). Only events read whole in this file: a row refused leaves its event as
    it was."""
    from thitsa.incidents.reconcile import reconcile_incidents

    stale = [
        pk
        for pk, external_id, credibility in SourceReport.objects.filter(import_format="acled")
        .values_list("pk", "external_id", "credibility")
        .iterator(chunk_size=5000)
        if credibility != WITHDRAWN_CREDIBILITY
        and external_id not in cited.get(external_id.partition(":")[0], (external_id,))
    ]
    if not stale:
        return
    incidents = set()
    with transaction.atomic():
        for report in SourceReport.objects.filter(pk__in=stale):
            correction = {
                "at": timezone.now().isoformat(),
                "was": f"credibility {report.credibility}",
                "why": "ACLED's revision of the event no longer names this outlet",
            }
            report.extra = {
                **report.extra,
                WITHDRAWN: correction["at"],
                "corrections": [*report.extra.get("corrections", []), correction],
            }
            report.credibility = WITHDRAWN_CREDIBILITY
            report.save(update_fields=["credibility", "extra", "updated_at"])
            incidents.add(report.incident_id)
            summary.withdrawn += 1
    if incidents := sorted(pk for pk in incidents if pk is not None):
        reconcile_incidents(incidents)


def _correct(corrections: list, summary: ImportSummary) -> None:
    """Stored reports take what a newer version states (a source's correction, a dataset's
    revision); what it leaves blank stays. What they said before is kept in
    `extra["corrections"]` (with the fingerprint of that version, so that an older file
    imported again cannot undo the correction), and their incidents are reconciled. A report
    keeps its incident: a verifier splits it off if the correction makes it another event, and
    where the matcher linked it and its new date or place lies outside the incident, the link
    is queued for review ("Not the same" matches it again)."""
    from thitsa.incidents.reconcile import reconcile_incidents

    resolver = get_resolver()
    incidents = set()
    with transaction.atomic():
        for pk, (row, _matches), changes in corrections:
            report = SourceReport.objects.get(pk=pk)
            before, place_before = versions.of_report(report), report.place_id
            stated = versions.stated(versions.of_row(row), versions.whole_counts(row))
            for name, value in stated.items():
                setattr(report, name, value)
            for name in _RESTATED:
                if value := getattr(row, name):
                    setattr(report, name, value)
            report.casualty_forms = {
                **{k: v for k, v in report.casualty_forms.items()
                   if not versions.whole_counts(row) or k in row.casualties},
                **{name: rng.form for name, rng in row.casualties.items()},
            }  # fmt: skip
            where = ("place_text", "latitude", "longitude")
            # A verifier's place stands for the text it was chosen for: a correction that
            # adds or moves only the point keeps it.
            kept = report.place_text == before["place_text"] and PLACE_CHECKED in report.extra
            if any(getattr(report, n) != before[n] for n in where) and not kept:
                # Located as it now stands: the row may state the place or the point alone.
                located = _locate(report, resolver, summary.place_cache)
                report.place_id, report.place_score, report.place_candidates = _placed(
                    located, summary
                )
                # A verifier's answer was for the text as it stood: the new one is checked
                # afresh (thitsa.publish.placing), the answer kept as history.
                if checked := report.extra.pop(PLACE_CHECKED, None):
                    report.extra[f"{PLACE_CHECKED}_before"] = [
                        *report.extra.get(f"{PLACE_CHECKED}_before", []),
                        *checked,
                    ]
            if row.import_format == "acled":
                # ACLED's revision codes the event whole: a column it now leaves blank
                # (civilian_targeting, once the dead are found to be fighters) goes.
                from thitsa.reports.importers.acled import EXTRA_KEYS

                report.extra = {k: v for k, v in report.extra.items() if k not in EXTRA_KEYS}
            report.extra = {**report.extra, **row.extra}
            if report.credibility != WITHDRAWN_CREDIBILITY:
                report.extra.pop(WITHDRAWN, None)  # named again by a later revision
            correction = {
                "at": timezone.now().isoformat(),
                "was": versions.was_in_words(changes),
                "from": versions.fingerprint(before),
            }
            report.extra["corrections"] = [*report.extra.get("corrections", []), correction]
            report.save()
            incidents.add(report.incident_id)
            summary.corrected += 1
            if doubt := _outside_its_incident(report, before, place_before):
                summary.doubted += 1
                _queue_review(report, doubt)
    if incidents := sorted(pk for pk in incidents if pk is not None):
        reconcile_incidents(incidents)


def _outside_its_incident(report: SourceReport, before: dict, place_before: str | None) -> str:
    """Why a corrected report no longer fits the incident the matcher linked it to ("" when it
    does, was never linked, or a verifier linked it): its new date lies outside the window its
    date precision allows, or its new place outside the incident's township (state)."""
    from thitsa.incidents.matching import MACHINE
    from thitsa.incidents.models import MatchDecision
    from thitsa.incidents.scoring import WINDOW_DAYS
    from thitsa.places.resolver import apart

    moved_date = (report.event_date, report.event_date_precision) != (
        before["event_date"],
        before["event_date_precision"],
    )
    moved_place = report.place_id != place_before and report.place_id is not None
    if not (moved_date or moved_place) or not report.linked_by.startswith(MACHINE):
        return ""  # most corrections (a count, a title) ask nothing of the database here
    incident = report.incident
    if incident is None or not incident.reports.exclude(pk=report.pk).exists():
        return ""  # its only report: the incident follows it when reconciled
    if MatchDecision.objects.filter(report=report, incident=incident, by_human=True).exists():
        return ""
    why = []
    if moved_date and report.event_date is not None:
        window = max(
            WINDOW_DAYS.get(report.event_date_precision, 2),
            WINDOW_DAYS.get(incident.date_precision, 2),
        )
        if abs((report.event_date - incident.date).days) > window:
            why.append(f"dated {report.event_date}, the incident {incident.date}")
    area = incident.township_id or incident.state_id
    if moved_place and area:
        if apart(report.place_id, area):
            why.append(f"placed in {report.place_id}, outside the incident's {area}")
    return "; ".join(why)


def _queue_review(report: SourceReport, why: str) -> None:
    from thitsa.incidents.models import MatchDecision

    MatchDecision.objects.create(
        report=report, incident=report.incident, outcome="review", judgement="unsure",
        decided_by="correction", pending=True,
        note=f"corrected by its source: {why}. The same event?",
    )  # fmt: skip


def _own_id(row: ReportRow) -> str:
    # Two events an article tells on one day and place are two rows only an id tells apart.
    return "; give each row its own report_id" if not row.external_id else ""


def _placed(located: Place | None, summary: ImportSummary) -> tuple:
    """A report's place, its score and the candidates kept for review, from `_locate` (None:
    the report names no place). Where only the area the text names is certain, the report is
    placed there and its candidates stay for a verifier to place it closer."""
    if located is None:
        return None, None, []
    matches, area, tied = located
    candidates = [{"pcode": pcode, "score": round(score, 1)} for pcode, score in matches]
    if matches and matches[0][1] >= PLACE_ACCEPT and not tied:
        summary.places_resolved += 1
        return *matches[0], candidates
    if area is not None:
        summary.places_in_area += 1
        return *area, candidates
    summary.places_unresolved += 1
    return None, None, candidates


# What a row holds as it is stored: its identity, then what it says (versions.FACTS).
_PLAIN_FIELDS = (
    "external_id",
    "import_format",
    "url",
    "published_at",
    "language",
    *versions.FACTS,
    "extra",
)
_CREDIBILITY = _PLAIN_FIELDS.index("credibility")
# Taken from a correction when given, beside its facts (versions.FACTS): not compared, since
# a source republishing says nothing new by its new time alone.
_RESTATED = ("published_at", "language")
_COLUMNS = [
    "import_key",
    "source",
    *_PLAIN_FIELDS,
    "place",
    "place_score",
    "place_candidates",
    *COUNT_COLUMNS,
    "casualty_forms",
    "imported_at",
    "linked_by",
    "updated_at",
]


def _sources(wanted: set[tuple[str, str]]) -> dict[str, Source]:
    """Each name's source, made if new. A name in other case ("MYANMAR NOW") is the same
    outlet, as import keys take it (casefold): two sources, it counted as two independent
    ones. Matched here, not by the database's LOWER(), which SQLite applies to ASCII only."""
    names = {name for name, _kind in wanted}
    found = {s.name: s for s in Source.objects.filter(name__in=names)}
    if len(found) < len(names):
        stored: dict[str, Source] = {}
        for source in Source.objects.order_by("pk"):
            stored.setdefault(source.name.casefold(), source)
        for name, kind in sorted(wanted):
            if name not in found:
                if (same := stored.get(name.casefold())) is None:
                    same = stored[name.casefold()] = Source.objects.create(name=name, kind=kind)
                found[name] = same
    return found
