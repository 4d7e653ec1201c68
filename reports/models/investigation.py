"""Investigation records: enforcement and extensions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.models.case import Report


class AccidentGrade(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary (一般)")
    LARGER = "larger", _("Larger (较大)")
    MAJOR = "major", _("Major (重大)")
    GRAVE = "grave", _("Especially grave (特别重大)")


class Enforcement(models.Model):
    """What enforcement came of a case, recorded at any point, also after the conclusion
    (penalty decisions often come after the 60 days; the reward waits for them)."""

    Grade = AccidentGrade

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
    penalty_authority = models.CharField(
        _("penalty authority (处罚机关)"),
        max_length=100,
        blank=True,
        help_text=_("The body that decided the penalty; by default the unit handling the case."),
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
                condition=Q(accident_grade__in=["", *AccidentGrade.values]),
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
        "penalty_authority",
        "fine",
        "suspended_on",
        "concealed_deaths",
        "accident_grade",
        "note",
    )


class ExtensionStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting the unit head")
    ENDORSED = "endorsed", _("Awaiting the leader")
    AWAITING_BODY = "awaiting_body", _("Awaiting the assigning body")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Extension(models.Model):
    """One extension of at most 30 days: asked by the unit with a reason, endorsed by the unit
    head, approved by the township leader; the reporter is told the reason.

    A case assigned from above cannot be extended past the assigning body's deadline by the
    township alone: such a request ``needs_body_approval``; after the leader's approval it
    waits for the body's, which the office records (who decided there, when, the reference of
    its reply, its new deadline), and only then does the due date move."""

    Status = ExtensionStatus

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
                condition=Q(status__in=ExtensionStatus.values),
                name="reports_extension_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=ExtensionStatus.AWAITING_BODY) | Q(needs_body_approval=True),
                name="reports_extension_body_needed",
            ),
            models.CheckConstraint(
                condition=Q(days__gte=1), name="reports_extension_days_positive"
            ),
            # One extension per case: a refused request may be followed by another.
            models.UniqueConstraint(
                fields=["report"],
                condition=~Q(status=ExtensionStatus.REFUSED),
                name="reports_extension_one_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} +{self.days}"
