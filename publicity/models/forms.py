"""The monthly form (附件3 of the district notice): its columns, each unit's form and its
cells."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from publicity.models.campaign import Measure
from units.models import Unit


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
    # A submitted form is corrected only once the level above accepts to reopen it.
    reopen_reason = models.CharField(_("why it should be reopened"), max_length=300, blank=True)
    reopen_requested_at = models.DateTimeField(_("reopening asked"), null=True, blank=True)
    reopen_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reopening asked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
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

    @property
    def reopening_asked(self) -> bool:
        return self.frozen and self.reopen_requested_at is not None


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
