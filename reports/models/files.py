"""Files of a case: the reporter's photos, originals, evidence and signed slips."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.models.case import Report
from reports.models.storage import _private_storage, _random_upload_path


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    ORIGINAL = "original", _("Scanned original")
    EVIDENCE = "evidence", _("Evidence")
    BEFORE = "before", _("Before rectification")
    AFTER = "after", _("After rectification")
    SIGNED_SLIP = "signed_slip", _("Signed transfer slip")


class Attachment(models.Model):
    """A file of a case. Photos are re-encoded without metadata and may be shown to the
    responsible unit; originals (scanned letters, slips) stay with the safety office.
    Files live in private storage and are served only through views that check permission."""

    Kind = AttachmentKind

    # Kinds the responsible unit may see (never the originals, which may identify the reporter);
    # a reporter's photo only once the office passed it (reports/disclosure.py).
    UNIT_KINDS = (Kind.PHOTO, Kind.EVIDENCE, Kind.BEFORE, Kind.AFTER, Kind.SIGNED_SLIP)

    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    # Before the report exists: the hash of the intake form's one-time token.
    pending_key = models.CharField(max_length=64, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PHOTO)
    file = models.FileField(storage=_private_storage, upload_to=_random_upload_path)
    thumbnail = models.FileField(
        storage=_private_storage, upload_to=_random_upload_path, blank=True
    )
    content_type = models.CharField(max_length=50, default="image/jpeg")
    size = models.PositiveIntegerField(default=0)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # A reporter's photo reaches the responsible unit only once the office passed it (a photo
    # may show a face, the reporter, or a place only an insider reaches).
    passed_to_unit_at = models.DateTimeField(_("passed to the unit"), null=True, blank=True)
    passed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("passed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AttachmentKind.values),
                name="reports_attachment_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(report__isnull=False) | ~Q(pending_key=""),
                name="reports_attachment_has_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"
