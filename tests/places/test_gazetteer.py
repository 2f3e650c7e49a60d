from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from thitsa.places.gazetteer import GazetteerFileError, load_bundled, load_mimu_file
from thitsa.places.models import Place
from thitsa.places.resolver import resolve

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        level: Place.objects.filter(level=level).count()
        for level in ("country", "state", "district", "township", "town", "tract", "ward",
                      "village")
    }  # fmt: skip


def test_the_bundled_gazetteer_has_every_level():
    c = counts()
    assert c["country"] == 1
    assert c["state"] == 18
    assert 80 <= c["district"] <= 90
    assert 330 <= c["township"] <= 360
    assert c["town"] > 500 and c["tract"] > 13_000 and c["ward"] > 3_000
    assert c["village"] > 70_000


def test_loading_it_again_changes_nothing():
    before = counts()
    load_bundled()
    assert counts() == before


def test_places_know_their_township_state_and_path():
    village = Place.objects.get(pcode="172637")
    assert village.name_en == "Oe Htein Kwin (North)"
    assert village.township_id == "MMR005010"
    assert village.state_id == "MMR005"
    assert village.path == "MMR/MMR005/MMR005D002/MMR005010/MMR005010055/172637"
    tabayin = Place.objects.get(pcode="MMR005010")
    assert tabayin.township_id == "MMR005010"
    assert "Depayin" in tabayin.alt_names
    assert tabayin.lat and tabayin.lon


MIMU_VILLAGES = (
    "SR_Pcode,SR_Name_Eng,District/SAZ_Pcode,District/SAZ_Name_Eng,Tsp_Pcode,Township_Name_Eng,"
    "VT_Pcode,Village_Tract_Name_Eng,Village_Pcode,Village_Name_Eng,Village_Name_MMR,"
    "Longitude,Latitude\n"
    "MMR005,Sagaing,MMR005D002,Shwebo,MMR005010,Tabayin,MMR005010055,Chon Ywar,999001,"
    "Zin Zin Kone,ဇင်ဇင်ကုန်း,95.21,22.65\n"
    "MMR005,Sagaing,MMR005D002,Shwebo,MMR005010,Tabayin,MMR005010999,New Tract,999002,"
    "Ywar Thit Lay,ရွာသစ်လေး,,\n"
)


def test_it_loads_a_mimu_village_file_and_the_resolver_sees_it(tmp_path):
    path = tmp_path / "villages.csv"
    path.write_text(MIMU_VILLAGES, encoding="utf-8")
    assert load_mimu_file(path) == 2
    village = Place.objects.get(pcode="999001")
    assert (village.level, village.parent_id, village.township_id) == (
        "village", "MMR005010055", "MMR005010")  # fmt: skip
    assert village.lat == 22.65
    assert Place.objects.get(pcode="MMR005010999").level == "tract"  # a new ancestor is added
    assert Place.objects.get(pcode="MMR005010").name_en == "Tabayin"  # known ones are kept
    assert resolve("Zin Zin Kone, Depayin")[0].pcode == "999001"
    assert load_mimu_file(path) == 2  # again: same rows, no duplicates
    assert Place.objects.filter(pcode="999001").count() == 1


def test_it_reads_xlsx_with_a_title_row(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["MIMU Village P-codes 9.6"])
    for line in MIMU_VILLAGES.strip().splitlines():
        ws.append(line.split(","))
    wb.save(tmp_path / "v.xlsx")
    assert load_mimu_file(tmp_path / "v.xlsx") == 2


def test_a_bad_file_gets_an_error_naming_file_row_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(MIMU_VILLAGES.replace("999002,Ywar Thit Lay", "999002,"), encoding="utf-8")
    with pytest.raises(GazetteerFileError, match=r"bad.csv: row 3: column Village_Name_Eng"):
        load_mimu_file(path)
    path.write_text("name,lat\nfoo,1\n", encoding="utf-8")
    with pytest.raises(GazetteerFileError, match="no P-code column"):
        load_mimu_file(path)


def test_a_file_it_cannot_read_is_named_not_a_traceback(tmp_path):
    (tmp_path / "villages.xlsx").write_text(MIMU_VILLAGES, encoding="utf-8")  # a CSV, misnamed
    (tmp_path / "cut.xlsx").write_bytes(b"PK\x03\x04 and then nothing")
    # "Thít" as a Windows spreadsheet saves it
    (tmp_path / "latin1.csv").write_bytes(MIMU_VILLAGES.encode().replace(b"Thit", b"Th\xedt"))
    before = counts()
    for name, says in [
        ("cut.xlsx", "cut.xlsx: not an Excel workbook, or one cut short"),
        ("latin1.csv", "latin1.csv: not UTF-8 text"),
        ("", "a folder; give the P-code file itself"),
    ]:
        with pytest.raises(CommandError, match=says):
            call_command("places", "load", str(tmp_path / name))
    with pytest.raises(GazetteerFileError, match="not an Excel workbook"):
        load_mimu_file(tmp_path / "villages.xlsx")
    assert counts() == before


def test_place_resolve_command_prints_json(capsys):
    call_command("place", "resolve", "Kantbalu", "--json", "--limit", "2")
    out = capsys.readouterr().out
    assert '"query": "Kantbalu"' in out and '"pcode": "MMR005007"' in out


def test_place_resolve_command_says_no_match(capsys):
    call_command("place", "resolve", "qwxz zzyq")
    assert "no match" in capsys.readouterr().out


def test_a_file_with_blank_cells_keeps_what_the_gazetteer_knew(tmp_path):
    """A township file without Burmese names or points used to blank Tabayin's ဒီပဲယင်း and its
    other spellings: every Burmese search and figure for the township then found nothing."""
    before = Place.objects.get(pcode="MMR005010")
    assert before.name_my and before.alt_names and before.lat
    path = tmp_path / "townships.csv"
    path.write_text(
        "SR_Pcode,SR_Name_Eng,District/SAZ_Pcode,District/SAZ_Name_Eng,Tsp_Pcode,"
        "Township_Name_Eng,Tsp_Name_MMR,Longitude,Latitude\n"
        "MMR005,Sagaing,MMR005D002,Shwebo,MMR005010,Tabayin,,,\n",
        encoding="utf-8",
    )
    load_mimu_file(path)
    after = Place.objects.get(pcode="MMR005010")
    assert (after.name_my, after.lat, after.lon) == (before.name_my, before.lat, before.lon)
    assert set(before.alt_names) <= set(after.alt_names)
    assert resolve("ဒီပဲယင်း")[0].pcode == "MMR005010"
