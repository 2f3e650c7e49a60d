"""What a report says, compared between two versions of it: a row imported again under a stored
report's key, a correction taken with `thitsa import --update`, an edit in the admin."""

from __future__ import annotations

import hashlib
import json

from thitsa.reports.records import COUNT_COLUMNS, COUNT_FIELDS, ReportRow

FACTS = (
    "title",
    "text",
    "event_date",
    "event_date_precision",
    "place_text",
    "latitude",
    "longitude",
    "event_type",
    "targets",
    "weapons",
    "perpetrator",
    "responsibility",
    "credibility",
)
LONG = ("title", "text")  # named in messages, not quoted
UNJUDGED = 6  # the credibility a row has when it says none


def counts(row: ReportRow) -> list[int | None]:
    return [
        getattr(row.casualties.get(name), end, None)
        for name in COUNT_FIELDS
        for end in ("min", "max")
    ]


def of_row(row: ReportRow) -> dict:
    return {
        **{name: getattr(row, name) for name in FACTS},
        **dict(zip(COUNT_COLUMNS, counts(row), strict=True)),
    }


def of_report(values) -> dict:
    """The facts of a stored report: a SourceReport or a dict of its values."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    return {name: get(name) for name in (*FACTS, *COUNT_COLUMNS)}


def stated(facts: dict, whole_counts: bool = False) -> dict:
    """The facts a version states: a blank cell or a column the file lacks says nothing (an
    export without the witness columns, a form without the casualty questions), so it neither
    differs from what is stored nor clears it. `whole_counts`: a dataset's row codes the event
    whole, and its blank count says no one counted (ACLED recoding the dead as fighters)."""
    out = {}
    for name, value in facts.items():
        if whole_counts and name in COUNT_COLUMNS:
            out[name] = value
            continue
        if value in (None, "", [], ()):
            continue
        if name == "event_date_precision" and facts.get("event_date") is None:
            continue
        if name in COUNT_COLUMNS:
            base = name.removesuffix("_min").removesuffix("_max")
            if facts[f"{base}_min"] is None and facts[f"{base}_max"] is None:
                continue
        out[name] = value
    return out


def changes(
    first: dict, then: dict, whole_counts: bool = False
) -> list[tuple[str, object, object]]:
    """What `then` states otherwise than `first`: (name, first's value, then's value), a count
    as its (min, max) under the casualty's name."""
    said = stated(then, whole_counts)
    out = []
    for name in (*FACTS, *COUNT_FIELDS):
        if name in COUNT_FIELDS:
            if f"{name}_min" not in said and f"{name}_max" not in said:
                continue
            was, now = ((facts[f"{name}_min"], facts[f"{name}_max"]) for facts in (first, then))
        elif name in said:
            was, now = first[name], then[name]
        else:
            continue
        if was != now and not (name in LONG and _spaced(was) == _spaced(now)):
            out.append((name, was, now))
    return out


def _spaced(words) -> str:
    """Words as compared: a channel's edit that added a space (or a line break) is no
    correction, and every later export of the channel was refused for it."""
    return " ".join(str(words or "").split())


def applied(first: dict, then: dict, whole_counts: bool = False) -> dict:
    """`first` as `then` corrects it: what `then` states replaces, the rest stays."""
    return {**first, **stated(then, whole_counts)}


def whole_counts(row: ReportRow) -> bool:
    """Whether the row's counts are all its source says (ACLED's fatalities of the event, or
    none where they are fighters), so that a blank one clears the stored count."""
    return row.import_format == "acled"


def fingerprint(facts: dict) -> str:
    text = json.dumps(facts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def said_apart(found: list[tuple[str, object, object]]) -> str:
    """Changes in words: short facts with both values ("killed 2, then 4"), long ones by name."""
    return "; ".join(
        label(name) if name in LONG else f"{label(name)} {said(was)}, then {said(now)}"
        for name, was, now in found
    )


def was_in_words(found: list[tuple[str, object, object]]) -> dict[str, object]:
    """What a report said before a correction, kept beside it; its words (title, text) only
    by their length. Kept whole, a verifier's redaction in the admin ("Ma Thin, phone 09...")
    kept the name it took out, in plain text beside the report."""
    return {label(name): words_not_kept(was) if name in LONG else said(was)
            for name, was, _now in found}  # fmt: skip


def words_not_kept(words) -> str:
    return f"{len(words or ''):,} characters, not kept (a report's words may name people)"


def label(name: str) -> str:
    return name.replace("_", " ")


def said(value) -> str:
    if isinstance(value, tuple):  # a count's range
        low, high = value
        if low is None and high is None:
            return "none"
        return str(low) if low == high else f"{low if low is not None else ''}-{high or ''}"
    if isinstance(value, list):
        return ", ".join(value) or "none"
    return str(value) if value not in (None, "") else "none"


def earlier_versions(extra: dict) -> set[str]:
    """Fingerprints of the versions a report had before its corrections."""
    return {c["from"] for c in extra.get("corrections", []) if "from" in c}
