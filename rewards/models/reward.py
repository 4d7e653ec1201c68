"""A case's reward: its amount as calculated, its approval, notice, claim window and who may
receive it."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from reports.models import Report
from rewards.models.standard import HARD_CEILING, Standard, StandardItem
from units.models import Unit


class RewardStatus(models.TextChoices):
    CALCULATED = "calculated", _("Calculated, to be submitted")
    SUBMITTED = "submitted", _("Submitted, to be approved")
    NOTIFIED = "notified", _("Approved: the reporter may claim")
    CLAIMED = "claimed", _("Claimed, to be paid")
    PAID = "paid", _("Paid")
    EXPIRED = "expired", _("Not claimed in time: publicly announced")
    WAIVED = "waived", _("Not claimed after the announcement: waived")
    DECLINED = "declined", _("Declined by the reporter")
    REFUSED = "refused", _("Refused")
    SUSPENDED = "suspended", _("Suspended: the case is investigated again")


class RecipientProof(models.TextChoices):
    REPORTER_ID = "reporter_id", _("ID number matches the reporter's")
    RECEIPT_CODE = "receipt_code", _("Receipt code presented at the counter")


class Reward(models.Model):
    """The reward of one case: calculated by the system when its inputs are final, submitted
    by the office, approved by another person (the leader), notified, claimed, paid. The first
    signatory collects; joint reporters share evenly. ``calculation`` keeps the items, inputs,
    arithmetic and standard version that made the amount."""

    Status = RewardStatus

    # Approved and not yet paid or closed: a reopened case suspends these (and those before
    # approval); the notice of the approved ones is withdrawn.
    SUSPENDABLE = (
        Status.CALCULATED,
        Status.SUBMITTED,
        Status.NOTIFIED,
        Status.CLAIMED,
        Status.EXPIRED,
    )
    NOTICE_ISSUED = (Status.NOTIFIED, Status.CLAIMED, Status.EXPIRED)

    Proof = RecipientProof

    class Reason(models.TextChoices):
        STAFF = "staff", _("A reporter has safety duties or is a close relative of such staff")
        INFORMANT = "informant", _("The informant or source is not eligible for rewards")
        NOT_FIRST = "not_first", _("Not the first accepted report of the same matter")
        ALREADY_KNOWN = "already_known", _("The matter was already known or being handled")
        WITHDRAWN = "withdrawn", _("The reporter withdrew after acceptance")
        NO_CODE = "no_code", _("Anonymous and unable to present the receipt code")
        CONDITIONS = "conditions", _("The reward conditions are not met")
        LEADER = "leader", _("Not approved by the leader")

    class Method(models.TextChoices):
        BANK = "bank", _("Bank transfer")
        CASH = "cash", _("Cash at the paying office")
        MOBILE = "mobile", _("WeChat Pay or Alipay")

    report = models.OneToOneField(
        Report, verbose_name=_("case"), on_delete=models.PROTECT, related_name="reward"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CALCULATED
    )
    standard = models.ForeignKey(
        Standard, verbose_name=_("standard"), null=True, blank=True, on_delete=models.PROTECT
    )
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    calculation = models.JSONField(_("calculation"), default=dict, blank=True)
    items = models.ManyToManyField(
        StandardItem,
        verbose_name=_("listed matters verified"),
        blank=True,
        related_name="rewards",
        help_text=_(
            "The items of the standard that the verified report matches (chosen by the office)."
        ),
    )
    reason = models.CharField(
        _("reason refused"), max_length=20, choices=Reason.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("refused by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when the system refused by the rules."),
    )
    payer = models.ForeignKey(
        Unit,
        verbose_name=_("paying unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    calculated_at = models.DateTimeField(_("calculated"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    claim_deadline = models.DateField(_("claim by"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    claim_method = models.CharField(
        _("how to be paid"), max_length=10, choices=Method.choices, blank=True
    )
    expired_at = models.DateTimeField(_("announced as unclaimed"), null=True, blank=True)
    announcement_until = models.DateField(_("announced until"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    suspended_at = models.DateTimeField(_("suspended"), null=True, blank=True)
    major_hazard = models.BooleanField(
        _("verified as a major accident hazard (重大事故隐患)"),
        default=False,
        help_text=_(
            "Set by the office from the verifying department's finding. Without a fine, it "
            "earns the minimum reward where REWARD_MAJOR_HAZARD_MINIMUM is on."
        ),
    )
    # The person paid, as checked at the paying office's counter (finance only).
    recipient_name = EncryptedTextField(_("recipient (encrypted)"))
    recipient_id_number = EncryptedTextField(_("recipient's ID number (encrypted)"))
    recipient_id_index = models.CharField(max_length=64, blank=True, editable=False)
    recipient_phone = EncryptedTextField(_("recipient's phone (encrypted)"))
    recipient_phone_index = models.CharField(max_length=64, blank=True, editable=False)
    recipient_proof = models.CharField(
        _("how the recipient proved the right"),
        max_length=15,
        choices=Proof.choices,
        blank=True,
    )
    recipient_verified_at = models.DateTimeField(
        _("recipient checked at the counter"), null=True, blank=True
    )
    recipient_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        ordering = ["-calculated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "calculated",
                        "submitted",
                        "notified",
                        "claimed",
                        "paid",
                        "expired",
                        "waived",
                        "declined",
                        "refused",
                        "suspended",
                    ]
                ),
                name="rewards_reward_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(recipient_proof__in=["", *RecipientProof.values]),
                name="rewards_reward_proof_valid",
            ),
            # Nobody is paid who was not checked at the counter.
            models.CheckConstraint(
                condition=~Q(status=RewardStatus.PAID) | Q(recipient_verified_at__isnull=False),
                name="rewards_reward_paid_after_counter_check",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0, amount__lte=HARD_CEILING),
                name="rewards_reward_amount_bounds",
            ),
            models.CheckConstraint(
                # "Calculated" without an amount: no rule applied yet; the office chooses the
                # listed matter the report matches, or refuses.
                condition=Q(status__in=[RewardStatus.REFUSED, RewardStatus.CALCULATED])
                | Q(amount__isnull=False),
                name="rewards_reward_amount_unless_refused",
            ),
            models.CheckConstraint(
                condition=~Q(status=RewardStatus.REFUSED) | ~Q(reason=""),
                name="rewards_reward_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("submitted_by")),
                name="rewards_reward_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.amount or ''}"

    def last_claim_day(self, announcement_days: int) -> dt.date | None:
        """The last day the reporter may claim: the window, then the public announcement
        that follows it (a reward still announced may be claimed, even before the sweep has
        marked it announced)."""
        if self.status == self.Status.EXPIRED and self.announcement_until:
            return self.announcement_until
        if self.status == self.Status.NOTIFIED and self.claim_deadline:
            return announcement_end(self.claim_deadline, announcement_days)
        return None


def announcement_end(claim_deadline: dt.date, announcement_days: int) -> dt.date:
    """An unclaimed reward is announced from the day after its window, for
    ``announcement_days`` days after that first day."""
    return claim_deadline + dt.timedelta(days=1 + announcement_days)
