"""Who sees what, page by page: anonymous, signed in without the code, and each role.

The world (tests/publish/conftest.py) has two public incidents, one restricted one and a report
with a witness. Every page a role may not use either sends it to sign in (302) or refuses
(403); a restricted record answers 404 to the public, as if it did not exist.
"""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from tests.conftest import make_person, sign_in
from tests.publish.conftest import WITNESS_CONTACT, WITNESS_NAME
from thitsa.accounts.models import AccessLog
from thitsa.incidents.models import Incident
from thitsa.reports.models import SourceReport

VIEWERS = ["public", "unverified", "analyst", "documenter", "verifier", "admin"]


def as_viewer(client, viewer: str):
    if viewer == "public":
        return None
    if viewer == "unverified":
        user = make_person("verifier", "half@example.org")
        client.force_login(user)  # password given, code not yet
        return user
    return sign_in(client, make_person(viewer))


def witness_url() -> str:
    return reverse("review-witness", args=[SourceReport.objects.get(import_key="k1").pk])


# page -> the status each viewer gets, in the order of VIEWERS
PAGES = {
    "home": (lambda: "/", [200] * 6),
    "public incident": (lambda: "/incidents/MMR-2025-000001/", [200] * 6),
    # The public pages show public incidents to everyone, signed in or not.
    "restricted incident (public page)": (lambda: "/incidents/MMR-2025-000099/", [404] * 6),
    "review queue": (lambda: "/review/", [302, 302, 403, 403, 200, 200]),
    "verifiers' log": (lambda: "/review/log/", [302, 302, 403, 403, 200, 200]),
    "restricted incident (review)": (
        lambda: "/review/incidents/MMR-2025-000099/",
        [302, 302, 403, 200, 200, 200],
    ),
    "witness": (witness_url, [302, 302, 403, 200, 200, 200]),
    "admin": (lambda: "/admin/", [302, 302, 302, 302, 302, 200]),
    "tokens": (lambda: "/accounts/tokens/", [302, 302, 200, 200, 200, 200]),
}


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("page", PAGES)
def test_each_role_gets_exactly_the_pages_it_may(client, world, viewer, page):
    url, statuses = PAGES[page]
    as_viewer(client, viewer)
    response = client.get(url())
    assert response.status_code == statuses[VIEWERS.index(viewer)], (page, viewer)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_no_page_shows_a_witness_to_those_who_may_not_see_it(client, world, viewer):
    as_viewer(client, viewer)
    urls = ["/", "/incidents/", "/incidents/MMR-2025-000001/", "/search/?q=Tabayin",
            "/review/incidents/MMR-2025-000001/", "/map/counts.json"]  # fmt: skip
    for url in urls:
        body = client.get(url).content.decode()
        assert WITNESS_NAME not in body and WITNESS_CONTACT not in body, (url, viewer)


def test_reading_a_witness_is_logged_without_the_witness(client, world):
    user = as_viewer(client, "documenter")
    body = client.get(witness_url()).content.decode()
    assert WITNESS_NAME in body
    entry = AccessLog.objects.get()
    assert (entry.username, entry.action, entry.object_type) == (user.username, "view", "witness")
    row = " ".join(str(v) for v in AccessLog.objects.values().get().values())
    assert WITNESS_NAME not in row and WITNESS_CONTACT not in row


def test_opening_a_restricted_incident_is_logged(client, world):
    as_viewer(client, "verifier")
    client.get("/review/incidents/MMR-2025-000099/")
    assert AccessLog.objects.filter(object_type="incident", object_id="MMR-2025-000099").exists()


def test_new_incidents_are_restricted():
    assert Incident._meta.get_field("visibility").default == "restricted"


def test_a_verifier_publishes_an_incident_and_the_act_is_logged(client, world):
    # An incident with no reports is not published (tests/incidents/test_incident_without_
    # reports.py): the world's restricted one gets its report.
    SourceReport.objects.create(
        import_key="k-hidden", source=SourceReport.objects.get(import_key="k1").source,
        title="Massacre near Tabayin", incident=world["hidden"],
    )  # fmt: skip
    user = as_viewer(client, "verifier")
    assert client.get("/incidents/MMR-2025-000099/").status_code == 404
    response = client.post(
        reverse("review-publish", args=["MMR-2025-000099"]), {"action": "publish"}
    )
    assert response.status_code == 302
    client.logout()
    assert client.get("/incidents/MMR-2025-000099/").status_code == 200
    entry = LogEntry.objects.get(object_id=str(world["hidden"].pk))
    assert entry.user == user and entry.change_message == "published"


def test_a_verifier_withdraws_a_published_incident(client, world):
    as_viewer(client, "verifier")
    client.post(reverse("review-publish", args=["MMR-2025-000001"]), {"action": "withdraw"})
    client.logout()
    assert client.get("/incidents/MMR-2025-000001/").status_code == 404


@pytest.mark.parametrize("viewer", ["public", "unverified", "analyst", "documenter"])
def test_only_verifiers_publish(client, world, viewer):
    as_viewer(client, viewer)
    client.post(reverse("review-publish", args=["MMR-2025-000099"]), {"action": "publish"})
    world["hidden"].refresh_from_db()
    assert world["hidden"].visibility == "restricted"


def test_a_search_that_shows_restricted_records_is_logged_without_the_query(client, world):
    from thitsa.search.index import refresh

    refresh()
    as_viewer(client, "documenter")
    client.get("/search/", {"q": "Violence"})
    entry = AccessLog.objects.get(action="search")
    assert entry.object_id.endswith("restricted") and "Violence" not in str(entry)
    client.logout()
    client.get("/search/", {"q": "Violence"})  # the public see public results only: no entry
    assert AccessLog.objects.filter(action="search").count() == 1


def test_a_documenter_reads_an_incidents_review_page_without_a_verifiers_controls(client, world):
    """Found by a verifier's review: a documenter's page led to the review queue (a 403) and
    had an empty column for the split checkboxes it may not use."""
    as_viewer(client, "documenter")
    html = client.get("/review/incidents/MMR-2025-000001/").content.decode()
    assert 'href="/review/"' not in html and 'name="report"' not in html
    assert 'visually-hidden">Split off' not in html
    as_viewer(client, "verifier")
    html = client.get("/review/incidents/MMR-2025-000001/").content.decode()
    assert 'href="/review/"' in html and 'name="report"' in html
