"""POST /api/v1/evidence: documenters and above add files to the vault with a token."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from thitsa.evidence.models import Evidence


@pytest.fixture(autouse=True)
def vault_dir(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "vault": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "vault", "file_permissions_mode": 0o444},
        },
    }


def png(name="photo.png"):
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    out.seek(0)
    out.name = name
    return out


def test_a_documenter_adds_a_file_and_the_same_bytes_again_are_the_same_item(
    client, world, headers
):
    r = client.post(
        "/api/v1/evidence",
        {"file": png(), "incidents": ["MMR-2025-000901"], "reports": [world["told"].pk]},
        **headers("documenter"),
    )
    assert r.status_code == 201, r.content
    item = r.json()
    assert item["media_type"] == "image/png"
    assert item["visibility"] == "restricted"
    assert item["incidents"] == ["MMR-2025-000901"]
    assert item["reports"] == [world["told"].pk]
    again = client.post("/api/v1/evidence", {"file": png("copy.png")}, **headers("documenter"))
    assert again.status_code == 200
    assert again.json()["sha256"] == item["sha256"]


def test_the_public_cannot_add_and_an_analyst_may_not(client, world, headers):
    assert client.post("/api/v1/evidence", {"file": png()}).status_code == 401
    r = client.post("/api/v1/evidence", {"file": png()}, **headers("analyst"))
    assert r.status_code == 403


def test_a_link_to_a_missing_incident_is_a_422_naming_it(client, world, headers):
    r = client.post(
        "/api/v1/evidence", {"file": png(), "incidents": ["MMR-2025-999999"]},
        **headers("verifier"),
    )  # fmt: skip
    assert r.status_code == 422
    assert r.json()["errors"][0]["parameter"] == "incidents"


def test_an_empty_file_is_a_422_naming_it(client, world, headers):
    empty = io.BytesIO(b"")
    empty.name = "empty.bin"
    r = client.post("/api/v1/evidence", {"file": empty}, **headers("documenter"))
    assert r.status_code == 422
    assert r.json()["errors"][0] == {"parameter": "file", "message": "the file is empty"}
    assert not Evidence.objects.filter(size=0).exists()


def test_a_signed_in_browser_must_send_the_csrf_token_to_add(world):
    from django.test import Client

    from tests.conftest import make_person, sign_in

    browser = Client(enforce_csrf_checks=True)
    sign_in(browser, make_person("documenter"))
    refused = browser.post("/api/v1/evidence", {"file": png()})
    # 403 naming the header, not a 401 asking for a bearer token the browser does not need.
    assert refused.status_code == 403 and "WWW-Authenticate" not in refused
    assert refused.json()["errors"][0]["parameter"] == "X-CSRFToken"
