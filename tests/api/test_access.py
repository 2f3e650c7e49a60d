"""Tokens, sessions, the access log, and ids that cannot be guessed into (IDOR)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.conftest import RESTRICTED, leaks
from tests.conftest import make_person, sign_in
from thitsa.accounts.models import AccessLog, ApiToken
from thitsa.reports.models import Source, SourceReport


@pytest.mark.parametrize("role", ["anonymous", "analyst"])
def test_guessing_restricted_ids_gives_the_same_404_as_missing_ones(client, world, headers, role):
    pairs = [
        (
            f"/api/v1/incidents/{RESTRICTED['restricted incident']}",
            "/api/v1/incidents/MMR-2025-999999",
        ),
        (f"/api/v1/reports/{world['hidden'].pk}", "/api/v1/reports/987654"),
        (f"/api/v1/reports/{world['loose'].pk}", "/api/v1/reports/987655"),
        (f"/api/v1/evidence/{'e' * 64}", f"/api/v1/evidence/{'f' * 64}"),
    ]  # fmt: skip
    for hidden, missing in pairs:
        a, b = client.get(hidden, **headers(role)), client.get(missing, **headers(role))
        assert (a.status_code, a.content) == (b.status_code, b.content) == (404, a.content)


def test_restricted_records_are_not_reachable_through_filters(client, world):
    # To the public a restricted incident's id is one that is not there (a 422, as for any).
    for url in ("/api/v1/reports", "/api/v1/evidence"):
        r = client.get(url, {"incident": RESTRICTED["restricted incident"]})
        assert r.status_code == 422 and "results" not in r.json()
        assert not leaks(r.content.decode().replace(RESTRICTED["restricted incident"], ""), "")


def test_a_bad_token_is_refused_not_taken_for_the_public(client, world):
    r = client.get("/api/v1/incidents", HTTP_AUTHORIZATION="Bearer thitsa_not-a-real-key")
    assert r.status_code == 401
    assert "token" in r.json()["detail"]
    assert r["WWW-Authenticate"].startswith("Bearer")
    r = client.get("/api/v1/incidents", HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")
    assert r.status_code == 401


def test_an_empty_authorization_header_is_refused_not_taken_for_the_public(client, world):
    # `Authorization: Bearer $TOKEN` with TOKEN unset sends "Bearer" or nothing at all.
    for header in ("", "Bearer", "Bearer "):
        response = client.get("/api/v1/incidents", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, repr(header)


def test_an_expired_token_is_refused(client, world):
    _token, key = ApiToken.issue(
        make_person("verifier"), "old", expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    r = client.get("/api/v1/incidents", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 401


def test_a_token_of_a_disabled_user_is_refused(client, world):
    user = make_person("admin")
    _token, key = ApiToken.issue(user, "t")
    user.is_active = False
    user.save()
    assert client.get("/api/v1/incidents", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_a_browser_signed_in_with_both_factors_reads_as_its_role(client, world):
    sign_in(client, make_person("documenter"))
    r = client.get(f"/api/v1/incidents/{RESTRICTED['restricted incident']}")
    assert r.status_code == 200


def test_a_browser_that_gave_only_the_password_is_the_public(client, world):
    client.force_login(make_person("documenter"))
    r = client.get(f"/api/v1/incidents/{RESTRICTED['restricted incident']}")
    assert r.status_code == 404


def test_reading_a_restricted_incident_is_logged_and_a_public_one_is_not(client, world, headers):
    client.get("/api/v1/incidents/MMR-2025-000901", **headers("verifier"))
    assert not AccessLog.objects.exists()
    client.get(f"/api/v1/incidents/{RESTRICTED['restricted incident']}", **headers("verifier"))
    entry = AccessLog.objects.get()
    assert (entry.username, entry.action, entry.object_type, entry.object_id, entry.via) == (
        "verifier@example.org", "view", "incident", RESTRICTED["restricted incident"], "api",
    )  # fmt: skip


def test_a_list_logs_each_restricted_record_it_shows(client, world, headers):
    client.get("/api/v1/reports", **headers("documenter"))
    logged = set(AccessLog.objects.values_list("object_type", "object_id"))
    assert logged == {("report", str(world["hidden"].pk)), ("report", str(world["loose"].pk))}


def test_a_testimony_in_a_public_incident_is_logged_when_read_or_found(client, world, headers):
    # Its words are never public (the public see no title, no text): reading them is logged.
    witness = Source.objects.get(kind="witness")
    said = SourceReport.objects.create(
        import_key="api-4", source=witness, title="Daw Hla, whose son was killed",
        text="sentinel-testimony", incident=world["public"],
    )  # fmt: skip
    client.get(f"/api/v1/reports/{said.pk}", **headers("documenter"))
    assert list(AccessLog.objects.values_list("action", "object_type", "object_id")) == [
        ("view", "report", str(said.pk))
    ]
    found = client.get("/api/v1/search?q=sentinel-testimony", **headers("documenter")).json()
    assert [(h["id"], h["public"]) for h in found["results"]] == [(said.pk, False)]
    assert AccessLog.objects.filter(action="search", object_id="1 restricted").exists()


def test_the_public_get_no_submission_time_of_a_testimony(client, world, headers):
    """Found by a security review: the public API gave a group's or witness's report its
    submission time to the second (when a witness spoke); no page shows it."""
    from datetime import UTC, datetime

    witness = Source.objects.get(kind="witness")
    said = SourceReport.objects.create(
        import_key="api-5", source=witness, title="t", incident=world["public"],
        published_at=datetime(2025, 8, 1, 3, 0, 7, tzinfo=UTC),
    )  # fmt: skip
    public = client.get(f"/api/v1/reports/{said.pk}").json()
    assert public["published_at"] is None
    told = client.get(f"/api/v1/reports/{said.pk}", **headers("documenter")).json()
    assert told["published_at"].startswith("2025-08-01T03:00:07")


def test_the_public_reading_is_not_logged(client, world):
    client.get("/api/v1/incidents")
    client.get("/api/v1/reports")
    client.get("/api/v1/evidence")
    assert not AccessLog.objects.exists()


def test_an_address_the_api_does_not_have_is_a_json_404(client, db):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


@pytest.mark.django_db
def test_a_post_to_an_address_the_api_does_not_have_is_a_json_404():
    """The catch-all under /api/v1/ is a plain Django view, not csrf_exempt as the API's
    own are: a script's POST to a mistyped address gets the site's HTML "CSRF verification
    failed" 403, not the JSON 404 the commit promises."""
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/no-such-thing", {"a": "1"})
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_what_django_itself_refuses_is_answered_in_json(client, world, settings):
    # A method the address does not take, and a body past Django's limits, were HTML pages.
    deleted = client.delete("/api/v1/incidents/MMR-2025-000901")
    assert deleted.status_code == 405 and deleted["Content-Type"] == "application/json"
    assert deleted.json()["detail"] == "method DELETE not allowed here: use GET"
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    many = client.get("/api/v1/incidents", {f"f{i}": "x" for i in range(10)})
    assert many.status_code == 400 and many.json()["detail"].startswith("bad request")
    # HEAD answers as GET does, without the body.
    head = client.head("/api/v1/incidents/MMR-2025-000901")
    assert head.status_code == 200 and head.content == b""
    # The site's own pages are left as they are.
    assert client.delete("/incidents/").get("Content-Type", "").startswith("text/html")


def test_a_list_filtered_by_an_incident_that_is_not_there_is_a_422(client, world, headers):
    # It answered an empty list, which reads as "no reports". A restricted id is, to the
    # public, an id that is not there: the same answer.
    for url in ("/api/v1/reports", "/api/v1/evidence"):
        for public_id in ("MMR-2025-999999", RESTRICTED["restricted incident"]):
            r = client.get(url, {"incident": public_id})
            assert r.status_code == 422, (url, public_id)
            assert r.json()["errors"][0] == {
                "parameter": "incident", "message": f"no incident has the id {public_id!r}"
            }  # fmt: skip
        seen = client.get(
            url, {"incident": RESTRICTED["restricted incident"]}, **headers("verifier")
        )
        assert seen.status_code == 200 and seen.json()["results"], url
