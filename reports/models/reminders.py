"""Reminders sent once per case, kind and threshold."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.models.case import Report


class Reminder(models.Model):
    """A reminder a clock sent about a case. Unique per case, kind and threshold, so that each
    is sent once however often the sweep runs or retries. ``batch`` tells a sweep which rows it
    inserted itself."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=40)
    threshold = models.CharField(_("threshold"), max_length=40)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    batch = models.UUIDField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "kind", "threshold"], name="reports_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind} {self.threshold}"
