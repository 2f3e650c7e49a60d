"""A place string whose own place is too uncertain to take is placed in the area it names."""

from __future__ import annotations

import pytest

from thitsa.places.resolver import get_resolver

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text, pcode",
    [
        ("army post near the Thai border, Kayin state", "MMR003"),
        ("Kinma, Kaing Lal and Kin Sote villages, Pakokku district, Magway region", "MMR009D004"),
        ("Kani Township, Monywa-Kalewa highway, Monywa district, Sagaing region", "MMR005017"),
        # Three townships: the district that holds them, not one of them.
        ("Myaung, Budalin, and Khin-U townships, Shwebo district, Sagaing region", "MMR005D002"),
        # Two townships that do not nest: the state named beside them.
        ("between Demoso and Hpruso townships, Kayah state", "MMR002"),
        ("စစ်စခန်းအနီး၊ ကရင်ပြည်နယ်", "MMR003"),
        # A people's name in a village's (ချင်း, Chin) is not the state: the township named.
        ("ကလေးမြို့နယ်၊ နတ်ကြီးကုန်း (ချင်း)ကျေးရွာ", "MMR005027"),
        ("ကျောက်ကြီးမြို့နယ်၊ ပဒါး (ကရင်)ကျေးရွာ", "MMR007011"),
    ],
)
def test_the_most_precise_area_the_text_names(text, pcode):
    assert get_resolver().area_named(text).pcode == pcode


@pytest.mark.parametrize(
    "text",
    [
        "near the Thai border",
        # Two districts of two regions, no region named: nowhere is certain.
        "a camp, Pakokku district, Shwebo district",
        # A bare name is no area named outright: the resolver's own ranking decides it.
        "Kani",
    ],
)
def test_nothing_when_no_area_is_named_or_they_disagree(text):
    assert get_resolver().area_named(text) is None


def test_a_neighbouring_country_is_no_place_in_myanmar():
    from thitsa.places.resolver import resolve

    # "Thai" was read as Thazi township (Mandalay region), 84 of 100: taken for the place.
    assert not any(m.township_pcode == "MMR010030" for m in resolve("near the Thai border"))
    assert resolve("near the Thai border, Kayin state")[0].pcode == "MMR003"


def test_a_region_named_beside_an_unknown_site_is_not_a_tract_spelt_like_it():
    from thitsa.places.resolver import resolve

    # The tract Kha Yin of Kayin state took the state's support through the state itself.
    assert resolve("Zzqxv pass, Kayin state")[0].pcode == "MMR003"
