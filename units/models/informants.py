"""The people a unit keeps on record for its safety work: informants (信息员), confidential sources
and each enterprise's safety duty persons."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import crypto
from core.fields import EncryptedTextField
from core.validators import normalise_id_number, normalise_phone
from units.models.enterprises import Enterprise
from units.models.tree import Unit


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
