"""The publicity campaign and its paperwork (DESIGN §6): the "七个一" items and their measures
with targets, the activities units record, QR prints, the monthly form, typical cases, the
key-task plan and the quarterly joint meeting."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.models import Attachment, IntakePoint, Report
from units.models import Enterprise, Unit

# The typical-case report form (附件2 of the district notice): at most 600 characters.
TYPICAL_CASE_MAX_CHARS = 600


def _evidence_path(instance: models.Model, filename: str) -> str:
    token = secrets.token_hex(16)
    return f"publicity/{token[:2]}/{token}.{filename.rsplit('.', 1)[-1].lower()}"


def _private_storage():
    from django.core.files.storage import storages

    return storages["private"]


# ------------------------------------------------------------------------------
# The campaign: items, measures and targets (reference data, editable in the admin)
# ------------------------------------------------------------------------------
class CampaignItem(models.Model):
    """One of the seven items of "七个一" (渝安办〔2022〕21号), or another duty of the campaign
    (the yearly on-site publicity event of the township work plan)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("campaign item")
        verbose_name_plural = _("campaign items")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class MeasureScope(models.TextChoices):
    NONE = "none", _("Counted, no target")
    TOWNSHIP = "township", _("Each township or subdistrict")
    PLACE = "place", _("Each village or community")
    RURAL_PLACE = "rural_place", _("Each rural village or community")
    ENTERPRISE = "enterprise", _("Each enterprise")
    KEY_ENTERPRISE = "key_enterprise", _("Each key enterprise")
    WORKSHOP = "workshop", _("Each workshop of an enterprise")


class Measure(models.Model):
    """Something a unit does and counts under a campaign item (a banner, a training), with the
    target the notices set: how many, for whom, per which period."""

    Scope = MeasureScope

    class Period(models.TextChoices):
        QUARTER = "quarter", _("Per quarter")
        YEAR = "year", _("Per year")

    class Source(models.TextChoices):
        ACTIVITIES = "activities", _("Recorded activities")
        INFORMANTS = "informants", _("The informant library")

    item = models.ForeignKey(
        CampaignItem,
        verbose_name=_("campaign item"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=80)
    counted_in = models.CharField(
        _("counted in"), max_length=10, help_text=_("For example 张, 次, 人.")
    )
    scope = models.CharField(
        _("target for"), max_length=20, choices=Scope.choices, default=Scope.NONE
    )
    target = models.PositiveSmallIntegerField(_("target"), default=0)
    period = models.CharField(
        _("period"), max_length=10, choices=Period.choices, default=Period.YEAR
    )
    source = models.CharField(
        _("counted from"), max_length=20, choices=Source.choices, default=Source.ACTIVITIES
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    ENTERPRISE_SCOPES = (Scope.ENTERPRISE, Scope.KEY_ENTERPRISE, Scope.WORKSHOP)
    PLACE_SCOPES = (Scope.PLACE, Scope.RURAL_PLACE)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope=MeasureScope.NONE) | Q(target__gt=0),
                name="publicity_measure_target",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def per_enterprise(self) -> bool:
        return self.scope in self.ENTERPRISE_SCOPES

    @property
    def per_place(self) -> bool:
        return self.scope in self.PLACE_SCOPES


class Activity(models.Model):
    """What a unit did: a measure, when, where (an enterprise or a village), how many, with
    photos or a link as evidence."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="activities"
    )
    date = models.DateField(_("date"))
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.ForeignKey(
        Unit,
        verbose_name=_("village or community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind__in": Unit.PLACE_KINDS},
    )
    location = models.CharField(_("where"), max_length=150, blank=True)
    count = models.PositiveIntegerField(_("how many"), default=1)
    link = models.URLField(_("link"), blank=True, help_text=_("For a media report: its address."))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("publicity activity")
        verbose_name_plural = _("publicity activities")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["unit", "date"]),
            models.Index(fields=["enterprise", "date"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(count__gt=0), name="publicity_activity_count")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.measure} ×{self.count}"


class EvidencePhoto(models.Model):
    """A photo proving an activity or a key task, cleaned like every upload (no EXIF, no GPS)
    and stored under a random name. A photo sent with a form that had a mistake waits under
    ``pending_key`` (kept a day) so that it is not lost."""

    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    assignment = models.ForeignKey(
        "TaskAssignment", null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(storage=_private_storage, upload_to=_evidence_path)
    thumbnail = models.FileField(storage=_private_storage, upload_to=_evidence_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    pending_key = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evidence photo")
        verbose_name_plural = _("evidence photos")
        constraints = [
            models.CheckConstraint(
                condition=Q(activity__isnull=False, assignment__isnull=True)
                | Q(activity__isnull=True, assignment__isnull=False)
                | (Q(activity__isnull=True, assignment__isnull=True) & ~Q(pending_key="")),
                name="publicity_photo_belongs_once",
            )
        ]

    def __str__(self) -> str:
        return self.file.name


# ------------------------------------------------------------------------------
# Posters and QR sheets
# ------------------------------------------------------------------------------
class Artwork(models.Model):
    """An official poster design supplied by the city or district; the QR code is placed on it
    in the box given (in percent of the page)."""

    class Paper(models.TextChoices):
        A4 = "A4", "A4"
        A3 = "A3", "A3"

    name = models.CharField(_("name"), max_length=100)
    owner = models.ForeignKey(
        Unit, verbose_name=_("supplied for"), on_delete=models.PROTECT, related_name="+"
    )
    image = models.FileField(_("image"), storage=_private_storage, upload_to=_evidence_path)
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    paper = models.CharField(_("paper"), max_length=2, choices=Paper.choices, default=Paper.A4)
    qr_left = models.DecimalField(
        _("QR left edge, percent"), max_digits=5, decimal_places=2, default=70
    )
    qr_top = models.DecimalField(
        _("QR top edge, percent"), max_digits=5, decimal_places=2, default=75
    )
    qr_width = models.DecimalField(
        _("QR width, percent of the page width"), max_digits=5, decimal_places=2, default=22
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("official artwork")
        verbose_name_plural = _("official artworks")
        constraints = [
            models.CheckConstraint(
                condition=Q(qr_left__gte=0, qr_top__gte=0, qr_width__gte=8)
                & Q(qr_left__lte=92, qr_top__lte=92, qr_width__lte=60),
                name="publicity_artwork_qr_box",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PrintRecord(models.Model):
    """A print run of QR material for an intake point: what, for which measure (the campaign
    item its scans count under), how many labels. Printing is not doing: no figure counts a
    print; the stickers count once a unit records them put up (an ``Activity``)."""

    class Kind(models.TextChoices):
        POSTER_A4 = "poster_a4", _("A4 poster")
        POSTER_A3 = "poster_a3", _("A3 poster")
        CARD_STICKERS = "card_stickers", _("Sticker sheet for 两单两卡")
        BOARD_STICKERS = "board_stickers", _("Icon sheet for responsibility boards")
        ARTWORK = "artwork", _("Official artwork with the QR code")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    point = models.ForeignKey(
        IntakePoint, verbose_name=_("intake point"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    artwork = models.ForeignKey(
        Artwork, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    labels = models.PositiveIntegerField(_("QR labels"), default=1)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    printed_at = models.DateTimeField(_("printed"), default=timezone.now)

    class Meta:
        verbose_name = _("QR print")
        verbose_name_plural = _("QR prints")
        ordering = ["-printed_at"]
        indexes = [models.Index(fields=["unit", "printed_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.point_id}"


# ------------------------------------------------------------------------------
# The monthly form (附件3 of the district notice)
# ------------------------------------------------------------------------------
class FormColumnSource(models.TextChoices):
    ACTIVITIES = "activities", _("Activities of the measures below")
    INFORMANTS = "informants", _("Informants registered")
    FILED_LEADS = "filed_leads", _("Cases filed (立案) from leads, by filing date")


class FormColumn(models.Model):
    """A column of the monthly form and where its number comes from (data, not code): what
    units recorded as done, never what was printed or previewed."""

    Source = FormColumnSource

    code = models.SlugField(_("code"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=40)
    counted_in = models.CharField(_("counted in"), max_length=10, blank=True)
    source = models.CharField(_("counted from"), max_length=20, choices=Source.choices)
    measures = models.ManyToManyField(Measure, verbose_name=_("measures"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("monthly form column")
        verbose_name_plural = _("monthly form columns")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=FormColumnSource.values),
                name="publicity_column_source",
            )
        ]

    def __str__(self) -> str:
        return self.heading

    @property
    def heading(self) -> str:
        return f"{self.title}（{self.counted_in}）" if self.counted_in else self.title


class MonthlyFormStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class MonthlyForm(models.Model):
    """One unit's monthly form. Its own figures are pre-filled and may be corrected with a
    reason; submitting records how and when it went upward and freezes it, with the totals of
    its whole subtree at that moment."""

    Status = MonthlyFormStatus

    class Channel(models.TextChoices):
        SYSTEM = "system", _("Through this system")
        EMAIL = "email", _("E-mail")
        FAX = "fax", _("Fax")
        PAPER = "paper", _("On paper")
        WECHAT = "wechat", _("WeChat")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("sent by"), max_length=10, choices=Channel.choices, blank=True)
    channel_note = models.CharField(_("how it was sent"), max_length=200, blank=True)
    totals = models.JSONField(_("totals when submitted"), default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("monthly form")
        verbose_name_plural = _("monthly forms")
        ordering = ["-year", "-month", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "month"], name="publicity_form_once"),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="publicity_form_month"
            ),
            models.CheckConstraint(
                condition=Q(status=MonthlyFormStatus.DRAFT)
                | Q(submitted_at__isnull=False, channel__gt=""),
                name="publicity_form_submitted_how",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}-{self.month:02d}"

    @property
    def frozen(self) -> bool:
        return self.status == self.Status.SUBMITTED


class FormCell(models.Model):
    """A figure of a form: a correction (with its reason) while a draft, every column once
    submitted (frozen)."""

    form = models.ForeignKey(MonthlyForm, on_delete=models.CASCADE, related_name="cells")
    column = models.ForeignKey(FormColumn, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveIntegerField(_("value"))
    computed = models.PositiveIntegerField(_("pre-filled value"))
    reason = models.CharField(_("reason for the correction"), max_length=200, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["form", "column"], name="publicity_cell_once"),
            models.CheckConstraint(
                condition=Q(value=models.F("computed")) | ~Q(reason=""),
                name="publicity_cell_correction_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form_id} {self.column_id}={self.value}"


# ------------------------------------------------------------------------------
# Typical cases (附件2 of the district notice)
# ------------------------------------------------------------------------------
class TypicalCaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")


class TypicalCase(models.Model):
    """A concluded case told in at most 600 characters (lead source, brief facts, enforcement,
    reward) with photos, nothing that identifies the reporter; reviewed, then exported."""

    Status = TypicalCaseStatus

    report = models.OneToOneField(
        Report, verbose_name=_("case"), on_delete=models.PROTECT, related_name="typical_case"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("reporting unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=60)
    lead_source = models.TextField(_("lead source"))
    facts = models.TextField(_("brief facts"))
    enforcement = models.TextField(_("enforcement and penalty"))
    reward = models.TextField(_("reward"))
    photos = models.ManyToManyField(
        Attachment, verbose_name=_("photos"), blank=True, related_name="+"
    )
    contact_name = models.CharField(_("filled in by"), max_length=30, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    TEXT_FIELDS = ("lead_source", "facts", "enforcement", "reward")

    class Meta:
        verbose_name = _("typical case")
        verbose_name_plural = _("typical cases")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(
                    Length("lead_source")
                    + Length("facts")
                    + Length("enforcement")
                    + Length("reward"),
                    TYPICAL_CASE_MAX_CHARS,
                ),
                name="publicity_typical_case_600",
            ),
            models.CheckConstraint(
                condition=Q(status=TypicalCaseStatus.DRAFT) | Q(reviewed_by__isnull=False),
                name="publicity_typical_case_reviewed_by",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def length(self) -> int:
        return sum(len(getattr(self, f)) for f in self.TEXT_FIELDS)


# ------------------------------------------------------------------------------
# The key-task list (附件2 of the township work plan)
# ------------------------------------------------------------------------------
class KeyTaskSchedule(models.TextChoices):
    DATE = "date", _("By a date")
    QUARTERLY = "quarterly", _("Once a quarter")
    HALF_YEARLY = "half_yearly", _("Once every half year")
    ONGOING = "ongoing", _("Ongoing (长期坚持)")


class KeyTask(models.Model):
    """One of the year's key tasks, with the kinds of unit responsible and its deadline."""

    Schedule = KeyTaskSchedule

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    group = models.CharField(_("group"), max_length=30)
    text = models.TextField(_("task"))
    responsible = models.CharField(
        _("responsible unit kinds"),
        max_length=100,
        help_text=_("Comma-separated unit kinds; township means the safety office (乡安委办)."),
    )
    responsible_label = models.CharField(_("responsible units"), max_length=60)
    schedule = models.CharField(_("deadline"), max_length=12, choices=Schedule.choices)
    due_month = models.PositiveSmallIntegerField(null=True, blank=True)
    due_day = models.PositiveSmallIntegerField(null=True, blank=True)
    deadline_label = models.CharField(_("deadline as written"), max_length=20)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("key task")
        verbose_name_plural = _("key tasks")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(schedule=KeyTaskSchedule.DATE)
                | Q(due_month__isnull=False, due_day__isnull=False),
                name="publicity_task_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:30]}"

    @property
    def kinds(self) -> list[str]:
        return [k.strip() for k in self.responsible.split(",") if k.strip()]


class TaskAssignment(models.Model):
    """A key task assigned to one unit for one period of a year, marked done with evidence."""

    task = models.ForeignKey(
        KeyTask, verbose_name=_("key task"), on_delete=models.PROTECT, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=4, blank=True)  # Q1–Q4, H1, H2 or ""
    due_date = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.TextField(_("evidence"), blank=True)
    link = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("key-task assignment")
        verbose_name_plural = _("key-task assignments")
        ordering = ["due_date", "task__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit", "year", "period"], name="publicity_assignment_once"
            ),
            models.CheckConstraint(
                condition=Q(done_at__isnull=True) | ~Q(evidence=""),
                name="publicity_assignment_evidence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.task} {self.period}"


# ------------------------------------------------------------------------------
# The joint meeting (联席会议), once a quarter
# ------------------------------------------------------------------------------
class JointMeeting(models.Model):
    township = models.ForeignKey(
        Unit, verbose_name=_("township"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    chair = models.CharField(_("chaired by"), max_length=50, blank=True)
    attendees = models.TextField(_("attending units"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year", "quarter"], name="publicity_meeting_once"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="publicity_meeting_quarter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.year} Q{self.quarter}"


def _bulletin_path(instance: "Bulletin", filename: str) -> str:
    return f"publicity/bulletins/{secrets.token_hex(16)}.pdf"


class Bulletin(models.Model):
    """A joint meeting's bulletin as issued (印发): its number in the township's series of the
    year of issue (第X期), its issue date, the figures and the meeting's text as they stood,
    and the PDF sent out. Frozen: data entered later never changes it."""

    township = models.ForeignKey(
        Unit, verbose_name=_("township"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    series_year = models.PositiveSmallIntegerField(_("year of issue"))
    number = models.PositiveSmallIntegerField(_("number"))
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    figures = models.JSONField(_("figures as issued"))
    meeting = models.JSONField(_("meeting as issued"), default=dict, blank=True)
    pdf = models.FileField(storage=_private_storage, upload_to=_bulletin_path)

    class Meta:
        verbose_name = _("issued bulletin")
        verbose_name_plural = _("issued bulletins")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year", "quarter"], name="publicity_bulletin_once"
            ),
            models.UniqueConstraint(
                fields=["township", "series_year", "number"], name="publicity_bulletin_number"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4, number__gte=1),
                name="publicity_bulletin_quarter_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.series_year}年第{self.number}期"
