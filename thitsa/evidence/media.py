"""What a file is (from its first bytes, never its name) and what its metadata says.

No Django here: plain functions over bytes and open files.
"""

from __future__ import annotations

import datetime as dt
import math
import zoneinfo
from dataclasses import dataclass, field
from typing import BinaryIO

IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/tiff"}
# Types that get a public copy with the metadata removed; everything else stays restricted.
SCRUBBABLE = IMAGE_TYPES | {"application/pdf"}

# ISO base media ("....ftyp<brand>"): brand -> type
FTYP_BRANDS = {
    b"qt  ": "video/quicktime",
    b"M4A ": "audio/mp4",
    b"M4B ": "audio/mp4",
    b"3gp": "video/3gpp",
    b"3g2": "video/3gpp2",
    b"heic": "image/heic",
    b"heix": "image/heic",
    b"mif1": "image/heif",
    b"avif": "image/avif",
}


def sniff(head: bytes) -> str:
    """The media type of a file from its first bytes.

    >>> sniff(b"%PDF-1.7 ...")
    'application/pdf'
    """
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if head.startswith(b"RIFF") and len(head) >= 12:
        return {b"WEBP": "image/webp", b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo"}.get(
            head[8:12], "application/octet-stream"
        )
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        for prefix, kind in FTYP_BRANDS.items():
            if brand.startswith(prefix):
                return kind
        return "video/mp4"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm" if b"webm" in head[:64] else "video/x-matroska"
    if head.startswith(b"OggS"):
        return "video/ogg" if b"theora" in head[:128].lower() else "audio/ogg"
    if head.startswith(b"fLaC"):
        return "audio/flac"
    if head.startswith(b"#!AMR"):
        return "audio/amr"
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio/mpeg"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in head:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return "application/zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/x-ole-storage"  # .doc, .xls, .msg
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        # A cut in the middle of a character at the end of the head is still text.
        try:
            head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return "application/octet-stream"
    return "text/plain" if b"\x00" not in head else "application/octet-stream"


def kind_of(media_type: str) -> str:
    """image, video, audio or document."""
    top = media_type.split("/", 1)[0]
    return top if top in ("image", "video", "audio") else "document"


@dataclass
class Metadata:
    """What a file says about itself: kept restricted, never published."""

    tags: dict = field(default_factory=dict)
    captured_at: dt.datetime | None = None
    lat: float | None = None
    lon: float | None = None


def jsonable(value, limit: int = 500):
    """EXIF values as JSON: text without NUL characters (PostgreSQL's jsonb refuses them),
    binary blobs as hex, rationals as floats."""
    if isinstance(value, bytes):
        value = value[:limit]
        if any(b < 9 for b in value.rstrip(b"\x00")):
            return value.hex()
        value = value.decode("latin-1")
    if isinstance(value, str):
        return value.replace("\x00", "")[:limit]
    if isinstance(value, (tuple, list)):
        return [jsonable(v, limit) for v in value[:50]]
    if isinstance(value, (int, bool)) or value is None:
        return value
    try:
        number = float(value)  # IFDRational and friends
        return number if math.isfinite(number) else None  # x/0 in EXIF: JSON has no NaN
    except (TypeError, ValueError):
        return str(value).replace("\x00", "")[:limit]


def read_metadata(fh: BinaryIO, media_type: str, tz: str = "UTC") -> Metadata:
    """EXIF (with GPS) of images, document info and XMP of PDFs; nothing for other types.

    `tz` is the zone assumed for an EXIF time written without an offset.
    """
    try:
        if media_type in IMAGE_TYPES:
            return _image_metadata(fh, tz)
        if media_type == "application/pdf":
            return _pdf_metadata(fh)
    except Exception as e:  # a damaged file is still evidence: keep it, say why
        return Metadata(tags={"error": f"{type(e).__name__}: {e}"[:300]})
    return Metadata()


def _image_metadata(fh: BinaryIO, tz: str) -> Metadata:
    from PIL import ExifTags, Image

    meta = Metadata()
    with Image.open(fh) as img:
        meta.tags["format"] = img.format
        meta.tags["size"] = list(img.size)
        exif = img.getexif()
        named = {ExifTags.TAGS.get(k, str(k)): jsonable(v) for k, v in exif.items()}
        sub = exif.get_ifd(ExifTags.IFD.Exif)
        named.update({ExifTags.TAGS.get(k, str(k)): jsonable(v) for k, v in sub.items()})
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps_named = {ExifTags.GPSTAGS.get(k, str(k)): jsonable(v) for k, v in gps.items()}
        named.pop("MakerNote", None)  # vendor blobs, often large
        named.pop("ExifOffset", None)
        named.pop("GPSInfo", None)
        meta.tags["exif"] = named
        if gps_named:
            meta.tags["gps"] = gps_named
        for key in ("xmp", "comment", "icc_profile"):
            if img.info.get(key):
                meta.tags[f"has_{key}"] = True
    stamp = named.get("DateTimeOriginal") or named.get("DateTime")
    if isinstance(stamp, str):
        meta.captured_at = exif_time(stamp, named.get("OffsetTimeOriginal"), tz)
    meta.lat, meta.lon = gps_point(gps)
    return meta


def exif_time(stamp: str, offset, tz: str) -> dt.datetime | None:
    """ "2025:03:14 09:26:53" (+ "+06:30") -> an aware datetime; None when unreadable."""
    try:
        when = dt.datetime.strptime(stamp.strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    if isinstance(offset, str) and offset.strip():
        try:
            parsed = dt.datetime.strptime(offset.strip("\x00 "), "%z")
            return when.replace(tzinfo=parsed.tzinfo)
        except ValueError:
            pass
    return when.replace(tzinfo=zoneinfo.ZoneInfo(tz))


def gps_point(gps) -> tuple[float | None, float | None]:
    """Degrees from EXIF's GPS IFD (degrees, minutes, seconds and N/S, E/W refs)."""
    try:
        lat = _degrees(gps[2], gps.get(1, "N"))
        lon = _degrees(gps[4], gps.get(3, "E"))
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError):
        return None, None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None
    return round(lat, 7), round(lon, 7)


def _degrees(dms, ref) -> float:
    d, m, s = (float(x) for x in dms)
    value = d + m / 60 + s / 3600
    ref = ref.decode() if isinstance(ref, bytes) else ref
    return -value if str(ref).strip("\x00 ").upper() in ("S", "W") else value


def _pdf_metadata(fh: BinaryIO) -> Metadata:
    import pikepdf

    meta = Metadata()
    with pikepdf.open(fh) as pdf:
        meta.tags["pages"] = len(pdf.pages)
        meta.tags["info"] = {str(k): str(v)[:500] for k, v in pdf.docinfo.items()}
        if "/Metadata" in pdf.Root:
            with pdf.open_metadata() as xmp:
                meta.tags["xmp"] = {str(k): str(v)[:500] for k, v in list(xmp.items())[:100]}
    return meta
