"""A small world for the public pages: one state, one township, one village; a source with two
reports (one with a witness); a public airstrike, a public shelling and a restricted incident."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.conftest import make_person, sign_in
from thitsa.incidents.models import Incident
from thitsa.places.models import Place
from thitsa.reports.models import Source, SourceReport, Witness

WITNESS_NAME = "Daw Secret Witness"
WITNESS_CONTACT = "+95 9 000 111 222"
SECRET_EXTRA = "extra-column-never-shown"
SOURCE_URL = "https://news.example.org/2025/03/airstrike-school"


def _place(pcode, **fields) -> Place:
    # update_or_create: the session may already hold the whole gazetteer.
    place, _ = Place.objects.update_or_create(pcode=pcode, defaults=fields)
    return place


@pytest.fixture
def world(db):
    state = _place(
        "MMR005",
        level="state",
        path="MMR005",
        name_en="Sagaing",
        name_my="စစ်ကိုင်းတိုင်းဒေသကြီး",
        lat=22.0,
        lon=95.5,
    )
    state.state = state
    state.save()
    district = _place(
        "MMR005D002",
        level="district",
        parent=state,
        path="MMR005/MMR005D002",
        name_en="Shwebo",
        name_my="ရွှေဘို",
        state=state,
    )
    township = _place(
        "MMR005010",
        level="township",
        parent=district,
        path="MMR005/MMR005D002/MMR005010",
        name_en="Tabayin",
        name_my="ဒီပဲယင်း",
        state=state,
        lat=22.64,
        lon=95.2,
    )
    township.township = township
    township.save()
    village = _place(
        "172637",
        level="village",
        parent=township,
        path="MMR005/MMR005D002/MMR005010/172637",
        name_en="Pazigyi",
        name_my="ပဇီကြီး",
        township=township,
        state=state,
        lat=22.70,
        lon=95.30,
    )

    airstrike = Incident.objects.create(
        public_id="MMR-2025-000001",
        date=date(2025, 3, 14),
        place=village,
        township=township,
        state=state,
        place_path=village.path,
        geo_precision="exact",
        latitude=22.701,
        longitude=95.301,
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        attack_means="airstrike_fixed_wing",
        targets=";school;residential;",
        weapons=";unguided_bomb;",
        perpetrator="Myanmar Air Force",
        killed_min=20,
        killed_max=25,
        injured_min=7,
        injured_max=7,
        killed_children_min=6,
        killed_children_max=8,
        grade="confirmed",
        source_count=2,
        visibility="public",
        summary_en="A jet bombed a village school.",
        summary_my="ဂျက်လေယာဉ်က ကျောင်းကို ဗုံးကြဲသည်။",
    )
    shelling = Incident.objects.create(
        public_id="MMR-2025-000002",
        date=date(2025, 2, 1),
        date_precision="month",
        place=township,
        township=township,
        state=state,
        place_path=township.path,
        event_type="Explosions/Remote violence",
        targets=";market;",
        perpetrator="Army",
        killed_min=3,
        killed_max=3,
        injured_min=1,
        injured_max=4,
        grade="fair",
        source_count=1,
        visibility="public",
    )
    hidden = Incident.objects.create(
        public_id="MMR-2025-000099",
        date=date(2025, 3, 20),
        place=village,
        township=township,
        state=state,
        place_path=village.path,
        event_type="Violence against civilians",
        killed_min=50,
        killed_max=60,
        grade="weak",
        visibility="restricted",
    )

    source = Source.objects.create(name="Myanmar Now", kind="media", reliability="B")
    report = SourceReport.objects.create(
        import_key="k1",
        source=source,
        url=SOURCE_URL,
        published_at=datetime(2025, 3, 15, 4, 0, tzinfo=UTC),
        language="en",
        title="Jets bomb school in Tabayin",
        text="...",
        event_date=date(2025, 3, 14),
        killed_min=20,
        killed_max=25,
        incident=airstrike,
        extra={"note": SECRET_EXTRA},
    )
    Witness.objects.create(report=report, name=WITNESS_NAME, contact=WITNESS_CONTACT)
    SourceReport.objects.create(
        import_key="k2",
        source=source,
        url="javascript:alert(1)",
        title="ကျောင်းကို ဗုံးကြဲ",
        language="my",
        event_date=date(2025, 3, 14),
        killed_min=22,
        incident=airstrike,
    )
    return {
        "state": state,
        "township": township,
        "village": village,
        "airstrike": airstrike,
        "shelling": shelling,
        "hidden": hidden,
    }


# In Tabayin, by its polygon; no place in the gazetteer is named by the report.
POINT = (22.651, 95.209)


@pytest.fixture
def pointed(world):
    """A public incident known only by its point: its one report's place text was not resolved
    (it scored below the resolver's acceptance), its coordinates lie in Tabayin."""
    incident = Incident.objects.create(
        public_id="MMR-2025-000003", date=date(2025, 4, 2), visibility="public"
    )
    SourceReport.objects.create(
        import_key="k3",
        source=Source.objects.get(name="Myanmar Now"),
        title="Drone strike on a farm near the river bend",
        event_type="Air/drone strike",
        event_date=date(2025, 4, 2),
        place_text="near the river bend",
        latitude=POINT[0],
        longitude=POINT[1],
        killed_min=1,
        killed_max=1,
        incident=incident,
    )
    incident.reconcile()
    return incident


@pytest.fixture
def vera(db):
    """A verifier, with a paired authenticator app."""
    return make_person("verifier", "vera")


@pytest.fixture
def staff(client, vera):
    """The test client, signed in as the verifier."""
    sign_in(client, vera)
    return client
