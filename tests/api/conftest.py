"""A small world for the API: two public incidents and a restricted one, reports (one with a
witness and extra columns), two sources, two evidence items, and a token for each role.

Sentinel strings are planted in everything restricted, so a test can search whole answers."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import make_person
from thitsa.accounts.models import ApiToken
from thitsa.evidence.models import Evidence
from thitsa.incidents.models import Incident
from thitsa.reports.models import Source, SourceReport, Witness

ROLES = ["analyst", "documenter", "verifier", "admin"]
CALLERS = ["anonymous", *ROLES]
# Roles that may see restricted incidents, reports and evidence.
SEES_RESTRICTED = {"documenter", "verifier", "admin"}

# In nobody's answer, ever.
NEVER = {
    "witness name": "Daw Sentinel Witness Name",
    "witness contact": "+95-9-SENTINEL-CONTACT",
    "witness notes": "sentinel-witness-notes",
    "extra column": "sentinel-extra-column-value",
}
# Only in answers to roles that may see restricted records.
RESTRICTED = {
    "restricted incident": "MMR-2025-000903",
    "restricted summary": "sentinel-restricted-summary",
    "report text": "sentinel-report-text",
    "witness source": "Sentinel Witness Channel",
    "original file name": "sentinel-original-name.jpg",
    "GPS in metadata": "sentinel-gps-19.7450",
    "restricted evidence": "e" * 64,
}


def _incident(public_id, day, visibility, **fields):
    return Incident.objects.create(
        public_id=public_id, date=day, visibility=visibility, place_id="MMR005010",
        township_id="MMR005010", state_id="MMR005", event_type="Explosions/Remote violence",
        grade="fair", **fields,
    )  # fmt: skip


@pytest.fixture
def world(db):
    public = _incident(
        "MMR-2025-000901", dt.date(2025, 3, 14), "public", targets=";school;",
        weapons=";aerial_bomb;", killed_min=20, killed_max=25, latitude=22.6, longitude=95.2,
        summary_en="Airstrike on a school in Depayin",
    )  # fmt: skip
    shelling = _incident("MMR-2025-000902", dt.date(2025, 4, 1), "public", killed_min=3)
    secret = _incident(
        RESTRICTED["restricted incident"], dt.date(2025, 5, 1), "restricted", killed_min=7,
        summary_en=RESTRICTED["restricted summary"],
    )  # fmt: skip
    outlet = Source.objects.create(name="Myanmar Now", kind="media", reliability="B")
    channel = Source.objects.create(name=RESTRICTED["witness source"], kind="witness")
    told = SourceReport.objects.create(
        import_key="api-1", source=outlet, title="Jets bomb a school",
        url="https://news.example.org/school", text=RESTRICTED["report text"],
        incident=public, killed_min=20, killed_max=25, extra={"notes": NEVER["extra column"]},
        place_candidates=[{"pcode": "MMR005010", "score": 90}],
    )  # fmt: skip
    Witness.objects.create(
        report=told, name=NEVER["witness name"], contact=NEVER["witness contact"],
        notes=NEVER["witness notes"],
    )  # fmt: skip
    hidden = SourceReport.objects.create(
        import_key="api-2", source=channel, title="A witness account", incident=secret,
        text=RESTRICTED["report text"], extra={"x": NEVER["extra column"]},
    )  # fmt: skip
    Witness.objects.create(report=hidden, name=NEVER["witness name"], notes=NEVER["witness notes"])
    loose = SourceReport.objects.create(import_key="api-3", source=outlet, title="Unlinked")
    photo = Evidence.objects.create(
        sha256="a" * 64, size=1234, media_type="image/jpeg", public_sha256="b" * 64,
        public_media_type="image/jpeg", visibility="public", added_by="daw.khin",
        original_name=RESTRICTED["original file name"],
        metadata={"GPSLatitude": RESTRICTED["GPS in metadata"]}, lat=22.6, lon=95.2,
    )  # fmt: skip
    photo.incidents.add(public)
    photo.reports.add(told)
    kept = Evidence.objects.create(
        sha256=RESTRICTED["restricted evidence"], size=99, media_type="video/mp4",
        added_by="daw.khin", original_name=RESTRICTED["original file name"],
        metadata={"GPSLatitude": RESTRICTED["GPS in metadata"]},
    )  # fmt: skip
    kept.incidents.add(secret)
    return {
        "public": public, "shelling": shelling, "secret": secret, "told": told,
        "hidden": hidden, "loose": loose, "photo": photo, "kept": kept,
    }  # fmt: skip


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Personas are made per test (and per schemathesis operation): Argon2 would dominate.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def headers(db):
    """headers(role) -> the request headers of that caller (anonymous: none)."""
    made = {}

    def of(role: str) -> dict:
        if role == "anonymous":
            return {}
        if role not in made:
            _token, key = ApiToken.issue(make_person(role), "test")
            made[role] = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
        return made[role]

    return of


def body_of(response) -> str:
    """The whole answer as text (a streamed one is read once, then kept)."""
    if not hasattr(response, "body_text"):
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        response.body_text = raw.decode()
    return response.body_text


def leaks(text: str, role: str) -> list[str]:
    """The sentinels in `text` that this caller must not see."""
    forbidden = dict(NEVER)
    if role not in SEES_RESTRICTED:
        forbidden.update(RESTRICTED)
    return [what for what, value in forbidden.items() if value in text]
