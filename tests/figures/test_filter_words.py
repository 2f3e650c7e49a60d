"""A figure's target and weapon are read whole: a code, a label or one of the table's words,
or a plain English plural of one. `--weapon "unguided bombs"` counted guided bombs (a word
found inside it) and "monastery school" schools; now the first counts unguided bombs and the
second is refused with the codes to use."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thitsa.figures.query import FigureError, Filters, evaluate
from thitsa.incidents.models import Incident

UNGUIDED, GUIDED, SCHOOL, CHURCH = (f"MMR-2025-00000{i}" for i in range(1, 5))


@pytest.fixture
def bombings(db):
    for public_id, targets, weapons in (
        (UNGUIDED, ";residential;", ";unguided_bomb;"),
        (GUIDED, ";market;", ";guided_bomb;"),
        (SCHOOL, ";school;", ""),
        (CHURCH, ";religious_site;", ""),
    ):
        Incident.objects.create(
            public_id=public_id, date="2025-05-12", visibility="public", grade="weak",
            event_type="Explosions/Remote violence", targets=targets, weapons=weapons,
        )  # fmt: skip


@pytest.mark.parametrize(
    "filters, counted",
    [
        (Filters(weapon="unguided bombs"), [UNGUIDED]),
        (Filters(weapon="Unguided bomb"), [UNGUIDED]),
        (Filters(weapon="unguided_bomb"), [UNGUIDED]),
        (Filters(weapon="guided bombs"), [GUIDED]),
        (Filters(weapon="bombs"), [UNGUIDED]),  # the table's word for unguided bombs
        (Filters(target="schools"), [SCHOOL]),
        (Filters(target="churches"), [CHURCH]),
        (Filters(target="Religious sites"), [CHURCH]),
        (Filters(target="ကျောင်း"), [SCHOOL]),
    ],
    ids=lambda v: repr(v) if isinstance(v, list) else (v.weapon or v.target),
)
def test_a_target_or_weapon_is_read_whole_or_as_a_plural(bombings, filters, counted):
    assert evaluate("incidents", filters).incidents == counted


@pytest.mark.parametrize(
    "filters, message",
    [
        (Filters(target="monastery school"), "'monastery school' is not a target: use one of "
         "school, health_facility, religious_site,"),
        (Filters(weapon="bombs of the air force"), "'bombs of the air force' is not a weapon"),
        (Filters(target="ss"), "'ss' is not a target"),
    ],
)  # fmt: skip
def test_words_that_name_no_code_whole_are_refused_with_the_codes(bombings, filters, message):
    with pytest.raises(FigureError) as refused:
        evaluate("incidents", filters)
    assert message in str(refused.value)


def test_the_command_counts_unguided_bombs(bombings):
    out = io.StringIO()
    call_command("figure", "incidents", "--weapon", "unguided bombs", stdout=out)
    assert out.getvalue().startswith("incidents: 1\n")
    with pytest.raises(CommandError, match="'monastery school' is not a target"):
        call_command("figure", "incidents", "--target", "monastery school", stdout=io.StringIO())


@pytest.mark.parametrize("path", ["/api/v1/figures/incidents", "/api/v1/incidents"])
def test_the_api_reads_them_the_same_way(client, bombings, path):
    answer = client.get(path, {"weapon": "unguided bombs"}).json()
    listed = (
        answer["incidents"]
        if "incidents" in answer
        else [i["public_id"] for i in answer["results"]]
    )
    assert listed == [UNGUIDED]
    refused = client.get(path, {"target": "monastery school"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["parameter"] == "target"
