"""Reads about reports. ``report_scope_q`` is the one definition of who sees which case."""

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import timeline
from core.models import TimelineEntry
from reports import receipts
from reports.models import Attachment, IntakePoint, Message, Report, Reporter
from units.models import Role
from units.selectors import has_role, memberships_of

# Roles that see every case of their unit's subtree.
_SUBTREE_CASE_ROLES = {Role.INTAKE, Role.LEADER, Role.SUPERVISOR, Role.CUSTODIAN}
# Roles that see the cases transferred to, or registered by, their own unit.
_OWN_UNIT_CASE_ROLES = {Role.OFFICER, Role.HEAD}
# Roles that see reporters' messages, scanned originals and the office timeline.
OFFICE_ROLES = (Role.INTAKE, Role.CUSTODIAN, Role.LEADER)


def report_scope_q(user) -> Q:
    """The cases ``user`` may see.

    Intake officers, leaders, supervisors and custodians: every case accepted by a township in
    their subtree or handled by a unit in it. Unit officers and heads: the cases transferred to
    their unit and the tips their unit registered. Superusers: all. Anyone else: none.
    """
    if getattr(user, "is_superuser", False):
        return Q()
    q = Q(pk__in=[])
    for m in memberships_of(user):
        if m.role in _SUBTREE_CASE_ROLES:
            q |= Q(township__path__startswith=m.unit.path)
            q |= Q(responsible_unit__path__startswith=m.unit.path)
        elif m.role in _OWN_UNIT_CASE_ROLES:
            q |= Q(responsible_unit=m.unit) | Q(received_by_unit=m.unit)
    return q


def is_office(user) -> bool:
    return has_role(user, *OFFICE_ROLES)


def report_list(*, user) -> QuerySet[Report]:
    """The case list behind the admin queue and /unit/: a constant number of queries."""
    return (
        Report.objects.visible_to(user)
        .select_related("category", "village", "township", "responsible_unit", "received_by_unit")
        .annotate(
            photo_count=Count("attachments", filter=Q(attachments__kind=Attachment.Kind.PHOTO)),
            has_real_name=Exists(Reporter.objects.filter(report=OuterRef("pk"), anonymous=False)),
            unread_messages=Count(
                "messages",
                filter=Q(
                    messages__direction=Message.Direction.FROM_REPORTER,
                    messages__read_at__isnull=True,
                ),
                distinct=True,
            ),
        )
    )


def report_get_by_receipt(code: str) -> Report | None:
    """The case a receipt code opens, or None. The code is hashed, never stored or logged."""
    code = receipts.normalise(code)
    if not receipts.is_well_formed(code):
        return None
    return (
        Report.objects.select_related("category", "village", "township")
        .filter(receipt_hash=receipts.hash_code(code))
        .first()
    )


# What each timeline action is called on screen. The reporter sees only the public entries.
TIMELINE_LABELS = {
    "reports.report.submitted": _("Report received"),
    "reports.report.registered": _("Report registered"),
    "reports.report.withdrawn": _("Report withdrawn by the reporter"),
    "reports.message.received": _("Message from the reporter"),
    "reports.message.sent": _("Message to the reporter"),
    "reports.reporter.unsealed": _("Reporter's identity unsealed"),
    "reports.receipt.reissued": _("Receipt code reissued"),
}


def public_timeline(report: Report) -> list[dict]:
    """The reporter's view of the case history: dated steps in plain words, no internal notes."""
    entries = timeline.entries_for(report, visibilities=(TimelineEntry.Visibility.PUBLIC,))
    return [
        {
            "at": e.created_at,
            "label": TIMELINE_LABELS.get(e.action, _("Case updated")),
            "note": e.data.get("public_note", ""),
        }
        for e in entries
    ]


def staff_timeline(report: Report, *, user) -> list[TimelineEntry]:
    """The case history staff may read, each entry with its on-screen ``label``."""
    visibilities = [TimelineEntry.Visibility.PUBLIC, TimelineEntry.Visibility.UNIT]
    if is_office(user):
        visibilities.append(TimelineEntry.Visibility.OFFICE)
    entries = list(timeline.entries_for(report, visibilities=tuple(visibilities)))
    for entry in entries:
        entry.label = TIMELINE_LABELS.get(entry.action, entry.action)
    return entries


def attachment_visible_to(user, attachment: Attachment) -> bool:
    """Photos: anyone who sees the case. Scanned originals: the safety office only."""
    if attachment.report_id is None:
        return False
    if not Report.objects.visible_to(user).filter(pk=attachment.report_id).exists():
        return False
    return attachment.kind == Attachment.Kind.PHOTO or is_office(user)


def pending_photos(pending_key: str) -> QuerySet[Attachment]:
    return Attachment.objects.filter(
        report__isnull=True, pending_key=pending_key, kind=Attachment.Kind.PHOTO
    ).order_by("created_at", "id")


def intake_points_with_counts(*, user) -> QuerySet[IntakePoint]:
    return (
        IntakePoint.objects.visible_to(user)
        .select_related("unit", "village", "enterprise", "category")
        .annotate(
            scans=Sum("scan_days__count", default=0),
            report_count=Count("reports", distinct=True),
        )
    )


def track_session_valid(started_at: float) -> bool:
    return timezone.now().timestamp() - started_at < settings.TRACK_SESSION_SECONDS
