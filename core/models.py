from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimelineEntry(models.Model):
    """One step in the life of a case (or of another audited object): who, when, what, note.

    The case timeline is the audit log. Entries are written by ``core.timeline.record`` from
    services only, never edited. ``visibility`` says who may read the entry.
    """

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Reporter and staff")
        UNIT = "unit", _("Staff and responsible unit")
        OFFICE = "office", _("Safety office only")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=100)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("by"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    visibility = models.CharField(
        _("visible to"), max_length=10, choices=Visibility.choices, default=Visibility.OFFICE
    )
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility__in=["public", "unit", "office"]),
                name="core_timeline_visibility_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class Holiday(models.Model):
    """A day that breaks the Monday-to-Friday rule: a public holiday, or a make-up working day
    (调休) on a weekend. Seeded from ``chinese-calendar``; editable in the admin."""

    class Source(models.TextChoices):
        PACKAGE = "chinese-calendar", _("chinese-calendar package")
        MANUAL = "manual", _("Entered by hand")

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("make-up working day"),
        default=False,
        help_text=_("Tick for a weekend day that is worked (调休); leave empty for a holiday."),
    )
    name = models.CharField(_("name"), max_length=50, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.MANUAL
    )

    class Meta:
        verbose_name = _("holiday or make-up working day")
        verbose_name_plural = _("holiday calendar")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=["chinese-calendar", "manual"]),
                name="core_holiday_source_valid",
            )
        ]

    def __str__(self) -> str:
        kind = _("working day") if self.is_working_day else _("holiday")
        return f"{self.date:%Y-%m-%d} {self.name} ({kind})"
