"""Evidence tests: a vault of their own in tmp_path, people with roles, files made here."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import make_person as person
from tests.conftest import sign_in

__all__ = ["person", "sign_in"]


@pytest.fixture(autouse=True)
def vault_dir(tmp_path, settings):
    """Each test's vault is a fresh folder (the "vault" storage alias, as settings.py builds it)."""
    location = tmp_path / "vault"
    settings.STORAGES = {
        **settings.STORAGES,
        "vault": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "file_permissions_mode": 0o444},
        },
    }
    return location


@pytest.fixture
def report(db):
    from thitsa.reports.models import Source, SourceReport

    source = Source.objects.create(name="Myanmar Now")
    return SourceReport.objects.create(
        import_key="ev-test-1", source=source, title="Airstrike on a school in Depayin"
    )


@pytest.fixture
def items(report):
    """A photo with four custody entries and a PDF with two, both linked to `report`."""
    import io

    from thitsa.evidence.models import Evidence

    from .files import jpeg_with_gps, pdf_with_author

    photo = Evidence.add(io.BytesIO(jpeg_with_gps()), name="a.jpg", by="daw.khin",
                         reports=[report])[0]  # fmt: skip
    pdf = Evidence.add(io.BytesIO(pdf_with_author()), name="b.pdf", by="daw.khin",
                       reports=[report])[0]  # fmt: skip
    photo.add_custody("downloaded", "ma.thida", {"file": "original"})
    photo.add_custody("downloaded", "ko.zaw", {"file": "original"})
    return photo, pdf


@pytest.fixture
def other_report(report):
    from thitsa.reports.models import SourceReport

    return SourceReport.objects.create(
        import_key="ev-test-2", source=report.source, title="Second account of the airstrike"
    )


@pytest.fixture
def public_incident(db):
    from thitsa.incidents.models import Incident

    return Incident.objects.create(
        public_id="MMR-2025-000901", date=dt.date(2025, 3, 14), visibility="public"
    )


@pytest.fixture
def documenter(db, client):
    return sign_in(client, person("documenter", "daw.khin"))


@pytest.fixture
def analyst(db, client):
    return sign_in(client, person("analyst", "ko.zaw"))


@pytest.fixture
def verifier(db, client):
    return sign_in(client, person("verifier", "ma.thida"))
