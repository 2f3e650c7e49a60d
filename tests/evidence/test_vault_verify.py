import io
import json
import os

import pytest
from django.core.management import call_command
from django.db import connection

from thitsa.evidence import vault
from thitsa.evidence.models import Evidence

from .files import jpeg_with_gps


def verify(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("vault", "verify", *args, stdout=out)
    except SystemExit as e:
        return e.code, out.getvalue()
    return 0, out.getvalue()


def flip_a_byte(path, offset: int = 100) -> None:
    os.chmod(path, 0o644)
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def sql(statement: str, *params) -> None:
    # Straight to the database: the ORM refuses to change custody entries.
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_an_intact_vault_verifies(items):
    code, out = verify()
    assert code == 0
    assert out.strip().splitlines()[-1] == (
        "2 items, 4 files, 6 custody entries checked: all intact"
    )


def test_it_finds_one_changed_byte_in_an_original(items, vault_dir):
    photo, _pdf = items
    flip_a_byte(vault_dir / vault.name_for(vault.ORIGINALS, photo.sha256))
    code, out = verify()
    assert code == 1
    assert f"{photo.key}: original: content changed" in out
    assert out.strip().splitlines()[-1].endswith(": 1 problem")


def test_it_finds_one_changed_byte_in_a_public_copy(items, vault_dir):
    _photo, pdf = items
    flip_a_byte(vault_dir / vault.name_for(vault.DERIVED, pdf.public_sha256), offset=20)
    code, out = verify()
    assert code == 1
    assert f"{pdf.key}: derived file {pdf.public_key}: content changed" in out


def test_it_finds_a_missing_original(items, vault_dir):
    photo, _pdf = items
    os.unlink(vault_dir / vault.name_for(vault.ORIGINALS, photo.sha256))
    code, out = verify()
    assert code == 1 and f"{photo.key}: original: missing from the vault" in out


def test_it_finds_a_changed_custody_entry(items):
    photo, _pdf = items
    entry = photo.custody.get(seq=2)
    sql("UPDATE evidence_custodyentry SET actor = %s WHERE id = %s", "mallory", entry.pk)
    code, out = verify()
    assert code == 1
    assert f"{photo.key}: custody entry 2: its content or stored hash was changed" in out


def test_it_finds_a_changed_detail_in_a_custody_entry(items):
    photo, _pdf = items
    entry = photo.custody.get(action="derived")
    detail = json.dumps({**entry.detail, "how": "by hand"})
    sql("UPDATE evidence_custodyentry SET detail = %s WHERE id = %s", detail, entry.pk)
    code, out = verify()
    assert code == 1 and f"custody entry {entry.seq}: its content or stored hash" in out


def test_it_finds_a_changed_stored_entry_hash(items):
    photo, _pdf = items
    entry = photo.custody.get(seq=1)
    sql("UPDATE evidence_custodyentry SET entry_hash = %s WHERE id = %s", "0" * 64, entry.pk)
    code, out = verify()
    assert code == 1
    assert f"{photo.key}: custody entry 1: its content or stored hash was changed" in out
    assert f"{photo.key}: custody entry 2: does not follow the entry before it" in out


def test_it_finds_a_changed_stored_file_hash(items):
    photo, pdf = items
    sql("UPDATE evidence_evidence SET public_sha256 = %s WHERE id = %s", pdf.public_sha256,
        photo.pk)  # fmt: skip
    code, out = verify()
    assert code == 1
    assert f"{photo.key}: derived file {pdf.public_key}" not in out  # that file is intact...
    assert f"{photo.key}: custody entry" not in out
    # ...but the item now points at a copy its custody log never derived
    assert "not derived in its custody log" in out


@pytest.mark.parametrize("seq, message", [
    (2, "custody entry 3: expected entry 2 (deleted or reordered)"),
    (4, "custody log: its last entry is not the one recorded (entries removed)"),
])  # fmt: skip
def test_it_finds_a_deleted_custody_entry(items, seq, message):
    photo, _pdf = items
    assert photo.custody.count() == 4
    sql("DELETE FROM evidence_custodyentry WHERE id = %s", photo.custody.get(seq=seq).pk)
    code, out = verify()
    assert code == 1 and f"{photo.key}: {message}" in out


def test_it_finds_reordered_custody_entries(items):
    photo, _pdf = items
    third, fourth = photo.custody.get(seq=3), photo.custody.get(seq=4)
    sql("UPDATE evidence_custodyentry SET seq = 99 WHERE id = %s", third.pk)
    sql("UPDATE evidence_custodyentry SET seq = 3 WHERE id = %s", fourth.pk)
    sql("UPDATE evidence_custodyentry SET seq = 4 WHERE id = %s", third.pk)
    code, out = verify()
    assert code == 1 and f"{photo.key}: custody entry 3: does not follow" in out


def test_verify_json_lists_each_problem(items, vault_dir):
    photo, _pdf = items
    flip_a_byte(vault_dir / vault.name_for(vault.ORIGINALS, photo.sha256))
    code, out = verify("--json")
    result = json.loads(out)
    assert code == 1
    assert result["ok"] is False and result["items"] == 2
    assert result["problems"] == [
        {"evidence": photo.key, "problem": result["problems"][0]["problem"]}
    ]
    assert "content changed" in result["problems"][0]["problem"]


def test_verify_all_is_a_plain_function_for_a_restore_to_call(items, vault_dir):
    photo, _pdf = items
    assert vault.verify_all() == []
    flip_a_byte(vault_dir / vault.name_for(vault.ORIGINALS, photo.sha256))
    [problem] = vault.verify_all()
    assert problem.evidence == photo.key


def test_an_object_store_works_through_the_storage_api(report, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "vault": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    data = jpeg_with_gps()
    ev, created = Evidence.add(io.BytesIO(data), name="a.jpg", by="x", reports=[report])
    again, created_again = Evidence.add(io.BytesIO(data), name="a.jpg", by="x", reports=[report])
    assert created and not created_again and again.pk == ev.pk
    assert ev.public_sha256
    assert vault.verify_all() == []


def test_it_finds_an_item_deleted_from_the_database_by_the_file_it_left(items, vault_dir):
    """Found by an adversary's review: an item's rows (item, links, custody log) deleted with
    sqlite left its original in the vault, and `vault verify` said "all intact": it only walked
    the rows. Files no item records are problems now."""
    photo, _pdf = items
    sql("DELETE FROM evidence_custodyentry WHERE evidence_id = %s", photo.pk)
    sql("DELETE FROM evidence_evidence_reports WHERE evidence_id = %s", photo.pk)
    sql("DELETE FROM evidence_evidence WHERE id = %s", photo.pk)
    code, out = verify()
    name = vault.name_for(vault.ORIGINALS, photo.sha256)
    assert "2 files in the vault that no item records" in out
    assert f"{photo.key}: an original that no evidence item records ({name})" in out
    assert f"{photo.public_key}: a derived file that no evidence item records" in out
    # Not damage in itself (a failed add, a backup taken while adding leave such files).
    assert code == 0
