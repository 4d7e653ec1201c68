"""Messages between the reporter and the safety office."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from reports.models.case import Report


class MessageDirection(models.TextChoices):
    FROM_REPORTER = "in", _("From the reporter")
    TO_REPORTER = "out", _("To the reporter")


class Message(models.Model):
    """A message between the reporter (on /track/) and the safety office. Encrypted at rest;
    unit officers never see them."""

    Direction = MessageDirection

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    body = EncryptedTextField(_("message"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=MessageDirection.values),
                name="reports_message_direction_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.get_direction_display()} {self.created_at:%Y-%m-%d %H:%M}"
