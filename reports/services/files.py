"""A case's files: photos staged by a form and attached on submission, originals, evidence."""

from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.images import CleanImage, CleanOriginal
from reports.models import (
    Attachment,
    Report,
)
from reports.selectors import pending_photos


def photo_attach(
    clean: CleanImage, *, report: Report | None, pending_key: str = "", uploaded_by=None
) -> Attachment:
    attachment = Attachment(
        report=report,
        pending_key=pending_key,
        kind=Attachment.Kind.PHOTO,
        content_type="image/jpeg",
        size=len(clean.content),
        width=clean.width,
        height=clean.height,
        uploaded_by=uploaded_by,
    )
    attachment.file.save("photo.jpg", ContentFile(clean.content), save=False)
    attachment.thumbnail.save("thumb.jpg", ContentFile(clean.thumbnail), save=False)
    attachment.save()
    return attachment


def photo_stage(*, pending_key: str, clean: CleanImage) -> Attachment:
    """Keep a checked photo for a form that is not submitted yet (so a form error loses
    nothing). Raises ApplicationError past the per-report limit."""
    if pending_photos(pending_key).count() >= settings.MAX_PHOTOS_PER_REPORT:
        raise ApplicationError(
            _("At most %(n)s photos can be attached.") % {"n": settings.MAX_PHOTOS_PER_REPORT}
        )
    return photo_attach(clean, report=None, pending_key=pending_key)


def photo_unstage(*, pending_key: str, ids: Iterable[int]) -> int:
    doomed = list(pending_photos(pending_key).filter(pk__in=list(ids)))
    for attachment in doomed:
        _delete_files(attachment)
        attachment.delete()
    return len(doomed)


def photo_rekey(*, old_key: str, new_key: str) -> int:
    """Move photos staged under a form token to a fresh token (the old one was refused)."""
    return pending_photos(old_key).update(pending_key=new_key)


def _delete_files(attachment: Attachment) -> None:
    for f in (attachment.file, attachment.thumbnail):
        if f:
            f.storage.delete(f.name)


def original_store(*, report: Report, clean: CleanOriginal, uploaded_by=None) -> Attachment:
    """Keep a scanned original (letter, slip) of a case for the safety office."""
    attachment = Attachment(
        report=report,
        kind=Attachment.Kind.ORIGINAL,
        content_type=clean.content_type,
        size=len(clean.content),
        uploaded_by=uploaded_by,
    )
    extension = "pdf" if clean.content_type == "application/pdf" else "jpg"
    attachment.file.save(f"original.{extension}", ContentFile(clean.content), save=False)
    if clean.image:
        attachment.width, attachment.height = clean.image.width, clean.image.height
        attachment.thumbnail.save("thumb.jpg", ContentFile(clean.image.thumbnail), save=False)
    attachment.save()
    return attachment


def attachments_store(report: Report, files: Iterable, *, kind: str, actor) -> list[Attachment]:
    """Keep files of a case as ``kind`` (evidence, before/after, signed slip): photos cleaned,
    other files as checked originals."""
    stored = []
    for clean in files:
        if isinstance(clean, CleanImage):
            attachment = photo_attach(clean, report=report, uploaded_by=actor)
        else:
            attachment = original_store(report=report, clean=clean, uploaded_by=actor)
        Attachment.objects.filter(pk=attachment.pk).update(kind=kind)
        attachment.kind = kind
        stored.append(attachment)
    return stored
