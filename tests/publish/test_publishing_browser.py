"""Issue 5's walk-through in a real browser: a verifier signs in with a TOTP code, adds a photo
to the vault, publishes it and the incident, and the public sees the incident and the photo's
public copy, never the witness, the file name or the photo's GPS; no page loads anything from
another origin."""

from __future__ import annotations

import io
from datetime import date

import exifread
import pytest

from tests.conftest import ARTIFACTS, make_person, sign_in_page
from tests.evidence.files import jpeg_with_gps
from thitsa.reports.models import Source, SourceReport, Witness

WITNESS = "Saw Sentinel Witness"
FILE_NAME = "IMG_4471_ko_aung_phone.jpg"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def restricted_case(world):
    """conftest's world (its restricted incident MMR-2025-000099) with a report and witness."""
    source = Source.objects.create(name="Field team", kind="cso", reliability="B")
    report = SourceReport.objects.create(
        import_key="field-1", source=source, title="Massacre at the monastery",
        text="Soldiers killed villagers sheltering in the monastery.", language="en",
        event_date=date(2025, 3, 20), incident=world["hidden"], killed_min=50,
    )  # fmt: skip
    Witness.objects.create(report=report, name=WITNESS, contact="+95 9 444")
    return {"report": report, "vera": make_person("verifier", "vera"), **world}


def test_a_verifier_signs_in_adds_evidence_publishes_and_the_public_sees_it(
    page, live_server, restricted_case, tmp_path
):
    site = live_server.url
    public_id = "MMR-2025-000099"
    assert page.goto(f"{site}/incidents/{public_id}/").status == 404

    page.goto(f"{site}/evidence/add/")
    page.wait_for_url("**/accounts/login/**")
    sign_in_page(page, restricted_case["vera"], "verifier", f"{site}/evidence/add/")

    photo = tmp_path / FILE_NAME
    photo.write_bytes(jpeg_with_gps())
    page.set_input_files("#id_file", str(photo))
    page.fill("#id_reports", str(restricted_case["report"].pk))
    page.fill("#id_incidents", public_id)
    page.click("main button[type=submit]")
    page.wait_for_url("**/evidence/*/")
    assert FILE_NAME in page.content()  # the restricted page shows what was received
    page.click("button:has-text('Publish the public copy')")
    page.wait_for_selector("text=Published")
    page.screenshot(path=str(ARTIFACTS / "evidence.png"), full_page=True)

    page.goto(f"{site}/review/incidents/{public_id}/")
    page.click(".publish-form button[value=publish]")
    page.wait_for_selector(f"text={public_id} is now public")
    page.click("header button:has-text('Sign out')")

    response = page.goto(f"{site}/incidents/{public_id}/")
    assert response.status == 200
    html = page.content()
    assert public_id in html
    # A group's own field report: its title is not public either (its team's words).
    assert "Massacre at the monastery" not in html
    assert WITNESS not in html and FILE_NAME not in html and "+95 9 444" not in html
    image = page.locator(".evidence img").first
    src = image.get_attribute("src")
    body = page.request.get(f"{site}{src}").body()
    tags = exifread.process_file(io.BytesIO(body), details=False)
    assert not [t for t in tags if t.startswith(("GPS", "Image Make", "Image Artist", "EXIF"))]
    page.screenshot(path=str(ARTIFACTS / "published-incident.png"), full_page=True)
    assert page.foreign == [] and page.errors == []
