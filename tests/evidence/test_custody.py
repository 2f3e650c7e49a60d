import io

import pytest

from thitsa.evidence.models import CustodyEntry, Evidence

from .files import jpeg_with_gps


@pytest.fixture
def item(report):
    return Evidence.add(io.BytesIO(jpeg_with_gps()), name="a.jpg", by="daw.khin",
                        reports=[report])[0]  # fmt: skip


def test_each_entry_holds_the_hash_of_the_one_before(item):
    item.add_custody("downloaded", "ma.thida", {"file": "original"})
    entries = list(item.custody.order_by("seq"))
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0].previous_hash == ""
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.previous_hash == before.entry_hash
    assert all(e.entry_hash == e.compute_hash() for e in entries)
    item.refresh_from_db()
    assert item.custody_head == entries[-1].entry_hash
    assert item.custody_problems() == []


def test_the_hash_is_over_canonical_json_of_the_fields(item):
    entry = item.custody.get(seq=1)
    text = entry.canonical().decode()
    assert text.startswith('{"action":"added","actor":"daw.khin","at":"')
    assert f'"evidence":"{item.key}"' in text and '"previous_hash":""' in text


def test_custody_entries_cannot_be_changed_or_deleted(item):
    entry = item.custody.get(seq=1)
    entry.actor = "mallory"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()
    with pytest.raises(ValueError, match="append-only"):
        CustodyEntry.objects.filter(pk=entry.pk).update(actor="mallory")
    with pytest.raises(ValueError, match="append-only"):
        CustodyEntry.objects.filter(pk=entry.pk).delete()
    assert CustodyEntry.objects.get(pk=entry.pk).actor == "daw.khin"


def test_publishing_is_logged(item):
    item.publish("ma.thida")
    entry = item.custody.order_by("seq").last()
    assert (entry.action, entry.actor, entry.detail) == (
        "published",
        "ma.thida",
        {"sha256": item.public_sha256},
    )
    assert item.custody_problems() == []
