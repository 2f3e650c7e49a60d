"""KoboToolbox / ODK exports (CSV or XLSX), with a mapping from a group's form to Thitsa's fields.

Each documentation group builds its own form, so column names differ: `--mapping FILE` (YAML, see
thitsa/reports/samples/kobo_mapping.yaml) names the form question behind each Thitsa field, or a
constant for every row (`source: Sagaing Documentation Group`). Without one, the mapping below
covers the sample form (thitsa/reports/samples/kobo_form.md).

A question is found by its full column name (`incident/date`) or by its name without the groups
(`date`), whichever separator the export used ("/" for Kobo, "-" for ODK Central, "." too).
A form's own choice names (`air_strike`, `sch`) are told in the mapping's `choices:` section.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

from thitsa.incidents.taxonomy import (
    TARGETS,
    WEAPONS,
    UnknownCode,
    code_of,
    event_type_of,
    known_codes,
    names_nothing,
)
from thitsa.reports.models import SOURCE_KINDS
from thitsa.reports.records import (
    COUNT_FIELDS,
    PERSONAL_COLUMN,
    WITNESS_FIELDS_HINT,
    ImportFormatError,
    ReportRow,
    RowCheck,
    RowError,
    Skipped,
    children_too,
    csv_rows,
    open_text,
    parse_count,
    parse_datetime,
    parse_float,
    parse_partial_date,
    written_day,
)
from thitsa.reports.versions import UNJUDGED
from thitsa.workbooks import NotAWorkbook, first_sheet, is_workbook

# The Thitsa fields a mapping may fill (see kobo_mapping.yaml for what each means).
FIELDS = (
    "event_date",
    "place",
    "text",
    "title",
    *COUNT_FIELDS,
    "targets",
    "weapons",
    "event_type",
    "perpetrator",
    "location",
    "latitude",
    "longitude",
    "witness_name",
    "witness_contact",
    "restricted_notes",
    "source",
    "source_kind",
    "language",
    "url",
    "external_id",
    "published_at",
)
# Fields several questions may feed; their answers are joined (text) or pooled (lists).
JOINED = {"text", "restricted_notes", "targets", "weapons"}
WITNESS = {"witness_name": "name", "witness_contact": "contact", "restricted_notes": "notes"}
DEFAULT_MAPPING: dict = {
    "constants": {"source_kind": "cso"},
    "fields": {
        "source": "organisation",
        "language": "language",
        "event_date": "date",
        "place": ["village", "township"],
        "location": "location",
        "event_type": "attack_type",
        "perpetrator": "perpetrator",
        "targets": "targets",
        "weapons": "weapons",
        "title": "headline",
        "text": "description",
        "killed": "killed",
        "injured": "injured",
        "killed_children": "killed_children",
        "injured_children": "injured_children",
        "witness_name": "witness_name",
        "witness_contact": "witness_phone",
        "restricted_notes": "witness_notes",
    },
}
# Where Kobo and ODK put a submission's own id and time.
ID_COLUMNS = ("_uuid", "meta/instanceID", "meta-instanceID", "instanceID", "KEY", "_id")
TIME_COLUMNS = ("_submission_time", "SubmissionDate")
CONSENT = "consent"  # not a field: the column a mapping's `consent:` names


def _root_column(header) -> str | None:
    """An edit in Kobo gives the submission a new _uuid and instanceID; its rootUuid stays the
    first one's (keyed by the _uuid, a corrected count, 12 killed then 9, was a second report).
    The rootUuid column, whatever separator the export put between the groups: with "."
    ("meta.rootUuid") an edited submission was a second report, its count the old one's too."""
    return next((c for c in header if _short(c).casefold() == "rootuuid"), None)


# Never copied into `extra`: who submitted (an enumerator's safety) and Kobo's bookkeeping.
# Any case and in any group: ODK Central writes "DeviceID" (an old phone's IMEI), and a form
# may ask for the device id inside a group.
_DROPPED = re.compile(
    r"^(?:_|meta[/.-]|formhub[/.-]|__version__$|start$|end$|today$|audit$|KEY$|SubmitterID$"
    r"|SubmitterName$)|(?:^|[/.:-])(?i:deviceid|username|phonenumber|simserial|subscriberid"
    r"|imei)$"
    # Who took the testimony (a form's own question): never copied, as who submitted it.
    r"|(?:^|[/.:-])(?i:enumerator|interviewer|surveyor|data_?collector|collector|monitor|mon_"
    r"|documenter)\w*$"
)
_SEPARATORS = re.compile(r"[/.:-]")
# A question whose name says it asks about a person who spoke or how to reach them: kept in
# `extra` (plain text) unless mapped to a witness field (encrypted), so it must be mapped.
_PERSONAL = PERSONAL_COLUMN
_KINDS = {code for code, _label in SOURCE_KINDS}
# The most words a choice's label or word has ("Residential area", "white phosphorus").
_LONGEST = max(
    len(spelling.split())
    for table in (TARGETS, WEAPONS)
    for _code, label, words in table
    for spelling in (label, *words)
)
# Fields whose answers are a form's choices, which `choices:` may translate into Thitsa's words.
CHOICE_FIELDS = ("event_type", "targets", "weapons", "perpetrator", "language", "source_kind")
_WRITE_A_MAPPING = (
    "The file does not follow the sample form (thitsa/reports/samples/kobo_form.md): name your "
    "form's questions in a mapping, starting from thitsa/reports/samples/kobo_mapping.yaml, "
    "and pass it with --mapping FILE"
)


KOBO_VERSION = "kobo_uuid"
# Kobo's `_validation_status` as exports write it: its label, or its uid.
_NOT_APPROVED = re.compile(r"(?i)not[ _]approved")
_APPROVED = re.compile(r"(?i)(?<![a-z])approved")
NOT_APPROVED_CREDIBILITY = 5  # "improbable": shown, never counted


class MappingError(RowError):
    """The mapping file itself is wrong; not any row's fault."""

    def __str__(self) -> str:
        return f"mapping {self.field}: {self.reason}"


def _once_loader(yaml):
    """PyYAML's safe loader, refusing a key written twice: it kept the last one, so a mapping
    with `title:` twice stored a testimony's narrative as its public title."""

    class Once(yaml.SafeLoader):
        def construct_mapping(self, node, deep=False):
            seen = set()
            for key_node, _value in node.value:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"{key!r} is written twice", key_node.start_mark
                    )
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    return Once


def load_mapping(path: str | Path | None) -> dict:
    if path is None:
        return DEFAULT_MAPPING
    import yaml  # only mapping files need it

    try:
        with open(path, encoding="utf-8") as fh:
            loaded = yaml.load(fh, Loader=_once_loader(yaml)) or {}
    except OSError as exc:
        raise MappingError(0, str(path), exc.strerror or str(exc)) from None
    except UnicodeDecodeError as exc:
        raise MappingError(
            0, str(path), f"not UTF-8 (byte {exc.object[exc.start]:#04x}): save it as UTF-8"
        ) from None
    except yaml.YAMLError as exc:
        raise MappingError(0, str(path), f"not YAML ({exc})") from None
    if not isinstance(loaded, dict) or not set(loaded) <= {
        "constants",
        "fields",
        "choices",
        "consent",
    }:
        raise MappingError(
            0, str(path),
            "write the sections `constants:` and `fields:` (and `choices:`, `consent:`)",
        )  # fmt: skip
    mapping = {"constants": loaded.get("constants") or {}, "fields": loaded.get("fields") or {}}
    mapping["choices"] = _choice_names(loaded.get("choices") or {}, path)
    mapping["consent"] = _consent(loaded.get("consent"), path)
    for section in ("constants", "fields"):
        if not isinstance(mapping[section], dict):
            raise MappingError(0, str(path), f"`{section}:` must map field names to values")
        unknown = sorted(set(mapping[section]) - set(FIELDS))
        if unknown:
            raise MappingError(
                0, str(path), f"unknown field {', '.join(unknown)}: use {', '.join(FIELDS)}"
            )
        for name, value in mapping[section].items():
            # A line left blank would read as the text "None": a source, or a column, so named.
            if any(v is None or not str(v).strip() for v in _listed(value)):
                raise MappingError(
                    0, str(path), f"{section}: {name} is blank: write it, or leave the line out"
                )
    for name, value in mapping["constants"].items():
        if isinstance(value, list | dict):
            # `source: [A, B]` was stored as the source "['A', 'B']".
            raise MappingError(
                0, str(path), f"constants: {name} is one value for every submission, not a list"
            )
    kind = mapping["constants"].get("source_kind", "cso")
    if kind not in _KINDS:
        raise MappingError(0, str(path), f"source_kind {kind!r} is not one of {sorted(_KINDS)}")
    mapping["constants"] = {"source_kind": "cso"} | {
        k: str(v) for k, v in mapping["constants"].items()
    }
    return mapping


def _consent(section, path) -> dict | None:
    """`consent:` as {"question": the form's question, "given": the answers that give it}. A
    submission whose witness did not consent was stored, its witness's name and phone with it,
    counted in figures and publishable; with this section it is not stored, only counted."""
    if section is None:
        return None
    question = section.get("question") if isinstance(section, dict) else None
    given = section.get("given") if isinstance(section, dict) else None
    given = [given] if isinstance(given, str | int) else given
    if not question or not isinstance(given, list) or not given:
        raise MappingError(
            0, str(path),
            "`consent:` needs `question:` (the form's consent question) and `given:` (the "
            "answers that give consent, e.g. [yes, agree])",
        )  # fmt: skip
    # YAML reads a bare yes (or on, true) as true: the answer "yes" gave no consent.
    said = {True: ("yes", "true", "on", "y"), False: ("no", "false", "off", "n")}
    answers = {a for g in given for a in (said[g] if isinstance(g, bool) else (str(g),))}
    return {"question": str(question), "given": {a.strip().casefold() for a in answers}}


def _choice_names(section, path) -> dict[str, dict[str, str]]:
    """`choices:` as {field: {the form's choice name: what Thitsa reads}}. A choice told as
    blank states nothing ("other", "dont_know"). What a choice becomes is checked here, once,
    so that a typo in the mapping is not a refusal of every submission that chose it."""
    if not isinstance(section, dict):
        raise MappingError(0, str(path), "`choices:` must map fields to their choices")
    checked: dict[str, dict[str, str]] = {}
    for name, choices in section.items():
        if name not in CHOICE_FIELDS:
            raise MappingError(
                0, str(path), f"choices: {name} has no choices: use {', '.join(CHOICE_FIELDS)}"
            )
        if not isinstance(choices, dict) or not choices:
            raise MappingError(
                0, str(path), f"choices: {name} must map each choice name to a value"
            )
        checked[name] = {}
        for choice, meant in choices.items():
            meant = "" if meant is None else str(meant).strip()
            table = {"targets": TARGETS, "weapons": WEAPONS}.get(name)
            if meant and table is not None and code_of(table, meant) is None:
                codes = ", ".join(code for code, _label, _words in table)
                raise MappingError(
                    0, str(path), f"choices: {name}: {choice}: {meant!r} is none of {codes}"
                )
            if meant and name == "event_type" and not event_type_of(meant):
                raise MappingError(
                    0,
                    str(path),
                    f"choices: event_type: {choice}: {meant!r} names no ACLED event type "
                    "(write one, such as 'Air/drone strike', or leave it blank)",
                )
            if meant and name == "source_kind" and meant not in _KINDS:
                raise MappingError(
                    0, str(path), f"choices: source_kind: {choice}: {meant!r} is not one of "
                    f"{sorted(_KINDS)}",
                )  # fmt: skip
            checked[name][str(choice).strip()] = meant
    return checked


def _listed(value) -> list:
    return value if isinstance(value, list) and value else [value]


def read(
    path: Path, mapping: str | Path | None = None
) -> Iterator[tuple[int, ReportRow | RowError]]:
    spec = load_mapping(mapping)
    rows = _xlsx_rows(path) if is_workbook(Path(path)) else _csv_rows(path)
    try:
        header = [h.strip() for h in next(rows)[1]]
    except StopIteration:
        return
    # The built-in mapping takes what it finds; a mapping someone wrote must match the file.
    try:
        columns = _columns(header, spec, strict=mapping is not None)
    except RowError as exc:
        if mapping is not None:
            raise
        raise RowError(exc.line, exc.field, f"{exc.reason}. {_WRITE_A_MAPPING}") from None
    for line, values in rows:
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            if any(v.strip() for v in values[len(header) :]):
                yield line, RowError(line, "", f"{len(values)} values for {len(header)} columns")
                continue
            values = values[: len(header)]  # spreadsheets pad rows with empty cells
        try:
            yield line, parse(dict(zip(header, values, strict=False)), line, spec, columns)
        except RowError as exc:
            yield line, exc


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    with open_text(path) as fh:
        first = fh.readline()
        if not first:
            return  # an empty file
        # Kobo's CSV export separates with ";" by default; ODK's with ",".
        delimiter = ";" if first.count(";") > first.count(",") else fh.delimiter
        reader = csv.reader(io.StringIO(first), delimiter=delimiter)
        yield 1, next(reader, [])
        reader = csv.reader(fh, delimiter=delimiter)
        line = 2
        for values in csv_rows(reader, lines_before=1):
            yield line, values
            line = reader.line_num + 2


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        for line, cells in enumerate(first_sheet(path), start=1):
            yield line, [_cell(c) for c in cells]
    except NotAWorkbook as exc:
        raise ImportFormatError(
            f"{exc}: export it from Kobo again, or save it as CSV UTF-8"
        ) from None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _short(column: str) -> str:
    return _SEPARATORS.split(column)[-1]


def _find(header: list[str], question: str) -> str | None:
    """The column that holds a form question: by its full name, else by its name without groups."""
    if header.count(question) > 1:
        raise RowError(1, "header", f"the column {question} comes twice")
    if question in header:
        return question
    found = [c for c in header if _short(c) == question]
    if not found and _SEPARATORS.search(question):
        # "grp_evt/evt_date" in an export with "." between groups, or without groups: a mapping
        # written for one layout failed on the others ("no column 'grp_evt/evt_date'"). Never
        # a column of another group: "incident/notes" took "witness/notes", a witness's name
        # and phone, as the report's words, in plain text.
        parts = _SEPARATORS.split(question)
        found = [c for c in header if _SEPARATORS.split(c) == parts] or [
            c for c in header if c == parts[-1]
        ]
    if len(set(found)) == 1 and len(found) > 1:
        raise RowError(1, "header", f"the column {found[0]} comes twice")
    if len(found) > 1:
        raise RowError(1, "header", f"{question!r} could be any of {', '.join(found)}: write one")
    return found[0] if found else None


def _geopoint(header: list[str], question: str) -> tuple[str | None, str | None, str | None]:
    """(latitude column, longitude column, combined "lat lon alt acc" column) of a geopoint."""
    lat = lon = None
    for column in header:
        lowered = column.lower()
        # Kobo: _location_latitude, _incident/location_latitude; ODK: incident-location-Latitude.
        if lowered.endswith(f"{question}_latitude") or lowered.endswith(f"{question}-latitude"):
            lat = column
        if lowered.endswith(f"{question}_longitude") or lowered.endswith(f"{question}-longitude"):
            lon = column
    return lat, lon, _find(header, question)


def _columns(header: list[str], spec: dict, strict: bool = True) -> dict[str, list[str]]:
    """Thitsa field -> the columns that feed it; strict: a question missing from the file is an
    error (a typo in the mapping would otherwise drop a field without a word)."""
    columns: dict[str, list[str]] = {}
    for name, questions in spec["fields"].items():
        questions = questions if isinstance(questions, list) else [questions]
        if name == "location":
            lat, lon, whole = _geopoint(header, str(questions[0]))
            if (lat and lon) or whole:
                columns["location"] = [lat or "", lon or "", whole or ""]
            elif strict:
                raise RowError(1, "header", f"no geopoint column for {questions[0]!r} (location)")
            continue
        found = []
        for question in questions:
            column = _find(header, str(question))
            if column is not None:
                found.append(column)
            elif strict:
                raise RowError(1, "header", f"no column {question!r} (mapped to {name})")
        if found:
            columns[name] = found
    if consent := spec.get("consent"):
        column = _find(header, consent["question"])
        if column is None:
            raise RowError(1, "header", f"no column {consent['question']!r} (consent)")
        columns[CONSENT] = [column]
    if "text" not in columns and "title" not in columns:
        raise RowError(1, "header", "map a question to text or title: a report needs words")
    if "source" not in columns and "source" not in spec["constants"]:
        raise RowError(
            1, "header", "no source: name your group in the mapping (constants: source: ...)"
        )
    if "external_id" not in columns:
        found = next((c for c in ID_COLUMNS if c in header), None)
        if found is None:
            raise RowError(1, "header", f"no submission id: none of {', '.join(ID_COLUMNS)}")
        columns["external_id"] = [found]
        if root := _root_column(header):
            columns["external_id"], columns["version_id"] = [root, found], [found]
    found = next((c for c in TIME_COLUMNS if c in header), None)
    if "published_at" not in columns and found:
        columns["published_at"] = [found]
    _refuse_personal(header, columns)
    return columns


def _refuse_personal(header: list[str], columns: dict[str, list[str]]) -> None:
    used = {c for found in columns.values() for c in found}
    for column in header:
        # The whole name, groups too: "grp_witness/name" asks a witness's name.
        if column and column not in used and not _DROPPED.search(column):
            if _PERSONAL.search(column) and not any(column.startswith(f"{c}/") for c in used):
                raise RowError(
                    1,
                    "header",
                    f"column {column!r} may hold a witness's details and is in no field of the "
                    "mapping: a column left out is kept in plain text, so map it to "
                    f"{WITNESS_FIELDS_HINT}",
                )


def parse(row: dict[str, str], line: int, spec: dict, columns: dict[str, list[str]]) -> ReportRow:
    def value(name: str) -> str:
        answers = [(row.get(c) or "").strip() for c in columns.get(name, ())]
        if name in choices:
            answers = [_chosen(choices[name], a, name in JOINED) for a in answers]
        joined = "\n\n".join(a for a in answers if a) if name in JOINED else ""
        # A constant fills in where the form's answer is blank (or there is no such question).
        return joined or next((a for a in answers if a), "") or spec["constants"].get(name, "")

    def where(name: str) -> str:
        # A row error names the column as the file writes it, so the group can find it.
        return columns[name][0] if name in columns else name

    choices = spec.get("choices", {})
    if CONSENT in columns:
        answer = (row.get(columns[CONSENT][0]) or "").strip()
        if answer.casefold() not in spec["consent"]["given"]:
            # Not stored at all: neither the witness's details nor the testimony's facts.
            skipped = Skipped(line, columns[CONSENT][0], "without consent")
            submission = value("external_id").removeprefix("uuid:")
            skipped.key = ReportRow("", "kobo", external_id=submission).import_key()
            raise skipped
    check = RowCheck(line)
    source = value("source")
    if not source:
        check.refuse(where("source"), "is empty")
    if not value("text") and not value("title"):
        check.refuse(where("text"), "the report has no words (text and title empty)")
    external_id = value("external_id").removeprefix("uuid:")
    if not external_id:
        check.refuse(where("external_id"), "is empty")
    kind = value("source_kind")
    if kind not in _KINDS:
        check.refuse(where("source_kind"), f"{kind!r} is not one of {sorted(_KINDS)}")
    published_at = check(parse_datetime, value("published_at"), line, where("published_at"))
    # "yesterday" is read against the published date: the form's own, else the submission's.
    event_date, precision = check(
        parse_partial_date,
        value("event_date"), line, where("event_date"), written_day(published_at),
        default=(None, "day"),
    )  # fmt: skip
    latitude, longitude = check(_location, row, line, columns, value, default=(None, None))
    report = ReportRow(
        source=source[:200],
        import_format="kobo",
        source_kind=kind,
        external_id=external_id,
        url=value("url"),
        published_at=published_at,
        language=value("language")[:10],
        title=value("title")[:500],
        text=value("text"),
        event_date=event_date,
        event_date_precision=precision,
        place_text=_place(row, columns) or spec["constants"].get("place", ""),
        latitude=latitude,
        longitude=longitude,
        event_type=_event_type(value("event_type")),
        targets=check(_codes, TARGETS, value("targets"), line, where("targets"), default=[]),
        weapons=check(_codes, WEAPONS, value("weapons"), line, where("weapons"), default=[]),
        perpetrator=value("perpetrator")[:200],
    )
    for name in COUNT_FIELDS:
        parsed = check(parse_count, value(name), line, where(name))
        if parsed is not None:
            report.casualties[name] = parsed
    children_too(report.casualties, {name: value(name) for name in ("killed", "injured")})
    if check.errors and (ident := (row.get("_id") or "").strip() or external_id):
        # A CSV line is not a spreadsheet's row where answers run over several lines: the
        # submission's own id is what the group finds it by in Kobo.
        check.errors = [
            RowError(e.line, e.field, f"{e.reason} (submission {ident})") for e in check.errors
        ]
    check.done()
    # Every mapped witness question, a blank answer too: a name or phone erased in Kobo (after
    # an arrest, or at the witness's request) is erased here with --update, not kept.
    report.witness = {attr: value(f) for f, attr in WITNESS.items() if f in columns}
    used = {c for found in columns.values() for c in found}
    report.extra = {
        k: v.strip()
        for k, v in row.items()
        if k
        and k not in used
        and v.strip()
        and not _DROPPED.search(k)
        # Kobo's "split select multiples" writes a 0/1 column per choice beside the answer.
        and not any(k.startswith(f"{c}/") for c in used if c)
    }
    if "_id" in row and row["_id"].strip():
        report.extra["kobo_id"] = row["_id"].strip()
    status = (row.get("_validation_status") or "").strip()
    if status:
        report.extra["kobo_validation"] = status
        if _NOT_APPROVED.search(status):
            # Rejected in Kobo (a training entry, a report found false): kept, for the
            # verifier to see, but doubtful, so no figure counts it.
            report.credibility = NOT_APPROVED_CREDIBILITY
        elif _APPROVED.search(status):
            # Stated, so that an import with --update takes it where the submission was not
            # approved before. "On hold" says nothing either way.
            report.credibility = UNJUDGED
    if (version := value("version_id").removeprefix("uuid:")) and version != external_id:
        # An edited submission: its first version may be stored under this id (imported
        # before Thitsa read rootUuid), which the loader then finds.
        report.extra[KOBO_VERSION] = version
    return report


def _chosen(names: dict[str, str], answer: str, several: bool) -> str:
    """An answer with the form's choice names told as the mapping says; a select_multiple's
    answer ("sch mkt") choice by choice, one a line, as `_choices` reads them."""
    if answer in names:
        return names[answer]
    if not several or not any(choice in names for choice in answer.split()):
        return answer
    return "\n".join(told for c in answer.split() if (told := names.get(c, c)))


def _event_type(answer: str) -> str:
    """A select_one's choice name ("air_strike") in words; "other" or "unknown" is no type (ACLED
    has a sub-event type "Other", of strategic developments, which no attack is)."""
    if names_nothing(answer):
        return ""
    return answer.replace("_", " ") if " " not in answer else answer


def _place(row: dict[str, str], columns: dict[str, list[str]]) -> str:
    # "Let Yet Kone" and "Tabayin" from two questions: "Let Yet Kone, Tabayin" for the resolver.
    answers = [(row.get(c) or "").strip() for c in columns.get("place", ())]
    return ", ".join(a for a in answers if a)[:500]


def _location(row, line, columns, value) -> tuple[float | None, float | None]:
    lat_text, lon_text = value("latitude"), value("longitude")
    lat_at = columns.get("latitude", ["latitude"])[0]
    lon_at = columns.get("longitude", ["longitude"])[0]
    if not lat_text and not lon_text and "location" in columns:
        lat_col, lon_col, whole = columns["location"]
        lat_text, lon_text = (row.get(lat_col) or "").strip(), (row.get(lon_col) or "").strip()
        lat_at, lon_at = lat_col or whole, lon_col or whole
        if not lat_text and whole and (point := (row.get(whole) or "").split()):
            # A geopoint answer: "latitude longitude altitude accuracy".
            lat_text, lon_text = point[0], point[1] if len(point) > 1 else ""
            lat_at = lon_at = whole
    latitude = parse_float(lat_text, line, lat_at, -90, 90)
    longitude = parse_float(lon_text, line, lon_at, -180, 180)
    if (latitude is None) != (longitude is None):
        raise RowError(line, lat_at, "latitude and longitude come together or not at all")
    return latitude, longitude


def _codes(table, answer: str, line: int, name: str) -> list[str]:
    try:
        return known_codes(table, _choices(table, answer))
    except UnknownCode as exc:
        raise RowError(line, name, str(exc)) from None


def _choices(table, answer: str) -> list[str]:
    """A select_multiple answer's choices: names separated by spaces ("school idp_camp"), or
    labels, which have spaces of their own ("School Health facility"; "School; IDP camp"); the
    answers of several questions are joined by blank lines."""
    found = []
    for part in re.split(r"[;,\n]", answer):
        if code_of(table, part) is not None:
            found.append(part)
            continue
        # The longest run of words that names a choice, from the left; a word that names none
        # is kept alone, for the error to name.
        words = part.split()
        start = 0
        while start < len(words):
            end = next(
                (
                    end
                    for end in range(min(len(words), start + _LONGEST), start, -1)
                    if code_of(table, " ".join(words[start:end])) is not None
                ),
                start + 1,
            )
            found.append(" ".join(words[start:end]))
            start = end
    return [f.strip() for f in found if f.strip()]
