"""A small world to search: a public airstrike with two reports (one with a witness and a
hostile title), a restricted incident with a report, and a report not yet matched."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.conftest import make_person
from thitsa.incidents.models import Incident
from thitsa.reports.models import Source, SourceReport, Witness

WITNESS_NAME = "Daw Hnin Secretwitness"
WITNESS_CONTACT = "+95 9 000 111 222"
SECRET_EXTRA = "extracolumnsecret"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def world(db):
    airstrike = Incident.objects.create(
        public_id="MMR-2025-000001",
        date=date(2025, 3, 14),
        event_type="Explosions/Remote violence",
        targets=";school;residential;",
        perpetrator="Myanmar Air Force",
        summary_en="A jet bombed a village school in Tabayin township.",
        # Typed on a Zawgyi phone: the index reads it as Unicode.
        summary_my="ဒီပဲယင္းၿမိဳ႕နယ္ ေက်ာင္းကို ေလေၾကာင္းတိုက္ခိုက္",
        source_count=2,
        visibility="public",
    )
    hidden = Incident.objects.create(
        public_id="MMR-2025-000099",
        date=date(2025, 3, 20),
        event_type="Violence against civilians",
        summary_en="Massacre near Tabayin, under verification.",
        visibility="restricted",
    )
    source = Source.objects.create(name="Myanmar Now", kind="media", reliability="B")
    report = SourceReport.objects.create(
        import_key="k1",
        source=source,
        url="https://news.example.org/a",
        published_at=datetime(2025, 3, 15, 4, 0, tzinfo=UTC),
        language="en",
        title=f"Jets bomb school in Tabayin {HOSTILE}",
        text=f"Twenty-two people were killed when jets bombed the school. {HOSTILE}",
        place_text="Tabayin township",
        incident=airstrike,
        extra={"note": SECRET_EXTRA},
    )
    Witness.objects.create(report=report, name=WITNESS_NAME, contact=WITNESS_CONTACT)
    burmese = SourceReport.objects.create(
        import_key="k2",
        source=source,
        language="my",
        title="ဒီပဲယင်းမြို့နယ် ကျောင်းကို ဗုံးကြဲ",
        text="ဂျက်လေယာဉ်က ကျောင်းကို ဗုံးကြဲရာ ၂၂ ဦး သေဆုံးခဲ့သည်။",
        incident=airstrike,
    )
    secret = SourceReport.objects.create(
        import_key="k3", source=source, title="Massacre report from Tabayin", incident=hidden
    )
    unmatched = SourceReport.objects.create(
        import_key="k4", source=source, title="Shelling in Kani township, not yet matched"
    )
    return {
        "airstrike": airstrike,
        "hidden": hidden,
        "report": report,
        "burmese": burmese,
        "secret": secret,
        "unmatched": unmatched,
    }


@pytest.fixture
def staff(db):
    return make_person("verifier", "verifier")
