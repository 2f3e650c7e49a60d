import io

from PIL.TiffImagePlugin import IFDRational

from thitsa.evidence.media import exif_time, jsonable
from thitsa.evidence.models import Evidence

from .files import jpeg_with_gps


def test_exif_values_become_json_the_database_accepts():
    assert jsonable(b"Canon\x00\x00") == "Canon"
    assert jsonable("EOS\x00") == "EOS"
    assert jsonable(b"\x01\x02\xff") == "0102ff"
    assert jsonable(IFDRational(1, 0)) is None  # no NaN in JSON
    assert jsonable((IFDRational(22, 1), IFDRational(1, 2))) == [22.0, 0.5]


def test_an_exif_time_without_an_offset_is_read_in_the_given_zone():
    when = exif_time("2025:03:14 09:26:53", None, "Asia/Yangon")
    assert when.isoformat() == "2025-03-14T09:26:53+06:30"
    assert exif_time("0000:00:00 00:00:00", None, "UTC") is None


def test_a_damaged_photo_is_still_kept_with_the_reason(report):
    broken = jpeg_with_gps()[:600]
    ev, created = Evidence.add(io.BytesIO(broken), name="cut.jpg", by="x", reports=[report])
    assert created and ev.media_type == "image/jpeg" and ev.size == 600
    assert ev.custody_problems() == []
    assert ev.public_sha256 == "" and ev.phash == ""
    assert ev.custody.filter(action="public copy failed").exists()
    assert "error" in ev.metadata
