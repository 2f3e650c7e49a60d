"""Real files made in the tests: photos with EXIF and GPS, PDFs with an author and XMP."""

from __future__ import annotations

import functools
import io
import random

import pikepdf
from PIL import Image, ImageDraw

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
    b"<dc:creator>U Photographer</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
)


def scene(seed: int, size: tuple[int, int] = (320, 240)) -> Image.Image:
    """A photo-like picture: blocks of colour from a seed (different seeds look different)."""
    rng = random.Random(seed)
    img = Image.new("RGB", size)
    draw = ImageDraw.Draw(img)
    w, h = size
    for x in range(0, w, w // 8):
        for y in range(0, h, h // 6):
            colour = tuple(rng.randrange(256) for _ in range(3))
            draw.rectangle([x, y, x + w // 8, y + h // 6], fill=colour)
    return img


@functools.cache  # the ICC profile carries its creation time: two calls a second apart differ
def jpeg_with_gps(seed: int = 1, orientation: int = 1) -> bytes:
    """A JPEG with camera, time and GPS EXIF, an XMP packet, a comment and an ICC profile."""
    from PIL import ImageCms

    img = scene(seed)
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x0110] = "Canon EOS 80D"  # Model
    exif[0x013B] = "Ko Aung"  # Artist
    exif[0x0112] = orientation
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = "2025:03:14 09:26:53"  # DateTimeOriginal
    sub[0x9011] = "+06:30"  # OffsetTimeOriginal
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (22.0, 39.0, 6.66)
    gps[3] = "E"
    gps[4] = (95.0, 12.0, 33.95)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif, xmp=XMP, comment=b"taken by Ko Aung", icc_profile=icc)
    return out.getvalue()


def resized_recompressed(data: bytes, scale: float = 0.5, quality: int = 55) -> bytes:
    with Image.open(io.BytesIO(data)) as img:
        small = img.resize((int(img.width * scale), int(img.height * scale)))
    out = io.BytesIO()
    small.save(out, "JPEG", quality=quality)
    return out.getvalue()


def image_bytes(seed: int, fmt: str) -> bytes:
    out = io.BytesIO()
    scene(seed).save(out, fmt)
    return out.getvalue()


def pdf_with_author() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    pdf.docinfo["/Author"] = "Ko Aung"
    pdf.docinfo["/Creator"] = "Field Office Laptop"
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = ["Ko Aung"]
        meta["dc:title"] = "Witness statement"
    pdf.pages[0].obj["/Metadata"] = pdf.make_stream(XMP)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
