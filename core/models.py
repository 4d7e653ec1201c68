from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Reporter and staff")
    UNIT = "unit", _("Staff and responsible unit")
    OFFICE = "office", _("Safety office only")


class TimelineEntry(models.Model):
    """One step in the life of a case (or of another audited object): who, when, what, note.

    The case timeline is the audit log. Entries are written by ``core.timeline.record`` from
    services only, never edited. ``visibility`` says who may read the entry.
    """

    Visibility = Visibility

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=100)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("by"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    visibility = models.CharField(
        _("visible to"), max_length=10, choices=Visibility.choices, default=Visibility.OFFICE
    )
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values),
                name="core_timeline_visibility_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class HolidaySource(models.TextChoices):
    PACKAGE = "chinese-calendar", _("chinese-calendar package")
    MANUAL = "manual", _("Entered by hand")


class Holiday(models.Model):
    """A day that breaks the Monday-to-Friday rule: a public holiday, or a make-up working day
    (调休) on a weekend. Seeded from ``chinese-calendar``; editable in the admin."""

    Source = HolidaySource

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("make-up working day"),
        default=False,
        help_text=_("Tick for a weekend day that is worked (调休); leave empty for a holiday."),
    )
    name = models.CharField(_("name"), max_length=50, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.MANUAL
    )

    class Meta:
        verbose_name = _("holiday or make-up working day")
        verbose_name_plural = _("holiday calendar")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=HolidaySource.values),
                name="core_holiday_source_valid",
            )
        ]

    def __str__(self) -> str:
        kind = _("working day") if self.is_working_day else _("holiday")
        return f"{self.date:%Y-%m-%d} {self.name} ({kind})"


class NotificationPreference(models.Model):
    """How a person wants to be told, besides the in-app inbox (always on)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    by_email = models.BooleanField(_("by e-mail"), default=True)
    by_sms = models.BooleanField(_("by text message"), default=False)
    phone = models.CharField(_("mobile phone for text messages"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)


class Notice(models.Model):
    """One message in a person's in-app inbox."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    text = models.TextField(_("message"))
    link = models.CharField(_("link"), max_length=300, blank=True)
    # The work it asks for ("report:12:sign"); when done, the notice clears for everyone told.
    subject = models.CharField(_("subject"), max_length=80, blank=True, default="")
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["subject"], name="core_notice_open_subject", condition=Q(read_at=None)
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]


class OutboxChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")
    WEBHOOK = "webhook", _("Group robot")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMessage(models.Model):
    """A message to deliver outside the portal, written in the same transaction as its cause.

    A task sent on commit delivers it at once; a periodic sweep delivers whatever is still
    pending, so a Redis outage delays messages but loses none. The address is encrypted (it
    may be a reporter's phone); nothing here ever holds a receipt code.
    """

    Channel = OutboxChannel

    Status = OutboxStatus

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = EncryptedTextField(_("address"))
    template = models.CharField(_("template"), max_length=50)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=150, blank=True)
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=OutboxChannel.values),
                name="core_outbox_channel_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=OutboxStatus.values),
                name="core_outbox_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.template} {self.get_status_display()}"


class RobotWindow(models.Model):
    """The posts one group robot received in the last minute, shared by every worker process
    so that together they stay under the robot's per-minute limit (``core.robots``).

    The webhook address holds the robot's key, so the row is found by a keyed fingerprint of it,
    never by the address. Locking the row is what lets one worker at a time post to a robot.
    """

    digest = models.CharField(_("webhook fingerprint"), max_length=64, unique=True)
    # Unix times (seconds) of the posts made in the last minute, oldest first.
    posted = models.JSONField(_("recent posts"), default=list, blank=True)

    class Meta:
        verbose_name = _("group robot window")
        verbose_name_plural = _("group robot windows")

    def __str__(self) -> str:
        return self.digest[:12]


class SentReminder(models.Model):
    """A reminder the system sent: one row per subject, kind, key and threshold, so that each
    is sent once however often a sweep runs or retries (``core.reminders``).

    The subject is what the reminder is about (a case, a unit); ``key`` narrows it where one
    subject has several (a month's form, a task assignment); ``threshold`` says which step of
    the kind it was (15 days left, overdue). ``batch`` tells a sweep which rows it inserted.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=60)
    key = models.CharField(_("period or item"), max_length=40, blank=True, default="")
    threshold = models.CharField(_("threshold"), max_length=40)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    batch = models.UUIDField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "key", "threshold"],
                name="core_reminder_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.key} {self.threshold}".replace("  ", " ")
