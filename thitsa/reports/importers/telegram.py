"""A Telegram Desktop channel export (`result.json`): one report per post that tells of an event.

The file is read message by message (the standard `json` decoder on one message object at a
time), so a channel's years of posts never sit in memory at once. Service messages, and posts
with no casualty or attack word in English or Burmese, are skipped silently: a channel posts
much besides news of attacks. Facts come from the text by rule (`thitsa.reports.extract`).
A post forwarded from another channel is that channel's report (`forwarded_from`, when
`forwarded_from_id` names a channel), so that one outlet relayed by five channels is one
source, not six; a person's message forwarded stays the forwarding channel's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from thitsa.burmese.normalize import clean
from thitsa.burmese.zawgyi import looks_zawgyi
from thitsa.reports import extract
from thitsa.reports.records import (
    BAD_BYTE,
    ESCAPED,
    ReportRow,
    RowError,
    parse_datetime,
    written_day,
)

CHUNK = 1 << 20
_MESSAGES = re.compile(r'"messages"\s*:\s*\[')
_SEPARATORS = re.compile(r"[\s,]*")


def channel_of(path: Path) -> tuple[str, str]:
    """The export's channel: (its name, its id), "" for either it lacks; the messages unread."""
    with open(path, encoding="utf-8-sig", errors=BAD_BYTE) as fh:
        channel, _messages = _stream(_Checked(fh))
    return str(channel.get("name") or "").strip(), str(channel.get("id") or "").strip()


def read(path: Path, stored_as: str = "") -> Iterator[tuple[int, ReportRow | RowError]]:
    """`stored_as`: the name this channel's posts are stored under, when it has been renamed
    since (the loader finds it by the channel's id)."""
    with open(path, encoding="utf-8-sig", errors=BAD_BYTE) as fh:
        channel, messages = _stream(_Checked(fh))
        name = stored_as or str(channel.get("name") or "").strip()
        channel_id = str(channel.get("id") or "").strip()
        if not name:
            # A file cut short, or edited by hand, names no channel either: the JSON's own
            # error, if it has one, is what to fix first.
            for _message in messages:
                pass
            raise RowError(1, "header", 'the export names no channel (no "name")')
        username = str(channel.get("username") or "").strip().lstrip("@")
        # Where and when the event posts read so far tell of, by message id (not the posts:
        # a channel's years of them would sit in memory).
        told: dict[object, tuple] = {}
        for line, message in messages:
            if not isinstance(message, dict) or message.get("type") != "message":
                continue
            try:
                report = parse(message, line, name, username)
            except RowError as exc:
                # Named by the message's id too: the line of a JSON file is hard to find.
                if (message_id := message.get("id")) is not None and exc.field != "id":
                    exc = RowError(exc.line, f"message {message_id}, {exc.field}", exc.reason)
                yield line, exc
                continue
            if report is not None:
                if channel_id:
                    report.extra["channel_id"] = channel_id
                if (first := told.get(message.get("reply_to_message_id"))) is not None:
                    of_the_post(report, first, message["reply_to_message_id"])
                told[message.get("id")] = (
                    report.place_text, report.event_date, report.event_date_precision,
                )  # fmt: skip
                yield line, report


def _stream(fh) -> tuple[dict, Iterator[tuple[int, object]]]:
    """The export's header fields, and its messages one by one with the line each starts on.

    Telegram writes "name", "type" and "id" before "messages"; the header is everything before
    the messages list (a field some tool appends after it, such as "username", is not seen).
    A `"messages": [` inside a string cannot fool the search: JSON writes quotes inside strings
    as \\".
    """
    buffer = fh.read(CHUNK)
    while not (found := _MESSAGES.search(buffer)):
        more = fh.read(CHUNK)
        if not more:
            try:
                json.loads(buffer)
            except json.JSONDecodeError as exc:
                raise _not_json(exc.lineno, exc) from None
            raise RowError(1, "header", "not a Telegram chat export: no messages list")
        buffer += more
    head = buffer[: found.start()].rstrip().rstrip(",") + "}"
    try:
        channel = json.loads(head)
    except json.JSONDecodeError as exc:
        if exc.pos < len(head) - 1:
            raise _not_json(exc.lineno, exc) from None
        # Valid up to the messages, which are not at the top: a whole account's export.
        raise RowError(1, "header", f"not a Telegram chat export ({exc.msg})") from None
    if not isinstance(channel, dict):
        raise RowError(1, "header", "not a Telegram chat export")

    def messages() -> Iterator[tuple[int, object]]:
        nonlocal buffer
        decoder = json.JSONDecoder()
        line = 1 + buffer.count("\n", 0, found.end())
        buffer = buffer[found.end() :]
        pos, eof = 0, False
        while True:
            skipped = _SEPARATORS.match(buffer, pos).end()
            line += buffer.count("\n", pos, skipped)
            pos = skipped
            if pos < len(buffer) and buffer[pos] == "]":
                return
            try:
                message, end = decoder.raw_decode(buffer, pos)
            except json.JSONDecodeError as exc:
                if eof:
                    raise _not_json(line + buffer.count("\n", pos, exc.pos), exc) from None
                more = fh.read(CHUNK)
                eof = not more
                buffer = buffer[pos:] + more
                pos = 0
                continue
            yield line, message
            line += buffer.count("\n", pos, end)
            pos = end
            if pos > CHUNK:  # drop what has been read, so memory stays at about one chunk
                buffer, pos = buffer[pos:], 0

    return channel, messages()


class _Checked:
    """The file's `read`, refusing a byte that is not UTF-8 at its line: the decoder's own error
    named a position inside a block of a megabyte."""

    def __init__(self, fh):
        self.fh, self.lines = fh, 0

    def read(self, size: int) -> str:
        text = self.fh.read(size)
        if bad := ESCAPED.search(text):
            byte = ord(bad[0]) - 0xDC00
            raise RowError(
                self.lines + text.count("\n", 0, bad.start()) + 1, "",
                f"not UTF-8 (byte {byte:#04x}): export the chat again from Telegram Desktop",
            )  # fmt: skip
        self.lines += text.count("\n")
        return text


def _not_json(line: int, exc: json.JSONDecodeError) -> RowError:
    return RowError(line, "", f"not valid JSON ({exc.msg}): is the file cut short? Stopped here")


def flatten(text) -> str:
    """Telegram writes formatted text as a list of strings and {"type": ..., "text": ...} parts."""
    if isinstance(text, str):
        return text
    if isinstance(text, list):
        return "".join(
            p if isinstance(p, str) else str(p.get("text", ""))
            for p in text
            if isinstance(p, str | dict)
        )
    return ""


def parse(message: dict, line: int, channel: str, username: str = "") -> ReportRow | None:
    message_id = message.get("id")
    if message_id is None or str(message_id).strip() == "":
        raise RowError(line, "id", "the message has no id")
    # Cleaned first: a Zawgyi post would hide its dates and counts from the extraction. The
    # post as written is kept beside it, as every importer keeps it (the loader, cleaning
    # again, finds nothing left to keep).
    raw = flatten(message.get("text")).strip()
    zawgyi = looks_zawgyi(raw)
    text = clean(raw, zawgyi=zawgyi)
    if not text or not extract.has_event_signal(text):
        return None
    as_written = {"zawgyi" if zawgyi else "original": {"text": raw}} if text != raw else {}
    published = _published(message, line)
    # Relative dates ("yesterday") are the poster's: read against the post's day in Myanmar
    # from its Unix time. "date" is the exporting computer's local time: exported in New York,
    # a post of 07:30 on the 6th in Yangon is of the 5th there, and its "yesterday" the 4th.
    posted = written_day(published)
    if published and "date" in message and not str(message.get("date_unixtime") or "").strip():
        # Without a Unix time, the local date written is nearer than that read as UTC.
        posted = parse_datetime(str(message["date"]), line, "date").date()
    day = extract.event_date(text, posted) if posted else None
    # A day more for the poster's time zone: "date" is the exporting computer's local time.
    if day and day > posted + timedelta(days=1):
        # No post tells of an event after it: its year or month is mistyped. Nor is it the
        # post's own day, which the text contradicts: the report waits for a reviewer's date.
        event_date, precision = None, "day"
        extra = {
            "event_date_from": "none",
            "event_date_note": f"the text's date {day} is after the post's ({posted})",
        }
    else:
        # A post without a date in it tells of something on or shortly before the post's day:
        # the week that ends on it (a week is stored by its first day, as "last week" is).
        event_date, precision = (day, "day") if day else (posted - timedelta(days=6), "week")
        extra = {"event_date_from": "text" if day else "post date"} if posted else {}
    extra |= as_written
    title = next((row.strip() for row in text.splitlines() if row.strip()), "")
    if len(title) > 200:  # a post's first line is its headline, unless it runs on
        title = title[:199].rsplit(" ", 1)[0] + "…"
    casualties = extract.casualties(text)
    source, external_id = channel, str(message_id)
    forwarded = str(message.get("forwarded_from") or "").strip()
    if forwarded and str(message.get("forwarded_from_id") or "").startswith("channel"):
        # A forward of a channel's post is that channel's report, relayed: under this
        # channel's name it counted as a second, independent source, and raised the
        # incident's grade. Its id is this channel's, so it never takes the first channel's
        # own post's place. A person's message forwarded (a witness writing to the channel)
        # stays the channel's report: their name would be published as a source.
        source, external_id = forwarded, f"forwarded by {channel}: {message_id}"
        extra["forwarded_by"] = channel
    return ReportRow(
        source=source,
        import_format="telegram",
        source_kind="social_media",
        external_id=external_id,
        url=f"https://t.me/{username}/{message_id}" if username else "",
        published_at=published,
        language=extract.language(text),
        title=title,
        text=text,
        event_date=event_date,
        event_date_precision=precision,
        place_text=extract.place(text)[:500],
        # Fighting when only fighters are counted: no attack on civilians.
        event_type="Battles" if extract.only_fighters(text) else extract.attack_type(text),
        targets=extract.targets(text),
        weapons=extract.weapons(text),
        casualties=casualties,
        extra=extra,
    )


def of_the_post(update: ReportRow, first: tuple, first_id) -> None:
    """A reply to an event post ("update: 2 of the injured died, 19 dead") tells of that post's
    event: where it names no place, or no day, it takes the post's. Alone, it opened an
    incident of its own with no place, and counted the event's dead twice."""
    place, day, precision = first
    update.extra["reply_to"] = str(first_id)
    # A reply that updates the post's count or corrects it ("2 more died", "ထပ်မံသေဆုံး",
    # "correction") tells of the post's event whatever else it names; another reply may tell
    # of another event ("a drone struck Kani yesterday"), with its own place and day.
    updating = bool(_UPDATING.search(update.text))
    if not update.place_text and place:
        update.place_text = place
        update.extra["place_from"] = "the post it replies to"
    elif updating and place and place not in update.place_text:
        # "Ga Yu village" alone ties with Kha Yu of Pale: read with the post's "Ga Yu village,
        # Myinmu township", it is the village of the event it updates.
        update.place_text = f"{update.place_text}, {place}"[:500]
        update.extra["place_from"] = "its own, with the post it replies to"
    if day is not None and (updating or update.extra.get("event_date_from") != "text"):
        # "2 of the injured died yesterday" dated the update to the deaths, a day after the
        # airstrike, and the same channel on another day was another event, its dead apart.
        update.event_date, update.event_date_precision = day, precision
        update.extra["event_date_from"] = "the post it replies to"


_UPDATING = re.compile(
    r"(?i)\b(?:correction|corrected|more (?:died|killed|dead|bodies)"
    r"|of the (?:injured|wounded)\b[^.;]{0,60}?\bdied|toll (?:rose|rises|has risen|now)|later died"
    r"|died (?:later|of (?:their|his|her) (?:wounds|injuries)))\b"
    # Not ထပ်မံ alone ("again": "jets bombed again", another attack), only with a death.
    r"|ထပ်မံ\s*(?:သေဆုံး|ကွယ်လွန်)|ပြင်ဆင်ချက်|သတင်းအမှား"
)


def _published(message: dict, line: int) -> datetime | None:
    # Newer exports carry the exact moment as Unix time; "date" is the exporter's local time.
    if unix := str(message.get("date_unixtime") or "").strip():
        try:
            return datetime.fromtimestamp(int(unix), tz=UTC)
        except (ValueError, OverflowError, OSError):  # OSError: past the platform's years
            raise RowError(line, "date_unixtime", f"{unix!r} is not a Unix time") from None
    if "date" not in message:
        return None
    # Without it, the local time is taken as UTC: off by hours, never by more than a day.
    return parse_datetime(str(message["date"]), line, "date")
