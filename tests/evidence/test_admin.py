import io

from django.urls import reverse

from thitsa.evidence.models import Evidence

from .conftest import person, sign_in
from .files import jpeg_with_gps


def signed_in_admin(client):
    admin = person("admin", "admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    sign_in(client, admin)


def test_the_admin_shows_an_item_with_its_custody_log_read_only(client, report):
    ev = Evidence.add(io.BytesIO(jpeg_with_gps()), name="a.jpg", by="daw.khin",
                      reports=[report])[0]  # fmt: skip
    signed_in_admin(client)
    assert client.get(reverse("admin:evidence_evidence_changelist")).status_code == 200
    page = client.get(reverse("admin:evidence_evidence_change", args=[ev.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert ev.custody.first().entry_hash in html
    assert 'name="custody-0-actor"' not in html  # no editable custody fields
    assert client.get(reverse("admin:evidence_evidence_add")).status_code == 403


def test_reading_an_item_or_a_report_in_the_admin_is_logged(client, report):
    """Found by a security review: the admin showed an item's GPS and a testimony's whole text
    and left no line in the access log, which the README says records restricted reads."""
    from thitsa.accounts.models import AccessLog

    ev = Evidence.add(io.BytesIO(jpeg_with_gps()), name="a.jpg", by="daw.khin",
                      reports=[report])[0]  # fmt: skip
    signed_in_admin(client)
    client.get(reverse("admin:evidence_evidence_change", args=[ev.pk]))
    client.get(reverse("admin:reports_sourcereport_change", args=[report.pk]))
    logged = set(AccessLog.objects.values_list("action", "object_type", "object_id", "via"))
    assert logged == {("view", "evidence", str(ev.pk), "admin"),
                      ("view", "report", str(report.pk), "admin")}  # fmt: skip
