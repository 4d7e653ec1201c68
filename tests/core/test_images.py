import io

import pytest
from PIL import Image

from core.images import ImageRejected, clean_original, clean_photo


def _jpeg_with_gps_and_comment() -> bytes:
    image = Image.new("RGB", (1200, 900), (90, 140, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (29.0, 45.0, 30.0)
    gps[3] = "E"
    gps[4] = (108.0, 22.0, 10.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=b"<script>alert(1)</script>")
    return out.getvalue()


def test_gps_exif_and_comments_are_removed_and_orientation_applied():
    raw = _jpeg_with_gps_and_comment()
    assert b"PhoneMaker" in raw and b"<script>" in raw
    clean = clean_photo(io.BytesIO(raw), name="a.jpg", size=len(raw))
    assert b"PhoneMaker" not in clean.content
    assert b"<script>" not in clean.content
    result = Image.open(io.BytesIO(clean.content))
    assert not result.getexif()
    assert "comment" not in result.info and "exif" not in result.info
    assert (result.width, result.height) == (900, 1200)  # turned upright


def test_text_file_named_jpg_is_refused():
    with pytest.raises(ImageRejected, match="不是 JPEG"):
        clean_photo(io.BytesIO(b"just some text, not an image"), name="photo.jpg", size=28)


def test_oversized_file_is_refused_before_decoding(settings):
    settings.MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ImageRejected, match="超过"):
        clean_photo(io.BytesIO(b"x" * 2000), name="big.jpg", size=2000)


def test_decompression_bomb_is_refused(settings):
    settings.MAX_IMAGE_PIXELS = 1000 * 1000
    out = io.BytesIO()
    Image.new("1", (4000, 4000)).save(out, format="PNG")  # tiny file, 16 megapixels
    with pytest.raises(ImageRejected, match="像素过多"):
        clean_photo(io.BytesIO(out.getvalue()), name="bomb.png", size=len(out.getvalue()))


def test_gif_is_not_a_photo():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    with pytest.raises(ImageRejected):
        clean_photo(io.BytesIO(out.getvalue()), name="x.gif", size=len(out.getvalue()))


def test_transparent_png_becomes_a_jpeg_and_large_photos_are_shrunk(settings):
    settings.STORED_PHOTO_MAX_SIDE = 500
    out = io.BytesIO()
    Image.new("RGBA", (2000, 1000), (255, 0, 0, 0)).save(out, format="PNG")
    clean = clean_photo(io.BytesIO(out.getvalue()), name="x.png", size=len(out.getvalue()))
    result = Image.open(io.BytesIO(clean.content))
    assert result.format == "JPEG"
    assert max(result.size) == 500
    assert Image.open(io.BytesIO(clean.thumbnail)).size[0] <= 320


def test_originals_accept_pdf_and_refuse_other_files():
    pdf = b"%PDF-1.4\n%fake but starts like a PDF\n"
    assert clean_original(io.BytesIO(pdf), name="letter.pdf", size=len(pdf)).content_type == (
        "application/pdf"
    )
    with pytest.raises(ImageRejected, match="不是 PDF"):
        clean_original(io.BytesIO(b"MZ\x90\x00"), name="virus.exe", size=4)


def test_an_iphone_heic_photo_becomes_a_clean_jpeg():
    import pillow_heif  # a project dependency: HEIC from iPhones must work

    out = io.BytesIO()
    heif = pillow_heif.from_pillow(Image.new("RGB", (800, 600), (20, 90, 160)))
    heif.save(out, quality=80)
    clean = clean_photo(io.BytesIO(out.getvalue()), name="IMG_0001.HEIC", size=len(out.getvalue()))
    assert Image.open(io.BytesIO(clean.content)).format == "JPEG"
    assert (clean.width, clean.height) == (800, 600)
