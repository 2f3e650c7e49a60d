import json
from pathlib import Path

import pytest

from thitsa.reports.importers import telegram
from thitsa.reports.loading import import_file
from thitsa.reports.models import Source, SourceReport
from thitsa.reports.records import RowError

SAMPLE = Path(__file__).parent / "data" / "telegram_result.json"


@pytest.mark.django_db
def test_it_imports_posts_that_tell_of_an_event_and_skips_the_rest():
    summary = import_file(SAMPLE, "telegram", progress=False)
    # 14 messages: 2 service, 2 with no event word, 1 photo without text, 1 with a broken date.
    assert (summary.created, summary.rejected) == (8, 1)
    assert sorted(int(i) for i in SourceReport.objects.values_list("external_id", flat=True)) == [
        101,
        103,
        105,
        106,
        107,
        110,
        111,
        113,
    ]
    source = Source.objects.get()
    assert (source.name, source.kind) == ("Sagaing Alerts", "social_media")


@pytest.mark.django_db
def test_it_reads_date_place_type_and_counts_from_an_english_post():
    import_file(SAMPLE, "telegram", progress=False)
    school = SourceReport.objects.get(external_id="101")
    assert school.text.startswith("BREAKING: Junta jets bombed a school")
    assert school.text.endswith("https://example.org/let-yet-kone")
    assert school.title.startswith("BREAKING: Junta jets bombed") and school.title.endswith("…")
    assert school.published_at.isoformat() == "2025-05-12T07:35:00+00:00"  # from date_unixtime
    assert school.event_date.isoformat() == "2025-05-12"  # "this morning"
    assert school.event_date_precision == "day"
    assert school.place_text == "Let Yet Kone village, Depayin Township, Sagaing Region"
    assert school.place.township_id == "MMR005010"
    assert school.event_type == "airstrike"
    assert school.targets == ["school"]
    assert (school.killed_min, school.killed_children_min, school.injured_min) == (22, 20, 41)
    assert school.casualty_forms == {
        "killed": "at_least",
        "killed_children": "exact",
        "injured": "more_than",
    }
    assert school.language == "en"
    assert school.url == ""  # the export names no channel username
    camp = SourceReport.objects.get(external_id="105")
    assert camp.event_date.isoformat() == "2025-05-15"  # "yesterday", posted on the 16th
    assert (camp.killed_min, camp.injured_min) == (2, 7)
    assert camp.targets == ["idp_camp"]


@pytest.mark.django_db
def test_it_reads_burmese_posts():
    import_file(SAMPLE, "telegram", progress=False)
    kani = SourceReport.objects.get(external_id="103")
    assert kani.language == "my"
    assert kani.event_date.isoformat() == "2025-05-14"  # မေ ၁၄ ရက်
    assert kani.event_type == "drone strike"
    assert (kani.killed_min, kani.injured_min) == (3, 5)
    assert kani.place_text == "ကနီမြို့နယ် ညောင်ဝန်းကျေးရွာ"
    assert kani.place_id == "173716"  # the village, inside Kani township
    gangaw = SourceReport.objects.get(external_id="106")
    assert gangaw.event_date.isoformat() == "2025-05-10"  # မနေ့က, posted on the 11th
    assert gangaw.event_type == "arson"
    assert gangaw.place_id == "MMR009023"
    mindat = SourceReport.objects.get(external_id="111")
    assert (mindat.killed_min, mindat.killed_children_min) == (4, 2)
    assert mindat.event_date.isoformat() == "2025-05-18"  # ယနေ့


@pytest.mark.django_db
def test_a_broken_message_is_named_by_line_and_field():
    summary = import_file(SAMPLE, "telegram", progress=False)
    [error] = summary.errors
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    # Found by a user: a JSON file's line is hard to find; the message's id says which.
    assert error.field == "message 112, date"
    assert '"id": 112' in lines[error.line]  # the line after the message's opening brace
    assert "2025-13-45" in str(error)


@pytest.mark.django_db
def test_importing_the_channel_twice_adds_nothing():
    import_file(SAMPLE, "telegram", progress=False)
    again = import_file(SAMPLE, "telegram", progress=False)
    assert (again.created, again.existing) == (0, 8)
    assert SourceReport.objects.count() == 8


def test_a_post_links_to_telegram_when_the_export_names_the_channel(tmp_path):
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    # Read before the messages, like the name: other tools add it beside Telegram's fields.
    doc = {"username": "sagaingalerts", **doc}
    path = tmp_path / "result.json"
    path.write_text(json.dumps(doc), encoding="utf-8")  # on one line, not pretty-printed
    rows = [row for _line, row in telegram.read(path) if not isinstance(row, RowError)]
    assert rows[0].url == "https://t.me/sagaingalerts/101"
    assert len(rows) == 8


def test_it_streams_messages_larger_than_one_read(tmp_path, monkeypatch):
    monkeypatch.setattr(telegram, "CHUNK", 64)
    items = list(telegram.read(SAMPLE))
    assert [row.external_id for _line, row in items if not isinstance(row, RowError)] == [
        "101",
        "103",
        "105",
        "106",
        "107",
        "110",
        "111",
        "113",
    ]


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"name": "x", "chats": {"list": []}}', "no messages list"),
        (
            '{"name": "x", "messages": [{"id": 1, "type": "message", "text": "killed"',
            "not valid JSON",
        ),
        ('{"type": "public_channel", "messages": []}', "names no channel"),
    ],
)
def test_a_file_that_is_not_a_channel_export_is_refused(tmp_path, content, message):
    path = tmp_path / "result.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RowError, match=message):
        list(telegram.read(path))


@pytest.mark.parametrize(
    "cut, line",
    [
        (30, 3),  # before the messages
        (90, 6),  # at the start of the messages
        (1000, 42),  # in a message's text, in its 24th line
    ],
)
def test_a_truncated_export_is_named_as_broken_json_with_its_line(tmp_path, cut, line):
    path = tmp_path / "result.json"
    path.write_text(SAMPLE.read_text(encoding="utf-8")[:cut], encoding="utf-8")
    with pytest.raises(RowError, match="not valid JSON") as raised:
        list(telegram.read(path))
    assert raised.value.line == line


@pytest.mark.parametrize(
    "content, line",
    [
        ('{"type": "public_channel", "messages": [{"id": 1, "type": "message", "text": "kil', 1),
        ('{\n "name": "x"\n "type": "public_channel",\n "messages": []}', 3),
        ("<html>\n<body>The export failed</body>\n</html>\n", 1),
    ],
)
def test_a_file_that_is_not_json_is_named_so_rather_than_as_an_export_without_a_name(
    tmp_path, content, line
):
    path = tmp_path / "result.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RowError, match="not valid JSON") as raised:
        list(telegram.read(path))
    assert raised.value.line == line


def _post(text: str, day: str = "2025-05-15T09:00:00") -> dict:
    return {"id": 1, "type": "message", "date": day, "text": text}


@pytest.mark.parametrize(
    "text",
    [
        "On 2 June 2025 a drone killed 4 villagers in Kani Township.",
        "၂၀၂၅ ခုနှစ် ဇွန်လ ၂ ရက်နေ့ ဒရုန်းဖြင့် တိုက်ခိုက်မှုကြောင့် ၄ ဦး သေဆုံး",
    ],
)
def test_a_date_written_after_the_post_is_not_taken_for_the_event_date(text):
    """A post of 15 May 2025 cannot tell of an event of 2 June 2025: the year or the month is
    wrong, and the report waits for a date (not the post's, which the text contradicts)."""
    report = telegram.parse(_post(text), 1, "Sagaing Alerts")
    assert report.event_date is None
    assert report.extra["event_date_from"] == "none"
    assert "2025-06-02" in report.extra["event_date_note"]
    assert "2025-05-15" in report.extra["event_date_note"]


@pytest.mark.parametrize(
    "text",
    [
        "On 2 June a drone killed 4 villagers in Kani Township.",
        "ဇွန်လ ၂ ရက်နေ့က ဒရုန်းဖြင့် တိုက်ခိုက်မှုကြောင့် ၄ ဦး သေဆုံး",
    ],
)
def test_a_date_without_a_year_after_the_post_is_of_the_year_before(text):
    report = telegram.parse(_post(text), 1, "Sagaing Alerts")
    assert report.event_date.isoformat() == "2024-06-02"
    assert report.extra["event_date_from"] == "text"


def test_the_day_after_the_post_is_still_the_event_date():
    """The export's "date" is the exporting computer's local time: the poster's day may be one
    later."""
    report = telegram.parse(_post("On 16 May 2025 a drone killed 4."), 1, "Sagaing Alerts")
    assert report.event_date.isoformat() == "2025-05-16"


def test_a_post_timed_in_utc_counts_yesterday_from_its_day_in_myanmar():
    """An export with only Unix time: 19:00 UTC on the 15th is 01:30 on the 16th in Yangon."""
    post = {"id": 1, "type": "message", "date_unixtime": "1747335600",
            "text": "A drone killed 4 villagers in Kani Township yesterday."}  # fmt: skip
    report = telegram.parse(post, 1, "Sagaing Alerts")
    assert report.published_at.isoformat() == "2025-05-15T19:00:00+00:00"
    assert report.event_date.isoformat() == "2025-05-15"


def test_yesterday_is_read_from_the_posts_day_in_myanmar_wherever_it_was_exported():
    """Found by an import of an export made in New York: "date" is the exporter's local time
    (21:00 on the 5th), the post was written at 07:30 on the 6th in Yangon; its "yesterday"
    is the 5th, not the 4th."""
    post = {"id": 1, "type": "message", "date": "2025-05-05T21:00:00",
            "date_unixtime": "1746493200",
            "text": "Junta jets bombed Kani Township yesterday, killing 3."}  # fmt: skip
    report = telegram.parse(post, 1, "Sagaing Alerts")
    assert report.event_date.isoformat() == "2025-05-05"


# Telegram: a bad byte is named by its line, as the CSV importers name it, not by a position
# inside a 1 MiB read buffer.
@pytest.mark.django_db
def test_a_telegram_export_with_a_bad_byte_names_its_line(tmp_path):
    path = tmp_path / "result.json"
    path.write_bytes(
        b'{\n "name": "Sagaing Alerts",\n "type": "public_channel",\n "id": 1,\n'
        b' "messages": [\n  {\n   "id": 101,\n   "type": "message",\n'
        b'   "date": "2025-05-12T14:05:00",\n'
        b'   "text": "Junta jets bombed a school in Tabayin, killing 3 \xff people."\n'
        b"  }\n ]\n}\n"
    )
    with pytest.raises(Exception) as refused:
        import_file(path, "telegram", progress=False)
    assert "line 10" in str(refused.value)


@pytest.mark.django_db
def test_each_refused_message_of_a_telegram_export_on_one_line_is_counted(tmp_path):
    """ImportSummary.rejected now counts the distinct lines of the errors; a Telegram export
    written on one line (json.dumps without indent) has every message on line 1, so two
    refused messages are counted as "1 row rejected"."""
    export = {
        "name": "Sagaing Alerts", "type": "public_channel", "id": 1,
        "messages": [
            {"type": "message", "date": "2025-05-12T14:05:00",
             "text": "Junta jets bombed a school in Tabayin, killing 3 people."},
            {"type": "message", "date": "2025-05-13T09:00:00",
             "text": "Artillery shells hit Let Yet Kone, killing 2 people."},
        ],
    }  # fmt: skip
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    summary = import_file(path, "telegram", progress=False)
    assert len(summary.errors) == 2  # "the message has no id", twice
    assert summary.rejected == 2


@pytest.mark.django_db
def test_a_unix_time_past_any_date_is_a_row_error_and_the_next_message_is_read(tmp_path):
    # 99999999999999999 raised OSError from the clock and the messages after it were lost.
    export = {
        "name": "Sagaing Alerts", "type": "public_channel", "id": 1,
        "messages": [
            {**_post("Artillery shells hit Let Yet Kone, killing 2 people."), "id": 1},
            {**_post("Junta jets bombed Tabayin, killing 3 people."), "id": 2,
             "date_unixtime": "99999999999999999"},
            {**_post("A drone killed 4 villagers in Kani Township."), "id": 3},
        ],
    }  # fmt: skip
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export, indent=1), encoding="utf-8")
    summary = import_file(path, "telegram", progress=False)
    assert summary.created == 2
    [error] = summary.errors
    assert error.field == "message 2, date_unixtime" and "is not a Unix time" in str(error)


@pytest.mark.django_db
def test_a_post_typed_in_zawgyi_is_kept_as_written_beside_its_unicode(tmp_path):
    # The importer cleaned the text before the loader saw it, so the original was never kept.
    zawgyi = "ကနီၿမိဳ႕နယ္ ေညာင္ဝန္းေက်းရြာကို ေမ ၁၄ ရက္ေန႔က ဒ႐ုန္းျဖင့္ ဗံုးႀကဲ၍ အရပ္သား ၃ ဦး ေသဆံုး"
    export = {"name": "Sagaing Alerts", "type": "public_channel", "id": 1,
              "messages": [{**_post(zawgyi), "id": 7}]}  # fmt: skip
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    import_file(path, "telegram", progress=False)
    report = SourceReport.objects.get()
    assert report.extra["zawgyi"] == {"text": zawgyi}
    assert "ကနီမြို့နယ်" in report.text and report.killed_min == 3


@pytest.mark.django_db
def test_a_post_of_the_dead_and_hurt_as_burmese_reports_say_it_is_imported_with_its_counts(
    tmp_path,
):
    """Found by a Burmese editor: "ထိခိုက်သေဆုံး" and "ထိခိုက်ဒဏ်ရာရ" (hit and killed, hit and
    injured), the commonest wording of a Burmese report, gave a post no counts."""
    text = (
        "ဒီပဲယင်းမြို့နယ် လက်ယက်ကုန်းကျေးရွာ စာသင်ကျောင်းကို မေလ ၁၂ ရက်နေ့က စစ်ကောင်စီ "
        "လေကြောင်းတိုက်ခိုက်မှုကြောင့် အရပ်သား ၂၂ ဦး ထိခိုက်သေဆုံးပြီး ၄၀ ကျော် "
        "ထိခိုက်ဒဏ်ရာရရှိခဲ့သည်။"
    )
    export = {"name": "Sagaing Alerts", "type": "public_channel", "id": 1,
              "messages": [{**_post(text, "2025-05-13T10:00:00"), "id": 7}]}  # fmt: skip
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    import_file(path, "telegram", progress=False)
    report = SourceReport.objects.get()
    assert (report.killed_min, report.killed_max) == (22, 22)
    assert (report.injured_min, report.injured_max) == (41, 41)
    assert report.event_date.isoformat() == "2025-05-12"


@pytest.mark.django_db
def test_a_forwarded_post_is_the_first_channels_report_not_a_second_source(tmp_path):
    """Found by a review of the importers: a channel's forward of Myanmar Now's post was stored
    as the forwarding channel's own report, and the incident counted two independent sources
    ("fair") where one outlet had spoken."""
    from thitsa.incidents.models import Incident

    post = "Junta jets bombed a school in Let Yet Kone village, Depayin Township on 12 May 2025."

    def export(name, channel_id, message):
        path = tmp_path / f"{channel_id}.json"
        doc = {"name": name, "type": "public_channel", "id": channel_id, "messages": [message]}
        path.write_text(json.dumps(doc), encoding="utf-8")
        return path

    first = {"id": 7, "type": "message", "date": "2025-05-12T14:05:00", "text": post}
    relayed = {**first, "id": 88, "date": "2025-05-12T15:00:00",
               "forwarded_from": "Myanmar Now News", "forwarded_from_id": "channel1"}  # fmt: skip
    import_file(export("Myanmar Now News", 1, first), "telegram", progress=False)
    import_file(export("Sagaing Alerts", 2, relayed), "telegram", progress=False)
    reports = SourceReport.objects.order_by("id")
    assert [r.source.name for r in reports] == ["Myanmar Now News", "Myanmar Now News"]
    assert reports[1].extra["forwarded_by"] == "Sagaing Alerts"
    from thitsa.incidents.matching import match_reports

    match_reports()
    incident = Incident.objects.get()
    assert (incident.source_count, incident.grade) == (1, "weak")
    # Imported again, the forward is found again: nothing added.
    again = import_file(tmp_path / "2.json", "telegram", progress=False)
    assert (again.created, again.existing) == (0, 1)


@pytest.mark.django_db
def test_a_renamed_channel_keeps_its_posts_under_the_name_they_are_stored_with(tmp_path):
    """Found by a review of the importers: a channel renamed since its first import ("Sagaing
    Alerts (Official)") stored every post again under its new name, and each incident counted
    the channel as a second, independent source. Found by the channel's id."""
    import_file(SAMPLE, "telegram", progress=False)
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["name"] = "Sagaing Alerts (Official)"
    path = tmp_path / "result.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    again = import_file(path, "telegram", progress=False)
    assert (again.created, again.existing) == (0, 8)
    assert "stored as 'Sagaing Alerts'" in str(again)
    assert set(Source.objects.values_list("name", flat=True)) == {"Sagaing Alerts"}


@pytest.mark.django_db
def test_a_persons_message_forwarded_stays_the_channels_and_never_names_them(tmp_path):
    """Found by a review of this change: a witness's message forwarded to a channel made the
    witness's name a source, public once the incident was."""
    post = "Junta jets bombed a school in Let Yet Kone village, Depayin Township on 12 May 2025."
    message = {
        "id": 9,
        "type": "message",
        "date": "2025-05-12T15:00:00",
        "text": post,
        "forwarded_from": "Daw Khin Myint (Let Yet Kone)",
        "forwarded_from_id": "user42",
    }
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"name": "Local News", "type": "public_channel", "id": 3,
                                "messages": [message]}), encoding="utf-8")  # fmt: skip
    import_file(path, "telegram", progress=False)
    report = SourceReport.objects.get()
    assert report.source.name == "Local News"
    assert "Daw Khin Myint" not in json.dumps(report.extra, ensure_ascii=False)


def test_a_post_without_a_date_is_dated_to_the_week_that_ends_on_its_day():
    # Found by a review: dated to the week *from* the post's day (as every week is read: the
    # matcher's window, the figures' periods), the event was placed after the post telling it,
    # and a May figure dropped the posts of May's last days.
    from datetime import date as day

    report = telegram.parse(_post("Jets bombed the school, killing 3."), 1, "Sagaing Alerts")
    posted = report.published_at.date()
    assert report.event_date_precision == "week"
    assert (posted - report.event_date).days == 6
    from thitsa.figures.query import period_of

    assert period_of(report.event_date, "week")[1] == posted
    assert isinstance(posted, day)


@pytest.mark.django_db
def test_the_migration_moves_the_weeks_of_posts_imported_before():
    from datetime import date as day
    from importlib import import_module

    from django.apps import apps

    from thitsa.incidents.models import Incident

    migration = import_module("thitsa.reports.migrations.0011_post_weeks_end_on_the_post")
    channel = Source.objects.create(name="Sagaing Alerts", kind="social_media")
    incident = Incident.objects.create(
        public_id="MMR-2025-000900", date=day(2025, 5, 15), date_precision="week"
    )
    post = SourceReport.objects.create(
        import_key="tg-w", source=channel, import_format="telegram", text="Jets bombed it",
        event_date=day(2025, 5, 15), event_date_precision="week", incident=incident,
        extra={"event_date_from": "post date"},
    )  # fmt: skip
    dated = SourceReport.objects.create(
        import_key="tg-d", source=channel, import_format="telegram", text="On 12 May ...",
        event_date=day(2025, 5, 12), event_date_precision="week", extra={"event_date_from": "text"},
    )  # fmt: skip
    migration.move_weeks(apps, None)
    post.refresh_from_db(), dated.refresh_from_db(), incident.refresh_from_db()
    assert (post.event_date, dated.event_date, incident.date) == (
        day(2025, 5, 9),
        day(2025, 5, 12),
        day(2025, 5, 9),
    )


@pytest.mark.django_db
def test_a_reply_with_an_update_tells_of_the_post_it_replies_to(tmp_path):
    """Found by an import of a channel: "Update: 2 of the injured died in hospital, 19 dead now",
    a reply to the post of the Oe Htein Kwin bombing, named no place or day; it opened a
    placeless incident of its own, and a restricted figure counted the event's dead twice."""
    from thitsa.incidents.matching import match_reports

    first = {
        "id": 8809,
        "type": "message",
        "date": "2025-05-12T14:05:00",
        "text": "Junta jets bombed a school in Oe Htein Kwin village, Tabayin Township "
        "on 12 May 2025, killing 17 people.",
    }
    update = {
        "id": 8812,
        "type": "message",
        "date": "2025-05-14T09:00:00",
        "reply_to_message_id": 8809,
        "text": "Update: two of the injured died in hospital; 19 people were killed.",
    }
    other = {"id": 8813, "type": "message", "date": "2025-05-14T10:00:00",
             "reply_to_message_id": 8809,
             "text": "A drone struck Kani Township yesterday, killing 2."}  # fmt: skip
    doc = {"name": "Sagaing Alerts", "type": "public_channel", "id": 5,
           "messages": [first, update, other]}  # fmt: skip
    path = tmp_path / "result.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    import_file(path, "telegram", progress=False)
    match_reports()
    posted, replied, told = SourceReport.objects.order_by("id")
    assert replied.place_text == posted.place_text and replied.event_date == posted.event_date
    assert replied.extra["reply_to"] == "8809" and replied.killed_min == 19
    assert replied.incident_id == posted.incident_id
    # A reply that names its own place and day keeps them.
    assert "Kani" in told.place_text and told.event_date.isoformat() == "2025-05-13"


@pytest.mark.django_db
def test_an_update_reply_naming_the_village_alone_and_the_day_of_deaths_joins_its_event(
    tmp_path,
):
    """Found by a documentation officer: "Update: yesterday 2 of the injured from Oe Htein
    Kwin died", a reply, was dated to the deaths (the same channel on another day is another
    event) and placed by its village alone: an incident of its own, the dead counted apart."""
    from thitsa.incidents.matching import match_reports

    first = {"id": 9001, "type": "message", "date": "2025-05-12T14:05:00",
             "text": "Junta jets bombed a school in Oe Htein Kwin village, Tabayin Township "
                     "today, killing 17 people."}  # fmt: skip
    update = {"id": 9002, "type": "message", "date": "2025-05-15T09:00:00",
              "reply_to_message_id": 9001,
              "text": "Update: yesterday 2 of the injured from Oe Htein Kwin village died in "
                      "hospital; 19 people were killed."}  # fmt: skip
    doc = {"name": "Sagaing Alerts", "type": "public_channel", "id": 5,
           "messages": [first, update]}  # fmt: skip
    path = tmp_path / "result.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    import_file(path, "telegram", progress=False)
    match_reports()
    posted, replied = SourceReport.objects.order_by("id")
    assert replied.event_date == posted.event_date
    assert "Tabayin" in replied.place_text
    assert replied.incident_id == posted.incident_id
    assert replied.incident.killed_min == 19


@pytest.mark.django_db
def test_a_reply_telling_of_another_attack_keeps_its_own_day_and_place(tmp_path):
    """Found by a review: "jets bombed again" (ထပ်မံ) in a reply three days later was read as an
    update of the post, dated to its day and placed with it; its 3 dead were lost."""
    first = {"id": 9101, "type": "message", "date": "2025-06-01T14:05:00",
             "text": "ဒီနေ့ ကင်းရွာကို လေကြောင်းတိုက်ခိုက်၍ ရွာသား ၅ ဦး သေဆုံး"}  # fmt: skip
    again = {"id": 9102, "type": "message", "date": "2025-06-04T09:00:00",
             "reply_to_message_id": 9101,
             "text": "ဒီနေ့ ဂျက်လေယာဉ် ထပ်မံ ဗုံးကြဲမှုကြောင့် ဆားတောင်ရွာတွင် အရပ်သား ၃ ဦး သေဆုံး"}  # fmt: skip
    doc = {"name": "Sagaing Alerts", "type": "public_channel", "id": 5,
           "messages": [first, again]}  # fmt: skip
    path = tmp_path / "result.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    import_file(path, "telegram", progress=False)
    posted, replied = SourceReport.objects.order_by("id")
    assert replied.event_date.isoformat() == "2025-06-04"
    assert "ကင်းရွာ" not in replied.place_text


@pytest.mark.django_db
def test_a_post_edited_only_in_its_spacing_is_the_same_post(tmp_path):
    """Found by a documentation officer: a channel's edit that added a space made every later
    export of the channel refused ("other facts (title; text)"), exit 1."""
    post = {"id": 9201, "type": "message", "date": "2025-06-01T14:05:00",
            "text": "Jets bombed Pazigyi village today, killing 5 villagers."}  # fmt: skip
    doc = {"name": "Sagaing Alerts", "type": "public_channel", "id": 5, "messages": [post]}
    path = tmp_path / "result.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    import_file(path, "telegram", progress=False)
    post["text"] = "Jets bombed Pazigyi village  today, killing 5 villagers. "
    path.write_text(json.dumps(doc), encoding="utf-8")
    again = import_file(path, "telegram", progress=False)
    assert (again.existing, again.rejected) == (1, 0)
