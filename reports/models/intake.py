"""What a lead comes through: its category, and the intake points (QR codes, desks) with their
scans."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.models import Enterprise, Industry, Unit


class Category(models.Model):
    """What a citizen reports (the 举报清单 in plain words)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=50)
    hint = models.CharField(_("examples"), max_length=200, blank=True)
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Used to suggest the responsible unit."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("report category")
        verbose_name_plural = _("report categories")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class IntakePointQuerySet(models.QuerySet):
    def visible_to(self, user) -> "IntakePointQuerySet":
        from units import permissions

        return self.filter(permissions.scope_q(user, permissions.Perm.SEE_UNITS, prefix="unit__"))


class IntakePointKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    SITE = "site", _("Site")
    POSTER = "poster", _("Poster placement")


class IntakePoint(models.Model):
    """A place where a QR code is posted: an enterprise, a site or a poster placement.

    Its short code makes the URL ``/q/<code>`` that opens the report form prefilled.
    """

    Kind = IntakePointKind

    code = models.CharField(_("short code"), max_length=16, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("managing unit"),
        on_delete=models.PROTECT,
        related_name="intake_points",
    )
    village = models.ForeignKey(
        Unit,
        verbose_name=_("village or community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind__in": Unit.PLACE_KINDS},
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="intake_points",
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.SET_NULL
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = IntakePointQuerySet.as_manager()

    class Meta:
        verbose_name = _("intake point (QR code)")
        verbose_name_plural = _("intake points (QR codes)")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=IntakePointKind.values),
                name="reports_intakepoint_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class IntakePointScanDay(models.Model):
    """Scans of one QR code on one day (Asia/Shanghai): a roll-up, not a row per scan."""

    point = models.ForeignKey(IntakePoint, on_delete=models.CASCADE, related_name="scan_days")
    date = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["point", "date"], name="reports_scanday_unique")
        ]

    def __str__(self) -> str:
        return f"{self.point_id} {self.date}: {self.count}"
