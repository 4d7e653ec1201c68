"""The people behind a case: reporters, sealed apart from it."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import crypto
from core.fields import EncryptedTextField
from core.validators import normalise_id_number, normalise_name, normalise_phone
from reports.models.case import Report
from units.models import ConfidentialSource, Informant


class ReporterDeclaration(models.TextChoices):
    NONE = "none", _("No")
    STAFF = "staff", _("Yes, I work for a body with safety duties")
    RELATIVE = "relative", _("Yes, I am a close relative of such staff")
    UNKNOWN = "unknown", _("Not asked")


class Reporter(models.Model):
    """A person who made a report. Identity and contact details are encrypted and kept apart
    from the case; unit officers never see them. Joint reports have several reporters, in
    signing order (the first signatory collects a reward)."""

    Declaration = ReporterDeclaration

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reporters")
    position = models.PositiveSmallIntegerField(_("signing order"), default=1)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    name = EncryptedTextField(_("name"))
    phone = EncryptedTextField(_("phone"))
    id_number = EncryptedTextField(_("ID number"))
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Compares the name a person gives (a receipt code reissued) without decrypting.
    name_index = models.CharField(max_length=64, blank=True, editable=False)
    id_number_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    declaration = models.CharField(
        _("works for a body with safety duties, or a close relative"),
        max_length=20,
        choices=Declaration.choices,
        default=Declaration.UNKNOWN,
    )
    informant = models.ForeignKey(
        Informant,
        verbose_name=_("informant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    confidential_source = models.ForeignKey(
        ConfidentialSource,
        verbose_name=_("confidential source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reporter")
        verbose_name_plural = _("reporters")
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "position"], name="reports_reporter_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(declaration__in=ReporterDeclaration.values),
                name="reports_reporter_declaration_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} #{self.position}"

    def set_identity(self, *, name: str = "", phone: str = "", id_number: str = "") -> None:
        self.name = name.strip()
        self.phone = normalise_phone(phone)
        self.id_number = normalise_id_number(id_number)
        self.name_index = crypto.blind_index("name", normalise_name(self.name))
        self.phone_index = crypto.blind_index("phone", self.phone)
        self.id_number_index = crypto.blind_index("id_number", self.id_number)
        self.anonymous = not (self.name or self.phone or self.id_number)
