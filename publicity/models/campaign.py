"""The campaign: the "七个一" items, their measures and targets, the activities units record and
their evidence photos."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from publicity.models.storage import _evidence_path, _private_storage
from units.models import Enterprise, Unit


class CampaignItem(models.Model):
    """One of the seven items of "七个一" (渝安办〔2022〕21号), or another duty of the campaign
    (the yearly on-site publicity event of the township work plan)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("campaign item")
        verbose_name_plural = _("campaign items")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class MeasureScope(models.TextChoices):
    NONE = "none", _("Counted, no target")
    TOWNSHIP = "township", _("Each township or subdistrict")
    PLACE = "place", _("Each village or community")
    RURAL_PLACE = "rural_place", _("Each rural village or community")
    ENTERPRISE = "enterprise", _("Each enterprise")
    KEY_ENTERPRISE = "key_enterprise", _("Each key enterprise")
    WORKSHOP = "workshop", _("Each workshop of an enterprise")


class Measure(models.Model):
    """Something a unit does and counts under a campaign item (a banner, a training), with the
    target the notices set: how many, for whom, per which period."""

    Scope = MeasureScope

    class Period(models.TextChoices):
        QUARTER = "quarter", _("Per quarter")
        YEAR = "year", _("Per year")

    class Source(models.TextChoices):
        ACTIVITIES = "activities", _("Recorded activities")
        INFORMANTS = "informants", _("The informant library")

    item = models.ForeignKey(
        CampaignItem,
        verbose_name=_("campaign item"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=80)
    counted_in = models.CharField(
        _("counted in"), max_length=10, help_text=_("For example 张, 次, 人.")
    )
    scope = models.CharField(
        _("target for"), max_length=20, choices=Scope.choices, default=Scope.NONE
    )
    target = models.PositiveSmallIntegerField(_("target"), default=0)
    period = models.CharField(
        _("period"), max_length=10, choices=Period.choices, default=Period.YEAR
    )
    source = models.CharField(
        _("counted from"), max_length=20, choices=Source.choices, default=Source.ACTIVITIES
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    ENTERPRISE_SCOPES = (Scope.ENTERPRISE, Scope.KEY_ENTERPRISE, Scope.WORKSHOP)
    PLACE_SCOPES = (Scope.PLACE, Scope.RURAL_PLACE)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope=MeasureScope.NONE) | Q(target__gt=0),
                name="publicity_measure_target",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def per_enterprise(self) -> bool:
        return self.scope in self.ENTERPRISE_SCOPES

    @property
    def per_place(self) -> bool:
        return self.scope in self.PLACE_SCOPES


class Activity(models.Model):
    """What a unit did: a measure, when, where (an enterprise or a village), how many, with
    photos or a link as evidence."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="activities"
    )
    date = models.DateField(_("date"))
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.ForeignKey(
        Unit,
        verbose_name=_("village or community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind__in": Unit.PLACE_KINDS},
    )
    location = models.CharField(_("where"), max_length=150, blank=True)
    count = models.PositiveIntegerField(_("how many"), default=1)
    link = models.URLField(_("link"), blank=True, help_text=_("For a media report: its address."))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("publicity activity")
        verbose_name_plural = _("publicity activities")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["unit", "date"]),
            models.Index(fields=["enterprise", "date"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(count__gt=0), name="publicity_activity_count")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.measure} ×{self.count}"


class EvidencePhoto(models.Model):
    """A photo proving an activity or a key task, cleaned like every upload (no EXIF, no GPS)
    and stored under a random name. (A photo sent with a form that had a mistake waits in
    ``core.staging`` until the form is sent again.)"""

    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    assignment = models.ForeignKey(
        "TaskAssignment", null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(storage=_private_storage, upload_to=_evidence_path)
    thumbnail = models.FileField(storage=_private_storage, upload_to=_evidence_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evidence photo")
        verbose_name_plural = _("evidence photos")
        constraints = [
            models.CheckConstraint(
                condition=Q(activity__isnull=False, assignment__isnull=True)
                | Q(activity__isnull=True, assignment__isnull=False),
                name="publicity_photo_belongs_once",
            )
        ]

    def __str__(self) -> str:
        return self.file.name
