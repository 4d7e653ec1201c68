"""Roll-up tables: the dashboards read these, never the case table, for their counts.

A month's rows are rebuilt by a task while the month is open and frozen at its end, so a
published month never changes when an old case is edited; ``rebuild_rollups`` rebuilds any
month on purpose. There is a row for every level of the unit tree: a unit's row holds its whole
subtree, so a dashboard at any level reads a handful of rows (its own, and its children's for
the league), whatever the size of the province.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.models import Industry, Unit


class RollupMonth(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open: refreshed by the task")
        FROZEN = "frozen", _("Frozen")

    month = models.DateField(_("month"), unique=True)  # its first day
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    refreshed_at = models.DateTimeField(_("refreshed"), null=True, blank=True)
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)

    class Meta:
        verbose_name = _("roll-up month")
        verbose_name_plural = _("roll-up months")
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.status}"


class CaseRollup(models.Model):
    """One month's figures of a unit's subtree for one industry (industry empty for figures that
    have none: QR scans, publicity items). A case counts under its responsible unit (its
    township before transfer) and every unit above it."""

    month = models.DateField(_("month"))
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    industry = models.ForeignKey(
        Industry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)  # of those received in the month
    transferred = models.PositiveIntegerField(default=0)
    concluded = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    days_sum = models.PositiveIntegerField(default=0)  # acceptance to conclusion, for averages
    overdue = models.PositiveIntegerField(default=0)  # due in the month, not concluded by then
    extensions = models.PositiveIntegerField(default=0)
    listed = models.PositiveIntegerField(default=0)
    filed = models.PositiveIntegerField(default=0)  # cases filed (立案) from leads
    fines = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    rewards_decided = models.PositiveIntegerField(default=0)
    rewards_decided_amount = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    rewards_paid = models.PositiveIntegerField(default=0)
    rewards_paid_amount = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    qr_scans = models.PositiveIntegerField(default=0)
    qr_reports = models.PositiveIntegerField(default=0)
    publicity_items = models.PositiveIntegerField(default=0)

    FIGURES = (
        "received",
        "accepted",
        "rejected",
        "transferred",
        "concluded",
        "on_time",
        "days_sum",
        "overdue",
        "extensions",
        "listed",
        "filed",
        "fines",
        "rewards_decided",
        "rewards_decided_amount",
        "rewards_paid",
        "rewards_paid_amount",
        "qr_scans",
        "qr_reports",
        "publicity_items",
    )

    class Meta:
        # One row per month, unit and industry: a refresh replaces the month's rows whole.
        indexes = [
            models.Index(fields=["unit", "month"]),
            models.Index(fields=["parent", "month"]),
            models.Index(fields=["month"]),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.unit_id} {self.industry_id}"


class ChannelRollup(models.Model):
    """Reports received in a month by source and channel, per unit (its subtree) and industry."""

    month = models.DateField()
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    industry = models.ForeignKey(
        Industry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=20)
    channel = models.CharField(max_length=20)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["unit", "month"]), models.Index(fields=["month"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.source}/{self.channel} {self.count}"


class OpenAging(models.Model):
    """The cases open now, by unit (its subtree), industry and days since acceptance (replaced
    by each refresh)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    industry = models.ForeignKey(
        Industry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bucket = models.PositiveSmallIntegerField()  # index into dashboards.rollups.AGE_BUCKETS
    count = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    listed = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.unit_id} {self.bucket} {self.count}"


class AssessmentScore(models.Model):
    """A unit's monthly score (考核) and how it was made, kept as computed."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    total = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    breakdown = models.JSONField(_("breakdown"), default=list)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("assessment score")
        verbose_name_plural = _("assessment scores")
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="dashboards_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m} {self.total}"
