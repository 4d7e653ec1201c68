"""Typical cases (附件2 of the district notice)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.models import Attachment, Report
from units.models import Unit

# The typical-case report form (附件2 of the district notice): at most 600 characters.
TYPICAL_CASE_MAX_CHARS = 600


class TypicalCaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")


class TypicalCase(models.Model):
    """A concluded case told in at most 600 characters (lead source, brief facts, enforcement,
    reward) with photos, nothing that identifies the reporter; reviewed, then exported."""

    Status = TypicalCaseStatus

    report = models.OneToOneField(
        Report, verbose_name=_("case"), on_delete=models.PROTECT, related_name="typical_case"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("reporting unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=60)
    lead_source = models.TextField(_("lead source"))
    facts = models.TextField(_("brief facts"))
    enforcement = models.TextField(_("enforcement and penalty"))
    reward = models.TextField(_("reward"))
    photos = models.ManyToManyField(
        Attachment, verbose_name=_("photos"), blank=True, related_name="+"
    )
    contact_name = models.CharField(_("filled in by"), max_length=30, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    TEXT_FIELDS = ("lead_source", "facts", "enforcement", "reward")

    class Meta:
        verbose_name = _("typical case")
        verbose_name_plural = _("typical cases")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(
                    Length("lead_source")
                    + Length("facts")
                    + Length("enforcement")
                    + Length("reward"),
                    TYPICAL_CASE_MAX_CHARS,
                ),
                name="publicity_typical_case_600",
            ),
            models.CheckConstraint(
                condition=Q(status=TypicalCaseStatus.DRAFT) | Q(reviewed_by__isnull=False),
                name="publicity_typical_case_reviewed_by",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def length(self) -> int:
        return sum(len(getattr(self, f)) for f in self.TEXT_FIELDS)
