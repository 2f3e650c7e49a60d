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
