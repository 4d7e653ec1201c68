"""Uploaded photos: checked by content, re-encoded without metadata.

A photo is accepted only if Pillow recognises it as JPEG, PNG or HEIC/HEIF (HEIC through
``pillow-heif``), it is no larger than ``MAX_UPLOAD_BYTES`` and it has no more than
``MAX_IMAGE_PIXELS`` pixels (decompression bombs). It is then decoded, turned upright from its
EXIF orientation and written out as a fresh JPEG: EXIF, GPS, XMP, ICC profiles and comments are
not carried over (Pillow keeps a JPEG comment in ``info`` unless the image is rebuilt).
"""

import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

try:  # HEIC from iPhones, where the optional decoder is installed.
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIF_FORMATS = {"HEIF"}
except ImportError:  # pragma: no cover - depends on the machine
    HEIF_FORMATS = set()

ALLOWED_FORMATS = {"JPEG", "PNG", "MPO"} | HEIF_FORMATS
THUMBNAIL_SIDE = 320


class ImageRejected(Exception):
    """The upload is not an acceptable photo; ``message`` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    thumbnail: bytes
    width: int
    height: int


def _encode(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    # A new image from the pixels alone: no info dict, no EXIF, no comment, no ICC profile.
    fresh = Image.new("RGB", image.size)
    fresh.paste(image)
    fresh.save(out, format="JPEG", quality=quality, optimize=True)
    return out.getvalue()


def clean_photo(
    upload: IO[bytes],
    *,
    name: str = "",
    size: int | None = None,
    max_side: int | None = None,
    quality: int = 85,
) -> CleanImage:
    """Check and re-encode one uploaded photo, or raise :class:`ImageRejected`. ``max_side``
    (default ``STORED_PHOTO_MAX_SIDE``) bounds the longer side kept; print artwork keeps more."""
    label = name or _("the photo")
    max_bytes = settings.MAX_UPLOAD_BYTES
    if size is not None and size > max_bytes:
        raise ImageRejected(
            _("%(name)s is larger than %(mb)s MB.") % {"name": label, "mb": max_bytes // 2**20}
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in ALLOWED_FORMATS:
                raise ImageRejected(
                    _("%(name)s is not a JPEG, PNG or HEIC photo.") % {"name": label}
                )
            if image.width * image.height > settings.MAX_IMAGE_PIXELS:
                raise ImageRejected(_("%(name)s has too many pixels.") % {"name": label})
            target = max_side or settings.STORED_PHOTO_MAX_SIDE
            if image.format == "JPEG":
                image.draft("RGB", (target, target))  # decode at reduced scale: much cheaper
            image.load()
    except ImageRejected:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise ImageRejected(
            _("%(name)s is not a JPEG, PNG or HEIC photo, or it is damaged.") % {"name": label}
        ) from exc

    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    elif image.mode != "RGB":
        image = image.convert("RGB")
    image.thumbnail((target, target), Image.Resampling.LANCZOS)
    content = _encode(image, quality=quality)
    thumb = image.copy()
    thumb.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    return CleanImage(
        content=content,
        thumbnail=_encode(thumb, quality=75),
        width=image.width,
        height=image.height,
    )


@dataclass(frozen=True)
class CleanOriginal:
    """A scanned original (letter, slip, screenshot), kept for the safety office only: a PDF as
    it came, an image re-encoded like a photo."""

    content: bytes
    content_type: str
    image: CleanImage | None


def clean_original(upload: IO[bytes], *, name: str = "", size: int | None = None) -> CleanOriginal:
    """Check one scanned original, or raise :class:`ImageRejected`."""
    label = name or _("the file")
    if size is not None and size > settings.MAX_UPLOAD_BYTES:
        raise ImageRejected(
            _("%(name)s is larger than %(mb)s MB.")
            % {"name": label, "mb": settings.MAX_UPLOAD_BYTES // 2**20}
        )
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return CleanOriginal(content=upload.read(), content_type="application/pdf", image=None)
    try:
        image = clean_photo(upload, name=name, size=size)
    except ImageRejected as exc:
        raise ImageRejected(
            _("%(name)s is not a PDF, JPEG, PNG or HEIC file, or it is damaged.") % {"name": label}
        ) from exc
    return CleanOriginal(content=image.content, content_type="image/jpeg", image=image)
