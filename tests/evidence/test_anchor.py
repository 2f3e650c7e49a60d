"""An anchor kept outside Thitsa catches what the chains alone cannot: a log rewritten whole,
cut at its end with the head moved back, or an item deleted with its log."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thitsa.evidence import anchor
from thitsa.evidence.models import CustodyEntry, Evidence

from .files import jpeg_with_gps
from .test_vault_verify import sql, verify


def printed_anchor() -> str:
    out = io.StringIO()
    call_command("vault", "anchor", stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def test_an_untouched_vault_verifies_against_its_anchor_as_entries_are_added(items):
    photo, _pdf = items
    line = printed_anchor()
    assert line.startswith("thitsa-custody-v1:") and line.count(":") == 3
    assert ":2:" in line  # two items, and nothing that names a file or a person
    photo.add_custody("downloaded", "ma.thida", {"file": "original"})
    Evidence.add(io.BytesIO(jpeg_with_gps(seed=7)), name="c.jpg", by="x")
    code, out = verify("--anchor", line)
    assert code == 0
    assert (
        out.strip().splitlines()[-1].endswith("custody entries and the anchor checked: all intact")
    )


def test_a_log_cut_at_its_end_with_its_head_moved_back_fails_the_anchor(items):
    """The chains alone say intact: this is what the anchor is for."""
    photo, _pdf = items
    line = printed_anchor()
    last = photo.custody.get(seq=4)
    sql("DELETE FROM evidence_custodyentry WHERE id = %s", last.pk)
    sql("UPDATE evidence_evidence SET custody_head = %s WHERE id = %s", last.previous_hash,
        photo.pk)  # fmt: skip
    assert verify()[0] == 0
    code, out = verify("--anchor", line)
    assert code == 1
    assert "anchor: the custody logs up to" in out and "(items with entries then: 2, now: 2)" in out


def test_a_log_rewritten_whole_fails_the_anchor(items):
    photo, _pdf = items
    line = printed_anchor()
    # The adversary changes who downloaded the original and hashes the chain again from there.
    entries = list(photo.custody.order_by("seq"))
    entries[2].actor = "someone.else"
    previous = entries[1].entry_hash
    for entry in entries[2:]:
        entry.previous_hash = previous
        entry.entry_hash = entry.compute_hash()
        sql(
            "UPDATE evidence_custodyentry SET actor = %s, previous_hash = %s, entry_hash = %s "
            "WHERE id = %s",
            entry.actor, entry.previous_hash, entry.entry_hash, entry.pk,
        )  # fmt: skip
        previous = entry.entry_hash
    sql("UPDATE evidence_evidence SET custody_head = %s WHERE id = %s", previous, photo.pk)
    assert verify()[0] == 0
    assert verify("--anchor", line)[0] == 1


def test_an_item_deleted_with_its_log_fails_the_anchor(items):
    photo, _pdf = items
    line = printed_anchor()
    sql("DELETE FROM evidence_custodyentry WHERE evidence_id = %s", photo.pk)
    sql("DELETE FROM evidence_evidence_reports WHERE evidence_id = %s", photo.pk)
    sql("DELETE FROM evidence_evidence WHERE id = %s", photo.pk)
    code, out = verify("--anchor", line, "--json")
    result = json.loads(out)
    assert code == 1 and result["ok"] is False
    [problem] = [p for p in result["problems"] if p["evidence"] == "anchor"]
    assert "(items with entries then: 2, now: 1)" in problem["problem"]


@pytest.mark.parametrize("line", ["", "thitsa-custody-v1:yesterday:2:abc", "sha256:" + "0" * 64])
def test_a_line_that_is_not_an_anchor_is_refused_before_anything_is_checked(items, line):
    with pytest.raises(CommandError, match="is not a custody anchor"):
        call_command("vault", "verify", "--anchor", line, stdout=io.StringIO())


@pytest.mark.django_db
def test_an_empty_vault_has_nothing_to_anchor():
    assert not CustodyEntry.objects.exists()
    with pytest.raises(CommandError, match="nothing to anchor"):
        printed_anchor()


def test_an_anchor_from_the_future_is_refused(items):
    line = anchor.make()
    when = line.split(":")[1]
    future = line.replace(when, "2999" + when[4:])
    assert "in the future" in anchor.check(future)
