"""Posters and QR sheets: the official artwork and every print of a QR code."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from publicity.models.campaign import Measure
from publicity.models.storage import _evidence_path, _private_storage
from reports.models import IntakePoint
from units.models import Unit


class Artwork(models.Model):
    """An official poster design supplied by the city or district; the QR code is placed on it
    in the box given (in percent of the page)."""

    class Paper(models.TextChoices):
        A4 = "A4", "A4"
        A3 = "A3", "A3"

    name = models.CharField(_("name"), max_length=100)
    owner = models.ForeignKey(
        Unit, verbose_name=_("supplied for"), on_delete=models.PROTECT, related_name="+"
    )
    image = models.FileField(_("image"), storage=_private_storage, upload_to=_evidence_path)
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    paper = models.CharField(_("paper"), max_length=2, choices=Paper.choices, default=Paper.A4)
    qr_left = models.DecimalField(
        _("QR left edge, percent"), max_digits=5, decimal_places=2, default=70
    )
    qr_top = models.DecimalField(
        _("QR top edge, percent"), max_digits=5, decimal_places=2, default=75
    )
    qr_width = models.DecimalField(
        _("QR width, percent of the page width"), max_digits=5, decimal_places=2, default=22
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("official artwork")
        verbose_name_plural = _("official artworks")
        constraints = [
            models.CheckConstraint(
                condition=Q(qr_left__gte=0, qr_top__gte=0, qr_width__gte=8)
                & Q(qr_left__lte=92, qr_top__lte=92, qr_width__lte=60),
                name="publicity_artwork_qr_box",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PrintRecord(models.Model):
    """A print run of QR material for an intake point: what, for which measure (the campaign
    item its scans count under), how many labels. Printing is not doing: no figure counts a
    print; the stickers count once a unit records them put up (an ``Activity``)."""

    class Kind(models.TextChoices):
        POSTER_A4 = "poster_a4", _("A4 poster")
        POSTER_A3 = "poster_a3", _("A3 poster")
        CARD_STICKERS = "card_stickers", _("Sticker sheet for 两单两卡")
        BOARD_STICKERS = "board_stickers", _("Icon sheet for responsibility boards")
        ARTWORK = "artwork", _("Official artwork with the QR code")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    point = models.ForeignKey(
        IntakePoint, verbose_name=_("intake point"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    artwork = models.ForeignKey(
        Artwork, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    labels = models.PositiveIntegerField(_("QR labels"), default=1)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    printed_at = models.DateTimeField(_("printed"), default=timezone.now)

    class Meta:
        verbose_name = _("QR print")
        verbose_name_plural = _("QR prints")
        ordering = ["-printed_at"]
        indexes = [models.Index(fields=["unit", "printed_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.point_id}"
