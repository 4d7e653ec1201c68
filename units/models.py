from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import crypto
from core.fields import EncryptedTextField
from core.validators import normalise_id_number, normalise_phone, normalise_uscc, validate_uscc

PATH_DIGITS = 8


class Role(models.TextChoices):
    """Roles of DESIGN §2. A person holds roles in units; the unit scopes what they see."""

    INTAKE = "intake", _("Intake officer")
    OFFICER = "officer", _("Unit officer")
    HEAD = "head", _("Unit head")
    LEADER = "leader", _("Leader")
    FINANCE = "finance", _("Finance")
    CUSTODIAN = "custodian", _("Identity custodian")
    SUPERVISOR = "supervisor", _("Supervisor")


class UnitQuerySet(models.QuerySet):
    def active(self) -> "UnitQuerySet":
        return self.filter(active=True)

    def places(self) -> "UnitQuerySet":
        """Villages and communities: where a hazard can be."""
        return self.filter(kind__in=Unit.PLACE_KINDS)

    def visible_to(self, user) -> "UnitQuerySet":
        from units import permissions

        return self.filter(permissions.scope_q(user, permissions.Perm.SEE_UNITS))


class UnitKind(models.TextChoices):
    DISTRICT = "district", _("District")
    TOWNSHIP = "township", _("Township or subdistrict")
    VILLAGE = "village", _("Village")
    COMMUNITY = "community", _("Community")
    STATION = "station", _("Station or office")
    MEMBER = "member", _("Member unit")


class Unit(models.Model):
    """A node of the unit tree: district → township → villages, communities, stations, members."""

    Kind = UnitKind

    PLACE_KINDS = (Kind.VILLAGE, Kind.COMMUNITY)

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of zero-padded primary keys ("/00000001/00000004/"): a subtree is one
    # indexed prefix query, and text order is tree order.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    is_rural = models.BooleanField(
        _("rural"),
        default=False,
        help_text=_("Rural villages and communities paint at least one wall slogan."),
    )
    works_on_paper = models.BooleanField(
        _("works on paper"),
        default=False,
        help_text=_("The safety office prints transfer slips and records this unit's steps."),
    )
    hotline = models.CharField(
        _("hotline"),
        max_length=30,
        blank=True,
        help_text=_("Shown to reporters; for the township this is the safety office line."),
    )
    pays_rewards = models.BooleanField(
        _("pays its own rewards"),
        default=True,
        help_text=_(
            "For a township: it pays the rewards of the reports it accepts (谁受理、谁奖励). "
            "Untick to forward its reward decisions to the district for payment."
        ),
    )
    robot_webhook_url = models.URLField(
        _("group robot webhook"),
        blank=True,
        help_text=_(
            "A 企业微信 or 钉钉 group robot's webhook address: reminders to this unit are also "
            "posted in its group chat."
        ),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=UnitKind.values),
                name="units_unit_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # The path is derived data kept in step with the parent: moving a unit moves its subtree.
        with transaction.atomic():
            super().save(*args, **kwargs)
            parent_path = self.parent.path if self.parent_id else "/"
            new_path = f"{parent_path}{self.pk:0{PATH_DIGITS}d}/"
            if new_path != self.path:
                old_path = self.path
                self.path, self.depth = new_path, new_path.count("/") - 2
                Unit.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
                if old_path:
                    descendants = Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk)
                    descendants.update(
                        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
                        depth=F("depth") + (self.depth - (old_path.count("/") - 2)),
                    )

    def clean(self) -> None:
        if (
            self.parent_id
            and self.pk
            and (self.parent_id == self.pk or self.parent.path.startswith(self.path))
        ):
            raise ValidationError({"parent": _("A unit cannot sit under itself.")})
        if self.kind != self.Kind.DISTRICT and self.parent_id is None:
            raise ValidationError({"parent": _("Only a district may have no parent unit.")})

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p]

    @property
    def is_place(self) -> bool:
        return self.kind in self.PLACE_KINDS

    def township(self) -> "Unit | None":
        """This unit if it is a township, else its nearest township ancestor."""
        if self.kind == self.Kind.TOWNSHIP:
            return self
        return (
            Unit.objects.filter(pk__in=self.ancestor_ids, kind=self.Kind.TOWNSHIP)
            .order_by(Length("path").desc())
            .first()
        )


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


class Membership(models.Model):
    """A person's role in a unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], name="units_membership_unique"
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="units_membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


class InformantKind(models.TextChoices):
    SAFETY_OFFICER = "safety_officer", _("Enterprise safety officer")
    GRID_WORKER = "grid_worker", _("Grid worker")
    OTHER = "other", _("Other")


class Informant(models.Model):
    """A registered informant (信息员): an enterprise safety officer or a grid worker.

    The phone number is encrypted, with a blind index for the eligibility checks.
    """

    Kind = InformantKind

    unit = models.ForeignKey(
        Unit, verbose_name=_("registered by unit"), on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="informants",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50)
    phone = EncryptedTextField(_("phone"))
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    reward_eligible = models.BooleanField(
        _("eligible for rewards"),
        default=True,
        help_text=_("Grid workers may count as staff with safety duties and are not paid."),
    )
    registered_on = models.DateField(_("registered on"), default=timezone.localdate)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("informant")
        verbose_name_plural = _("informants")
        ordering = ["unit", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InformantKind.values),
                name="units_informant_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    def set_phone(self, phone: str) -> None:
        self.phone = normalise_phone(phone)
        self.phone_index = crypto.blind_index("phone", self.phone)


class ConfidentialSource(models.Model):
    """A confidential source (线人) watching illegal hot spots. Known to the system by an alias;
    the identity is sealed like a reporter's and unsealed only by a custodian, with a reason."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="+"
    )
    alias = models.CharField(_("alias"), max_length=30, unique=True)
    watched = models.CharField(_("what the source watches"), max_length=200, blank=True)
    name = EncryptedTextField(_("name"))
    phone = EncryptedTextField(_("phone"))
    id_number = EncryptedTextField(_("ID number"))
    notes = EncryptedTextField(_("sealed notes"))
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    id_number_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    reward_eligible = models.BooleanField(_("eligible for rewards"), default=True)
    active = models.BooleanField(_("active"), default=True)
    registered_on = models.DateField(_("registered on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("confidential source")
        verbose_name_plural = _("confidential sources")
        ordering = ["alias"]

    def __str__(self) -> str:
        return self.alias

    def set_identity(self, *, name: str, phone: str, id_number: str, notes: str = "") -> None:
        self.name = name.strip()
        self.phone = normalise_phone(phone)
        self.id_number = normalise_id_number(id_number)
        self.notes = notes
        self.phone_index = crypto.blind_index("phone", self.phone)
        self.id_number_index = crypto.blind_index("id_number", self.id_number)


class DutyRelation(models.TextChoices):
    STAFF = "staff", _("Staff with safety duties")
    RELATIVE = "relative", _("Close relative of such staff")


class SafetyDutyPerson(models.Model):
    """Someone with safety management, supervision or inspection duties, or a close relative
    of such staff: they cannot be rewarded. Only keyed fingerprints of the phone and ID number
    are kept, so the reward check compares reporters without anyone reading identities."""

    Relation = DutyRelation

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    label = models.CharField(
        _("label"), max_length=50, blank=True, help_text=_("An internal reference, not a name.")
    )
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    id_number_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("person with safety duties")
        verbose_name_plural = _("people with safety duties")
        constraints = [
            models.CheckConstraint(
                condition=Q(relation__in=DutyRelation.values),
                name="units_safetyduty_relation_valid",
            ),
            models.CheckConstraint(
                condition=~Q(phone_index="", id_number_index=""),
                name="units_safetyduty_has_index",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_relation_display()} {self.label}".strip()

    def set_identity(self, *, phone: str = "", id_number: str = "") -> None:
        self.phone_index = crypto.blind_index("phone", normalise_phone(phone))
        self.id_number_index = crypto.blind_index("id_number", normalise_id_number(id_number))
