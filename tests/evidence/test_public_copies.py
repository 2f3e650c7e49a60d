import io
import json
import shutil
import subprocess

import exifread
import pikepdf
import pytest
from PIL import Image

from thitsa.evidence import vault
from thitsa.evidence.models import Evidence

from .files import image_bytes, jpeg_with_gps, pdf_with_author


def add(data: bytes, report, name: str = "IMG_0001.jpg") -> Evidence:
    return Evidence.add(io.BytesIO(data), name=name, by="daw.khin", reports=[report])[0]


def public_bytes(ev: Evidence) -> bytes:
    with vault.open_file(vault.name_for(vault.DERIVED, ev.public_sha256)) as fh:
        return fh.read()


def exiftool_tags(data: bytes, tmp_path) -> dict:
    path = tmp_path / "public.bin"
    path.write_bytes(data)
    out = subprocess.run(["exiftool", "-j", "-a", "-G1", str(path)], capture_output=True)
    return json.loads(out.stdout)[0]


def test_the_jpeg_metadata_is_read_and_kept_restricted(report):
    ev = add(jpeg_with_gps(), report)
    assert ev.media_type == "image/jpeg"
    assert ev.captured_at.isoformat() == "2025-03-14T09:26:53+06:30"
    assert ev.lat == pytest.approx(22.65185, abs=1e-4)
    assert ev.lon == pytest.approx(95.20943, abs=1e-4)
    assert ev.metadata["exif"]["Make"] == "Canon"
    assert ev.metadata["gps"]["GPSLatitudeRef"] == "N"


def test_the_public_copy_of_a_jpeg_with_gps_has_no_metadata(report, tmp_path):
    original = jpeg_with_gps()
    assert "GPS GPSLatitude" in exifread.process_file(io.BytesIO(original))  # the test is real
    ev = add(original, report)
    data = public_bytes(ev)
    assert ev.public_media_type == "image/jpeg"
    assert exifread.process_file(io.BytesIO(data)) == {}
    with Image.open(io.BytesIO(data)) as img:
        assert len(img.getexif()) == 0
        for key in ("exif", "xmp", "comment", "icc_profile", "XML:com.adobe.xmp"):
            assert key not in img.info
    for secret in (b"Ko Aung", b"Canon", b"U Photographer", b"2025:03:14"):
        assert secret not in data
    if shutil.which("exiftool"):
        tags = exiftool_tags(data, tmp_path)
        assert not [k for k in tags if k.split(":")[0] in ("GPS", "IFD0", "ExifIFD", "XMP-dc")]


def test_the_public_copy_is_turned_upright_by_the_exif_orientation(report):
    ev = add(jpeg_with_gps(orientation=6), report)  # 6: the camera was turned 90°
    with Image.open(io.BytesIO(public_bytes(ev))) as img:
        assert img.size == (240, 320)


@pytest.mark.parametrize("fmt, public_type", [
    ("PNG", "image/png"), ("WEBP", "image/webp"), ("TIFF", "image/png"),
])  # fmt: skip
def test_png_webp_and_tiff_public_copies_have_no_exif(report, fmt, public_type):
    img = Image.open(io.BytesIO(image_bytes(5, "PNG")))
    exif = Image.Exif()
    exif[0x013B] = "Ko Aung"
    exif.get_ifd(0x8825)[1] = "N"
    out = io.BytesIO()
    img.save(out, fmt, exif=exif)
    ev = add(out.getvalue(), report, name=f"scan.{fmt.lower()}")
    data = public_bytes(ev)
    assert ev.public_media_type == public_type
    assert b"Ko Aung" not in data
    with Image.open(io.BytesIO(data)) as copy:
        assert len(copy.getexif()) == 0 and "exif" not in copy.info


def test_a_public_copy_never_has_the_originals_bytes(report):
    # A PNG Pillow wrote without metadata came back byte for byte, and the public saw the
    # original's hash (and could download the original itself).
    original = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 30, 30)).save(original, "PNG")
    ev = add(original.getvalue(), report, name="plain.png")
    assert ev.public_sha256 and ev.public_sha256 != ev.sha256
    copy = public_bytes(ev)
    assert copy != original.getvalue()
    with Image.open(io.BytesIO(copy)) as shown, Image.open(original) as first:
        assert shown.tobytes() == first.tobytes()


def test_the_public_copy_of_a_pdf_has_no_author_and_no_xmp(report, tmp_path):
    ev = add(pdf_with_author(), report, name="statement.pdf")
    assert ev.media_type == "application/pdf"
    assert ev.metadata["info"]["/Author"] == "Ko Aung"  # kept, restricted
    data = public_bytes(ev)
    assert ev.public_media_type == "application/pdf"
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/Info" not in pdf.trailer or not dict(pdf.docinfo)
        assert "/Metadata" not in pdf.Root
        assert all("/Metadata" not in page.obj for page in pdf.pages)
        assert len(pdf.pages) == 1
    for secret in (b"Ko Aung", b"Field Office", b"U Photographer", b"Witness statement"):
        assert secret not in data
    if shutil.which("exiftool"):
        tags = exiftool_tags(data, tmp_path)
        assert "PDF:Author" not in tags and not [k for k in tags if k.startswith("XMP")]


def test_the_public_copy_is_logged_in_the_custody_log(report):
    ev = add(jpeg_with_gps(), report)
    entry = ev.custody.get(action="derived")
    assert entry.detail["sha256"] == ev.public_sha256 and entry.detail["copy"] == "public"


def test_video_gets_no_public_copy_and_cannot_be_published(report):
    mp4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(4000)
    ev = add(mp4, report, name="strike.mp4")
    assert ev.media_type == "video/mp4" and ev.kind == "video"
    assert ev.public_sha256 == ""
    with pytest.raises(ValueError, match="stays restricted"):
        ev.publish("ma.thida")
    ev.refresh_from_db()
    assert ev.visibility == "restricted"


def _pdf_of(jpeg: bytes) -> bytes:
    """A one-page PDF showing a phone photo, as scanner and "print to PDF" apps make them: the
    JPEG's own bytes (EXIF included) become the page's image stream (DCTDecode)."""
    from PIL import Image

    with Image.open(io.BytesIO(jpeg)) as img:
        width, height = img.size
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(width, height))
    image = pikepdf.Stream(pdf, jpeg)
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height, image.BitsPerComponent = width, height, 8
    image.ColorSpace, image.Filter = pikepdf.Name.DeviceRGB, pikepdf.Name.DCTDecode
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.Contents = pdf.make_stream(f"q {width} 0 0 {height} 0 0 cm /Im0 Do Q".encode())
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_the_public_copy_of_a_pdf_drops_the_exif_of_the_photos_inside_it():
    """Found by a review of the public surfaces: a published PDF's "metadata-free" public copy
    (/evidence/public/<sha256>, linked from the public incident page) still carries the EXIF of
    every JPEG embedded in it: GPS position, camera, the photographer's name.

    thitsa/evidence/scrub.py `scrub_pdf` removes only the document info, XMP streams and
    PieceInfo; an image XObject's DCTDecode stream is the JPEG file byte for byte, APP1 EXIF
    segment included. A fix: re-encode each image stream from its pixels (as `scrub_image`
    does), or strip APPn segments from DCTDecode streams."""
    import exifread

    from tests.evidence.files import jpeg_with_gps
    from thitsa.evidence.scrub import public_copy

    photo = jpeg_with_gps()
    assert "GPS GPSLatitude" in exifread.process_file(io.BytesIO(photo))  # the test is real
    data, media_type, _how = public_copy(io.BytesIO(_pdf_of(photo)), "application/pdf")
    assert media_type == "application/pdf"
    with pikepdf.open(io.BytesIO(data)) as pdf:
        streams = [
            bytes(obj.read_raw_bytes())
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        ]
    assert streams  # the photo is still shown
    exif = [exifread.process_file(io.BytesIO(stream)) for stream in streams]
    gps = [tag for tags in exif for tag in tags if tag.startswith("GPS")]
    assert not gps and b"Ko Aung" not in data, f"the embedded photo's EXIF is public: {gps}"


def test_the_public_copy_of_a_pdf_drops_annotation_authors_and_attached_files():
    """Found by a review of the public surfaces: a published PDF's public copy keeps who annotated
    it and the files attached to it.

    `scrub_pdf` leaves annotations (their /T is the author's name, their /M the time) and the
    /EmbeddedFiles name tree (whole other files: a spreadsheet of contacts, the original
    photos) as they were. The incident page promises "location, camera and author data
    removed". A fix: drop /Names /EmbeddedFiles, /AF and file-attachment annotations, and the
    /T, /M and /Popup of the remaining annotations (or flatten them)."""
    from thitsa.evidence.scrub import public_copy

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    note = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[10, 10, 30, 30],
        Contents=pikepdf.String("checked"), T=pikepdf.String("Ko Aung Annotator"),
    ))  # fmt: skip
    # ... and a highlight's comment (found by a security review: a sticky note's words, a
    # reviewer's hidden comments, went public).
    mark = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Highlight, Rect=[40, 40, 90, 50],
        Contents=pikepdf.String("ANNOTCONTENTSECRET"), QuadPoints=[40, 50, 90, 50, 40, 40, 90, 40],
    ))  # fmt: skip
    pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([note, mark]))
    pdf.attachments["contacts.txt"] = pikepdf.AttachedFileSpec(
        pdf, b"Daw Attached Witness +95 9 123 456", filename="contacts.txt"
    )
    out = io.BytesIO()
    pdf.save(out)
    data, _type, _how = public_copy(io.BytesIO(out.getvalue()), "application/pdf")
    with pikepdf.open(io.BytesIO(data)) as copy:
        kept = {
            "annotation author": any("/T" in a for p in copy.pages for a in p.get("/Annots", [])),
            "attached files": bool(copy.attachments),
            "notes": any(a.get("/Subtype") == "/Text" for p in copy.pages
                         for a in p.get("/Annots", [])),
        }  # fmt: skip
    assert b"ANNOTCONTENTSECRET" not in data and b"checked" not in data
    assert not [what for what, there in kept.items() if there], f"kept in public copy: {kept}"


def test_a_jpeg_without_its_metadata_segments_shows_the_same_pixels():
    from thitsa.evidence.scrub import jpeg_without_metadata

    photo = jpeg_with_gps()
    cut = jpeg_without_metadata(photo)
    assert len(cut) < len(photo) and not exifread.process_file(io.BytesIO(cut))
    with Image.open(io.BytesIO(photo)) as a, Image.open(io.BytesIO(cut)) as b:
        assert a.tobytes() == b.tobytes()
    with pytest.raises(ValueError):
        jpeg_without_metadata(photo[:200])  # cut off before its pixels: no copy, not a leak


def test_public_copies_made_before_a_scrubber_fix_are_made_again(report, public_incident):
    """A PDF stored before the scrubber took embedded photos' EXIF keeps a leaky public copy
    until it is made again: `thitsa evidence remake-public-copies` does, logs it in the item's
    custody, and the old copy's address answers 404."""
    from django.core.management import call_command
    from django.test import Client

    from thitsa.evidence import scrub

    original = _pdf_of(jpeg_with_gps())
    real = scrub._scrub_image_stream
    scrub._scrub_image_stream = lambda image: None  # the scrubber as it was
    try:
        ev = add(original, report, name="scan.pdf")
    finally:
        scrub._scrub_image_stream = real
    ev.incidents.add(public_incident)
    ev.publish("vera")
    old = ev.public_sha256
    assert Client().get(f"/evidence/public/{old}").status_code == 200
    out = io.StringIO()
    call_command("evidence", "remake-public-copies", "--by", "admin", stdout=out)
    assert "1 of 1 public copies made again" in out.getvalue()
    ev.refresh_from_db()
    assert ev.public_sha256 and ev.public_sha256 != old
    assert Client().get(f"/evidence/public/{old}").status_code == 404
    data = b"".join(Client().get(f"/evidence/public/{ev.public_sha256}").streaming_content)
    assert b"Ko Aung" not in data
    assert ev.custody.filter(action="derived", detail__was=old).exists()
    assert ev.custody_problems() == []
    out = io.StringIO()
    call_command("evidence", "remake-public-copies", stdout=out)
    assert "0 of 1 public copies made again" in out.getvalue()


def _page_with(image_stream=None, inline: bytes = b"") -> bytes:
    """A one-page PDF drawing an image XObject (`image_stream(pdf)`), or an inline image whose
    dictionary and data are `inline` (BI ... ID data EI)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(320, 240))
    page = pdf.pages[0]
    if image_stream is not None:
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image_stream(pdf)))
        page.Contents = pdf.make_stream(b"q 320 0 0 240 0 0 cm /Im0 Do Q")
    else:
        page.Contents = pdf.make_stream(b"q 320 0 0 240 0 0 cm " + inline + b" Q")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _image(pdf, data: bytes, filters) -> pikepdf.Stream:
    return pikepdf.Stream(
        pdf, data, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=320, Height=240,
        ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8, Filter=filters,
    )  # fmt: skip


def _jpegs_inside(data: bytes) -> list[bytes]:
    """Every JPEG a PDF draws, unpacked: image XObjects and images written inline."""
    import zlib

    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
                raw = obj.read_raw_bytes()
                packed = "/FlateDecode" in str(obj.get("/Filter"))
                found.append(zlib.decompress(raw) if packed else raw)
        for page in pdf.pages:
            for instruction in pikepdf.parse_content_stream(page):
                if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                    found.append(instruction.iimage.read_raw_bytes())
    return [bytes(j) for j in found]


def _plain_jpeg(seed: int) -> bytes:
    from tests.evidence.files import scene

    out = io.BytesIO()
    scene(seed).save(out, "JPEG")
    return out.getvalue()


@pytest.mark.parametrize(
    "layout",
    ["packed again with Flate", "written inline", "a second picture after the first"],
)
def test_no_layout_of_a_photo_in_a_pdf_keeps_its_exif(layout):
    """Found by an adversary's review: a JPEG packed again ([/FlateDecode /DCTDecode], as PDF
    optimisers write it), one written inline in the page's drawing instructions, and one
    followed by a second picture with its own EXIF (phones' multi-picture files, embedded
    byte for byte by img2pdf) kept GPS, camera and author in the published public copy."""
    import zlib

    from PIL import Image

    from tests.evidence.files import jpeg_with_gps
    from thitsa.evidence.scrub import public_copy

    photo = jpeg_with_gps()
    assert b"Exif\x00\x00" in photo  # the test is real
    if layout == "packed again with Flate":
        filters = pikepdf.Array([pikepdf.Name.FlateDecode, pikepdf.Name.DCTDecode])
        original = _page_with(lambda pdf: _image(pdf, zlib.compress(photo), filters))
    elif layout == "written inline":
        original = _page_with(
            inline=b"BI /W 320 /H 240 /CS /RGB /BPC 8 /F /DCT ID " + photo + b" EI"
        )
    else:
        both = _plain_jpeg(2) + photo
        original = _page_with(lambda pdf: _image(pdf, both, pikepdf.Name.DCTDecode))
    assert any(b"Exif\x00\x00" in j for j in _jpegs_inside(original))

    data, _type, _how = public_copy(io.BytesIO(original), "application/pdf")

    jpegs = _jpegs_inside(data)
    assert jpegs, "the photo is still shown"
    assert not [j for j in jpegs if b"Exif\x00\x00" in j or b"Canon" in j]
    for jpeg in jpegs:
        with Image.open(io.BytesIO(jpeg)) as img:
            img.load()  # still a whole picture
            assert img.size == (320, 240)


def test_a_pdf_with_an_image_the_scrubber_cannot_clean_gets_no_public_copy(report):
    """A JPEG 2000 image can carry metadata boxes no rule removes: the PDF stays restricted,
    and the custody log says why."""
    original = _page_with(lambda pdf: _image(pdf, b"\x00\x00\x00\x0cjP  ", pikepdf.Name.JPXDecode))
    ev = add(original, report, name="scan.pdf")
    assert ev.public_sha256 == ""
    failed = ev.custody.get(action="public copy failed")
    assert failed.detail == {"error": "CannotScrub", "why": "a JPEG 2000 image inside the PDF"}


def test_a_jpeg_keeps_its_pixels_and_loses_what_follows_its_end():
    from tests.evidence.files import jpeg_with_gps
    from thitsa.evidence.scrub import jpeg_without_metadata

    photo = jpeg_with_gps()
    clean = jpeg_without_metadata(photo + b"trailing bytes")
    assert clean.endswith(b"\xff\xd9") and b"Exif" not in clean and b"trailing" not in clean
    # The coded pixels are kept byte for byte: only segments before them went.
    scan = photo.index(b"\xff\xda")
    assert photo[scan:] == clean[clean.index(b"\xff\xda") :]


def test_a_pdf_page_thumbnail_with_exif_does_not_reach_the_public_copy():
    """Found by a review of this change: a page's thumbnail (/Thumb) is a JPEG stream with no
    /Subtype, neither cleaned nor refused: its EXIF went public."""
    from tests.evidence.files import jpeg_with_gps
    from thitsa.evidence.scrub import public_copy

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    thumb = pikepdf.Stream(pdf, jpeg_with_gps(), Filter=pikepdf.Name.DCTDecode)
    thumb.Width, thumb.Height = 320, 240
    pdf.pages[0].obj.Thumb = thumb
    out = io.BytesIO()
    pdf.save(out)
    assert b"Exif" in out.getvalue()
    data, _type, _how = public_copy(io.BytesIO(out.getvalue()), "application/pdf")
    assert b"Exif\x00\x00" not in data and b"Canon" not in data


def test_the_public_copy_of_a_pdf_keeps_no_field_bookmark_link_or_script():
    """Found by a security review: a public copy kept a hidden form field's value ("Daw Aye Aye
    Mon"), a bookmark's title with a witness's phone, a link to her Signal account and the
    scripts of the original; a visible field's value is drawn into the page instead."""
    from thitsa.evidence.scrub import public_copy

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(300, 300))
    page = pdf.pages[0]

    def field(name: str, value: str, flags: int, rect: list[int]):
        shown = pdf.make_stream(f"BT /Helv 10 Tf 2 4 Td ({value}) Tj ET".encode())
        shown.Type, shown.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
        shown.BBox = [0, 0, rect[2] - rect[0], rect[3] - rect[1]]
        return pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx,
            T=pikepdf.String(name), V=pikepdf.String(value), F=flags, Rect=rect,
            AP=pikepdf.Dictionary(N=shown), P=page.obj,
        ))  # fmt: skip

    hidden = field("witness", "HIDDENFIELDWITNESS", 2, [10, 10, 200, 30])
    visible = field("village", "VISIBLEVILLAGE", 4, [10, 50, 200, 70])
    link = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[10, 100, 100, 120],
        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://signal.me/#p/+9594SECRET")),
    ))  # fmt: skip
    page.Annots = pdf.make_indirect(pikepdf.Array([hidden, visible, link]))
    pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(Fields=[hidden, visible]))
    mark = pdf.make_indirect(pikepdf.Dictionary(
        Title=pikepdf.String("Interview: BOOKMARKWITNESS +95-9-451234567"),
        Dest=[page.obj, pikepdf.Name.Fit],
    ))  # fmt: skip
    outlines = pdf.make_indirect(pikepdf.Dictionary(First=mark, Last=mark, Count=1))
    mark.Parent = outlines
    pdf.Root.Outlines = outlines
    pdf.Root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('SCRIPTSECRET')")
    )
    # ... and a page's own script, an article thread's title (found by a review).
    page.obj.AA = pikepdf.Dictionary(
        O=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("PAGESCRIPTSECRET"))
    )
    pdf.Root.Threads = pdf.make_indirect(pikepdf.Array([
        pdf.make_indirect(pikepdf.Dictionary(I=pikepdf.Dictionary(
            Title=pikepdf.String("THREADWITNESS testimony")
        )))
    ]))  # fmt: skip
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    data, _type, how = public_copy(io.BytesIO(out.getvalue()), "application/pdf")
    for secret in (
        b"HIDDENFIELDWITNESS", b"BOOKMARKWITNESS", b"9594SECRET", b"SCRIPTSECRET",
        b"PAGESCRIPTSECRET", b"THREADWITNESS",
    ):  # fmt: skip
        assert secret not in data, secret
    with pikepdf.open(io.BytesIO(data)) as copy:
        assert "/AcroForm" not in copy.Root and "/Outlines" not in copy.Root
        assert not copy.pages[0].get("/Annots")
        # The visible field's value is on the page still, drawn (as a form of the page's).
        forms = b"".join(
            xobj.read_bytes() for xobj in copy.pages[0].Resources.get("/XObject", {}).values()
        )
        assert b"VISIBLEVILLAGE" in forms
    assert "form fields" in how
