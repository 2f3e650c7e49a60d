import hashlib
import io
import os
import stat
import tracemalloc

import pytest
from django.core.management import call_command

from thitsa.evidence import vault
from thitsa.evidence.media import sniff
from thitsa.evidence.models import Evidence
from thitsa.evidence.vault import verify_all

from .files import image_bytes, jpeg_with_gps, resized_recompressed


def add(data: bytes, name: str = "photo.jpg", by: str = "daw.khin", **links):
    return Evidence.add(io.BytesIO(data), name=name, by=by, **links)


def test_the_same_file_twice_is_one_item_with_its_links_merged(report, other_report):
    data = jpeg_with_gps()
    first, created = add(data, name="IMG_0001.jpg", reports=[report])
    again, created_again = add(data, name="copy of IMG_0001.jpg", by="ko.zaw",
                               reports=[other_report])  # fmt: skip
    assert created and not created_again
    assert again.pk == first.pk
    assert Evidence.objects.count() == 1
    assert set(first.reports.all()) == {report, other_report}
    actions = list(first.custody.values_list("action", flat=True))
    assert actions[0] == "added" and actions[-1] == "added again"
    assert first.custody.last().actor == "ko.zaw"


def test_it_keys_the_file_by_its_sha256_and_keeps_it_read_only(report, vault_dir):
    data = jpeg_with_gps()
    ev, _ = add(data, reports=[report])
    digest = hashlib.sha256(data).hexdigest()
    assert ev.sha256 == digest and ev.key == f"sha256:{digest}" and ev.size == len(data)
    path = vault_dir / "originals" / digest[:2] / digest[2:4] / digest
    assert path.read_bytes() == data
    assert not os.access(path, os.W_OK) or os.geteuid() == 0
    assert (path.stat().st_mode & 0o222) == 0
    assert not list((vault_dir / "incoming").iterdir())  # no temporary file left behind


def test_its_folders_and_files_are_for_this_account_only(report, vault_dir):
    # A restricted photo carries GPS: no other account on the machine may read it, even under
    # a web server's usual umask (022).
    old = os.umask(0o022)
    try:
        ev, _ = add(jpeg_with_gps(), reports=[report])
    finally:
        os.umask(old)
    path = vault_dir / "originals" / ev.sha256[:2] / ev.sha256[2:4] / ev.sha256
    assert stat.S_IMODE(path.stat().st_mode) == 0o400
    folders = [vault_dir, *(p for p in vault_dir.rglob("*") if p.is_dir())]
    assert {stat.S_IMODE(p.stat().st_mode) for p in folders} == {0o700}


def test_it_sniffs_the_type_from_the_content_not_the_name(report):
    ev, _ = add(image_bytes(3, "PNG"), name="statement.pdf", reports=[report])
    assert ev.media_type == "image/png"


@pytest.mark.parametrize(
    "head, media_type",
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"II*\x00\x08\x00\x00\x00", "image/tiff"),
        (b"%PDF-1.7\n", "application/pdf"),
        (b"\x00\x00\x00\x18ftypmp42\x00\x00", "video/mp4"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00", "video/quicktime"),
        (b"\x00\x00\x00\x20ftypM4A \x00\x00", "audio/mp4"),
        (b"\x1a\x45\xdf\xa3\x01\x00\x00\x00webm", "video/webm"),
        (b"ID3\x04\x00\x00\x00", "audio/mpeg"),
        (b"OggS\x00\x02", "audio/ogg"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", "audio/wav"),
        ("ဒီပဲယင်း ကျောင်း".encode(), "text/plain"),
        (bytes(range(256)), "application/octet-stream"),
    ],
)
def test_it_sniffs_common_media_types(head, media_type):
    assert sniff(head) == media_type


def test_a_large_file_streams_through_without_being_held_in_memory(report, tmp_path):
    size = 48 * 1024 * 1024
    big = tmp_path / "video.bin"
    sha = hashlib.sha256()
    with big.open("wb") as fh:
        for _ in range(size // (1024 * 1024)):
            chunk = os.urandom(1024 * 1024)
            sha.update(chunk)
            fh.write(chunk)
    tracemalloc.start()
    try:
        with big.open("rb") as fh:
            ev, _ = Evidence.add(fh, name="video.mp4", by="daw.khin", reports=[report])
        problems = verify_all()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert ev.sha256 == sha.hexdigest() and ev.size == size
    assert problems == []
    assert peak < 8 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.0f} MB file"


def test_a_resized_recompressed_copy_is_flagged_as_a_near_duplicate(report):
    photo = jpeg_with_gps(seed=7)
    original, _ = add(photo, reports=[report])
    copy, _ = add(resized_recompressed(photo), name="from_telegram.jpg", reports=[report])
    assert copy.sha256 != original.sha256
    assert list(copy.near_duplicates.all()) == [original]
    assert list(original.near_duplicates.all()) == [copy]
    entry = copy.custody.get(action="near duplicates")
    assert entry.detail == {"of": [original.key]}


def test_a_different_photo_is_not_flagged(report):
    add(jpeg_with_gps(seed=7), reports=[report])
    other, _ = add(jpeg_with_gps(seed=8), name="other.jpg", reports=[report])
    assert other.phash
    assert not other.near_duplicates.exists()


def test_the_add_command_prints_the_key_and_near_duplicates(report, public_incident, tmp_path):
    photo = jpeg_with_gps(seed=7)
    (tmp_path / "a.jpg").write_bytes(photo)
    (tmp_path / "b.jpg").write_bytes(resized_recompressed(photo))
    out = io.StringIO()
    call_command("evidence", "add", str(tmp_path / "a.jpg"), "--report", str(report.pk),
                 "--incident", public_incident.public_id, stdout=out)  # fmt: skip
    first = Evidence.objects.get()
    assert first.key in out.getvalue() and "added" in out.getvalue()
    assert list(first.incidents.all()) == [public_incident]
    out = io.StringIO()
    call_command("evidence", "add", str(tmp_path / "b.jpg"), "--report", str(report.pk), stdout=out)
    assert f"near-duplicate of {first.key}" in out.getvalue()
    out = io.StringIO()
    call_command("evidence", "add", str(tmp_path / "a.jpg"), "--report", str(report.pk), stdout=out)
    assert "already in the vault" in out.getvalue()
    out = io.StringIO()
    call_command("evidence", "list", stdout=out)
    assert first.key in out.getvalue() and out.getvalue().rstrip().endswith("2 items")


def test_the_add_command_refuses_an_unknown_report(db, tmp_path):
    from django.core.management.base import CommandError

    (tmp_path / "a.jpg").write_bytes(jpeg_with_gps())
    with pytest.raises(CommandError, match="no such report: 999"):
        call_command("evidence", "add", str(tmp_path / "a.jpg"), "--report", "999")
    assert not Evidence.objects.exists()


def test_the_add_command_refuses_an_empty_file_and_a_folder(db, tmp_path):
    from django.core.management.base import CommandError

    (tmp_path / "empty.jpg").write_bytes(b"")
    with pytest.raises(CommandError, match="empty.jpg: the file is empty"):
        call_command("evidence", "add", str(tmp_path / "empty.jpg"), "--report", "1")
    with pytest.raises(CommandError, match="a folder; give the file itself"):
        call_command("evidence", "add", str(tmp_path), "--report", "1")
    assert not Evidence.objects.exists()


def test_the_vault_storage_alias_is_used(report, vault_dir):
    ev, _ = add(jpeg_with_gps(), reports=[report])
    assert vault.vault_storage().exists(vault.name_for(vault.ORIGINALS, ev.sha256))
    assert vault.vault_storage().exists(vault.name_for(vault.DERIVED, ev.public_sha256))


def test_the_add_command_finds_a_report_by_its_files_report_id(db, tmp_path):
    """Found by a newcomer: `--report sdt-A3` (the report_id of her CSV, and of `thitsa export
    reports`) was "invalid int value"; the database id is shown only in the admin."""
    from django.core.management.base import CommandError

    from thitsa.reports.models import Source, SourceReport

    team = Source.objects.create(name="Sagaing Documentation", kind="cso")
    told = SourceReport.objects.create(import_key="k-a3", source=team, external_id="sdt-A3")
    (tmp_path / "a.jpg").write_bytes(jpeg_with_gps())
    call_command("evidence", "add", str(tmp_path / "a.jpg"), "--report", "sdt-A3",
                 stdout=io.StringIO())  # fmt: skip
    assert list(Evidence.objects.get().reports.all()) == [told]
    other = Source.objects.create(name="DVB", kind="media")
    SourceReport.objects.create(import_key="k-a3b", source=other, external_id="sdt-A3")
    (tmp_path / "b.jpg").write_bytes(jpeg_with_gps(seed=9))
    with pytest.raises(CommandError, match="is several reports'"):
        call_command("evidence", "add", str(tmp_path / "b.jpg"), "--report", "sdt-A3")
