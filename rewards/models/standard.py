"""The published reward standard (奖励标准) and its priced items; a hard ceiling in the database
above any standard."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reports.models import Category
from rewards.calculation import CONCEALED_BASIS, FINE_BASIS, percent

# A safety net in the database, above any published standard (the national cap is 300,000 yuan;
# some provinces go higher). Standards themselves carry their own caps.
HARD_CEILING = Decimal("1000000")


class StandardQuerySet(models.QuerySet):
    def in_force(self, day):
        """The standard in force on ``day``: the latest that started on or before it and has
        not ended."""
        return (
            self.filter(effective_from__lte=day)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=day))
            .order_by("-effective_from")
            .first()
        )


class Standard(models.Model):
    """A published reward standard (明码实价): listed items with fixed amounts, the national
    formula on fines, and the amounts per concealed death. Versions follow each other by
    effective date; a decision keeps the numbers it used, so editing a standard never changes
    a decision already made."""

    name = models.CharField(_("name"), max_length=150)
    document = models.CharField(
        _("document number"),
        max_length=80,
        blank=True,
        help_text=_("For example 渝安办〔2021〕49号."),
    )
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until (exclusive)"), null=True, blank=True)
    fine_rate = models.DecimalField(
        _("share of the fine"), max_digits=5, decimal_places=4, default=Decimal("0.15")
    )
    fine_minimum = models.DecimalField(
        _("minimum on fines"), max_digits=10, decimal_places=2, default=Decimal("3000")
    )
    fine_maximum = models.DecimalField(
        _("maximum on fines"), max_digits=10, decimal_places=2, default=Decimal("300000")
    )
    death_ordinary = models.DecimalField(
        _("per concealed death, ordinary accident"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("30000"),
    )
    death_larger = models.DecimalField(
        _("per concealed death, larger accident"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("40000"),
    )
    death_major = models.DecimalField(
        _("per concealed death, major accident"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("50000"),
    )
    death_grave = models.DecimalField(
        _("per concealed death, especially grave accident"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("60000"),
    )
    concealed_maximum = models.DecimalField(
        _("maximum for a concealed accident"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("300000"),
    )
    fine_basis = models.CharField(
        _("legal basis of the formula on fines"),
        max_length=200,
        default=FINE_BASIS,
        help_text=_("Cited on the notice and the receipt when the amount comes from the fine."),
    )
    concealed_basis = models.CharField(
        _("legal basis of the amounts per concealed death"),
        max_length=200,
        default=CONCEALED_BASIS,
        help_text=_(
            "Cited when the amount comes from a concealed accident. Add the article only "
            "where the official text is at hand."
        ),
    )
    source = models.TextField(_("source"), blank=True)

    objects = StandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("reward standard")
        verbose_name_plural = _("reward standards")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fine_rate__gt=0, fine_rate__lte=1), name="rewards_standard_rate_valid"
            ),
            models.CheckConstraint(
                condition=Q(fine_minimum__lte=models.F("fine_maximum")),
                name="rewards_standard_fine_bounds",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gt=models.F("effective_from")),
                name="rewards_standard_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.effective_from:%Y-%m-%d}）"

    @property
    def fine_percent(self) -> str:
        return percent(self.fine_rate)

    @property
    def items_basis(self) -> str:
        """How a listed item is cited: the list's title and document number."""
        title = f"《{self.name}》" if self.name else ""
        return f"{title}（{self.document}）" if self.document else title

    def per_death(self, grade: str) -> Decimal:
        return {
            "ordinary": self.death_ordinary,
            "larger": self.death_larger,
            "major": self.death_major,
            "grave": self.death_grave,
        }[grade]


class StandardItem(models.Model):
    """A listed matter of a standard with its fixed reward and the department that verifies it."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="items")
    sector = models.CharField(_("sector"), max_length=50)
    code = models.CharField(_("number"), max_length=20)
    text = models.CharField(_("matter"), max_length=300)
    amount = models.DecimalField(_("reward (yuan)"), max_digits=10, decimal_places=2)
    department = models.CharField(_("verifying department"), max_length=150, blank=True)
    categories = models.ManyToManyField(
        Category,
        verbose_name=_("report categories"),
        blank=True,
        related_name="standard_items",
        help_text=_("Reports of these categories may be rewarded by this item."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("standard item")
        verbose_name_plural = _("standard items")
        ordering = ["standard", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "code"], name="rewards_item_code_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="rewards_item_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"
