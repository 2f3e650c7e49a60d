from pathlib import Path

import pytest

from thitsa.reports.loading import import_file
from thitsa.reports.models import Source, SourceReport

SAMPLE = Path(__file__).parent / "data" / "acled_sample.csv"


@pytest.mark.django_db
def test_it_imports_one_report_per_outlet_of_each_acled_event():
    summary = import_file(SAMPLE, "acled", progress=False)
    # 8 good events; four of them name 3, 2, 2 and 2 outlets.
    assert summary.created == 13
    school = SourceReport.objects.filter(extra__event_id_cnty="MMR63001")
    assert sorted(r.source.name for r in school) == [
        "Myanmar Now",
        "Radio Free Asia",
        "The Irrawaddy",
    ]
    report = school.get(source__name="Radio Free Asia")
    assert report.external_id == "MMR63001:Radio Free Asia"
    assert report.event_date.isoformat() == "2025-05-12"
    assert report.event_date_precision == "day"
    assert report.place_text == "Let Yet Kone, Tabayin, Shwebo, Sagaing"
    assert report.place.township_id == "MMR005010"
    assert report.event_type == "Air/drone strike"
    assert report.perpetrator == "Military Forces of Myanmar (2021-)"
    assert (report.killed_min, report.killed_max) == (22, 22)
    assert report.text.startswith("On 12 May 2025, a Myanmar military jet")
    assert (report.latitude, report.longitude) == (22.6768, 95.4024)
    assert report.extra["civilian_targeting"] == "Civilian targeting"
    assert report.extra["source"] == "Myanmar Now; Radio Free Asia; The Irrawaddy"
    assert report.extra["assoc_actor_2"] == "Teachers (Myanmar)"
    assert "notes" not in report.extra and "fatalities" not in report.extra


@pytest.mark.django_db
def test_it_reads_acleds_date_forms_and_precisions():
    import_file(SAMPLE, "acled", progress=False)
    kani = SourceReport.objects.get(external_id="MMR63002:Khit Thit Media")
    assert kani.event_date.isoformat() == "2025-05-14"  # "14 May 2025"
    demoso = SourceReport.objects.get(external_id="MMR63003:Kantarawaddy Times")
    assert demoso.event_date.isoformat() == "2025-05-15"  # "15-May-2025"
    assert demoso.event_type == "Shelling/artillery/missile attack"
    gangaw = SourceReport.objects.get(external_id="MMR63004:Myanmar Now")
    assert gangaw.event_date_precision == "week"
    assert gangaw.killed_min == 0
    kyaukme = SourceReport.objects.get(external_id="MMR63009:Shan Herald Agency for News")
    assert kyaukme.event_date_precision == "month"
    assert Source.objects.get(name="Twitter").kind == "social_media"
    assert Source.objects.get(name="Myanmar Now").kind == "media"


@pytest.mark.django_db
def test_bad_acled_rows_are_named_by_line_and_field():
    summary = import_file(SAMPLE, "acled", progress=False)
    assert [(e.line, e.field) for e in summary.errors] == [(6, "event_date"), (9, "latitude")]
    assert "2025-13-40" in str(summary.errors[0])


@pytest.mark.django_db
def test_importing_the_acled_file_twice_adds_nothing():
    first = import_file(SAMPLE, "acled", progress=False)
    again = import_file(SAMPLE, "acled", progress=False)
    assert (again.created, again.existing) == (0, first.created)
    assert SourceReport.objects.count() == first.created


@pytest.mark.django_db
def test_an_older_acled_file_keeps_its_extra_columns(tmp_path):
    path = tmp_path / "old.csv"
    path.write_text(
        "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,"
        "actor1,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,notes,"
        "fatalities,iso3\n"
        "8012345,104,MMR12001,12001,12-May-21,2021,1,Violence against civilians,"
        "Military Forces of Myanmar (2021-),Sagaing,Shwebo,Tabayin,Tabayin,22.6524,95.18,2,"
        '"Myanmar Now","Soldiers shot dead two villagers in Tabayin.",2,MMR\n',
        encoding="utf-8",
    )
    summary = import_file(path, "acled", progress=False)
    assert (summary.created, summary.rejected) == (1, 0)
    report = SourceReport.objects.get()
    assert report.event_date.isoformat() == "2021-05-12"
    assert report.event_type == "Violence against civilians"
    assert report.extra["data_id"] == "8012345" and report.extra["iso3"] == "MMR"
    assert report.place_id == "MMR005010"


def test_a_file_without_acled_columns_is_refused(tmp_path):
    from thitsa.reports.importers.acled import read
    from thitsa.reports.records import RowError

    path = tmp_path / "x.csv"
    path.write_text("id,date\n1,2025-05-12\n")
    with pytest.raises(RowError, match="not an ACLED file") as caught:
        list(read(path))
    assert (caught.value.line, caught.value.field) == (1, "header")


@pytest.mark.django_db
def test_a_point_that_stands_for_an_admin_area_is_kept_aside(tmp_path):
    """geo_precision 3: ACLED's point is the region's or district's, not the event's."""
    path = tmp_path / "area.csv"
    path.write_text(
        "event_id_cnty,event_date,event_type,actor1,admin1,admin2,admin3,location,latitude,"
        "longitude,geo_precision,source,notes,fatalities\n"
        "MMR12002,2021-05-12,Violence against civilians,Military Forces of Myanmar (2021-),"
        "Sagaing,Shwebo,Tabayin,Tabayin,22.6524,95.18,2,Myanmar Now,Two shot dead.,2\n"
        "MMR12003,2021-05-13,Violence against civilians,Military Forces of Myanmar (2021-),"
        "Sagaing,,,Sagaing,22.0,95.0,3,Myanmar Now,Raids in the region.,3\n",
        encoding="utf-8",
    )
    import_file(path, "acled", progress=False)
    near = SourceReport.objects.get(external_id__startswith="MMR12002")
    area = SourceReport.objects.get(external_id__startswith="MMR12003")
    assert (near.latitude, near.longitude) == (22.6524, 95.18)
    assert (area.latitude, area.longitude) == (None, None)
    assert area.extra["acled_point"] == "22.0,95.0"


@pytest.mark.django_db
def test_thitsas_own_tags_are_read_back_and_acleds_are_kept(tmp_path):
    """`thitsa export incidents --format acled` writes its coding into `tags`: imported, the
    targets and weapons were lost (a figure of schools found none) and the tags were kept to be
    written again beside the new ones."""
    path = tmp_path / "tagged.csv"
    path.write_text(
        "event_id_cnty,event_date,sub_event_type,admin3,source,notes,fatalities,tags\n"
        "MMR-2025-000001,2025-05-12,Air/drone strike,Tabayin,Myanmar Now,Jets bombed.,22,"
        '"crowd size=no report; means=airstrike (fixed-wing); target=school; '
        'weapon=unguided_bomb"\n'
        'MMR-2025-000002,2025-05-13,Shelling,Tabayin,Myanmar Now,Shells.,1,"target=spaceship"\n',
        encoding="utf-8",
    )
    summary = import_file(path, "acled", progress=False)
    report = SourceReport.objects.get()
    assert (report.targets, report.weapons) == (["school"], ["unguided_bomb"])
    assert report.extra["tags"] == "crowd size=no report"
    [error] = summary.errors
    assert (error.line, error.field) == (3, "tags") and "spaceship" in str(error)


@pytest.mark.django_db
def test_a_row_cut_short_is_an_error_naming_its_line_and_the_columns_it_lacks(tmp_path):
    """A file whose last line was half written was stored as an event with no place."""
    path = tmp_path / "short.csv"
    path.write_text(
        "event_id_cnty,event_date,location,latitude,longitude,source,notes,fatalities\n"
        "MMR12002,2021-05-12,Tabayin,22.6524,95.18,Myanmar Now,Two shot dead.,2\n"
        "MMR12003,2021-05-13\n",
        encoding="utf-8",
    )
    summary = import_file(path, "acled", progress=False)
    assert summary.created == 1
    assert [(e.line, e.field) for e in summary.errors] == [(3, "")]
    message = str(summary.errors[0])
    assert "2 of the 8 columns" in message
    assert "location" in message and "notes" in message
    assert not SourceReport.objects.filter(external_id__startswith="MMR12003").exists()


ACLED_HEADER = (
    "event_id_cnty,event_date,event_type,actor1,admin1,admin2,admin3,location,latitude,"
    "longitude,geo_precision,source,notes,fatalities"
)


def test_a_column_named_twice_refuses_the_file(tmp_path):
    """Found by a review of the importers: a second, empty `fatalities` column (a spreadsheet's
    leftover) silently won, and every event was stored without its deaths."""
    from thitsa.reports.importers.acled import read
    from thitsa.reports.records import RowError

    path = tmp_path / "twice.csv"
    path.write_text(
        ACLED_HEADER + ",fatalities\nMMR1,2025-05-12,Battles,X,Sagaing,Shwebo,Tabayin,Tabayin,"
        ",,,Myanmar Now,notes,22,\n",
        encoding="utf-8",
    )
    with pytest.raises(RowError, match="the column fatalities comes twice"):
        list(read(path))


@pytest.mark.django_db
def test_a_whole_number_written_as_a_float_is_a_count_and_an_off_map_row_one_error(tmp_path):
    """Found by a review of the importers: "3.0" (pandas writes a column with a blank cell so)
    was refused; a row off the map with three outlets was three errors and "3 rows rejected"."""
    path = tmp_path / "a.csv"
    path.write_text(
        ACLED_HEADER + "\n"
        "MMR1,2025-05-12,Battles,X,Sagaing,Shwebo,Tabayin,Tabayin,,,,Myanmar Now,n,3.0\n"
        "MMR2,2025-05-12,Battles,X,Sagaing,Shwebo,Tabayin,Tabayin,0,0,1,A; B; C,n,1\n",
        encoding="utf-8",
    )
    summary = import_file(path, "acled", progress=False)
    assert SourceReport.objects.get(external_id="MMR1:Myanmar Now").killed_min == 3
    assert [(e.line, e.field) for e in summary.errors] == [(3, "latitude")]
    assert summary.rejected == 1


@pytest.mark.django_db
def test_slashed_dates_are_read_in_the_order_the_whole_file_shows(tmp_path):
    """Found by a review of the importers: a file Excel saved US-style ("5/12/2025",
    "5/14/2025") had its first event stored on 5 December and the others refused."""
    rows = [
        "MMR1,5/12/2025,Battles,X,Sagaing,Shwebo,Tabayin,Tabayin,,,,Myanmar Now,n,1",
        "MMR2,5/14/2025,Battles,X,Sagaing,Shwebo,Tabayin,Tabayin,,,,Myanmar Now,n,1",
    ]
    path = tmp_path / "us.csv"
    path.write_text("\n".join([ACLED_HEADER, *rows]) + "\n", encoding="utf-8")
    summary = import_file(path, "acled", progress=False)
    assert not summary.errors
    days = dict(SourceReport.objects.values_list("external_id", "event_date"))
    assert {k: v.isoformat() for k, v in days.items()} == {
        "MMR1:Myanmar Now": "2025-05-12", "MMR2:Myanmar Now": "2025-05-14",
    }  # fmt: skip
    # Day first, as Myanmar writes them, when the file shows it (or nothing shows otherwise).
    path.write_text(
        "\n".join([ACLED_HEADER, rows[0].replace("MMR1", "MMR3"),
                   rows[1].replace("MMR2", "MMR4").replace("5/14/2025", "14/5/2025")]) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    import_file(path, "acled", progress=False)
    assert SourceReport.objects.get(external_id="MMR3:Myanmar Now").event_date.isoformat() == (
        "2025-12-05"
    )


def test_a_file_with_slashed_dates_in_both_orders_is_refused(tmp_path):
    from thitsa.reports.importers.acled import read
    from thitsa.reports.records import RowError

    rows = [
        "MMR1,13/5/2025,Battles,X,Sagaing,Shwebo,Tabayin,Tabayin,,,,Myanmar Now,n,1",
        "MMR2,5/14/2025,Battles,X,Sagaing,Shwebo,Tabayin,Tabayin,,,,Myanmar Now,n,1",
    ]
    path = tmp_path / "both.csv"
    path.write_text("\n".join([ACLED_HEADER, *rows]) + "\n", encoding="utf-8")
    with pytest.raises(RowError, match="day first on line 2 and month first on line 3"):
        list(read(path))


@pytest.mark.django_db
def test_a_revision_that_no_longer_names_an_outlet_makes_its_report_doubtful(tmp_path):
    """Found by a review of the importers: ACLED's revision of MMR63001 names Myanmar Now and
    The Irrawaddy, no longer Radio Free Asia; RFA's report kept its old date and count, and
    counted in the incident as a source. It is now doubtful (shown, not counted) until a
    revision names the outlet again."""
    from thitsa.incidents.matching import match_reports

    import_file(SAMPLE, "acled", progress=False)
    match_reports()
    first = SAMPLE.read_text(encoding="utf-8").splitlines()[:2]
    revised = first[1].replace(
        "Myanmar Now; Radio Free Asia; The Irrawaddy", "Myanmar Now; The Irrawaddy"
    )
    assert revised != first[1]
    path = tmp_path / "revision.csv"
    path.write_text("\n".join([first[0], revised]) + "\n", encoding="utf-8")
    summary = import_file(path, "acled", progress=False, update=True)
    assert summary.withdrawn == 1
    assert "1 of outlets ACLED no longer names, now doubtful" in str(summary)
    rfa = SourceReport.objects.get(external_id="MMR63001:Radio Free Asia")
    assert rfa.credibility == 5 and "withdrawn" in rfa.extra
    assert rfa.extra["corrections"][-1]["was"] == "credibility 3"
    others = SourceReport.objects.filter(external_id__startswith="MMR63002")
    assert all(r.credibility == 3 for r in others)  # events the file does not hold: untouched
    # Imported again, nothing more; a revision naming RFA again restores it.
    assert import_file(path, "acled", progress=False, update=True).withdrawn == 0
    path.write_text("\n".join(first) + "\n", encoding="utf-8")
    import_file(path, "acled", progress=False, update=True)
    rfa = SourceReport.objects.get(external_id="MMR63001:Radio Free Asia")
    assert rfa.credibility == 3 and "withdrawn" not in rfa.extra


@pytest.mark.django_db
def test_an_outlet_named_with_a_colon_is_withdrawn_and_kept_like_any_other(tmp_path):
    # Found by a review of this change: the event was read from the id's last ":".
    path = tmp_path / "colon.csv"
    row = "MMR7,2025-05-12,Battles,X,Sagaing,Shwebo,Tabayin,Tabayin,,,,{},n,1"
    path.write_text(f"{ACLED_HEADER}\n{row.format('BBC News: Burmese; Myanmar Now')}\n")
    import_file(path, "acled", progress=False)
    path.write_text(f"{ACLED_HEADER}\n{row.format('BBC News: Burmese')}\n")
    assert import_file(path, "acled", progress=False, update=True).withdrawn == 1
    kept = SourceReport.objects.get(external_id="MMR7:BBC News: Burmese")
    assert kept.credibility == 3
    assert SourceReport.objects.get(external_id="MMR7:Myanmar Now").credibility == 5


@pytest.mark.django_db
def test_fighters_acled_counts_are_not_people_killed_in_attacks(tmp_path):
    """Found by a researcher's import: an airstrike on an armed group's camp ("killing 10 PDF
    fighters", no civilian targeting) put 10 in a figure of people killed in attacks. ACLED's
    fatalities count fighters too; only its attacks on civilians give Thitsa's killed."""
    from thitsa.incidents.matching import match_reports
    from thitsa.publish.acled_export import acled_row

    path = tmp_path / "a.csv"
    path.write_text(
        FIGHTING + "MMR9003,2025-07-04,Violence against civilians,Attack,Military Forces,,,,"
        "Sagaing,Shwebo,Tabayin,Tabayin,Myanmar Now,Troops shot 2 villagers.,2\n",
        encoding="utf-8",
    )
    import_file(path, "acled", progress=False)
    match_reports()
    camp = SourceReport.objects.get(external_id="MMR9001:Myanmar Now")
    assert camp.killed_min is None and camp.extra["fatalities"] == "10"
    assert SourceReport.objects.get(external_id="MMR9002:Myanmar Now").killed_min == 4
    assert SourceReport.objects.get(external_id="MMR9003:Myanmar Now").killed_min == 2
    # ACLED's own count goes back out with the event.
    assert acled_row(camp.incident)["fatalities"] == "10"


@pytest.mark.django_db
def test_acleds_notes_tell_what_was_hit(tmp_path):
    """Found by a journalist: ACLED's rows have no title and tag no target, so the school and
    the hospital its notes told of were in no figure of attacks on schools or hospitals."""
    from thitsa.incidents.matching import match_reports

    path = tmp_path / "a.csv"
    path.write_text(
        FIGHTING.split("\n")[0] + "\n"
        "MMR9101,2025-07-02,Explosions/Remote violence,Air/drone strike,Military Forces,"
        "Civilians (Myanmar),Civilians,Civilian targeting,Sagaing,Shwebo,Tabayin,Tabayin,"
        "Myanmar Now,Jets bombed a high school killing 5 students.,5\n"
        "MMR9102,2025-07-09,Explosions/Remote violence,Air/drone strike,Military Forces,"
        "Civilians (Myanmar),Civilians,Civilian targeting,Sagaing,Shwebo,Tabayin,Tabayin,"
        "Myanmar Now,Jets bombed a village; the wounded were taken to hospital.,2\n",
        encoding="utf-8",
    )
    import_file(path, "acled", progress=False)
    match_reports()
    school = SourceReport.objects.get(external_id="MMR9101:Myanmar Now").incident
    assert school.targets == ";school;"
    village = SourceReport.objects.get(external_id="MMR9102:Myanmar Now").incident
    assert village.targets == ""


@pytest.mark.django_db
def test_acleds_burnings_are_arson_by_their_notes(tmp_path):
    """Found by a tester: ACLED's "Looting/property destruction" rows that set fire to a
    village had no means of attack, and `--means arson` counted none of them."""
    from thitsa.figures.query import Filters, evaluate
    from thitsa.incidents.matching import match_reports

    path = tmp_path / "a.csv"
    path.write_text(
        FIGHTING.split("\n")[0] + "\n"
        "MMR9201,2025-07-02,Strategic developments,Looting/property destruction,"
        "Military Forces,Civilians (Myanmar),Civilians,Civilian targeting,Sagaing,Shwebo,"
        "Tabayin,Tabayin,Myanmar Now,Troops set fire to about 200 houses in the village.,0\n",
        encoding="utf-8",
    )
    import_file(path, "acled", progress=False)
    match_reports()
    assert SourceReport.objects.get().incident.attack_means == "arson"
    assert evaluate("incidents", Filters(means="arson"), public_only=False).value == 1


@pytest.mark.django_db
def test_the_migration_takes_fighters_out_of_acled_reports_imported_before():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("thitsa.reports.migrations.0012_acled_fighters_not_killed")
    outlet = Source.objects.create(name="Myanmar Now", kind="media")

    def report(event_id, killed, **extra):
        return SourceReport.objects.create(
            import_key=f"acled-{event_id}", external_id=f"{event_id}:Myanmar Now",
            source=outlet, import_format="acled", text="n", killed_min=killed,
            killed_max=killed, extra={"disorder_type": "Political violence", **extra},
        )  # fmt: skip

    camp = report("MMR9001", 10, event_type="Explosions/Remote violence", inter2="Rebel group")
    village = report("MMR9002", 4, civilian_targeting="Civilian targeting")
    ours = report("MMR-2025-000007", 3, event_type="Explosions/Remote violence")
    old = report("MMR9003", 5)
    old.extra = {}
    old.save()
    migration.fighters_not_killed(apps, None)
    for r in (camp, village, ours, old):
        r.refresh_from_db()
    assert (camp.killed_min, camp.killed_max, camp.extra["fatalities"]) == (None, None, "10")
    assert (village.killed_min, ours.killed_min, old.killed_min) == (4, 3, 5)


@pytest.mark.django_db
def test_a_quote_left_open_names_the_lines_it_took_in(tmp_path):
    """Found by a researcher: a quote left open in a row's notes took in the next event, whose
    loss the error (about the first row's fatalities) did not tell."""
    path = tmp_path / "a.csv"
    path.write_text(
        ACLED_HEADER + "\n"
        'MMR1,2025-05-12,Battles,X,Sagaing,Shwebo,Tabayin,Tabayin,,,,Myanmar Now,"Jets bombed '
        "the town (Wetlet township,3\n"
        'MMR2,2025-05-13,Battles,X,Sagaing,Shwebo,Tabayin,Tabayin,,,,RFA,"Shelling.",7\n'
        'MMR3,2025-05-14,Battles,X,Sagaing,Shwebo,Tabayin,Tabayin,,,,RFA,"Raid.",1\n',
        encoding="utf-8",
    )
    summary = import_file(path, "acled", progress=False)
    [error] = summary.errors
    assert error.line == 2 and "runs on to line 3" in str(error)
    assert summary.created == 1  # MMR3
    # A note's own line break is no other row.
    path.write_text(
        ACLED_HEADER + "\n"
        'MMR4,2025-05-12,Battles,X,Sagaing,Shwebo,Tabayin,Tabayin,,,,RFA,"Jets came.\n'
        'Then shells, at dawn, hit homes.",3\n',
        encoding="utf-8",
    )
    assert import_file(path, "acled", progress=False).created == 1


@pytest.mark.django_db
def test_an_update_takes_acleds_revision_of_its_own_columns(tmp_path):
    """Found by a researcher: a revision that changed only ACLED's tags or actors was "already
    stored", and the ACLED export wrote the old ones."""
    import_file(SAMPLE, "acled", progress=False)
    revised = tmp_path / "revised.csv"
    text = SAMPLE.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("MMR63007,"))
    revised.write_text(text.replace(line, line.replace("Civilians (Myanmar)", "Farmers (Myanmar)")),
                       encoding="utf-8")  # fmt: skip
    assert import_file(revised, "acled", progress=False).corrected == 0  # not without --update
    summary = import_file(revised, "acled", progress=False, update=True)
    outlets = SourceReport.objects.filter(extra__event_id_cnty="MMR63007")
    assert summary.corrected == outlets.count() >= 1
    assert {r.extra["actor2"] for r in outlets} == {"Farmers (Myanmar)"}
    assert import_file(revised, "acled", progress=False, update=True).corrected == 0


@pytest.mark.django_db
def test_an_outlet_acled_no_longer_names_is_not_counted_among_the_sources(tmp_path):
    """Found by a researcher's update: after ACLED's revision dropped Radio Free Asia, the
    incident still said 3 sources, and the exports named RFA among them."""
    from thitsa.incidents.matching import match_reports
    from thitsa.publish.exports import incident_row

    import_file(SAMPLE, "acled", progress=False)
    match_reports()
    first = SAMPLE.read_text(encoding="utf-8").splitlines()[:2]
    incident = SourceReport.objects.get(external_id="MMR63001:Radio Free Asia").incident
    assert incident.source_count == 3
    path = tmp_path / "revision.csv"
    revised = first[1].replace(
        "Myanmar Now; Radio Free Asia; The Irrawaddy", "Myanmar Now; The Irrawaddy"
    )
    path.write_text("\n".join([first[0], revised]) + "\n", encoding="utf-8")
    import_file(path, "acled", progress=False, update=True)
    incident.refresh_from_db()
    assert incident.source_count == 2
    assert incident_row(incident)["sources"] == "Myanmar Now;The Irrawaddy"
    # Named again, counted again.
    path.write_text("\n".join(first) + "\n", encoding="utf-8")
    import_file(path, "acled", progress=False, update=True)
    incident.refresh_from_db()
    assert incident.source_count == 3
    assert "Radio Free Asia" in incident_row(incident)["sources"]


@pytest.mark.django_db
def test_the_acled_export_leaves_out_an_outlet_acled_no_longer_names(tmp_path):
    from thitsa.incidents.matching import match_reports
    from thitsa.publish.acled_export import acled_row

    import_file(SAMPLE, "acled", progress=False)
    match_reports()
    first = SAMPLE.read_text(encoding="utf-8").splitlines()[:2]
    path = tmp_path / "revision.csv"
    revised = first[1].replace(
        "Myanmar Now; Radio Free Asia; The Irrawaddy", "Myanmar Now; The Irrawaddy"
    )
    path.write_text("\n".join([first[0], revised]) + "\n", encoding="utf-8")
    import_file(path, "acled", progress=False, update=True)
    incident = SourceReport.objects.get(external_id="MMR63001:Radio Free Asia").incident
    assert acled_row(incident)["source"] == "Myanmar Now; The Irrawaddy"


FIGHTING = (
    "event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,inter2,"
    "civilian_targeting,admin1,admin2,admin3,location,source,notes,fatalities\n"
    "MMR9001,2025-07-02,Explosions/Remote violence,Air/drone strike,Military Forces,"
    "PDF: People's Defense Force,Rebel group,,Sagaing,Monywa,Budalin,Budalin,"
    "Myanmar Now,Jets bombed a PDF camp killing 10 PDF fighters.,10\n"
    "MMR9002,2025-07-03,Explosions/Remote violence,Air/drone strike,Military Forces,"
    "Civilians (Myanmar),Civilians,Civilian targeting,Sagaing,Shwebo,Tabayin,Tabayin,"
    "Myanmar Now,Jets bombed a village killing 4 civilians.,4\n"
)


def _killed_by_event():
    return {
        r.external_id.partition(":")[0]: r.killed_min
        for r in SourceReport.objects.filter(import_format="acled")
    }


@pytest.mark.django_db
def test_thitsas_acled_export_read_back_counts_no_fighters(tmp_path):
    """Found by a researcher: Thitsa's own ACLED export, imported into another Thitsa, counted
    every row's fatalities as civilians killed, the fighters of an airstrike on a camp too
    (514 killed became 588)."""
    import io

    from thitsa.incidents.matching import match_reports
    from thitsa.incidents.models import Incident
    from thitsa.publish.acled_export import write_acled

    path = tmp_path / "a.csv"
    path.write_text(FIGHTING, encoding="utf-8")
    import_file(path, "acled", progress=False)
    match_reports()
    out = io.StringIO()
    write_acled("incidents", out)
    SourceReport.objects.all().delete()
    Incident.objects.all().delete()
    exported = tmp_path / "exported.csv"
    exported.write_text(out.getvalue(), encoding="utf-8")
    import_file(exported, "acled", progress=False)
    assert sorted(_killed_by_event().values(), key=str) == [4, None]


@pytest.mark.django_db
def test_a_revision_recoding_the_dead_as_fighters_takes_them_out(tmp_path):
    """Found by a researcher: ACLED's revision of an event (17 dead, civilians) recoding them
    as PDF fighters (civilian targeting now blank) was "corrected", and the figure still
    counted 17; the report kept "Civilian targeting" among its ACLED columns."""
    from thitsa.incidents.matching import match_reports
    from thitsa.publish.acled_export import acled_row

    path = tmp_path / "a.csv"
    path.write_text(FIGHTING, encoding="utf-8")
    import_file(path, "acled", progress=False)
    match_reports()
    revised = tmp_path / "revised.csv"
    revised.write_text(
        FIGHTING.replace(
            "Civilians (Myanmar),Civilians,Civilian targeting",
            "PDF: People's Defense Force,Rebel group,",
        ),
        encoding="utf-8",
    )
    summary = import_file(revised, "acled", progress=False, update=True)
    assert summary.corrected == 1
    report = SourceReport.objects.get(external_id="MMR9002:Myanmar Now")
    assert report.killed_min is None and "killed" not in report.casualty_forms
    assert "civilian_targeting" not in report.extra and report.extra["fatalities"] == "4"
    report.incident.refresh_from_db()
    assert report.incident.killed_min == 0
    row = acled_row(report.incident)
    assert (row["fatalities"], row["civilian_targeting"]) == ("4", "")
    # And back: the event recoded as civilians killed again, 0 this time: 0, not the fighters.
    revised.write_text(FIGHTING.replace("killing 4 civilians.,4", "killing no one.,0"))
    import_file(revised, "acled", progress=False, update=True)
    report.refresh_from_db()
    report.incident.refresh_from_db()
    assert report.killed_min == 0 and "fatalities" not in report.extra
    row = acled_row(report.incident)
    assert (row["fatalities"], row["civilian_targeting"]) == (0, "Civilian targeting")


@pytest.mark.django_db
def test_an_older_file_without_civilian_targeting_tells_fighters_by_the_actors(tmp_path):
    """Found by a researcher: an older ACLED file (no civilian_targeting column) counted the
    fighters of airstrikes on rebel camps (inter2 2, a rebel group) as people killed."""
    path = tmp_path / "old.csv"
    path.write_text(
        "data_id,iso3,event_id_cnty,event_id_no_cnty,event_date,event_type,sub_event_type,"
        "actor1,actor2,inter1,inter2,admin1,admin2,admin3,location,source,notes,fatalities\n"
        "1,MMR,MMR8001,8001,2023-07-02,Explosions/Remote violence,Air/drone strike,"
        "Military Forces,PDF: People's Defense Force,1,2,Sagaing,Monywa,Budalin,Budalin,"
        "Myanmar Now,Jets bombed a PDF camp.,10\n"
        "2,MMR,MMR8002,8002,2023-07-03,Explosions/Remote violence,Air/drone strike,"
        "Military Forces,Civilians (Myanmar),1,7,Sagaing,Shwebo,Tabayin,Tabayin,"
        "Myanmar Now,Jets bombed a village.,4\n",
        encoding="utf-8",
    )
    import_file(path, "acled", progress=False)
    assert _killed_by_event() == {"MMR8001": None, "MMR8002": 4}
    # A hand-made file with neither column nor actors cannot tell: its dead count.
    bare = tmp_path / "bare.csv"
    bare.write_text(
        "event_id_cnty,event_date,event_type,admin3,location,source,notes,fatalities\n"
        "MMR8003,2023-07-04,Explosions/Remote violence,Budalin,Budalin,DVB,Shelling.,3\n",
        encoding="utf-8",
    )
    import_file(bare, "acled", progress=False)
    assert _killed_by_event()["MMR8003"] == 3


@pytest.mark.django_db
def test_an_older_acled_file_with_update_undoes_nothing_of_a_revision(tmp_path):
    """Found by a researcher: the first export imported again with --update after ACLED's
    revision was refused its facts, but took its old timestamps (339 "corrected") and withdrew
    the outlet the revision had added: two incidents fell from fair to weak."""
    header = (
        "event_id_cnty,event_date,event_type,admin3,location,source,notes,fatalities,timestamp\n"
    )
    first = tmp_path / "first.csv"
    first.write_text(
        header + "MMR7001,2025-07-02,Violence against civilians,Tabayin,Tabayin,"
        "Myanmar Now,Troops shot 2 villagers.,2,1751500000\n",
        encoding="utf-8",
    )
    revised = tmp_path / "revised.csv"
    revised.write_text(
        header + "MMR7001,2025-07-02,Violence against civilians,Tabayin,Tabayin,"
        "Myanmar Now; RFA,Troops shot 3 villagers.,3,1752000000\n",
        encoding="utf-8",
    )
    import_file(first, "acled", progress=False)
    import_file(revised, "acled", progress=False, update=True)
    summary = import_file(first, "acled", progress=False, update=True)
    assert (summary.corrected, summary.withdrawn, summary.older) == (0, 0, 1)
    assert "older than the version stored" in str(summary)
    reports = SourceReport.objects.filter(external_id__startswith="MMR7001:")
    assert {r.source.name: (r.killed_min, r.credibility) for r in reports} == {
        "Myanmar Now": (3, 3),
        "RFA": (3, 3),
    }
    assert {r.extra["timestamp"] for r in reports} == {"1752000000"}


@pytest.mark.django_db
def test_an_event_acled_deleted_is_named_by_the_revised_import(tmp_path):
    """Found by a researcher: five events ACLED deleted stayed, counted and exported, and the
    import of the revised file said nothing of them."""
    header = "event_id_cnty,event_date,event_type,admin3,location,source,notes,fatalities\n"
    rows = [
        f"MMR700{n},2025-07-0{n},Violence against civilians,Tabayin,Tabayin,Myanmar Now,"
        f"Troops shot {n} villagers.,{n}\n"
        for n in range(1, 5)
    ]
    path = tmp_path / "a.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    import_file(path, "acled", progress=False)
    path.write_text(header + rows[0] + rows[3], encoding="utf-8")
    summary = import_file(path, "acled", progress=False, update=True)
    assert summary.absent == ["MMR7002", "MMR7003"]
    assert "2 stored events or submissions" in str(summary) and "MMR7002, MMR7003" in str(summary)
    assert SourceReport.objects.count() == 4  # named, not changed


@pytest.mark.django_db
def test_acleds_air_or_drone_strike_is_a_drones_where_its_notes_say_so(tmp_path):
    """Found by a researcher: `--means airstrike` (jets and helicopters) counted the Maungdaw
    drone strikes, 150 dead, and `--means drone` nothing: ACLED's "Air/drone strike" was read as
    an airstrike whatever its notes said."""
    from thitsa.figures.query import Filters, evaluate
    from thitsa.incidents.matching import match_reports

    header = (
        "event_id_cnty,event_date,event_type,sub_event_type,civilian_targeting,admin3,location,"
        "source,notes,fatalities\n"
    )
    path = tmp_path / "a.csv"
    path.write_text(
        header + "MMR6001,2025-07-02,Explosions/Remote violence,Air/drone strike,Civilian "
        "targeting,Tabayin,Tabayin,Myanmar Now,Drones dropped bombs on the village.,3\n"
        "MMR6002,2025-07-09,Explosions/Remote violence,Air/drone strike,Civilian targeting,"
        "Kani,Kani,DVB,A fighter jet bombed the market.,5\n"
        "MMR6003,2025-07-16,Explosions/Remote violence,Air/drone strike,Civilian targeting,"
        "Budalin,Budalin,RFA,The military carried out an air strike.,2\n",
        encoding="utf-8",
    )
    import_file(path, "acled", progress=False)
    match_reports()
    asked = {m: evaluate("killed", Filters(means=m), public_only=False).value
             for m in ("drone", "airstrike", "airstrike_fixed_wing")}  # fmt: skip
    assert asked == {"drone": 3, "airstrike": 7, "airstrike_fixed_wing": 5}
