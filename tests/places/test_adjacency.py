"""Townships MIMU 9.6 lists without a polygon in the bundled 9.3 boundaries (Hlaingtharya before
its split, the Kokang and Wa townships) border what the area they stand for borders: matching
blocks and scores by township borders, and kept their reports apart from every neighbour's."""

from __future__ import annotations

import pytest

from thitsa.places.adjacency import neighbours

HLAINGTHARYA, EAST, WEST = "MMR013008", "MMR013046", "MMR013047"
INSEIN = "MMR013001"


def test_a_township_since_split_borders_its_parts_and_theirs():
    near = neighbours()
    assert {EAST, WEST, INSEIN} <= near[HLAINGTHARYA]
    assert HLAINGTHARYA not in near[HLAINGTHARYA]
    for pcode in (EAST, WEST, INSEIN):
        assert HLAINGTHARYA in near[pcode], pcode


@pytest.mark.parametrize(
    "pcode, host",
    [
        ("MMR015202", "MMR015022"),  # Laukkaing (Kokang SAZ): no point, named as Laukkaing
        ("MMR015201", "MMR015023"),  # Konkyan (Kokang SAZ)
        ("MMR016320", "MMR016003"),  # Ho Tawng, a Wa township, by its point in Mongyang
    ],
)
def test_a_township_without_a_polygon_borders_the_one_it_lies_in(pcode, host):
    near = neighbours()
    assert host in near[pcode] and pcode in near[host]
    assert near[host] - {pcode} <= near[pcode]  # and that one's neighbours


def test_townships_with_polygons_keep_the_polygons_borders():
    near = neighbours()
    assert "MMR005004" in near["MMR005010"]  # Shwebo and Tabayin share a border
    assert "MMR013008" not in near["MMR005010"]
