"""Intake records: a form's one-time token, the case numbers of a day, and the custodian's
receipt-code reissues."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from reports.models.case import Report


class FormSubmission(models.Model):
    """The intake form's one-time token, used once. A resubmission (a response lost on a weak
    network) finds this row and shows the same receipt from ``receipt_copy``, an encrypted copy
    of the code that the purge sweep empties after ``RECEIPT_REPLAY_SECONDS``."""

    token_hash = models.CharField(max_length=64, unique=True)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    receipt_copy = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.report_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class ReissueOutcome(models.TextChoices):
    ISSUED = "issued", _("New code issued")
    MISMATCH = "mismatch", _("Refused: the identity does not match")
    ANONYMOUS = "anonymous", _("Refused: anonymous report")
    LIMIT = "limit", _("Refused: no tries left today")


class ReceiptReissueAttempt(models.Model):
    """One try by an identity custodian to issue a new receipt code to someone who says they
    lost theirs: the successful ones and the refused ones alike (identity not matching, an
    anonymous report, no tries left today). The daily limit counts these rows by ``day``; the
    township's leader and custodians read them on /unit/receipts/."""

    Outcome = ReissueOutcome

    report = models.ForeignKey(
        Report, verbose_name=_("case"), on_delete=models.CASCADE, related_name="receipt_reissues"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("custodian"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    day = models.DateField(_("day (Asia/Shanghai)"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    # The custodian's words may name the person: encrypted like what the reporter typed.
    reason = EncryptedTextField(_("reason"))
    reporters_told = models.PositiveSmallIntegerField(
        _("reporters told by text message"), default=0
    )

    class Meta:
        verbose_name = _("receipt code reissue")
        verbose_name_plural = _("receipt code reissues")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["report", "day"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=ReissueOutcome.values),
                name="reports_reissue_outcome_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.created_at:%Y-%m-%d %H:%M} {self.outcome}"

    @property
    def issued(self) -> bool:
        return self.outcome == self.Outcome.ISSUED


class CaseNumberCounter(models.Model):
    """The last case number handed out on a day (Asia/Shanghai)."""

    day = models.DateField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"
