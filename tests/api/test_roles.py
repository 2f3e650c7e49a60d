"""Role by field: for every endpoint, the public and each role see exactly what they may."""

from __future__ import annotations

import pytest

from tests.api.conftest import CALLERS, RESTRICTED, SEES_RESTRICTED, body_of, leaks

CASUALTIES = {
    f"{kind}_{end}"
    for kind in ("killed", "injured", "killed_children", "injured_children")
    for end in ("min", "max")
}
PUBLIC_INCIDENT = CASUALTIES | {
    "public_id", "date", "date_precision", "place", "place_name", "township", "township_name",
    "state", "state_name", "latitude", "longitude", "geo_precision", "event_type",
    "sub_event_type", "attack_means", "targets", "weapons", "perpetrator", "grade",
    "source_count", "summary_en", "summary_my", "merged_into",
}  # fmt: skip
RESTRICTED_INCIDENT = PUBLIC_INCIDENT | {"visibility", "grade_override", "created_at", "updated_at"}
PUBLIC_REPORT = CASUALTIES | {
    "id", "incident", "source", "source_kind", "published_at", "title", "url", "language",
}  # fmt: skip
RESTRICTED_REPORT = PUBLIC_REPORT | {
    "external_id", "import_format", "text", "event_date", "event_date_precision", "place_text",
    "place", "place_score", "place_candidates", "latitude", "longitude", "event_type",
    "targets", "weapons", "perpetrator", "responsibility", "casualty_forms", "credibility",
    "link_score", "linked_by", "imported_at",
}  # fmt: skip
PUBLIC_EVIDENCE = {"sha256", "media_type", "public_url", "incidents"}
RESTRICTED_EVIDENCE = PUBLIC_EVIDENCE | {
    "size", "public_media_type", "original_name", "metadata", "captured_at", "lat", "lon",
    "public_sha256", "visibility", "added_by", "added_at", "reports",
}  # fmt: skip
PLACE = {
    "pcode", "level", "name_en", "name_my", "alt_names", "parent", "township", "state", "lat",
    "lon",
}  # fmt: skip
FIGURE = {
    "measure", "value", "incidents", "filters", "computed_at", "grades", "include_restricted",
    "withheld", "event_types", "include_battles", "battles", "awaiting_review", "settled_only",
    "loosely_dated", "include_non_violent", "non_violent",
}  # fmt: skip


def get(client, headers, role, url):
    response = client.get(url, **headers(role))
    assert not leaks(body_of(response), role), f"{url} as {role}"
    return response


@pytest.mark.parametrize("role", CALLERS)
def test_the_incident_list_shows_each_caller_what_they_may(client, world, headers, role):
    r = get(client, headers, role, "/api/v1/incidents")
    assert r.status_code == 200
    results = r.json()["results"]
    ids = [i["public_id"] for i in results]
    if role in SEES_RESTRICTED:
        assert ids == ["MMR-2025-000901", "MMR-2025-000902", "MMR-2025-000903"]
        assert all(set(i) == RESTRICTED_INCIDENT for i in results)
    else:
        assert ids == ["MMR-2025-000901", "MMR-2025-000902"]
        assert all(set(i) == PUBLIC_INCIDENT for i in results)


@pytest.mark.parametrize("role", CALLERS)
def test_one_incident_has_the_fields_of_the_callers_role(client, world, headers, role):
    r = get(client, headers, role, "/api/v1/incidents/MMR-2025-000901")
    assert r.status_code == 200
    expected = RESTRICTED_INCIDENT if role in SEES_RESTRICTED else PUBLIC_INCIDENT
    assert set(r.json()) == expected
    assert r.json()["targets"] == ["school"]
    assert r.json()["killed_min"] == 20


@pytest.mark.parametrize("role", CALLERS)
def test_a_restricted_incident_is_found_only_by_those_who_may_see_it(client, world, headers, role):
    r = get(client, headers, role, f"/api/v1/incidents/{RESTRICTED['restricted incident']}")
    assert r.status_code == (200 if role in SEES_RESTRICTED else 404)


@pytest.mark.parametrize("role", CALLERS)
def test_the_report_list_shows_each_caller_what_they_may(client, world, headers, role):
    r = get(client, headers, role, "/api/v1/reports")
    assert r.status_code == 200
    results = r.json()["results"]
    if role in SEES_RESTRICTED:
        assert [x["id"] for x in results] == [world[k].pk for k in ("told", "hidden", "loose")]
        assert all(set(x) == RESTRICTED_REPORT for x in results)
    else:
        assert [x["id"] for x in results] == [world["told"].pk]
        assert set(results[0]) == PUBLIC_REPORT
        assert results[0]["incident"] == "MMR-2025-000901"


@pytest.mark.parametrize("role", CALLERS)
@pytest.mark.parametrize("report", ["told", "hidden", "loose"])
def test_one_report_is_shown_only_to_those_who_may_see_it(client, world, headers, role, report):
    r = get(client, headers, role, f"/api/v1/reports/{world[report].pk}")
    if role in SEES_RESTRICTED:
        assert r.status_code == 200
        assert set(r.json()) == RESTRICTED_REPORT
    elif report == "told":
        assert r.status_code == 200
        assert set(r.json()) == PUBLIC_REPORT
    else:
        assert r.status_code == 404


@pytest.mark.parametrize("role", CALLERS)
def test_sources_are_those_the_caller_may_see_cited(client, world, headers, role):
    r = get(client, headers, role, "/api/v1/sources")
    names = [s["name"] for s in r.json()]
    if role in SEES_RESTRICTED:
        assert names == ["Myanmar Now", RESTRICTED["witness source"]]
    else:
        assert names == ["Myanmar Now"]
    assert all(set(s) == {"name", "kind", "reliability"} for s in r.json())


@pytest.mark.parametrize("role", CALLERS)
def test_places_are_the_same_for_everyone(client, world, headers, role):
    r = get(client, headers, role, "/api/v1/places/MMR005010")
    assert r.status_code == 200
    assert set(r.json()) == PLACE
    found = get(client, headers, role, "/api/v1/places?q=Depayin").json()
    assert found[0]["pcode"] == "MMR005010"


@pytest.mark.parametrize("role", CALLERS)
def test_evidence_metadata_is_shown_by_role(client, world, headers, role):
    r = get(client, headers, role, "/api/v1/evidence")
    results = r.json()["results"]
    if role in SEES_RESTRICTED:
        assert [e["sha256"] for e in results] == ["a" * 64, "e" * 64]
        assert all(set(e) == RESTRICTED_EVIDENCE for e in results)
    else:
        # The public copy's hash, never the original's (a seized phone's photo could be
        # checked against it).
        assert [e["sha256"] for e in results] == ["b" * 64]
        assert set(results[0]) == PUBLIC_EVIDENCE
        assert results[0]["incidents"] == ["MMR-2025-000901"]
        assert results[0]["public_url"].endswith(f"/evidence/public/{'b' * 64}")
        assert "a" * 64 not in r.content.decode()
        assert get(client, headers, role, f"/api/v1/evidence/{'a' * 64}").status_code == 404
        assert get(client, headers, role, f"/api/v1/evidence/{'b' * 64}").status_code == 200
    hidden = get(client, headers, role, f"/api/v1/evidence/{'e' * 64}")
    assert hidden.status_code == (200 if role in SEES_RESTRICTED else 404)


@pytest.mark.parametrize("role", CALLERS)
def test_public_figures_count_public_incidents_for_everyone(client, world, headers, role):
    r = get(client, headers, role, "/api/v1/figures/killed")
    assert r.status_code == 200
    assert set(r.json()) == FIGURE
    assert r.json()["value"] == 23
    assert r.json()["incidents"] == ["MMR-2025-000901", "MMR-2025-000902"]


@pytest.mark.parametrize("role", CALLERS)
def test_restricted_figures_are_counted_for_analysts_and_listed_for_those_who_may_see(
    client, world, headers, role
):
    r = get(client, headers, role, "/api/v1/figures/killed?include_restricted=true&by=year")
    if role == "anonymous":
        assert r.status_code == 403
        assert r.json()["errors"][0]["parameter"] == "include_restricted"
        return
    figure = r.json()
    assert r.status_code == 200
    assert figure["value"] == 30
    assert set(figure) == FIGURE | {"by", "groups"}
    if role in SEES_RESTRICTED:
        assert figure["withheld"] == 0
        assert figure["incidents"][-1] == RESTRICTED["restricted incident"]
    else:
        assert figure["withheld"] == 1
        assert figure["incidents"] == ["MMR-2025-000901", "MMR-2025-000902"]
        assert figure["groups"][0]["incidents"] == figure["incidents"]


@pytest.mark.parametrize("role", CALLERS)
@pytest.mark.parametrize("url", ["/api/v1/incidents.csv", "/api/v1/incidents.geojson"])
def test_files_hold_the_incidents_the_caller_may_see(client, world, headers, role, url):
    r = get(client, headers, role, url)
    assert r.status_code == 200
    text = body_of(r)
    assert "MMR-2025-000901" in text
    assert (RESTRICTED["restricted incident"] in text) == (role in SEES_RESTRICTED)


def test_the_csv_has_the_columns_of_the_export(client, world):
    from thitsa.publish.exports import INCIDENT_COLUMNS

    r = client.get("/api/v1/incidents.csv?target=school")
    lines = body_of(r).splitlines()
    assert lines[0].split(",") == INCIDENT_COLUMNS
    assert len(lines) == 2 and lines[1].startswith("MMR-2025-000901,2025-03-14,")


def test_geojson_places_an_incident_at_its_point(client, world):
    import json

    features = json.loads(body_of(client.get("/api/v1/incidents.geojson")))["features"]
    first = features[0]
    assert first["id"] == "MMR-2025-000901"
    assert first["geometry"] == {"type": "Point", "coordinates": [95.2, 22.6]}
    assert set(first["properties"]) == PUBLIC_INCIDENT
