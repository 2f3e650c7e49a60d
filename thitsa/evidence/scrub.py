"""Public copies without metadata, and perceptual hashes of images.

Images are decoded, turned upright by their EXIF orientation and encoded again from the pixels
alone: no EXIF (so no GPS), no XMP, no IPTC, no comments, no ICC profile (colours are converted to
sRGB first). PDFs lose their document info, every XMP stream (document, page, image) and
per-page piece info. Video and audio get no public copy: they stay restricted.
"""

from __future__ import annotations

import io
from typing import BinaryIO

from thitsa.evidence.media import IMAGE_TYPES

# Output format per input type; TIFF becomes PNG, which browsers show.
PUBLIC_FORMATS = {
    "image/jpeg": ("JPEG", "image/jpeg"),
    "image/png": ("PNG", "image/png"),
    "image/webp": ("WEBP", "image/webp"),
    "image/tiff": ("PNG", "image/png"),
}
NEAR_DUPLICATE_DISTANCE = 8  # Hamming distance between 64-bit pHashes


def public_copy(fh: BinaryIO, media_type: str) -> tuple[bytes, str, str] | None:
    """(bytes, media type, how it was made) of a copy safe to publish, or None for no copy."""
    if media_type in IMAGE_TYPES:
        return scrub_image(fh, media_type)
    if media_type == "application/pdf":
        return scrub_pdf(fh)
    return None


def scrub_image(fh: BinaryIO, media_type: str) -> tuple[bytes, str, str]:
    from PIL import Image, ImageOps

    fmt, out_type = PUBLIC_FORMATS[media_type]
    with Image.open(fh) as img:
        img.seek(0)  # first frame of an animation or a multi-page TIFF
        upright = ImageOps.exif_transpose(img)
        icc = img.info.get("icc_profile")
        pixels = to_srgb(upright, icc) if icc else upright
        if fmt == "JPEG" and pixels.mode not in ("RGB", "L", "CMYK"):
            pixels = pixels.convert("RGB")
        if fmt in ("PNG", "WEBP") and pixels.mode == "CMYK":
            pixels = pixels.convert("RGB")
        # A fresh image from the raw pixels carries nothing of the original's info or tags.
        clean = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
        if pixels.mode == "P":
            clean.putpalette(pixels.getpalette())
    out = io.BytesIO()
    options = {"quality": 92} if fmt in ("JPEG", "WEBP") else {}
    clean.save(out, format=fmt, **options)
    return out.getvalue(), out_type, f"Pillow: pixels re-encoded as {fmt}, metadata removed"


def to_srgb(img, icc: bytes):
    try:
        from PIL import ImageCms

        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGB" if img.mode not in ("L", "RGB") else img.mode
        return ImageCms.profileToProfile(img, src, ImageCms.createProfile("sRGB"), outputMode=mode)
    except Exception:
        return img  # an unreadable profile: the pixels as they are, the profile still dropped


def scrub_pdf(fh: BinaryIO) -> tuple[bytes, str, str]:
    import pikepdf

    with pikepdf.open(fh) as pdf:
        if "/Info" in pdf.trailer:
            del pdf.trailer["/Info"]
        for obj in pdf.objects:
            if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                for name in ("/Metadata", "/PieceInfo"):
                    if name in obj:
                        del obj[name]
        out = io.BytesIO()
        # deterministic_id: the same original always gives the same public copy (and hash).
        pdf.save(out, fix_metadata_version=False, deterministic_id=True)
    return out.getvalue(), "application/pdf", "pikepdf: document info and XMP removed"


def phash(fh: BinaryIO) -> str:
    """The 64-bit perceptual hash of an image, as 16 hex digits ("" if it cannot be read)."""
    import imagehash
    from PIL import Image, ImageOps

    try:
        with Image.open(fh) as img:
            return str(imagehash.phash(ImageOps.exif_transpose(img)))
    except Exception:
        return ""


def distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()
