"""/api/v1/search: the site's search for scripts (the issue asks for it in the API too), with
the same rule for the public: public incidents and what the public may read of their reports."""

from __future__ import annotations

import pytest

from tests.api.conftest import CALLERS, RESTRICTED, body_of, leaks
from thitsa.accounts.models import AccessLog


def _search(client, headers, role, **params):
    response = client.get("/api/v1/search", params, **headers(role))
    assert response.status_code == 200, body_of(response)
    return response.json()


def test_it_is_in_the_openapi_description(client, db):
    assert "/api/v1/search" in client.get("/api/v1/openapi.json").json()["paths"]


def test_it_finds_an_incident_and_a_report_with_their_matches(client, world, headers):
    found = _search(client, headers, "anonymous", q="school")
    hits = {(h["kind"], h["incident"]) for h in found["results"]}
    assert hits == {("incident", "MMR-2025-000901"), ("report", "MMR-2025-000901")}
    report = next(h for h in found["results"] if h["kind"] == "report")
    start, end = report["title_matches"][0]
    assert report["title"][start:end].lower() == "school"
    assert report["snippet"] == "" and report["source"] == "Myanmar Now"
    assert found["phrases"] == ["school*"] and found["next"] is None


@pytest.mark.parametrize("role", CALLERS)
def test_each_caller_finds_only_what_its_role_may_read(client, world, headers, role):
    found = _search(client, headers, role, q=RESTRICTED["report text"])
    text = str(found["results"])  # the query itself is echoed back
    assert not leaks(text, role), leaks(text, role)
    sees = role in ("documenter", "verifier", "admin")
    assert bool(found["results"]) == sees
    if sees:
        assert AccessLog.objects.filter(action="search", via="api").exists()


def test_a_zawgyi_query_finds_what_its_unicode_finds(client, world, headers):
    from thitsa.incidents.models import Incident

    Incident.objects.filter(public_id="MMR-2025-000902").update(summary_my="ကျောင်းကို ဗုံးကြဲ")
    unicode = _search(client, headers, "anonymous", q="ကျောင်း")
    zawgyi = _search(client, headers, "anonymous", q="ေက်ာင္း")
    assert unicode["results"] and zawgyi["results"] == unicode["results"]


def test_pages_follow_next(client, world, headers):
    first = _search(client, headers, "admin", q="MMR", limit=1)
    assert len(first["results"]) == 1 and first["next"]
    following = client.get(first["next"], **headers("admin")).json()
    assert following["results"] and following["results"] != first["results"]


def test_more_says_results_follow_past_the_deepest_page(client, world, headers, monkeypatch):
    """Found by a journalist: following `next` for "Sagaing" stopped at 1,100 of 2,188 hits,
    `next` null as if there were no more."""
    from thitsa.api import search as api_search

    first = _search(client, headers, "admin", q="MMR", limit=1)
    assert first["more"] is True and first["next"]
    monkeypatch.setattr(api_search, "MAX_OFFSET", 0)
    deepest = _search(client, headers, "admin", q="MMR", limit=1)
    assert deepest["next"] is None and deepest["more"] is True
    assert _search(client, headers, "admin", q="MMR", limit=100)["more"] is False


@pytest.mark.parametrize(
    "params", [{}, {"q": ""}, {"q": "x" * 201}, {"q": "a\x00b"}, {"q": "a", "limit": 0}]
)
def test_bad_queries_are_named(client, db, params):
    response = client.get("/api/v1/search", params)
    assert response.status_code == 422
    assert "q" in body_of(response) or "limit" in body_of(response)
