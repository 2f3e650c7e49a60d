"""The upload form after a mistake in another field: the browser has dropped the chosen file, and
the form says so by the file field, naming it (it said nothing, and the file looked kept)."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thitsa.evidence.models import Evidence

from .files import jpeg_with_gps


def post(client, reports: str, with_file: bool = True) -> str:
    data = {"reports": reports}
    if with_file:
        data["file"] = SimpleUploadedFile("IMG_0042.jpg", jpeg_with_gps())
    response = client.post(reverse("evidence-add"), data)
    assert response.status_code == 200  # the form again
    return response.content.decode()


def file_errors(html: str) -> list[str]:
    field = re.search(
        r'<div class="field wide has-error">\s*<label for="id_file">.*?</div>', html, re.S
    )
    return re.findall(r'<p class="error">(.*?)</p>', field.group(0)) if field else []


def test_a_wrong_report_id_asks_for_the_file_again_by_name(client, documenter, db):
    html = post(client, "4242")
    assert "No such report: 4242" in html
    assert file_errors(html) == [
        "Choose the file again (IMG_0042.jpg): the browser cannot keep it when the form comes "
        "back with an error."
    ]
    assert not Evidence.objects.exists()


def test_it_asks_in_burmese_on_burmese_pages(client, documenter, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "my"
    html = post(client, "abc")
    assert file_errors(html) == [
        "ဖိုင်ကို ထပ်မံ ရွေးပါ (IMG_0042.jpg)။ ဖောင်ကို အမှားဖြင့် ပြန်ပြသောအခါ ဘရောက်ဆာက ရွေးထားသော ဖိုင်ကို မှတ်မထားနိုင်ပါ။"
    ]


def test_nothing_of_the_refused_upload_stays_on_the_server(client, documenter, db, vault_dir):
    post(client, "4242")
    assert not Evidence.objects.exists()
    assert not vault_dir.exists() or not any(p.is_file() for p in vault_dir.rglob("*"))


def test_a_missing_file_gets_only_the_usual_message(client, documenter, report):
    html = post(client, str(report.pk), with_file=False)
    assert file_errors(html) == ["This field is required."]
