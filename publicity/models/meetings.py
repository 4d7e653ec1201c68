"""The joint meeting (联席会议), once a quarter, and its bulletin as issued."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from publicity.models.storage import _private_storage
from units.models import Unit


class JointMeeting(models.Model):
    township = models.ForeignKey(
        Unit, verbose_name=_("township"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    chair = models.CharField(_("chaired by"), max_length=50, blank=True)
    attendees = models.TextField(_("attending units"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year", "quarter"], name="publicity_meeting_once"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="publicity_meeting_quarter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.year} Q{self.quarter}"


def _bulletin_path(instance: "Bulletin", filename: str) -> str:
    return f"publicity/bulletins/{secrets.token_hex(16)}.pdf"


class Bulletin(models.Model):
    """A joint meeting's bulletin as issued (印发): its number in the township's series of the
    year of issue (第X期), its issue date, the figures and the meeting's text as they stood,
    and the PDF sent out. Frozen: data entered later never changes it."""

    township = models.ForeignKey(
        Unit, verbose_name=_("township"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    series_year = models.PositiveSmallIntegerField(_("year of issue"))
    number = models.PositiveSmallIntegerField(_("number"))
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    figures = models.JSONField(_("figures as issued"))
    meeting = models.JSONField(_("meeting as issued"), default=dict, blank=True)
    pdf = models.FileField(storage=_private_storage, upload_to=_bulletin_path)

    class Meta:
        verbose_name = _("issued bulletin")
        verbose_name_plural = _("issued bulletins")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year", "quarter"], name="publicity_bulletin_once"
            ),
            models.UniqueConstraint(
                fields=["township", "series_year", "number"], name="publicity_bulletin_number"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4, number__gte=1),
                name="publicity_bulletin_quarter_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.series_year}年第{self.number}期"
