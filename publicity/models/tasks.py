"""The key-task list (附件2 of the township work plan) and each unit's assignments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from units.models import Unit


class KeyTaskSchedule(models.TextChoices):
    DATE = "date", _("By a date")
    QUARTERLY = "quarterly", _("Once a quarter")
    HALF_YEARLY = "half_yearly", _("Once every half year")
    ONGOING = "ongoing", _("Ongoing (长期坚持)")


class KeyTask(models.Model):
    """One of the year's key tasks, with the kinds of unit responsible and its deadline."""

    Schedule = KeyTaskSchedule

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    group = models.CharField(_("group"), max_length=30)
    text = models.TextField(_("task"))
    responsible = models.CharField(
        _("responsible unit kinds"),
        max_length=100,
        help_text=_("Comma-separated unit kinds; township means the safety office (乡安委办)."),
    )
    responsible_label = models.CharField(_("responsible units"), max_length=60)
    schedule = models.CharField(_("deadline"), max_length=12, choices=Schedule.choices)
    due_month = models.PositiveSmallIntegerField(null=True, blank=True)
    due_day = models.PositiveSmallIntegerField(null=True, blank=True)
    deadline_label = models.CharField(_("deadline as written"), max_length=20)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("key task")
        verbose_name_plural = _("key tasks")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(schedule=KeyTaskSchedule.DATE)
                | Q(due_month__isnull=False, due_day__isnull=False),
                name="publicity_task_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:30]}"

    @property
    def kinds(self) -> list[str]:
        return [k.strip() for k in self.responsible.split(",") if k.strip()]


class TaskAssignment(models.Model):
    """A key task assigned to one unit for one period of a year, marked done with evidence."""

    task = models.ForeignKey(
        KeyTask, verbose_name=_("key task"), on_delete=models.PROTECT, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=4, blank=True)  # Q1–Q4, H1, H2 or ""
    due_date = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.TextField(_("evidence"), blank=True)
    link = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("key-task assignment")
        verbose_name_plural = _("key-task assignments")
        ordering = ["due_date", "task__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit", "year", "period"], name="publicity_assignment_once"
            ),
            models.CheckConstraint(
                condition=Q(done_at__isnull=True) | ~Q(evidence=""),
                name="publicity_assignment_evidence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.task} {self.period}"
