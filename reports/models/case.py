"""The case (举报线索): its lifecycle, its allowed transitions, and its queryset."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from reports.models.intake import Category, IntakePoint
from units.models import Enterprise, Unit


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReportQuerySet":
        from reports.selectors import report_scope_q

        return self.filter(report_scope_q(user))

    def open(self) -> "ReportQuerySet":
        return self.exclude(status__in=Report.FINAL_STATUSES)

    def concluded(self) -> "ReportQuerySet":
        """Cases with an accepted conclusion that stands (``Report.CONCLUDED_STATUSES``)."""
        return self.filter(status__in=Report.CONCLUDED_STATUSES)

    def assigned_from_above(self) -> "ReportQuerySet":
        """Cases with a deadline from above: a ticket (12350, 12345, a slip) or a lead the
        district office assigned in the system (``Report.assigned_from_above``)."""
        return self.filter(
            models.Q(source=ReportSource.UPSTREAM) | models.Q(assigned_by__isnull=False)
        )


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting acceptance")
    TRANSFERRED = "transferred", _("Transferred")
    RETURNED = "returned", _("Returned by the unit, to be re-routed")
    INVESTIGATING = "investigating", _("Under investigation")
    UNDER_REVIEW = "under_review", _("Conclusion under office review")
    CONCLUDED = "concluded", _("Concluded")
    OBJECTION = "objection", _("Objection under review")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Not accepted")
    MERGED = "merged", _("Merged into another case")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReportSource(models.TextChoices):
    CITIZEN = "citizen", _("Citizen (web form or QR code)")
    OFFICE = "office", _("Entered by the safety office")
    UNIT = "unit", _("Received by a unit")
    UPSTREAM = "upstream", _("Assigned from above")


class ReportChannel(models.TextChoices):
    WEB = "web", _("Web form")
    QR = "qr", _("QR code")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    VISIT = "visit", _("Visit")
    WECHAT = "wechat", _("WeChat")
    EMAIL = "email", _("E-mail")
    INFORMANT = "informant", _("Informant")
    HOTLINE_12350 = "12350", _("12350 hotline ticket")
    HOTLINE_12345 = "12345", _("12345 hotline ticket")
    DISTRICT_SLIP = "district_slip", _("District assignment slip")
    OTHER = "other", _("Other")


# Sets of statuses and channels, named once (the model's constraints read them too).
# Accepted and not yet concluded: the 60-day clock runs.
RUNNING_STATUSES = (
    ReportStatus.TRANSFERRED,
    ReportStatus.RETURNED,
    ReportStatus.INVESTIGATING,
    ReportStatus.UNDER_REVIEW,
    ReportStatus.OBJECTION,
)
CITIZEN_CHANNELS = (ReportChannel.WEB, ReportChannel.QR)
OFFICE_CHANNELS = (
    ReportChannel.PHONE,
    ReportChannel.LETTER,
    ReportChannel.VISIT,
    ReportChannel.WECHAT,
    ReportChannel.EMAIL,
    ReportChannel.INFORMANT,
    ReportChannel.OTHER,
)
UPSTREAM_CHANNELS = (
    ReportChannel.HOTLINE_12350,
    ReportChannel.HOTLINE_12345,
    ReportChannel.DISTRICT_SLIP,
)


class Report(models.Model):
    """One case: a lead about a hazard or an illegal act, from any source."""

    Status = ReportStatus
    RUNNING_STATUSES = RUNNING_STATUSES

    FINAL_STATUSES = (Status.CLOSED, Status.REJECTED, Status.MERGED, Status.WITHDRAWN)
    # Has a conclusion the office accepted, and it stands (an upheld objection sends the case
    # back to investigation): concluded, under an objection's review, or closed.
    CONCLUDED_STATUSES = (Status.CONCLUDED, Status.OBJECTION, Status.CLOSED)

    class RejectionReason(models.TextChoices):
        OUTSIDE_REMIT = "outside_remit", _("Outside our remit: referred to the competent body")
        NO_TARGET = "no_target", _("No clear target or facts")
        DUPLICATE = "duplicate", _("Already accepted")
        NOT_SAFETY = "not_safety", _("Not a work-safety matter")

    class DeliveryMethod(models.TextChoices):
        TRACK = "track", _("Seen on the tracking page")
        CALL = "call", _("Phone call")
        SMS = "sms", _("Text message")

    Source = ReportSource

    Channel = ReportChannel
    CITIZEN_CHANNELS = CITIZEN_CHANNELS
    OFFICE_CHANNELS = OFFICE_CHANNELS
    UPSTREAM_CHANNELS = UPSTREAM_CHANNELS

    number = models.CharField(_("case number"), max_length=20, unique=True, editable=False)
    # NULL, not "", for tickets without a code: unique must allow many of them.
    receipt_hash = models.CharField(  # noqa: DJ001
        max_length=64, null=True, unique=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)

    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT)
    # What the reporter typed is encrypted at rest (DESIGN §5): read it, never filter on it.
    description = EncryptedTextField(_("description"), blank=False)
    village = models.ForeignKey(
        Unit,
        verbose_name=_("village or community"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = EncryptedTextField(_("address"), blank=False, validators=[MaxLengthValidator(200)])
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    enterprise_name = EncryptedTextField(
        _("enterprise or place named"), validators=[MaxLengthValidator(150)]
    )
    seen_on = models.DateField(_("seen on"), null=True, blank=True)
    intake_point = models.ForeignKey(
        IntakePoint,
        verbose_name=_("intake point"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )

    township = models.ForeignKey(
        Unit,
        verbose_name=_("accepting township"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_by_unit = models.ForeignKey(
        Unit,
        verbose_name=_("received by unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    received_at = models.DateTimeField(_("received"), default=timezone.now)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acceptance_due = models.DateField(_("decide acceptance by"))

    upstream_body = models.CharField(_("assigning body"), max_length=100, blank=True)
    external_number = models.CharField(_("external number"), max_length=50, blank=True)
    upstream_deadline = models.DateField(_("upstream deadline"), null=True, blank=True)
    # A district department an enforcement matter of the case was handed to (移送): it sees the
    # case and records the enforcement; the responsible unit keeps the rest.
    enforcement_unit = models.ForeignKey(
        Unit,
        verbose_name=_("enforcement handed to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The office above (district or city) that assigned the lead to the township in the
    # system (交办): its number and deadline are the upstream ones, and the reply goes back
    # to it in the system.
    assigned_by = models.ForeignKey(
        Unit,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Triage and transfer.
    # The unit's texts are the office's, but they start from what the reporter typed: they are
    # encrypted at rest like it.
    transfer_summary = EncryptedTextField(
        _("transfer summary"),
        blank=True,
        help_text=_(
            "What the responsible unit reads instead of the report: nothing that "
            "identifies the reporter."
        ),
    )
    # What the unit reads of the place: the office's vetted copies of the reporter's address
    # and of the place or enterprise named, checked against the sealed identity at transfer.
    # The unit never reads ``address`` or ``enterprise_name`` (see reports/disclosure.py).
    unit_address = EncryptedTextField(
        _("address for the unit"), blank=True, validators=[MaxLengthValidator(200)]
    )
    unit_place = EncryptedTextField(
        _("place or enterprise for the unit"), blank=True, validators=[MaxLengthValidator(150)]
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    transferred_at = models.DateTimeField(_("transferred"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    due_policy = models.JSONField(_("due-date policy"), default=dict, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    rejection_reason = models.CharField(
        _("reason for not accepting"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    referred_to = models.CharField(_("referred to"), max_length=100, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_cases",
    )
    # Listed supervision (挂牌督办).
    listed_at = models.DateTimeField(_("listed for supervision"), null=True, blank=True)
    listed_supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    listed_reason = models.CharField(_("why listed"), max_length=200, blank=True)
    # Conclusion, reply and closure.
    concluded_at = models.DateTimeField(_("concluded"), null=True, blank=True)
    reply_waived = models.BooleanField(
        _("reply and reward waived"),
        default=False,
        help_text=_("The reporter withdrew after acceptance: the investigation goes on."),
    )
    reply_delivered_at = models.DateTimeField(_("reply delivered"), null=True, blank=True)
    reply_delivery = models.CharField(
        _("delivered by"), max_length=10, choices=DeliveryMethod.choices, blank=True
    )
    objection_deadline = models.DateField(_("objections until"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["status", "received_at"]),
            models.Index(fields=["township", "status"]),
            models.Index(fields=["responsible_unit", "status"]),
            # The dashboards' list of stuck cases: open cases, the most overdue first.
            models.Index(
                fields=["due_date"],
                condition=models.Q(status__in=list(RUNNING_STATUSES)),
                name="reports_open_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values),
                name="reports_report_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(source__in=ReportSource.values),
                name="reports_report_source_valid",
            ),
            models.CheckConstraint(
                condition=(
                    Q(source=ReportSource.CITIZEN, channel__in=list(CITIZEN_CHANNELS))
                    | Q(
                        source__in=[ReportSource.OFFICE, ReportSource.UNIT],
                        channel__in=list(OFFICE_CHANNELS),
                    )
                    | Q(source=ReportSource.UPSTREAM, channel__in=list(UPSTREAM_CHANNELS))
                ),
                name="reports_report_channel_fits_source",
            ),
            # An upstream ticket has its number and deadline and no receipt code.
            models.CheckConstraint(
                condition=~Q(source=ReportSource.UPSTREAM)
                | Q(external_number__gt="", upstream_deadline__isnull=False, receipt_hash=None),
                name="reports_report_upstream_complete",
            ),
            models.UniqueConstraint(
                fields=["channel", "external_number"],
                condition=Q(source=ReportSource.UPSTREAM),
                name="reports_report_upstream_unique",
            ),
            # A lead assigned in the system has the assigning office's number and deadline,
            # each number once per office.
            models.CheckConstraint(
                condition=Q(assigned_by__isnull=True)
                | Q(external_number__gt="", upstream_deadline__isnull=False),
                name="reports_report_assigned_complete",
            ),
            models.UniqueConstraint(
                fields=["assigned_by", "external_number"],
                condition=Q(assigned_by__isnull=False),
                name="reports_report_assigned_unique",
            ),
            # An accepted case has its unit and its due date.
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True)
                | Q(responsible_unit__isnull=False, due_date__isnull=False),
                name="reports_report_accepted_complete",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.MERGED) | Q(merged_into__isnull=False),
                name="reports_report_merged_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def assigned_from_above(self) -> bool:
        """A ticket registered from a slip, or a lead assigned in the system (交办): its
        number and deadline bind, and its reply goes back to the assigning body."""
        return self.source == ReportSource.UPSTREAM or self.assigned_by_id is not None

    def days_left(self, today) -> int | None:
        """Days until the due date (negative when overdue); None before acceptance."""
        return (self.due_date - today).days if self.due_date else None


_S = Report.Status

# The one map of allowed transitions (DESIGN §3); every service that moves a case checks it.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    _S.SUBMITTED: frozenset({_S.TRANSFERRED, _S.REJECTED, _S.MERGED, _S.WITHDRAWN}),
    # A transferred or investigated case may be handed over (移送) to a district department:
    # it is transferred again, to the department.
    _S.TRANSFERRED: frozenset({_S.INVESTIGATING, _S.RETURNED, _S.TRANSFERRED}),
    _S.INVESTIGATING: frozenset({_S.UNDER_REVIEW, _S.RETURNED, _S.TRANSFERRED}),
    _S.RETURNED: frozenset({_S.TRANSFERRED}),
    _S.UNDER_REVIEW: frozenset({_S.CONCLUDED, _S.INVESTIGATING}),
    _S.CONCLUDED: frozenset({_S.CLOSED, _S.OBJECTION}),
    _S.OBJECTION: frozenset({_S.INVESTIGATING, _S.CLOSED}),
}
