"""A verifier's change waits for a bulk match to end (thitsa.publish.turns): a split during a
run took the public id the run had given one of its new incidents, and the run's insert failed
with every link it had made."""

from __future__ import annotations

import threading

import pytest
from django.urls import reverse

from tests.conftest import make_person, sign_in
from tests.incidents.test_matching import LET_YET_KONE_TABAYIN, OE_HTEIN_KWIN_NORTH, report
from thitsa import exclusive
from thitsa.incidents import matching
from thitsa.incidents.matching import match_reports
from thitsa.incidents.models import Incident
from thitsa.places.gazetteer import load_bundled
from thitsa.places.models import Place
from thitsa.publish import turns
from thitsa.reports.models import SourceReport


@pytest.fixture
def turns_on_any_database(monkeypatch, tmp_path):
    """The test database on SQLite lives in memory, where no other process could run a match;
    give it the lock file a database on disk has, and make the verifier's wait short."""
    if exclusive.lock_path("match") is None and matching.connection.vendor == "sqlite":
        monkeypatch.setattr(exclusive, "lock_path", lambda name: str(tmp_path / f"{name}.lock"))
    monkeypatch.setattr(turns, "WAIT_SECONDS", 0.3)
    if not Place.objects.exists():
        load_bundled()  # an earlier transactional test's flush removed it


def _bombing_incident() -> Incident:
    for source, killed, title in (
        ("Myanmar Now", 22, "Jet bombs school in Oe Htein Kwin"),
        ("RFA Burmese", 24, "School bombing in Oe Htein Kwin"),
        ("Irrawaddy", 3, "Drone strike on a motorbike near the village"),
    ):
        report(
            source, "2025-05-12", OE_HTEIN_KWIN_NORTH, event_type="Air/drone strike",
            killed_min=killed, killed_max=killed, title=title,
        )  # fmt: skip
    match_reports()
    return Incident.objects.get()


def _in_another_request(post) -> list:
    """`post()` from another thread, as a second web request would come: its own connection."""
    from django.db import connections

    answers = []

    def run():
        try:
            answers.append(post())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    return answers


@pytest.mark.django_db(transaction=True)
def test_a_split_during_a_bulk_match_waits_and_the_match_keeps_its_links(
    client, vera, monkeypatch, turns_on_any_database
):
    sign_in(client, vera)
    incident = _bombing_incident()
    drone = incident.reports.get(title__startswith="Drone")
    # A new import: a shelling elsewhere the same month, a new incident of 2025.
    shelling = report(
        "DVB", "2025-05-20", LET_YET_KONE_TABAYIN, event_type="Shelling/artillery",
        killed_min=2, killed_max=2, title="Artillery shells hit Let Yet Kone",
    )  # fmt: skip
    url = reverse("review-split", args=[incident.public_id])
    answers = []
    in_order = matching._in_match_order

    def verifier_splits_midway(*args):
        for item in in_order(*args):
            yield item
            if not answers:  # the run has given the shelling its public id by now
                answers.extend(
                    _in_another_request(lambda: client.post(url, {"report": [drone.pk]}))
                )

    monkeypatch.setattr(matching, "_in_match_order", verifier_splits_midway)
    summary = match_reports()

    assert summary.opened == 1
    assert SourceReport.objects.get(pk=shelling.pk).incident.public_id == "MMR-2025-000002"
    # The verifier was told, and nothing was split.
    assert answers and answers[0].status_code == 302
    assert SourceReport.objects.get(pk=drone.pk).incident == incident
    followed = client.get(answers[0].url)
    assert "matching a batch of imported reports right now" in followed.content.decode()

    # Once the run has ended, the same split goes through, with the next public id.
    client.post(url, {"report": [drone.pk]}, HTTP_REFERER="http://testserver/elsewhere")
    assert SourceReport.objects.get(pk=drone.pk).incident.public_id == "MMR-2025-000003"


@pytest.mark.django_db(transaction=True)
def test_a_refused_change_goes_back_to_the_page_it_came_from_on_this_site_only(
    client, vera, turns_on_any_database
):
    sign_in(client, vera)
    incident = _bombing_incident()
    url = reverse("review-grade", args=[incident.public_id])
    page = reverse("review-incident", args=[incident.public_id])
    with exclusive.exclusive("match"):
        here = _in_another_request(
            lambda: client.post(url, {"grade": "fair"}, HTTP_REFERER=f"http://testserver{page}")
        )
        away = _in_another_request(
            lambda: client.post(url, {"grade": "fair"}, HTTP_REFERER="https://evil.example/")
        )
    assert here[0].url == f"http://testserver{page}"
    assert away[0].url == reverse("review-queue")
    incident.refresh_from_db()
    assert incident.grade_override == ""


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("turns_on_any_database")
def test_an_incident_deleted_in_the_admin_during_a_bulk_match_does_not_break_the_run(
    client, monkeypatch
):
    """The admin's changes to incidents take no turn with bulk matches (only the review
    views do): an incident deleted in the admin while a run matches in memory loses the
    run every link it made (the run links a report to the deleted incident and its write
    fails), the failure the turns were added to prevent."""
    sign_in(client, make_person("admin"))
    incident = _bombing_incident()
    late = report(
        "DVB", "2025-05-12", OE_HTEIN_KWIN_NORTH, event_type="Air/drone strike",
        killed_min=22, killed_max=22, title="Jet bombs school in Oe Htein Kwin",
    )  # fmt: skip
    url = reverse("admin:incidents_incident_delete", args=[incident.pk])
    answers = []
    in_order = matching._in_match_order

    def admin_deletes_once_the_run_has_read(*args):
        yield from in_order(*args)
        answers.extend(_in_another_request(lambda: client.post(url, {"post": "yes"})))

    monkeypatch.setattr(matching, "_in_match_order", admin_deletes_once_the_run_has_read)
    match_reports()
    assert answers  # the admin's request came
    linked = SourceReport.objects.get(pk=late.pk).incident_id
    assert linked is not None and Incident.objects.filter(pk=linked).exists()
