"""The API's figures say what `thitsa figure` says about itself, under the same names: the
battles left out (`include_battles` counts them) and what rests on reports awaiting a verifier's
review (`settled_only` leaves them out)."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from tests.api.conftest import RESTRICTED
from thitsa.incidents.models import Incident, MatchDecision


@pytest.fixture
def clash(world):
    return Incident.objects.create(
        public_id="MMR-2025-000905", date=dt.date(2025, 4, 20), visibility="public",
        place_id="MMR005010", township_id="MMR005010", state_id="MMR005", event_type="Battles",
        grade="fair", killed_min=40, killed_max=40,
    )  # fmt: skip


def waiting(report):
    """The report's link waits in the review queue."""
    return MatchDecision.objects.create(
        report=report, incident=report.incident, outcome="review", judgement="unsure",
        pending=True, decided_by="match v3", score=0.6,
    )  # fmt: skip


def test_battles_are_left_out_unless_include_battles(client, clash):
    figure = client.get("/api/v1/figures/killed").json()
    assert figure["value"] == 23
    assert figure["battles"] == {"counted": False, "incidents": 1, "value": 40}
    assert figure["include_battles"] is False
    figure = client.get("/api/v1/figures/killed", {"include_battles": "true"}).json()
    assert figure["value"] == 63
    assert figure["battles"] == {"counted": True, "incidents": 1, "value": 40}
    listed = client.get("/api/v1/incidents").json()["results"]
    assert [i["public_id"] for i in listed] == ["MMR-2025-000901", "MMR-2025-000902"]
    listed = client.get("/api/v1/incidents", {"include_battles": "true"}).json()["results"]
    assert "MMR-2025-000905" in [i["public_id"] for i in listed]
    listed = client.get("/api/v1/incidents", {"event_type": "Battles"}).json()["results"]
    assert [i["public_id"] for i in listed] == ["MMR-2025-000905"]


def test_a_figure_says_what_rests_on_reports_awaiting_review(client, world):
    waiting(world["told"])  # the school airstrike's only report
    figure = client.get("/api/v1/figures/killed").json()
    assert figure["value"] == 23
    assert figure["awaiting_review"] == {"incidents": ["MMR-2025-000901"], "value": 20}
    figure = client.get("/api/v1/figures/killed", {"settled_only": "true"}).json()
    assert (figure["value"], figure["incidents"]) == (3, ["MMR-2025-000902"])
    assert figure["settled_only"] is True


@pytest.mark.parametrize("flags", [["--include-battles"], ["--settled-only"]])
def test_the_switches_answer_as_the_command_line(client, clash, world, flags):
    waiting(world["told"])
    out = StringIO()
    call_command("figure", "killed", *flags, "--by", "month", "--json", stdout=out)
    cli = json.loads(out.getvalue())
    query = {f.removeprefix("--").replace("-", "_"): "true" for f in flags}
    api = client.get("/api/v1/figures/killed", {**query, "by": "month"}).json()
    for answer in (cli, api):
        answer.pop("computed_at")
    cli.pop("restricted_not_counted")  # the operator's, not the public's (tests/api/test_queries)
    assert {k: v for k, v in api.items() if k in cli} == cli


def test_a_restricted_incident_awaiting_review_is_not_named_to_those_who_may_not_see_it(
    client, world, headers
):
    waiting(world["hidden"])
    r = client.get("/api/v1/figures/killed", {"include_restricted": "true"}, **headers("analyst"))
    assert r.status_code == 200
    assert r.json()["awaiting_review"]["incidents"] == []
    assert r.json()["awaiting_review"]["value"] == 7
    assert RESTRICTED["restricted incident"] not in r.content.decode()


@pytest.mark.parametrize(
    "query, include_battles, left_out",
    [
        ({}, False, 1),
        ({"include_battles": "true"}, True, 0),
        ({"event_type": "Battles"}, True, 0),
        ({"event_type": "Violence against civilians"}, False, 0),
        ({"target": "school"}, False, 0),  # the battle is no school attack: none left out
    ],
)
def test_the_incident_list_says_whether_it_left_battles_out(
    client, clash, query, include_battles, left_out
):
    page = client.get("/api/v1/incidents", query).json()
    assert (page["include_battles"], page["battles_left_out"]) == (include_battles, left_out)


def test_the_incident_files_say_they_leave_battles_out_unless_asked(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/incidents", "/api/v1/incidents.csv", "/api/v1/incidents.geojson"):
        said = paths[path]["get"]["description"]
        assert "By default battles (clashes between armed groups) and events without" in said
        assert "include_battles" in said and "include_non_violent" in said, path
