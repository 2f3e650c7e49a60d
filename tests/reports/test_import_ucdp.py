import pytest

from thitsa.reports.loading import import_file
from thitsa.reports.models import SourceReport

HEADER = (
    "id,relid,year,type_of_violence,side_a,side_b,source_article,source_headline,where_prec,"
    "where_description,adm_1,adm_2,latitude,longitude,date_prec,date_start,date_end,"
    "deaths_civilians,best,high,low"
)
ROWS = [
    '512798.0,MYA-1,2023.0,1.0,Government of Myanmar (Burma),NUG,"Irrawaddy,2024",Executed,1.0,'
    "Gangaw Township’s Myauk Khin Yan village.,Magway  region,Gangaw district,22.65787,94.10595,"
    "1.0,2023-11-07,2023-11-07,0.0,2.0,2.0,2.0",
    "1.0,MYA-2,2023.0,3.0,Government of Myanmar (Burma),Civilians,x,Massacre,1.0,Tabayin town,"
    "Sagaing region,,22.69,95.39,4.0,2023-03-01,2023-03-31,30.0,30.0,35.0,28.0",
    "2.0,MYA-3,2023.0,3.0,X,Civilians,x,Bad,1.0,Somewhere,,,north,95.0,1.0,2023-03-01,,0,1,1,1",
]


def write(tmp_path, rows):
    path = tmp_path / "ged.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db
def test_it_imports_ucdp_events_with_place_and_ranges(tmp_path):
    summary = import_file(write(tmp_path, ROWS), "ucdp", progress=False)
    assert summary.created == 2
    assert [(e.line, e.field) for e in summary.errors] == [(4, "latitude")]
    gangaw = SourceReport.objects.get(external_id="512798")
    assert gangaw.place.township_id == "MMR009018" or gangaw.place.township.name_en == "Gangaw"
    assert gangaw.event_type == "Battles"
    massacre = SourceReport.objects.get(external_id="1")
    assert (massacre.killed_min, massacre.killed_max) == (30, 35)
    assert massacre.event_date_precision == "month"
    assert massacre.event_type == "Violence against civilians"
    assert massacre.source.kind == "dataset"


@pytest.mark.django_db
def test_reimporting_ucdp_adds_nothing(tmp_path):
    path = write(tmp_path, ROWS[:2])
    import_file(path, "ucdp", progress=False)
    assert import_file(path, "ucdp", progress=False).created == 0
    assert SourceReport.objects.count() == 2


@pytest.mark.django_db
def test_an_airstrike_in_armed_conflict_is_remote_violence_and_meets_its_other_reports(
    tmp_path,
):
    """UCDP files the military's airstrikes under armed conflict. As 'Battles', the Let Yet
    Kone school attack of the demo could never meet UNICEF's report of an attack on civilians
    (the two types rule a pair out): it was two incidents, and its children counted twice."""
    from thitsa.incidents.matching import match_reports
    from thitsa.incidents.models import Incident

    rows = [
        "10.0,MYA-1,2022.0,1.0,Government of Myanmar (Burma),PDF,x,"
        "School-hour airstrikes leave six children dead in Depayin,1.0,"
        "Let Yet Kone village,Sagaing region,Shwebo district,22.6547,95.3061,1.0,"
        "2022-09-16,2022-09-16,13.0,13.0,13.0,13.0",
        "11.0,MYA-2,2022.0,1.0,Government of Myanmar (Burma),PDF,x,Clashes near Kani,1.0,"
        "Kani town,Sagaing region,Monywa district,22.43,94.85,1.0,2022-09-16,2022-09-16,"
        "0.0,4.0,4.0,4.0",
    ]
    import_file(write(tmp_path, rows), "ucdp", progress=False)
    assert SourceReport.objects.get(external_id="10").event_type == "Explosions/Remote violence"
    assert SourceReport.objects.get(external_id="11").event_type == "Battles"

    unicef = tmp_path / "unicef.csv"
    unicef.write_text(
        "report_id,source,source_kind,title,text,event_date,place,event_type,targets,killed\n"
        "un-1,UNICEF,un,UNICEF condemns attack on school in Let Yet Kone,"
        "At least 11 children were killed in an attack on a school.,2022-09-16,"
        '"Let Yet Kone, Depayin",Violence against civilians,school,11\n',
        encoding="utf-8",
    )
    import_file(unicef, "thitsa", progress=False)
    match_reports()
    airstrike = SourceReport.objects.get(external_id="10").incident
    assert airstrike is not None
    assert SourceReport.objects.get(external_id="un-1").incident == airstrike
    assert Incident.objects.count() == 2


@pytest.mark.django_db
def test_in_armed_conflict_only_the_civilian_dead_count_as_killed(tmp_path):
    """UCDP's best estimate of an armed-conflict event counts the fighters of both sides: an
    airstrike filed so counted its soldiers among the killed a figure of attacks on civilians
    publishes. Killed is the civilians, up to the dead UCDP could not tell apart."""
    path = tmp_path / "ged.csv"
    path.write_text(
        "id,type_of_violence,side_a,source_headline,where_description,latitude,longitude,"
        "date_start,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low\n"
        "10,1,Government of Myanmar (Burma),Airstrike on village,Tabayin town,22.69,95.39,"
        "2023-03-01,3,2,4,1,10,12,9\n"
        "11,1,Government of Myanmar (Burma),Clash,Tabayin town,22.69,95.39,2023-03-02,"
        "6,5,0,0,11,11,11\n"
        "12,3,Government of Myanmar (Burma),Massacre,Tabayin town,22.69,95.39,2023-03-03,"
        "0,0,30,0,30,35,28\n",
        encoding="utf-8",
    )
    import_file(path, "ucdp", progress=False)
    killed = dict(
        SourceReport.objects.values_list("external_id", "killed_min").order_by("external_id")
    )
    ranges = {r.external_id: (r.killed_min, r.killed_max) for r in SourceReport.objects.all()}
    assert ranges == {"10": (4, 5), "11": (None, None), "12": (30, 35)}
    assert killed["10"] == 4
    # UCDP's own total stays beside the report.
    assert SourceReport.objects.get(external_id="10").extra["best"] == "10"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "where_prec, where_coordinates, stored",
    [
        ("1.0", "Hpa Lu village", True),  # the exact place
        ("2.0", "Hpa Lu village", True),  # within about 25 km of a known point
        ("3.0", "Hpapun district", False),  # the centroid of a district
        ("4.0", "Kayin state", False),  # the centroid of a state
        ("5.0", "Myanmar (Burma)-Thai border in Kayin state", False),  # a point on a border
        ("5.0", "Matupi - Mindat highway", False),  # a point on a road
        ("5.0", "Hpapun township", True),  # the centroid of a township: it locates the event
        ("5.0", "", False),
        ("6.0", "Myanmar (Burma)", False),  # the country
        ("", "", True),  # a file without where_prec: the point as it was given
    ],
)
def test_a_point_that_does_not_locate_the_event_stays_out_of_the_reports_coordinates(
    tmp_path, where_prec, where_coordinates, stored
):
    """UCDP gives every event a point, even one it knows only by its state or an area (the
    KNU-held Kawthoolei area, Kayin state); the point of such an event is the area's centre,
    not where it happened. The report keeps it aside in extra["ucdp_point"], so neither the
    map nor the township found from a point rests on it. A township's centroid locates the
    event to its township, as precisely as an incident's point is read."""
    path = tmp_path / "ged.csv"
    path.write_text(
        "id,type_of_violence,side_a,source_headline,where_prec,where_coordinates,"
        "where_description,adm_1,latitude,longitude,date_start,best,high,low\n"
        f"20,3,Government of Myanmar (Burma),Villagers killed,{where_prec},{where_coordinates},"
        "KNU-held Kawthoolei area,Kayin state,18.0,97.3,2023-03-01,2,2,2\n",
        encoding="utf-8",
    )
    import_file(path, "ucdp", progress=False)
    report = SourceReport.objects.get()
    if stored:
        assert (report.latitude, report.longitude) == (18.0, 97.3)
        assert "ucdp_point" not in report.extra
    else:
        assert (report.latitude, report.longitude) == (None, None)
        assert report.extra["ucdp_point"] == "18.0,97.3"
    assert report.extra.get("where_prec", "") == where_prec
    assert report.extra.get("where_coordinates", "") == where_coordinates


@pytest.mark.django_db
def test_a_row_cut_short_is_an_error_naming_its_line_and_the_columns_it_lacks(tmp_path):
    """A file whose last line was half written ("2,2025-05-12") was stored as an event with
    no place and no deaths."""
    summary = import_file(write(tmp_path, [*ROWS[:2], "2,MYA-3"]), "ucdp", progress=False)
    assert summary.created == 2
    assert [(e.line, e.field) for e in summary.errors] == [(4, "")]
    message = str(summary.errors[0])
    assert "2 of the 21 columns" in message
    assert "year" in message and "date_start" in message and "best" in message
    assert not SourceReport.objects.filter(external_id="2").exists()


@pytest.mark.django_db
def test_a_file_without_low_and_high_reads_the_best_estimate(tmp_path):
    """low and high are UCDP's bounds around its best estimate: a file that leaves them out
    (a selection of GED's columns) still has the event and its deaths."""
    path = tmp_path / "ged.csv"
    path.write_text(
        "id,type_of_violence,side_a,source_headline,where_description,adm_1,latitude,"
        "longitude,date_start,best\n"
        "30,3,Government of Myanmar (Burma),Villagers killed,Kin Ywa village,Sagaing region,"
        "22.1,95.1,2023-03-01,4\n",
        encoding="utf-8",
    )
    summary = import_file(path, "ucdp", progress=False)
    assert summary.errors == []
    report = SourceReport.objects.get(external_id="30")
    assert (report.killed_min, report.killed_max) == (4, 4)
    assert report.extra["best"] == "4" and "low" not in report.extra


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("best", "-5"),
        ("best", "inf"),
        ("best", "1e20"),
        ("best", "2.5"),
        ("deaths_civilians", "inf"),
    ],
)
def test_a_count_that_is_no_count_of_people_is_a_row_error(tmp_path, column, value):
    # -5 reached the database (a CHECK failed, and the good rows of its batch were lost with
    # it); inf and 1e20 stopped the import with Python's OverflowError.
    # ROWS[0] is armed conflict, whose killed are its civilian dead.
    good, base = (ROWS[1], ROWS[0]) if column == "deaths_civilians" else (ROWS[0], ROWS[1])
    bad = base.replace('"Irrawaddy,2024"', "Irrawaddy").split(",")
    bad[0] = "77.0"
    bad[HEADER.split(",").index(column)] = value
    summary = import_file(write(tmp_path, [good, ",".join(bad)]), "ucdp", progress=False)
    assert summary.created == 1
    [error] = summary.errors
    assert (error.line, error.field) == (3, column)
    assert f"{value!r} is not a count of people" in str(error)
