"""Hand-overs (移送): a township hands a case it accepted to a district department."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from reports.models.case import Report
from units.models import Unit


class HandoverScope(models.TextChoices):
    CASE = "case", _("The whole case")
    ENFORCEMENT = "enforcement", _("The enforcement matter")


class Handover(models.Model):
    """One hand-over from the township that accepted a case to a district department, with
    the reason and what the township asks for: the whole case (the department works it in
    ``/unit/`` as its responsible unit) or its enforcement matter (the department records the
    enforcement; the responsible unit keeps the investigation and the conclusion). The
    township keeps the case, its reporter and its due date. The texts are the office's,
    vetted against the reporter's identity and encrypted."""

    Scope = HandoverScope

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="handovers")
    scope = models.CharField(
        _("what is handed over"),
        max_length=12,
        choices=HandoverScope.choices,
        default=HandoverScope.CASE,
    )
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
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope__in=HandoverScope.values),
                name="reports_handover_scope_valid",
            )
        ]
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id} → {self.to_unit_id}"
