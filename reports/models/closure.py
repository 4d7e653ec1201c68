"""Closing a case: conclusions and objections."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from reports.models.case import Report


class ConclusionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting the unit head's signature")
    SIGNED = "signed", _("Signed, awaiting office review")
    ACCEPTED = "accepted", _("Accepted")
    SENT_BACK = "sent_back", _("Sent back")


class ConclusionVerdict(models.TextChoices):
    TRUE = "true", _("True (属实)")
    PARTLY = "partly", _("Partly true (部分属实)")
    FALSE = "false", _("Not true (不属实)")


class Conclusion(models.Model):
    """The unit's proposed conclusion, signed by its head and reviewed by the office. The one
    the office accepts is the reply to the reporter."""

    Verdict = ConclusionVerdict

    Status = ConclusionStatus

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="conclusions")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    account = models.TextField(_("short account of the investigation"))
    decision = models.TextField(_("handling decision"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    reward_conditions_met = models.BooleanField(_("reward conditions met"), null=True, blank=True)

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        ordering = ["-proposed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ConclusionStatus.values),
                name="reports_conclusion_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(verdict__in=ConclusionVerdict.values),
                name="reports_conclusion_verdict_valid",
            ),
            # One conclusion in play at a time.
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(status__in=[ConclusionStatus.PROPOSED, ConclusionStatus.SIGNED]),
                name="reports_conclusion_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.get_verdict_display()}"

    @property
    def verified(self) -> bool:
        return self.verdict in (self.Verdict.TRUE, self.Verdict.PARTLY)


class ObjectionOutcome(models.TextChoices):
    PENDING = "pending", _("Under review")
    UPHELD = "upheld", _("Upheld: the case is reopened")
    DISMISSED = "dismissed", _("Dismissed")


class Objection(models.Model):
    """The reporter disputes the conclusion within the window; the office reviews it."""

    Outcome = ObjectionOutcome

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="objections")
    reason = EncryptedTextField(_("reason"))
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    review_due = models.DateField(_("review by"))
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision"), blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=ObjectionOutcome.values),
                name="reports_objection_outcome_valid",
            ),
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(outcome=ObjectionOutcome.PENDING),
                name="reports_objection_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.get_outcome_display()}"
