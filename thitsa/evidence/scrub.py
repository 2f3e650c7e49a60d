"""Public copies without metadata, and perceptual hashes of images.

Images are decoded, turned upright by their EXIF orientation and encoded again from the pixels
alone: no EXIF (so no GPS), no XMP, no IPTC, no comments, no ICC profile (colours are converted to
sRGB first). PDFs lose their document info, every XMP stream (document, page, image),
per-page piece info, attached files, annotations' authors and times, and the metadata
segments of the JPEGs inside them (EXIF, XMP, IPTC, comments). Video and audio get no public
copy: they stay restricted.
"""

from __future__ import annotations

import hashlib
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
# How a public copy is encoded; the next when one gives back the original's very bytes.
_ENCODINGS = {
    "JPEG": [{"quality": 92}, {"quality": 91}],
    "WEBP": [{"quality": 92}, {"quality": 91}],
    "PNG": [{}, {"compress_level": 9}, {"compress_level": 1}],
}
NEAR_DUPLICATE_DISTANCE = 8  # Hamming distance between 64-bit pHashes


class CannotScrub(ValueError):
    """A file whose metadata the scrubber cannot be sure to remove: it gets no public copy (no
    public copy is better than a leaky one). The message names what, never the file's content."""


def public_copy(
    fh: BinaryIO, media_type: str, original_sha256: str = ""
) -> tuple[bytes, str, str] | None:
    """(bytes, media type, how it was made) of a copy safe to publish, or None for no copy.
    `original_sha256` (hex): a copy is never the original's very bytes."""
    if media_type in IMAGE_TYPES:
        return scrub_image(fh, media_type, original_sha256)
    if media_type == "application/pdf":
        return scrub_pdf(fh)
    return None


def scrub_image(fh: BinaryIO, media_type: str, original_sha256: str = "") -> tuple[bytes, str, str]:
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
    # A file Pillow wrote without metadata came back byte for byte (a PNG does, re-encoded
    # losslessly as it was): the public copy's hash was then the original's, which the public
    # must never learn (a seized phone's photos could be checked against it). Other settings
    # give other bytes of the same pixels.
    for options in _ENCODINGS[fmt]:
        out = io.BytesIO()
        clean.save(out, format=fmt, **options)
        if hashlib.sha256(out.getvalue()).hexdigest() != original_sha256:
            break
    else:
        raise ValueError("every encoding gave the original's bytes")
    return out.getvalue(), out_type, f"Pillow: pixels re-encoded as {fmt}, metadata removed"


def to_srgb(img, icc: bytes):
    try:
        from PIL import ImageCms

        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGB" if img.mode not in ("L", "RGB") else img.mode
        return ImageCms.profileToProfile(img, src, ImageCms.createProfile("sRGB"), outputMode=mode)
    except Exception:
        return img  # an unreadable profile: the pixels as they are, the profile still dropped


# Annotation keys that say who made a note and when (/T is a markup annotation's author).
_ANNOTATION_AUTHOR = ("/T", "/M", "/CreationDate")
# Annotations that carry other files or recordings whole, and notes that are only a reviewer's
# words (a sticky note and its pop-up): hidden comments ("the nurse's name is ..."), not the
# document.
_ANNOTATIONS_WITH_FILES = {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia",
                           "/Text", "/Popup"}  # fmt: skip
# Form fields (a hidden one is never drawn, and held "Daw Aye Aye Mon"; a visible one is drawn
# into its page first) and links, whose targets are no part of the page ("https://signal.me/#p/
# +959451234567").
_INTERACTIVE = {"/Widget", "/Link"}
# What a document's catalogue holds that no page shows: bookmarks' titles ("Interview: Daw Aye
# Aye Mon +95-9-..."), scripts and actions run on opening, named destinations, a base address.
_CATALOGUE_EXTRAS = (
    "/Outlines", "/OpenAction", "/AA", "/URI", "/Dests", "/AcroForm", "/Threads", "/PieceInfo",
)  # fmt: skip
_NAMES_EXTRAS = ("/EmbeddedFiles", "/JavaScript", "/Dests")
# A markup annotation's own comment (a highlight's note), in plain and rich text. A free-text
# annotation's /Contents is what the page shows: it stays.
_ANNOTATION_COMMENT = ("/Contents", "/RC")


def scrub_pdf(fh: BinaryIO) -> tuple[bytes, str, str]:
    import pikepdf

    with pikepdf.open(fh) as pdf:
        if "/Info" in pdf.trailer:
            del pdf.trailer["/Info"]
        if "/AcroForm" in pdf.Root:
            # The fields a reader sees stay, drawn into their pages; then no field is left.
            pdf.flatten_annotations(mode="screen")
        for name in _CATALOGUE_EXTRAS:
            if name in pdf.Root:
                del pdf.Root[name]
        if pdf.Root.get("/PageMode") == "/UseOutlines":
            pdf.Root.PageMode = pikepdf.Name.UseNone
        # Attached files (a spreadsheet of contacts, the original photos) go whole, and scripts;
        # what no longer refers to them is not written.
        names = pdf.Root.get("/Names")
        if names is not None:
            for name in _NAMES_EXTRAS:
                if name in names:
                    del names[name]
        for page in pdf.pages:
            # A page's thumbnail is a small JPEG of its own (with its camera's EXIF, when an
            # app made it from the photo); viewers draw thumbnails themselves.
            if "/Thumb" in page.obj:
                del page.obj["/Thumb"]
            # A page's own scripts, run on opening it ("app.alert('source: Ko Zaw 09-...')").
            if "/AA" in page.obj:
                del page.obj["/AA"]
            if "/Annots" in page.obj:
                page.obj["/Annots"] = pikepdf.Array(
                    a for a in page.obj["/Annots"]
                    if a.get("/Subtype") not in _ANNOTATIONS_WITH_FILES | _INTERACTIVE
                )  # fmt: skip
        for obj in pdf.objects:
            if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                continue
            for name in ("/Metadata", "/PieceInfo", "/AF"):
                if name in obj:
                    del obj[name]
            # A form field's /T is its name, not an author: widgets keep it.
            if "/Rect" in obj and obj.get("/Subtype") not in (None, "/Widget"):
                for name in _ANNOTATION_AUTHOR:
                    if name in obj:
                        del obj[name]
                if obj.get("/Subtype") != "/FreeText":
                    for name in _ANNOTATION_COMMENT:
                        if name in obj:
                            del obj[name]
            if isinstance(obj, pikepdf.Stream) and _is_picture(obj):
                _scrub_image_stream(obj)
            elif isinstance(obj, pikepdf.Stream) and _draws(obj):
                _scrub_inline_images(pdf, obj)
            elif obj.get("/Subtype") == "/Type3" and "/CharProcs" in obj:
                for glyph in obj.CharProcs.values():
                    _scrub_inline_images(pdf, glyph)
        for page in pdf.pages:
            _scrub_inline_images(pdf, page)
        out = io.BytesIO()
        # deterministic_id: the same original always gives the same public copy (and hash).
        pdf.save(out, fix_metadata_version=False, deterministic_id=True)
    how = (
        "pikepdf: document info, XMP, attached files, notes, annotation authors and comments, "
        "form fields (visible ones drawn into the page), bookmarks, links, scripts and image "
        "EXIF removed"
    )
    return out.getvalue(), "application/pdf", how


# Filters that only pack bytes: a stream so packed decodes to the bytes of the filter after them.
_PACKING = {"/FlateDecode", "/LZWDecode", "/ASCII85Decode", "/ASCIIHexDecode", "/RunLengthDecode",
            "/Fl", "/LZW", "/A85", "/AHx", "/RL"}  # fmt: skip
_JPEG = {"/DCTDecode", "/DCT"}
# Formats that can carry metadata of their own that no rule here removes.
_OPAQUE = {"/JPXDecode"}
_COMPRESSED_PICTURES = _JPEG | _OPAQUE


def _filters(value) -> list[str]:
    import pikepdf

    if value is None:
        return []
    if isinstance(value, pikepdf.Array):
        return [str(f) for f in value]
    return [str(value)]


def _scrub_image_stream(image) -> None:
    """A JPEG in a PDF is the camera's file byte for byte, EXIF (GPS, camera, owner) and all:
    its metadata segments are cut, the compressed pixels kept as they are. Packed again
    (Flate over the JPEG, as optimisers write it), it is unpacked first."""
    import pikepdf

    filters = _filters(image.get("/Filter"))
    if _OPAQUE.intersection(filters):
        raise CannotScrub("a JPEG 2000 image inside the PDF")
    if not _JPEG.intersection(filters):
        return  # raw or fax-coded pixels: nothing but pixels
    if filters[-1] not in _JPEG or not _PACKING.issuperset(filters[:-1]):
        raise CannotScrub(f"an image packed as {' '.join(filters)} inside the PDF")
    parms = image.get("/DecodeParms")
    if len(filters) == 1:
        jpeg = image.read_raw_bytes()
    else:
        # Unpacked by pikepdf: the stream told to apply the packing filters alone.
        image.Filter = pikepdf.Array([pikepdf.Name(f) for f in filters[:-1]])
        if isinstance(parms, pikepdf.Array):
            image.DecodeParms = pikepdf.Array(parms[:-1])
        try:
            jpeg = image.read_bytes()
        except pikepdf.PdfError as e:
            raise CannotScrub("an image inside the PDF that cannot be unpacked") from e
    if isinstance(parms, pikepdf.Array):
        parms = parms[-1] if len(parms) else None  # the JPEG's own (colour transform)
    if parms is None or isinstance(parms, pikepdf.Dictionary) and not len(parms):
        image.write(jpeg_without_metadata(jpeg), filter=pikepdf.Name.DCTDecode)
        if "/DecodeParms" in image:
            del image["/DecodeParms"]
    else:
        image.write(jpeg_without_metadata(jpeg), filter=pikepdf.Name.DCTDecode, decode_parms=parms)


def _is_picture(stream) -> bool:
    """An image, or any stream packed as a JPEG whatever it says it is (a thumbnail names no
    subtype)."""
    packed = _filters(stream.get("/Filter"))
    return stream.get("/Subtype") == "/Image" or bool(_COMPRESSED_PICTURES.intersection(packed))


def _draws(stream) -> bool:
    """Whether a stream holds drawing instructions of its own (a form, an annotation's
    appearance, a tiling pattern), where images may be written inline."""
    return stream.get("/Subtype") == "/Form" or stream.get("/PatternType") == 1


def _scrub_inline_images(pdf, content) -> None:
    """Images written into a page's (or form's) drawing instructions rather than beside them:
    their JPEGs lose their metadata as the other images' do. `content`: a page or a stream."""
    import pikepdf

    try:
        instructions = pikepdf.parse_content_stream(content)
    except pikepdf.PdfError as e:
        raise CannotScrub("drawing instructions inside the PDF that cannot be read") from e
    written, changed = [], False
    for instruction in instructions:
        if not isinstance(instruction, pikepdf.ContentStreamInlineImage):
            written.append(pikepdf.unparse_content_stream([instruction]))
            continue
        image = instruction.iimage
        filters = _filters(image.obj.get("/Filter"))
        if _OPAQUE.intersection(filters):
            raise CannotScrub("a JPEG 2000 image inside the PDF")
        whole = image.unparse()  # BI <dictionary> ID <data> EI
        if _JPEG.intersection(filters):
            if len(filters) > 1:
                raise CannotScrub(f"an image packed as {' '.join(filters)} inside the PDF")
            raw = bytes(image.read_raw_bytes())
            at = whole.rfind(raw)
            whole = whole[:at] + jpeg_without_metadata(raw) + whole[at + len(raw) :]
            changed = True
        written.append(whole)
    if not changed:
        return
    data = b"\n".join(written)
    if isinstance(content, pikepdf.Page):
        content.obj.Contents = pdf.make_stream(data)
    else:
        content.write(data)


# APP1-APP13 and APP15 (EXIF, XMP, ICC, IPTC, makers' notes) and comments. APP0 (JFIF) and
# APP14 (Adobe: how to read the colours) only say how to decode the pixels.
_METADATA_MARKERS = {*range(0xE1, 0xEE), 0xEF, 0xFE}
_RESTART = range(0xD0, 0xD8)


def jpeg_without_metadata(data: bytes) -> bytes:
    """The JPEG's segments and image data up to its end, less the metadata segments; what
    follows its end (a second picture with its own EXIF, as phones append) is dropped.
    CannotScrub for what is not a JPEG as the standard lays it out."""
    if data[:2] != b"\xff\xd8":
        raise CannotScrub("an image that is not a JPEG as its filter says")
    out, at = bytearray(data[:2]), 2
    while at + 2 <= len(data):
        if data[at] != 0xFF:
            raise CannotScrub(f"a JPEG with no marker at byte {at}")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker == 0xD9:  # end of image
            out += data[at : at + 2]
            return bytes(out)
        if marker == 0xD8:  # a picture after this one, its end missing
            break
        if marker == 0x01 or marker in _RESTART:  # markers without a length
            out += data[at : at + 2]
            at += 2
            continue
        if at + 4 > len(data):
            break
        end = at + 2 + int.from_bytes(data[at + 2 : at + 4], "big")
        if end > len(data):
            raise CannotScrub(f"a JPEG segment runs past the end at byte {at}")
        if marker not in _METADATA_MARKERS:
            out += data[at:end]
        if marker == 0xDA:  # start of scan: its coded pixels run to the next marker
            pixels_end = _scan_end(data, end)
            out += data[end:pixels_end]
            end = pixels_end
        at = end
    if b"\xff\xda" not in out:
        raise CannotScrub("a JPEG with no image data")
    return bytes(out)


def _scan_end(data: bytes, at: int) -> int:
    """Where a scan's coded pixels end: at the first marker that is not a restart (in coded
    data a 0xFF byte is followed by 0x00, or by a restart marker)."""
    while (at := data.find(b"\xff", at)) != -1 and at + 1 < len(data):
        follows = data[at + 1]
        if follows == 0x00 or follows in _RESTART:
            at += 2
        elif follows == 0xFF:
            at += 1
        else:
            return at
    return len(data)


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
