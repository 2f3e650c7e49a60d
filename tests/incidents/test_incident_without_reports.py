"""An incident whose last report is deleted, or merged into another incident, rests on nothing:
no counts, graded discounted (figures leave it out by default), and no verifier may publish it.
Its date and place stay, to say what it was; what its reports told of it goes with them."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from tests.incidents.test_matching import LET_YET_KONE_TABAYIN, OE_HTEIN_KWIN_NORTH, report
from thitsa.figures.query import Filters, evaluate
from thitsa.incidents.matching import match_reports
from thitsa.incidents.models import Incident
from thitsa.reports.models import SourceReport
from thitsa.reports.records import COUNT_COLUMNS

pytestmark = pytest.mark.django_db


def airstrike(place=OE_HTEIN_KWIN_NORTH, day="2025-05-12") -> Incident:
    report(
        "Myanmar Now", day, place, event_type="Air/drone strike", title="Jet bombs school",
        killed_min=6, killed_max=9, injured_min=2, injured_max=2, killed_children_min=1,
        killed_children_max=1,
    )  # fmt: skip
    match_reports()
    incident = Incident.objects.get(reports__place_id=place, date=day)
    incident.grade_override = "confirmed"  # a verifier's grade: nothing stands behind it now
    incident.visibility = "public"
    incident.save()
    incident.reconcile()
    assert (incident.killed_min, incident.grade, incident.source_count) == (6, "confirmed", 1)
    return incident


def delete_in_the_admin(client, signed_in, incident):
    signed_in("admin")
    pk = incident.reports.get().pk
    response = client.post(f"/admin/reports/sourcereport/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302


def delete_selected_in_the_admin(client, signed_in, incident):
    signed_in("admin")
    response = client.post(
        "/admin/reports/sourcereport/",
        {"action": "delete_selected", "post": "yes",
         "_selected_action": [r.pk for r in incident.reports.all()]},
    )  # fmt: skip
    assert response.status_code == 302


def merge_into_another(client, signed_in, incident):
    other = airstrike(LET_YET_KONE_TABAYIN, "2025-06-01")
    incident.merge_into(other, by="verifier")
    other.refresh_from_db()
    assert (other.killed_min, other.source_count) == (6, 1)


@pytest.mark.parametrize(
    "remove", [delete_in_the_admin, delete_selected_in_the_admin, merge_into_another]
)
def test_an_incident_left_without_reports_keeps_no_figures(client, signed_in, remove):
    incident = airstrike()
    remove(client, signed_in, incident)
    assert not SourceReport.objects.filter(incident=incident).exists()
    incident.refresh_from_db()
    assert [getattr(incident, name) for name in COUNT_COLUMNS] == [0] * len(COUNT_COLUMNS)
    assert (incident.source_count, incident.grade) == (0, "discounted")
    # When and where it was stays; what reports it no longer has told of it goes.
    assert (str(incident.date), incident.place_id) == ("2025-05-12", OE_HTEIN_KWIN_NORTH)
    told = ("summary_en", "event_type", "attack_means", "targets", "perpetrator", "latitude")
    assert [getattr(incident, name) for name in told] == ["", "", "", "", "", None]
    assert incident.public_id not in evaluate("killed", Filters()).incidents
    if incident.merged_into_id is None:
        client.logout()  # as the public sees it (and without the admin's "deleted" message)
        html = client.get(reverse("incident-detail", args=[incident.public_id])).content.decode()
        assert "at least 6" not in html and "none reported" in html
        assert "Jet bombs school" not in html


def test_an_incident_without_reports_is_not_published(client, signed_in):
    incident = airstrike()
    incident.visibility = "restricted"
    incident.save()
    incident.reports.all().delete()
    incident.reconcile()
    verifier = signed_in("verifier")
    with pytest.raises(ValueError, match="no reports"):
        incident.publish(verifier)
    response = client.post(
        reverse("review-publish", args=[incident.public_id]), {"action": "publish"}, follow=True
    )
    assert "has no reports: link a report to it before publishing it." in (
        response.content.decode()
    )
    incident.refresh_from_db()
    assert incident.visibility == "restricted"
    assert not LogEntry.objects.filter(object_id=str(incident.pk)).exists()


def test_an_incident_without_reports_can_still_be_withdrawn(client, signed_in):
    incident = airstrike()
    incident.reports.all().delete()
    incident.reconcile()
    signed_in("verifier")
    client.post(reverse("review-publish", args=[incident.public_id]), {"action": "withdraw"})
    incident.refresh_from_db()
    assert incident.visibility == "restricted"


def test_the_admin_does_not_publish_an_incident_without_reports(client, signed_in):
    from django.contrib import admin

    incident = airstrike()
    incident.visibility = "restricted"
    incident.save()
    incident.reports.all().delete()
    incident.reconcile()
    signed_in("admin")
    url = f"/admin/incidents/incident/{incident.pk}/change/"
    request = client.get(url).wsgi_request
    form = admin.site._registry[Incident].get_form(request, incident)(instance=incident)
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    data.update(visibility="public")
    data.update({"reports-TOTAL_FORMS": 0, "reports-INITIAL_FORMS": 0})
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert "has no reports: link a report to it" in response.content.decode()
    incident.refresh_from_db()
    assert incident.visibility == "restricted"


def test_its_public_page_says_it_has_no_source_left(client, signed_in):
    incident = airstrike()
    delete_in_the_admin(client, signed_in, incident)
    client.logout()
    html = client.get(reverse("incident-detail", args=[incident.public_id])).content.decode()
    assert "This incident no longer has any source: its figures are not counted." in html
