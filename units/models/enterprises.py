"""Enterprises and their industries, and the rules that route a case to the unit responsible for
a place or an enterprise."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.validators import normalise_uscc, validate_uscc
from units.models.tree import Unit


class Industry(models.Model):
    """An industry or sector (行业领域)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class EnterpriseQuerySet(models.QuerySet):
    def active(self) -> "EnterpriseQuerySet":
        return self.filter(active=True)

    def visible_to(self, user) -> "EnterpriseQuerySet":
        from units import permissions

        return self.filter(
            permissions.scope_q(user, permissions.Perm.SEE_UNITS, prefix="village__")
        )


class Enterprise(models.Model):
    """A production or business unit (生产经营单位). Enterprises have no accounts."""

    name = models.CharField(_("name"), max_length=150)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_uscc],
        help_text=_("统一社会信用代码, 18 characters."),
    )
    village = models.ForeignKey(
        Unit,
        verbose_name=_("village or community"),
        on_delete=models.PROTECT,
        related_name="enterprises",
        limit_choices_to={"kind__in": Unit.PLACE_KINDS},
    )
    industry = models.ForeignKey(
        Industry, verbose_name=_("industry"), on_delete=models.PROTECT, related_name="enterprises"
    )
    supervising_unit = models.ForeignKey(
        Unit,
        verbose_name=_("supervising unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_enterprises",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_key = models.BooleanField(
        _("key enterprise"),
        default=False,
        help_text=_("Key enterprises recruit informants (信息员)."),
    )
    workshops = models.PositiveSmallIntegerField(_("workshops"), default=0)
    active = models.BooleanField(_("active"), default=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"], condition=~Q(uscc=""), name="units_enterprise_uscc_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.uscc = normalise_uscc(self.uscc)
        if self.village_id and not self.village.is_place:
            raise ValidationError({"village": _("Choose a village or community.")})


class RoutingRule(models.Model):
    """Industry × village → the unit suggested as responsible, within one township. The most
    specific rule wins: industry and village, then industry alone, then village alone."""

    township = models.ForeignKey(
        Unit,
        verbose_name=_("township"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"kind": "township"},
    )
    industry = models.ForeignKey(
        Industry, verbose_name=_("industry"), null=True, blank=True, on_delete=models.CASCADE
    )
    village = models.ForeignKey(
        Unit,
        verbose_name=_("village or community"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"kind__in": Unit.PLACE_KINDS},
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(industry__isnull=False) | Q(village__isnull=False),
                name="units_routingrule_not_empty",
            ),
            models.UniqueConstraint(
                fields=["township", "industry", "village"],
                condition=Q(industry__isnull=False, village__isnull=False),
                name="units_routingrule_unique_pair",
            ),
            models.UniqueConstraint(
                fields=["township", "industry"],
                condition=Q(village__isnull=True),
                name="units_routingrule_unique_industry",
            ),
            models.UniqueConstraint(
                fields=["township", "village"],
                condition=Q(industry__isnull=True),
                name="units_routingrule_unique_village",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.township}: {self.industry or '*'} × {self.village or '*'} → {self.unit}"

    def clean(self) -> None:
        for name in ("village", "unit"):
            unit = getattr(self, name, None)
            if (
                unit is not None
                and self.township_id
                and not unit.path.startswith(self.township.path)
            ):
                raise ValidationError({name: _("Choose a unit of this township.")})
