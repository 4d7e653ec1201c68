"""Paying a reward at the counter, and the yearly budget it is paid from."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from rewards.models.reward import Reward
from rewards.models.standard import HARD_CEILING
from units.models import Unit


class Payment(models.Model):
    """The payment of a reward: recorded once (one row per reward, one voucher number)."""

    reward = models.OneToOneField(Reward, on_delete=models.PROTECT, related_name="payment")
    method = models.CharField(_("method"), max_length=10, choices=Reward.Method.choices)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    account_reference = EncryptedTextField(_("account (encrypted)"))
    voucher_number = models.CharField(_("voucher number"), max_length=60, unique=True)
    paid_on = models.DateField(_("paid on"))
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paid by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipient_name = EncryptedTextField(_("recipient (encrypted)"))
    recipient_id_number = EncryptedTextField(_("recipient's ID number (encrypted)"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0, amount__lte=HARD_CEILING),
                name="rewards_payment_amount_bounds",
            )
        ]

    def __str__(self) -> str:
        return f"{self.voucher_number}"


class Budget(models.Model):
    """The money a paying unit has for rewards in a year."""

    payer = models.ForeignKey(
        Unit, verbose_name=_("paying unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    allocated = models.DecimalField(_("allocated (yuan)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("reward budget")
        verbose_name_plural = _("reward budgets")
        ordering = ["-year", "payer"]
        constraints = [
            models.UniqueConstraint(fields=["payer", "year"], name="rewards_budget_unique"),
            models.CheckConstraint(condition=Q(allocated__gte=0), name="rewards_budget_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.payer} {self.year}"
