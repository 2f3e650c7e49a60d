from __future__ import annotations

import pytest

from thitsa.places import index_cache
from thitsa.places import resolver as resolver_module
from thitsa.places.models import Place
from thitsa.places.resolver import Resolver, build_index, get_resolver, reset_resolver

pytestmark = pytest.mark.django_db

SAGAING = ("MMR005", "state", "MMR005", None, "MMR005", "Sagaing", "", [], 22.0, 95.5)
TABAYIN = ("MMR005010", "township", "MMR005/MMR005D002/MMR005010", "MMR005010", "MMR005",
           "Tabayin", "ဒီပဲယင်း", ["Depayin"], 22.7, 95.3)  # fmt: skip


@pytest.fixture
def home(settings, tmp_path):
    settings.THITSA_HOME = tmp_path
    return tmp_path


def saved_files(home) -> list[str]:
    return sorted(p.name for p in (home / "cache").glob("resolver-*"))


def test_a_saved_index_reads_back_as_it_was_written(home):
    index = build_index([SAGAING, TABAYIN])
    index_cache.write("abc", index)
    back = index_cache.read("abc")
    assert {k: v for k, v in back.items() if k not in ("format", "fp")} == index
    assert Resolver(index=back).resolve("Depayin")[0].pcode == "MMR005010"
    assert (home / "cache").stat().st_mode & 0o777 == 0o700


def test_writing_a_new_index_removes_the_old_one(home):
    index_cache.write("old", build_index([SAGAING]))
    index_cache.write("new", build_index([SAGAING]))
    assert saved_files(home) == ["resolver-new.marshal"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-10],  # truncated
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit flipped
        lambda data: b"not a resolver index at all",
        lambda data: b"",
    ],
)
def test_a_damaged_file_is_rebuilt_never_trusted(home, damage):
    index_cache.write("abc", build_index([SAGAING]))
    path = home / "cache" / "resolver-abc.marshal"
    path.write_bytes(damage(path.read_bytes()))
    assert index_cache.read("abc") is None


def test_a_file_saved_under_another_fingerprint_is_not_read(home):
    index_cache.write("abc", build_index([SAGAING]))
    (home / "cache" / "resolver-abc.marshal").rename(home / "cache" / "resolver-xyz.marshal")
    assert index_cache.read("xyz") is None


def test_a_home_that_cannot_be_written_only_costs_the_next_start(home):
    (home / "cache").write_text("a file where the folder should be")
    index_cache.write("abc", build_index([SAGAING]))  # logged, not raised
    assert index_cache.read("abc") is None


def test_the_next_process_starts_from_the_saved_index(home, monkeypatch):
    monkeypatch.setattr(resolver_module, "_resolver", None)
    built = get_resolver()
    assert len(saved_files(home)) == 1

    def no_build(rows):
        raise AssertionError("the saved index should have been used")

    monkeypatch.setattr(resolver_module, "_resolver", None)
    monkeypatch.setattr(resolver_module, "build_index", no_build)
    loaded = get_resolver()
    assert loaded is not built
    assert len(loaded.places) == len(built.places) == Place.objects.count()
    query = "O Htein Kwin village, Depayin Township, Sagaing Region"
    assert loaded.resolve(query) == built.resolve(query)


def test_changing_places_changes_the_fingerprint(home):
    before = index_cache.fingerprint()
    assert index_cache.fingerprint() == before
    # A script's update sends no signal: the fingerprint still sees it.
    Place.objects.filter(pcode="MMR005010").update(name_en="Tabayin Myo")
    assert index_cache.fingerprint() != before


def test_loading_or_saving_places_forgets_the_saved_index(home):
    index_cache.write("abc", build_index([SAGAING]))
    reset_resolver()  # what every load of places calls
    assert saved_files(home) == []
    index_cache.write("abc", build_index([SAGAING]))
    place = Place.objects.get(pcode="MMR005010")
    place.alt_names = [*place.alt_names, "Dipeyin Myo"]
    place.save()  # the admin
    assert saved_files(home) == []


def test_the_index_decoded_on_demand_still_lists_every_place():
    resolver = Resolver([SAGAING, TABAYIN])
    assert "MMR005010" in resolver.places and "MMR999" not in resolver.places
    assert resolver.places.get("MMR999") is None
    assert sorted(p.pcode for p in resolver.places.values()) == ["MMR005", "MMR005010"]
    assert resolver.places["MMR005010"].ancestors == ("MMR005", "MMR005D002")
