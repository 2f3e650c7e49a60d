from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from thitsa.incidents.models import Incident
from thitsa.places.gazetteer import PLACE_MOVED, load_mimu_file
from thitsa.places.models import Place
from thitsa.places.resolver import resolve
from thitsa.places.retired import Row, successors
from thitsa.reports.models import Source, SourceReport

pytestmark = pytest.mark.django_db

KA_SIN_OLD, KA_SIN = "MMR013008001", "MMR013046002"  # Hlaingtharya, Hlaingtharya (East)


def test_a_moved_place_is_found_in_the_township_its_remark_names():
    """MIMU gives no column from a moved place's old P-code to its new one: the new row is
    the one of its name in the township the remark names, spelt as MIMU's remark spells it
    ("Napudaw" for Ngapudaw), renamed a little in the move, or a ward of its town's new row."""

    def row(pcode, level, tsp, tsp_name, name, my="", town="", change="", remark=""):
        return Row(pcode, level, "MMR017", tsp, tsp_name, name, my, town, change, remark)

    moved = "Change of Township"
    rows = [
        row("L1", "tract", "LAB", "Labutta", "Hpaung Doe", "ဖေါင်ဒိုး", change=moved,
            remark="Moved to Napudaw Township"),
        row("N1", "tract", "NGA", "Ngapudaw", "Hpaung Doe", "ဖေါင်ဒိုး"),
        row("W1", "tract", "WAK", "Wakema", "Hpaung Doe", "ဖေါင်ဒိုး"),
        row("L2", "tract", "LAB", "Labutta", "Ohn Ma Sun", "အုန်းမစွန်", change=moved,
            remark="All Villages Moved to Napudaw Tsp"),
        row("N2", "tract", "NGA", "Ngapudaw", "Ong Ma Sum", "အုန်းမစွမ်"),
        row("LT", "town", "LAB", "Labutta", "Hainggyikyun Town", change=moved,
            remark="Moved to Napudaw Township"),
        row("NT", "town", "NGA", "Ngapudaw", "Hainggyikyun Town"),
        row("LW", "ward", "LAB", "Labutta", "No (1) Ward", town="LT", change=moved,
            remark="Moved to Napudaw Township"),
        row("NW1", "ward", "NGA", "Ngapudaw", "No (1) Ward", town="NGA-TOWN"),
        row("NW2", "ward", "NGA", "Ngapudaw", "No (1) Ward", town="NT"),
        row("L3", "tract", "LAB", "Labutta", "Kan Chaing", "ကံချိုင်", change=moved,
            remark="Moved to Napudaw Township"),
        row("N3", "tract", "NGA", "Ngapudaw", "Kan Chaung", "ကန်ချောင်း"),
        row("D1", "tract", "LAB", "Labutta", "Gone", change="Delete"),
    ]  # fmt: skip
    assert successors(rows) == {"L1": "N1", "L2": "N2", "LT": "NT", "LW": "NW2", "L3": None,
                                "D1": None}  # fmt: skip


def test_the_bundled_gazetteer_leaves_out_places_mimu_moved_to_another_township():
    """Found by a place officer: the gazetteer kept the 93 places MIMU marks "Change of
    Township" beside their new rows, so "Ka Sin village tract, Hlaing Thar Yar Township" was
    the old tract (99.5, and imports accepted it) and "Hpaung Doe village tract" a tie between
    Labutta and Ngapudaw. A moved place's old name, where its new row lacks it, finds it."""
    assert not Place.objects.filter(pcode__in=[KA_SIN_OLD, "MMR017016071"]).exists()
    assert resolve("Ka Sin village tract, Hlaing Thar Yar Township")[0].pcode == KA_SIN
    found = resolve("Hpaung Doe village tract")
    assert found[0].pcode == "MMR017004071" and found[1].score < found[0].score
    assert resolve("Ah Pyin Pa Dan, Yangon Region")[0].township_pcode == "MMR013047"
    assert resolve("Hainggyikyun")[0].township_pcode == "MMR017004"
    assert resolve("Ohn Ma Sun")[0].pcode == "MMR015016025"  # now Ong Ma Sum, in Namhsan


def old_place(pcode, name, tract_of):
    """A place as a database loaded before the release that retired it holds it."""
    township = Place.objects.get(pcode=tract_of)
    return Place.objects.create(
        pcode=pcode, level="tract", parent=township, path=f"{township.path}/{pcode}",
        township=township, state_id=township.state_id, name_en=name,
    )  # fmt: skip


def placed_at(place, n):
    source, _ = Source.objects.get_or_create(name="Myanmar Now", defaults={"kind": "media"})
    report = SourceReport.objects.create(
        import_key=f"retired-{n}", source=source, external_id=str(n), title="Raid",
        event_date=date(2024, 3, 1), place=place, place_text=place.name_en,
    )  # fmt: skip
    incident = Incident.objects.create(
        public_id=f"MMR-2024-00090{n}", date=date(2024, 3, 1), place=place,
        township_id=place.township_id, state_id=place.state_id, place_path=place.path,
    )  # fmt: skip
    report.link_to(incident, 1.0, "test")
    return report, incident


def test_loading_the_bundled_gazetteer_moves_reports_from_a_place_mimu_moved():
    """Found by a place officer: on a database that holds a moved place's old P-code (as every
    one loaded before this release does), reports placed there stayed there, and the load
    left the old place beside its new row. The load now moves them to the new P-code, says
    so, and notes it in each report; the old place goes."""
    report, incident = placed_at(old_place(KA_SIN_OLD, "Ka Sin", "MMR013008"), 1)
    out = StringIO()
    call_command("places", "load", "--bundled", stdout=out)
    report.refresh_from_db()
    incident.refresh_from_db()
    assert report.place_id == KA_SIN
    assert [(m["from"], m["to"]) for m in report.extra[PLACE_MOVED]] == [(KA_SIN_OLD, KA_SIN)]
    assert "Moved to Hlaingtharya (East)" in report.extra[PLACE_MOVED][0]["why"]
    assert (incident.place_id, incident.township_id) == (KA_SIN, "MMR013046")
    assert incident.place_path.endswith(f"/MMR013046/{KA_SIN}")
    assert not Place.objects.filter(pcode=KA_SIN_OLD).exists()
    assert "1 reports and 1 incidents" in out.getvalue()


def test_a_mimu_file_moves_what_it_can_and_keeps_a_retired_place_still_in_use(tmp_path):
    """A user's MIMU release was loaded row for row: its deleted and moved rows came back as
    places. Now they are retired: a moved one's reports go to its new row; a deleted one that
    reports still use stays, named, so that they do not lose their place without a word."""
    report, _incident = placed_at(old_place(KA_SIN_OLD, "Ka Sin", "MMR013008"), 2)
    kept, _ = placed_at(old_place("MMR001004007", "Da Naing Yang", "MMR001004"), 3)
    old_place("MMR001004008", "In Htoi In Praw", "MMR001004")
    path = tmp_path / "tracts.csv"
    path.write_text(
        "SR_Pcode,SR_Name_Eng,District/SAZ_Pcode,District/SAZ_Name_Eng,Tsp_Pcode,"
        "Township_Name_Eng,VT_Pcode,Village_Tract_Name_Eng,Village_Tract_Name_MMR,Change_Type,"
        "Remark\n"
        "MMR013,Yangon,MMR013D001,Yangon (North),MMR013008,Hlaingtharya,MMR013008001,Ka Sin,"
        "ကစင်,Change of Township,Moved to Hlaingtharya (East)\n"
        "MMR013,Yangon,MMR013D001,Yangon (North),MMR013046,Hlaingtharya (East),MMR013046002,"
        "Ka Sin,ကစင်,,\n"
        "MMR001,Kachin,MMR001D001,Myitkyina,MMR001004,Tanai,MMR001004007,Da Naing Yang,,Delete,\n"
        "MMR001,Kachin,MMR001D001,Myitkyina,MMR001004,Tanai,MMR001004008,In Htoi In Praw,,"
        "Delete,\n",
        encoding="utf-8",
    )
    out = StringIO()
    assert load_mimu_file(path, out) == 1
    report.refresh_from_db()
    kept.refresh_from_db()
    assert report.place_id == KA_SIN
    assert kept.place_id == "MMR001004007"
    assert set(
        Place.objects.filter(pcode__in=[KA_SIN_OLD, "MMR001004007", "MMR001004008"]).values_list(
            "pcode", flat=True
        )
    ) == {"MMR001004007"}
    assert "Kept 1 places MIMU has retired" in out.getvalue()
    assert "MMR001004007" in out.getvalue()
