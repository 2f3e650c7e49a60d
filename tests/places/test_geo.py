from __future__ import annotations

import pytest

from thitsa.places.geo import km_between, nearest_village, nearest_village_km, township_at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "lat, lon, township, village",
    [
        # Oe Htein Kwin (North), Tabayin (Depayin) township, Sagaing: MIMU's own point.
        (22.65185, 95.20943, "MMR005010", "172637"),
        # A few hundred metres off that point: still the same village.
        (22.6535, 95.2110, "MMR005010", "172637"),
    ],
)
def test_point_to_township_and_nearest_village(lat, lon, township, village):
    assert township_at(lat, lon) == township
    assert nearest_village(lat, lon) == village
    pcode, km = nearest_village_km(lat, lon)
    assert pcode == village and km < 0.5


def test_nothing_within_max_km():
    # The Bay of Bengal, far from any village; and a point outside Myanmar altogether.
    assert nearest_village(17.0, 92.0) is None
    assert nearest_village(1.0, 1.0, max_km=50) is None
    assert township_at(1.0, 1.0) is None


def test_max_km_limits_the_answer():
    pcode, km = nearest_village_km(22.66, 95.22, max_km=5)
    assert nearest_village(22.66, 95.22, max_km=km / 2) is None
    assert nearest_village(22.66, 95.22, max_km=km + 0.01) == pcode


def test_km_between():
    # One degree of latitude is about 111 km.
    assert km_between(22.0, 95.0, 23.0, 95.0) == pytest.approx(111.2, abs=0.3)
    assert km_between(22.0, 95.0, 22.0, 95.0) == 0


def test_near_zero_takes_only_the_township_a_point_lies_in():
    # Kutupalong camp, Bangladesh, 3 km from Maungdaw's simplified polygon: the resolver may
    # take Maungdaw as a hint, but the point is not in it.
    assert township_at(21.21, 92.16) == "MMR012009"
    assert township_at(21.21, 92.16, near=0) is None
    assert township_at(22.65185, 95.20943, near=0) == "MMR005010"
