"""The unit tree and the people in it: units (city, district, district department, township,
village, community, station, member unit), their kinds and the roles a member holds."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.validators import validate_unit_code

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
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    DEPARTMENT = "department", _("District department")
    TOWNSHIP = "township", _("Township or subdistrict")
    VILLAGE = "village", _("Village")
    COMMUNITY = "community", _("Community")
    STATION = "station", _("Station or office")
    MEMBER = "member", _("Member unit")


class Unit(models.Model):
    """A node of the unit tree: (city →) district → its departments and its townships →
    villages, communities, stations and member units. The district unit is the district's
    safety office (区安委办), as a township unit is the township's (乡镇安委办)."""

    Kind = UnitKind

    PLACE_KINDS = (Kind.VILLAGE, Kind.COMMUNITY)
    # Kinds that may sit at the top of the tree.
    TOP_KINDS = (Kind.CITY, Kind.DISTRICT)
    # Offices that accept leads and answer reporters.
    OFFICE_KINDS = (Kind.CITY, Kind.DISTRICT, Kind.TOWNSHIP)

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
    code = models.CharField(
        _("code"),
        max_length=18,
        blank=True,
        validators=[validate_unit_code],
        help_text=_(
            "The unified social credit code (18 characters) or the administrative division "
            "code (6, 9 or 12 digits), for exchange with other systems."
        ),
    )
    office_name = models.CharField(
        _("office name"),
        max_length=60,
        blank=True,
        help_text=_(
            "For a township or district: the name citizens and paper see, for example "
            "恒合土家族乡安全生产委员会办公室. Empty: the unit's name."
        ),
    )
    hotline = models.CharField(
        _("hotline"),
        max_length=30,
        blank=True,
        help_text=_("Shown to reporters; for the township this is the safety office line."),
    )
    mailing_address = models.CharField(
        _("mailing address"),
        max_length=150,
        blank=True,
        help_text=_("Where reporters may send letters; shown on citizen pages and posters."),
    )
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("Where reporters may send e-mail.")
    )
    wechat_account = models.CharField(
        _("WeChat account"),
        max_length=60,
        blank=True,
        help_text=_("The office's WeChat official account or number, shown to reporters."),
    )
    pays_rewards = models.BooleanField(
        _("pays its own rewards"),
        default=True,
        help_text=_(
            "For a township: it pays the rewards of the reports it accepts (谁受理、谁奖励). "
            "Untick to forward its reward decisions to the district for payment."
        ),
    )
    headless_signer = models.CharField(
        _("signs for a unit without a head"),
        max_length=20,
        choices=[("leader", _("The leader")), ("intake", _("The safety office"))],
        default="leader",
        help_text=_(
            "For a township or district: who signs conclusions and endorses extensions for its "
            "units that have no head account, so that no case waits on a signature nobody "
            "can give."
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
    # Sent as DingTalk asks (timestamp and signature added to the address at each post), never
    # stored with an outbox message, never shown again, never logged.
    robot_secret = EncryptedTextField(
        _("group robot signing secret"),
        help_text=_(
            "Only for a 钉钉 robot with 加签 (signing) turned on: the secret starting with SEC "
            "shown in the robot's security settings. Stored encrypted and never shown again."
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
            ),
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="units_unit_code_unique"
            ),
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
        if self.kind not in self.TOP_KINDS and self.parent_id is None:
            raise ValidationError(
                {"parent": _("Only a city or a district may have no parent unit.")}
            )
        if (
            self.kind == self.Kind.DEPARTMENT
            and self.parent_id
            and (self.parent.kind != self.Kind.DISTRICT)
        ):
            raise ValidationError({"parent": _("A district department sits under its district.")})
        if (
            self.kind == self.Kind.TOWNSHIP
            and self.parent_id
            and (self.parent.kind not in self.TOP_KINDS)
        ):
            raise ValidationError({"parent": _("A township sits under its district.")})

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p]

    @property
    def is_place(self) -> bool:
        return self.kind in self.PLACE_KINDS

    @property
    def is_department(self) -> bool:
        return self.kind == self.Kind.DEPARTMENT

    @property
    def public_name(self) -> str:
        """The office's name as citizens and paper see it: its office name, else for a
        township, district or city "<name>安全生产委员会办公室", else the unit's name."""
        if self.office_name:
            return self.office_name
        if self.kind in self.OFFICE_KINDS:
            return gettext("%(name)s safety committee office") % {"name": self.name}
        return self.name

    def township(self) -> "Unit | None":
        """This unit if it is a township, else its nearest township ancestor."""
        if self.kind == self.Kind.TOWNSHIP:
            return self
        parent = self.parent if Unit.parent.is_cached(self) else None  # read with the unit
        if parent is not None and parent.kind == self.Kind.TOWNSHIP:
            return parent
        return (
            Unit.objects.filter(pk__in=self.ancestor_ids, kind=self.Kind.TOWNSHIP)
            .order_by(Length("path").desc())
            .first()
        )


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
