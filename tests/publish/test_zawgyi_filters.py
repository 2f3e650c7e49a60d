"""Filters typed on a Zawgyi phone mean what the same words in Unicode mean: a perpetrator in
Zawgyi counted nothing, silently, and a target or weapon in Zawgyi was refused."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

# What a Zawgyi phone types for စစ်ကောင်စီ (the military council), ကျောင်း (school) and
# ဗုံး (bomb): `thitsa text clean` turns each into the Unicode word.
ZAWGYI_COUNCIL = "စစ္ေကာင္စီ"
ZAWGYI_SCHOOL = "ေက်ာင္း"
ZAWGYI_BOMB = "ဗံုး"


def figure(client: Client, **params) -> dict:
    response = client.get("/api/v1/figures/incidents", params)
    assert response.status_code == 200, response.content.decode()
    return response.json()


def test_a_perpetrator_typed_in_zawgyi_counts_what_the_unicode_word_counts(client, world):
    unicode = figure(client, perpetrator="စစ်ကောင်စီ")
    assert (
        unicode["value"] == 2
    )  # the airstrike by the "Myanmar Air Force", the shelling by the "Army"
    assert figure(client, perpetrator=ZAWGYI_COUNCIL)["value"] == unicode["value"]


def test_the_incident_list_filtered_by_a_zawgyi_perpetrator_is_not_empty(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "my"
    html = client.get("/incidents/", {"perpetrator": ZAWGYI_COUNCIL}).content.decode()
    assert "MMR-2025-000002" in html


@pytest.mark.parametrize(
    "param, unicode, zawgyi", [("target", "ကျောင်း", ZAWGYI_SCHOOL), ("weapon", "ဗုံး", ZAWGYI_BOMB)]
)
def test_a_target_or_weapon_typed_in_zawgyi_is_understood(client, world, param, unicode, zawgyi):
    assert figure(client, **{param: unicode})["value"] == 1  # the airstrike
    response = client.get("/api/v1/figures/incidents", {param: zawgyi})
    assert response.status_code == 200, response.content.decode()
    assert response.json()["value"] == 1


def test_dates_in_burmese_digits_mean_what_latin_digits_mean(client, world):
    """Refused before: `--since ၂၀၂၅-၀၁-၀၁`, ?since=၂၀၂၅-၀၁-၀၁ on the API and on the page."""
    import io

    from django.core.management import call_command

    latin = figure(client, since="2025-01-01", until="2025-12-31")
    assert figure(client, since="၂၀၂၅-၀၁-၀၁", until="၂၀၂၅-၁၂-၃၁") == latin
    out = io.StringIO()
    call_command("figure", "incidents", "--since", "၂၀၂၅-၀၁-၀၁", "--json", stdout=out)
    assert '"since": "2025-01-01"' in out.getvalue()
    html = client.get("/incidents/", {"since": "၂၀၂၅-၀၁-၀၁"}).content.decode()
    assert "MMR-2025-000001" in html and "Enter a valid date" not in html
