"""Hand-overs (移送): a township hands a case it accepted to a district department."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from reports.models.case import Report
from units.models import Unit


class Handover(models.Model):
    """One hand-over of a case from the township that accepted it to a district department,
    with the reason and what the township asks for. The department works the case in
    ``/unit/`` as its responsible unit; the township keeps the case, its reporter and its due
    date. The texts are the office's, vetted against the reporter's identity and encrypted."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="handovers")
    from_unit = models.ForeignKey(
        Unit, verbose_name=_("handed over by"), on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(
        Unit, verbose_name=_("handed over to"), on_delete=models.PROTECT, related_name="+"
    )
    previous_unit = models.ForeignKey(
        Unit,
        verbose_name=_("previously handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = EncryptedTextField(_("reason"))
    request = EncryptedTextField(_("what is asked"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("handed over"), default=timezone.now)

    class Meta:
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id} → {self.to_unit_id}"
