import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import crypto
from core.fields import EncryptedTextField
from core.validators import normalise_id_number, normalise_name, normalise_phone
from units.models import ConfidentialSource, Enterprise, Industry, Informant, Unit


def _private_storage():
    return storages["private"]


def _random_upload_path(instance: models.Model, filename: str) -> str:
    """Random names only: nothing of the reporter's file name is kept."""
    token = secrets.token_hex(16)
    return f"reports/{token[:2]}/{token}.{filename.rsplit('.', 1)[-1].lower()}"


class Category(models.Model):
    """What a citizen reports (the 举报清单 in plain words)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=50)
    hint = models.CharField(_("examples"), max_length=200, blank=True)
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Used to suggest the responsible unit."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("report category")
        verbose_name_plural = _("report categories")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class IntakePointQuerySet(models.QuerySet):
    def visible_to(self, user) -> "IntakePointQuerySet":
        from units import permissions

        return self.filter(permissions.scope_q(user, permissions.Perm.SEE_UNITS, prefix="unit__"))


class IntakePoint(models.Model):
    """A place where a QR code is posted: an enterprise, a site or a poster placement.

    Its short code makes the URL ``/q/<code>`` that opens the report form prefilled.
    """

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        SITE = "site", _("Site")
        POSTER = "poster", _("Poster placement")

    code = models.CharField(_("short code"), max_length=16, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("managing unit"),
        on_delete=models.PROTECT,
        related_name="intake_points",
    )
    village = models.ForeignKey(
        Unit,
        verbose_name=_("village or community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind__in": Unit.PLACE_KINDS},
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="intake_points",
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.SET_NULL
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = IntakePointQuerySet.as_manager()

    class Meta:
        verbose_name = _("intake point (QR code)")
        verbose_name_plural = _("intake points (QR codes)")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["enterprise", "site", "poster"]),
                name="reports_intakepoint_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class IntakePointScanDay(models.Model):
    """Scans of one QR code on one day (Asia/Shanghai): a roll-up, not a row per scan."""

    point = models.ForeignKey(IntakePoint, on_delete=models.CASCADE, related_name="scan_days")
    date = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["point", "date"], name="reports_scanday_unique")
        ]

    def __str__(self) -> str:
        return f"{self.point_id} {self.date}: {self.count}"


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReportQuerySet":
        from reports.selectors import report_scope_q

        return self.filter(report_scope_q(user))

    def open(self) -> "ReportQuerySet":
        return self.exclude(status__in=Report.FINAL_STATUSES)

    def concluded(self) -> "ReportQuerySet":
        """Cases with an accepted conclusion that stands (``Report.CONCLUDED_STATUSES``)."""
        return self.filter(status__in=Report.CONCLUDED_STATUSES)


class Report(models.Model):
    """One case: a lead about a hazard or an illegal act, from any source."""

    class Status(models.TextChoices):
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

    FINAL_STATUSES = (Status.CLOSED, Status.REJECTED, Status.MERGED, Status.WITHDRAWN)
    # Has a conclusion the office accepted, and it stands (an upheld objection sends the case
    # back to investigation): concluded, under an objection's review, or closed.
    CONCLUDED_STATUSES = (Status.CONCLUDED, Status.OBJECTION, Status.CLOSED)
    # Accepted and not yet concluded: the 60-day clock runs.
    RUNNING_STATUSES = (
        Status.TRANSFERRED,
        Status.RETURNED,
        Status.INVESTIGATING,
        Status.UNDER_REVIEW,
        Status.OBJECTION,
    )

    class RejectionReason(models.TextChoices):
        OUTSIDE_REMIT = "outside_remit", _("Outside our remit: referred to the competent body")
        NO_TARGET = "no_target", _("No clear target or facts")
        DUPLICATE = "duplicate", _("Already accepted")
        NOT_SAFETY = "not_safety", _("Not a work-safety matter")

    class DeliveryMethod(models.TextChoices):
        TRACK = "track", _("Seen on the tracking page")
        CALL = "call", _("Phone call")
        SMS = "sms", _("Text message")

    class Source(models.TextChoices):
        CITIZEN = "citizen", _("Citizen (web form or QR code)")
        OFFICE = "office", _("Entered by the safety office")
        UNIT = "unit", _("Received by a unit")
        UPSTREAM = "upstream", _("Assigned from above")

    class Channel(models.TextChoices):
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

    CITIZEN_CHANNELS = (Channel.WEB, Channel.QR)
    OFFICE_CHANNELS = (
        Channel.PHONE,
        Channel.LETTER,
        Channel.VISIT,
        Channel.WECHAT,
        Channel.EMAIL,
        Channel.INFORMANT,
        Channel.OTHER,
    )
    UPSTREAM_CHANNELS = (Channel.HOTLINE_12350, Channel.HOTLINE_12345, Channel.DISTRICT_SLIP)

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
                condition=models.Q(
                    status__in=[
                        "transferred",
                        "returned",
                        "investigating",
                        "under_review",
                        "objection",
                    ]
                ),
                name="reports_open_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "submitted",
                        "transferred",
                        "returned",
                        "investigating",
                        "under_review",
                        "concluded",
                        "objection",
                        "closed",
                        "rejected",
                        "merged",
                        "withdrawn",
                    ]
                ),
                name="reports_report_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(source__in=["citizen", "office", "unit", "upstream"]),
                name="reports_report_source_valid",
            ),
            models.CheckConstraint(
                condition=(
                    Q(source="citizen", channel__in=["web", "qr"])
                    | Q(
                        source__in=["office", "unit"],
                        channel__in=[
                            "phone",
                            "letter",
                            "visit",
                            "wechat",
                            "email",
                            "informant",
                            "other",
                        ],
                    )
                    | Q(source="upstream", channel__in=["12350", "12345", "district_slip"])
                ),
                name="reports_report_channel_fits_source",
            ),
            # An upstream ticket has its number and deadline and no receipt code.
            models.CheckConstraint(
                condition=~Q(source="upstream")
                | Q(external_number__gt="", upstream_deadline__isnull=False, receipt_hash=None),
                name="reports_report_upstream_complete",
            ),
            models.UniqueConstraint(
                fields=["channel", "external_number"],
                condition=Q(source="upstream"),
                name="reports_report_upstream_unique",
            ),
            # An accepted case has its unit and its due date.
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True)
                | Q(responsible_unit__isnull=False, due_date__isnull=False),
                name="reports_report_accepted_complete",
            ),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="reports_report_merged_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def days_left(self, today) -> int | None:
        """Days until the due date (negative when overdue); None before acceptance."""
        return (self.due_date - today).days if self.due_date else None


_S = Report.Status

# The one map of allowed transitions (DESIGN §3); every service that moves a case checks it.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    _S.SUBMITTED: frozenset({_S.TRANSFERRED, _S.REJECTED, _S.MERGED, _S.WITHDRAWN}),
    _S.TRANSFERRED: frozenset({_S.INVESTIGATING, _S.RETURNED}),
    _S.INVESTIGATING: frozenset({_S.UNDER_REVIEW, _S.RETURNED}),
    _S.RETURNED: frozenset({_S.TRANSFERRED}),
    _S.UNDER_REVIEW: frozenset({_S.CONCLUDED, _S.INVESTIGATING}),
    _S.CONCLUDED: frozenset({_S.CLOSED, _S.OBJECTION}),
    _S.OBJECTION: frozenset({_S.INVESTIGATING, _S.CLOSED}),
}


class Reporter(models.Model):
    """A person who made a report. Identity and contact details are encrypted and kept apart
    from the case; unit officers never see them. Joint reports have several reporters, in
    signing order (the first signatory collects a reward)."""

    class Declaration(models.TextChoices):
        NONE = "none", _("No")
        STAFF = "staff", _("Yes, I work for a body with safety duties")
        RELATIVE = "relative", _("Yes, I am a close relative of such staff")
        UNKNOWN = "unknown", _("Not asked")

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
                condition=Q(declaration__in=["none", "staff", "relative", "unknown"]),
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


class Attachment(models.Model):
    """A file of a case. Photos are re-encoded without metadata and may be shown to the
    responsible unit; originals (scanned letters, slips) stay with the safety office.
    Files live in private storage and are served only through views that check permission."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        ORIGINAL = "original", _("Scanned original")
        EVIDENCE = "evidence", _("Evidence")
        BEFORE = "before", _("Before rectification")
        AFTER = "after", _("After rectification")
        SIGNED_SLIP = "signed_slip", _("Signed transfer slip")

    # Kinds the responsible unit may see (never the originals, which may identify the reporter);
    # a reporter's photo only once the office passed it (reports/disclosure.py).
    UNIT_KINDS = (Kind.PHOTO, Kind.EVIDENCE, Kind.BEFORE, Kind.AFTER, Kind.SIGNED_SLIP)

    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    # Before the report exists: the hash of the intake form's one-time token.
    pending_key = models.CharField(max_length=64, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PHOTO)
    file = models.FileField(storage=_private_storage, upload_to=_random_upload_path)
    thumbnail = models.FileField(
        storage=_private_storage, upload_to=_random_upload_path, blank=True
    )
    content_type = models.CharField(max_length=50, default="image/jpeg")
    size = models.PositiveIntegerField(default=0)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # A reporter's photo reaches the responsible unit only once the office passed it (a photo
    # may show a face, the reporter, or a place only an insider reaches).
    passed_to_unit_at = models.DateTimeField(_("passed to the unit"), null=True, blank=True)
    passed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("passed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=["photo", "original", "evidence", "before", "after", "signed_slip"]
                ),
                name="reports_attachment_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(report__isnull=False) | ~Q(pending_key=""),
                name="reports_attachment_has_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class Message(models.Model):
    """A message between the reporter (on /track/) and the safety office. Encrypted at rest;
    unit officers never see them."""

    class Direction(models.TextChoices):
        FROM_REPORTER = "in", _("From the reporter")
        TO_REPORTER = "out", _("To the reporter")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    body = EncryptedTextField(_("message"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=["in", "out"]), name="reports_message_direction_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.get_direction_display()} {self.created_at:%Y-%m-%d %H:%M}"


class FormSubmission(models.Model):
    """The intake form's one-time token, used once. A resubmission (a response lost on a weak
    network) finds this row and shows the same receipt from ``receipt_copy``, an encrypted copy
    of the code that the purge sweep empties after ``RECEIPT_REPLAY_SECONDS``."""

    token_hash = models.CharField(max_length=64, unique=True)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    receipt_copy = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.report_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class ReceiptReissueAttempt(models.Model):
    """One try by an identity custodian to issue a new receipt code to someone who says they
    lost theirs: the successful ones and the refused ones alike (identity not matching, an
    anonymous report, no tries left today). The daily limit counts these rows by ``day``; the
    township's leader and custodians read them on /unit/receipts/."""

    class Outcome(models.TextChoices):
        ISSUED = "issued", _("New code issued")
        MISMATCH = "mismatch", _("Refused: the identity does not match")
        ANONYMOUS = "anonymous", _("Refused: anonymous report")
        LIMIT = "limit", _("Refused: no tries left today")

    report = models.ForeignKey(
        Report, verbose_name=_("case"), on_delete=models.CASCADE, related_name="receipt_reissues"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("custodian"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    day = models.DateField(_("day (Asia/Shanghai)"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    # The custodian's words may name the person: encrypted like what the reporter typed.
    reason = EncryptedTextField(_("reason"))
    reporters_told = models.PositiveSmallIntegerField(
        _("reporters told by text message"), default=0
    )

    class Meta:
        verbose_name = _("receipt code reissue")
        verbose_name_plural = _("receipt code reissues")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["report", "day"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["issued", "mismatch", "anonymous", "limit"]),
                name="reports_reissue_outcome_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.created_at:%Y-%m-%d %H:%M} {self.outcome}"

    @property
    def issued(self) -> bool:
        return self.outcome == self.Outcome.ISSUED


class CaseNumberCounter(models.Model):
    """The last case number handed out on a day (Asia/Shanghai)."""

    day = models.DateField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"


class Enforcement(models.Model):
    """What enforcement came of a case, recorded at any point, also after the conclusion
    (penalty decisions often come after the 60 days; the reward waits for them)."""

    class Grade(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinary (一般)")
        LARGER = "larger", _("Larger (较大)")
        MAJOR = "major", _("Major (重大)")
        GRAVE = "grave", _("Especially grave (特别重大)")

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="enforcement")
    rectification_ordered_on = models.DateField(
        _("rectification ordered on"), null=True, blank=True
    )
    rectification_deadline = models.DateField(_("rectify by"), null=True, blank=True)
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    case_filed_on = models.DateField(_("case filed on (立案)"), null=True, blank=True)
    case_file_number = models.CharField(_("case file number"), max_length=60, blank=True)
    penalty_decided_on = models.DateField(_("penalty decided on"), null=True, blank=True)
    penalty_decision_number = models.CharField(
        _("penalty decision number"), max_length=60, blank=True
    )
    fine = models.DecimalField(
        _("fine (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    suspended_on = models.DateField(_("production suspended on"), null=True, blank=True)
    concealed_deaths = models.PositiveSmallIntegerField(
        _("verified concealed deaths"), null=True, blank=True
    )
    accident_grade = models.CharField(
        _("accident grade"), max_length=10, choices=Grade.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("enforcement")
        verbose_name_plural = _("enforcement")
        constraints = [
            models.CheckConstraint(
                condition=Q(fine__isnull=True) | Q(fine__gte=0),
                name="reports_enforcement_fine_positive",
            ),
            models.CheckConstraint(
                condition=Q(accident_grade__in=["", "ordinary", "larger", "major", "grave"]),
                name="reports_enforcement_grade_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report}"

    FIELDS = (
        "rectification_ordered_on",
        "rectification_deadline",
        "rectified_on",
        "case_filed_on",
        "case_file_number",
        "penalty_decided_on",
        "penalty_decision_number",
        "fine",
        "suspended_on",
        "concealed_deaths",
        "accident_grade",
        "note",
    )


class Extension(models.Model):
    """One extension of at most 30 days: asked by the unit with a reason, endorsed by the unit
    head, approved by the township leader; the reporter is told the reason.

    A case assigned from above cannot be extended past the assigning body's deadline by the
    township alone: such a request ``needs_body_approval``; after the leader's approval it
    waits for the body's, which the office records (who decided there, when, the reference of
    its reply, its new deadline), and only then does the due date move."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Awaiting the unit head")
        ENDORSED = "endorsed", _("Awaiting the leader")
        AWAITING_BODY = "awaiting_body", _("Awaiting the assigning body")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="extensions")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    days = models.PositiveSmallIntegerField(_("days"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    endorsed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    old_due_date = models.DateField(null=True, blank=True)
    new_due_date = models.DateField(null=True, blank=True)
    # A case assigned from above, extended past the assigning body's deadline.
    needs_body_approval = models.BooleanField(
        _("needs the assigning body's approval"),
        default=False,
        help_text=_("The new due date would pass the deadline of the body that assigned the case."),
    )
    body_decided_by = models.CharField(
        _("decided at the assigning body by"), max_length=100, blank=True
    )
    body_decided_on = models.DateField(_("decided by the assigning body on"), null=True, blank=True)
    body_reference = models.CharField(
        _("reference of the assigning body's reply"), max_length=100, blank=True
    )
    body_deadline = models.DateField(_("the assigning body's new deadline"), null=True, blank=True)
    body_note = models.TextField(_("the assigning body's answer"), blank=True)
    body_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body_recorded_at = models.DateTimeField(null=True, blank=True)
    previous_upstream_deadline = models.DateField(
        _("upstream deadline before the extension"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=["requested", "endorsed", "awaiting_body", "approved", "refused"]
                ),
                name="reports_extension_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="awaiting_body") | Q(needs_body_approval=True),
                name="reports_extension_body_needed",
            ),
            models.CheckConstraint(
                condition=Q(days__gte=1), name="reports_extension_days_positive"
            ),
            # One extension per case: a refused request may be followed by another.
            models.UniqueConstraint(
                fields=["report"],
                condition=~Q(status="refused"),
                name="reports_extension_one_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} +{self.days}"


class Conclusion(models.Model):
    """The unit's proposed conclusion, signed by its head and reviewed by the office. The one
    the office accepts is the reply to the reporter."""

    class Verdict(models.TextChoices):
        TRUE = "true", _("True (属实)")
        PARTLY = "partly", _("Partly true (部分属实)")
        FALSE = "false", _("Not true (不属实)")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Awaiting the unit head's signature")
        SIGNED = "signed", _("Signed, awaiting office review")
        ACCEPTED = "accepted", _("Accepted")
        SENT_BACK = "sent_back", _("Sent back")

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
                condition=Q(status__in=["proposed", "signed", "accepted", "sent_back"]),
                name="reports_conclusion_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(verdict__in=["true", "partly", "false"]),
                name="reports_conclusion_verdict_valid",
            ),
            # One conclusion in play at a time.
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(status__in=["proposed", "signed"]),
                name="reports_conclusion_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.get_verdict_display()}"

    @property
    def verified(self) -> bool:
        return self.verdict in (self.Verdict.TRUE, self.Verdict.PARTLY)


class Objection(models.Model):
    """The reporter disputes the conclusion within the window; the office reviews it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Under review")
        UPHELD = "upheld", _("Upheld: the case is reopened")
        DISMISSED = "dismissed", _("Dismissed")

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
                condition=Q(outcome__in=["pending", "upheld", "dismissed"]),
                name="reports_objection_outcome_valid",
            ),
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(outcome="pending"),
                name="reports_objection_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.get_outcome_display()}"


class Reminder(models.Model):
    """A reminder a clock sent about a case. Unique per case, kind and threshold, so that each
    is sent once however often the sweep runs or retries. ``batch`` tells a sweep which rows it
    inserted itself."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=40)
    threshold = models.CharField(_("threshold"), max_length=40)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    batch = models.UUIDField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "kind", "threshold"], name="reports_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind} {self.threshold}"
