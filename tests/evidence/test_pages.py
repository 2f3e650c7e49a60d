import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thitsa.accounts.models import AccessLog
from thitsa.evidence.models import Evidence

from .conftest import person, sign_in
from .files import jpeg_with_gps


@pytest.fixture
def item(report):
    return Evidence.add(io.BytesIO(jpeg_with_gps()), name="IMG_0001.jpg", by="daw.khin",
                        reports=[report])[0]  # fmt: skip


def upload(client, report, data: bytes | None = None):
    data = data or jpeg_with_gps()
    return client.post(
        reverse("evidence-add"),
        {"file": SimpleUploadedFile("IMG_0042.jpg", data), "reports": str(report.pk)},
    )


def test_a_documenter_uploads_a_photo(client, documenter, report):
    assert client.get(reverse("evidence-add")).status_code == 200
    response = upload(client, report)
    ev = Evidence.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("evidence-detail", args=[ev.sha256])
    assert ev.original_name == "IMG_0042.jpg" and ev.added_by == "daw.khin"
    assert ev.visibility == "restricted"
    assert list(ev.reports.all()) == [report]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert ev.sha256 in page.content.decode()


def test_the_upload_form_names_an_unknown_report(client, documenter, db):
    response = client.post(
        reverse("evidence-add"),
        {"file": SimpleUploadedFile("a.jpg", jpeg_with_gps()), "reports": "4242"},
    )
    assert response.status_code == 200
    assert "No such report: 4242" in response.content.decode()
    assert not Evidence.objects.exists()


def test_the_item_page_shows_near_duplicates(client, documenter, report):
    from .files import resized_recompressed

    photo = jpeg_with_gps(seed=3)
    upload(client, report, photo)
    response = client.post(
        reverse("evidence-add"),
        {"file": SimpleUploadedFile("small.jpg", resized_recompressed(photo)),
         "reports": str(report.pk)},
    )  # fmt: skip
    first = Evidence.objects.get(original_name="IMG_0042.jpg")
    page = client.get(response["Location"]).content.decode()
    assert "Near-duplicates" in page and first.sha256[:14] in page


def test_the_upload_page_sends_anonymous_visitors_to_sign_in(client, report):
    assert client.get(reverse("evidence-add")).status_code == 302
    response = upload(client, report)
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Evidence.objects.exists()


def test_the_upload_page_is_refused_to_an_analyst(client, analyst, report):
    assert client.get(reverse("evidence-add")).status_code == 403
    assert upload(client, report).status_code == 403
    assert not Evidence.objects.exists()


def test_a_password_without_the_second_factor_is_not_enough(client, report):
    user = person("documenter", "half.signed.in")
    client.force_login(user)
    assert client.get(reverse("evidence-add")).status_code == 302


def test_anonymous_visitors_cannot_download_a_restricted_original(client, item):
    assert client.get(reverse("evidence-original", args=[item.sha256])).status_code == 404
    assert client.get(reverse("evidence-public", args=[item.public_sha256])).status_code == 404
    assert client.get(reverse("evidence-detail", args=[item.sha256])).status_code == 302


def test_an_analyst_cannot_download_an_original(client, analyst, item):
    assert client.get(reverse("evidence-original", args=[item.sha256])).status_code == 404
    assert client.get(reverse("evidence-detail", args=[item.sha256])).status_code == 403


def test_a_download_of_the_original_is_logged(client, documenter, item):
    response = client.get(reverse("evidence-original", args=[item.sha256]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == jpeg_with_gps()
    assert response["Content-Disposition"].startswith("attachment")
    log = AccessLog.objects.get(action="download")
    assert (log.username, log.object_type, log.object_id, log.via) == (
        "daw.khin",
        "evidence",
        str(item.pk),
        "page",
    )
    entry = item.custody.order_by("seq").last()
    assert (entry.action, entry.actor) == ("downloaded", "daw.khin")


def test_a_verifier_publishes_and_the_public_sees_only_the_public_copy(
    client, item, public_incident
):
    item.incidents.add(public_incident)
    sign_in(client, person("verifier", "ma.thida"))
    response = client.post(reverse("evidence-publish", args=[item.sha256]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.visibility == "public"
    assert item.custody.filter(action="published", actor="ma.thida").exists()
    client.logout()
    public = client.get(reverse("evidence-public", args=[item.public_sha256]))
    assert public.status_code == 200 and public["Content-Type"] == "image/jpeg"
    assert b"Canon" not in b"".join(public.streaming_content)
    assert client.get(reverse("evidence-original", args=[item.sha256])).status_code == 404


def test_a_published_copy_is_served_though_a_restricted_twin_shares_it(
    client, item, report, public_incident
):
    """Found by a security review: the same picture with a trailer made another item with the
    same public copy; published, the first copy answered 404 (its restricted twin was found)."""
    twin = Evidence.add(io.BytesIO(jpeg_with_gps() + b"trailer"), name="IMG_0002.jpg",
                        by="daw.khin", reports=[report])[0]  # fmt: skip
    assert twin.pk != item.pk and twin.public_sha256 == item.public_sha256
    for published in (item, twin):  # whichever of the two comes first
        Evidence.objects.filter(pk__in=[item.pk, twin.pk]).update(visibility="restricted")
        published.incidents.add(public_incident)
        published.publish("ma.thida")
        response = client.get(reverse("evidence-public", args=[item.public_sha256]))
        assert response.status_code == 200, published


def test_a_published_copy_stays_hidden_until_its_incident_is_public(client, item, db):
    import datetime as dt

    from thitsa.incidents.models import Incident

    hidden = Incident.objects.create(
        public_id="MMR-2025-000902", date=dt.date(2025, 3, 1), visibility="restricted"
    )
    item.incidents.add(hidden)
    item.publish("ma.thida")
    assert client.get(reverse("evidence-public", args=[item.public_sha256])).status_code == 404


def test_a_documenter_cannot_publish(client, documenter, item):
    response = client.post(reverse("evidence-publish", args=[item.sha256]))
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.visibility == "restricted"


def test_the_list_shows_the_vault_to_a_documenter(client, documenter, item):
    response = client.get(reverse("evidence-list"))
    assert response.status_code == 200
    assert item.sha256[:14] in response.content.decode()


def test_an_upload_goes_to_a_temporary_file_never_to_memory(client, documenter, report,
                                                             monkeypatch):  # fmt: skip
    from django.core.files.uploadedfile import TemporaryUploadedFile

    seen = []
    real_add = Evidence.add.__func__
    monkeypatch.setattr(Evidence, "add", classmethod(
        lambda cls, fh, **kw: seen.append(type(fh)) or real_add(cls, fh, **kw)
    ))  # fmt: skip
    assert upload(client, report).status_code == 302
    assert seen == [TemporaryUploadedFile]


def test_an_upload_without_the_csrf_token_is_refused(db, report):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    sign_in(client, person("documenter", "daw.khin"))
    assert upload(client, report).status_code == 403
    assert not Evidence.objects.exists()
    form = client.get(reverse("evidence-add"))
    token = form.context["csrf_token"]
    response = client.post(
        reverse("evidence-add"),
        {"file": SimpleUploadedFile("a.jpg", jpeg_with_gps()), "reports": str(report.pk),
         "csrfmiddlewaretoken": str(token)},
    )  # fmt: skip
    assert response.status_code == 302 and Evidence.objects.count() == 1


def test_the_custody_log_speaks_burmese_with_ids_in_ascii(client, documenter, item, report):
    """Found by a review of the Burmese pages: the custody log's details were English keys
    ("name", "reports") and report ids in Burmese digits, against the glossary's rule that
    ids stay ASCII."""
    client.cookies["django_language"] = "my"
    html = client.get(reverse("evidence-detail", args=[item.sha256])).content.decode()
    log = html[html.index('class="custody"') :]
    assert f"သတင်းပို့ချက်များ: {report.pk}" in log
    assert "ဖိုင်အမည်: IMG_0001.jpg" in log
    assert "reports:" not in log and "name:" not in log
