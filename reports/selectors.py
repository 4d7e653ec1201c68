"""Reads about reports. ``report_scope_q`` is the one definition of who sees which case."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import timeline
from core.models import TimelineEntry
from reports import disclosure, extensions, receipts
from reports.models import (
    Attachment,
    Conclusion,
    Extension,
    IntakePoint,
    Message,
    Objection,
    ReceiptReissueAttempt,
    Report,
)
from units import permissions
from units.models import Role, Unit
from units.permissions import Perm
from units.selectors import suggest_responsible_unit, suggested_unit_expression


def report_scope_q(user) -> Q:
    """The cases ``user`` may see (``Perm.SEE_CASES``).

    Over a subtree (intake officers, leaders, supervisors, custodians): every case accepted by a
    township in it or handled by a unit in it. Over one's own unit (unit officers and heads):
    the cases transferred to it, the tips it registered and the cases whose enforcement was
    handed to it. Administrators: all. Anyone
    else: none.
    """
    if permissions.everywhere(user, Perm.SEE_CASES):
        return Q()
    q = Q(pk__in=[])
    for unit, scope in permissions.reach(user, Perm.SEE_CASES):
        if scope == permissions.SUBTREE:
            q |= Q(township__path__startswith=unit.path)
            q |= Q(responsible_unit__path__startswith=unit.path)
        else:
            q |= Q(responsible_unit=unit) | Q(received_by_unit=unit) | Q(enforcement_unit=unit)
    return q


def report_list(*, user) -> QuerySet[Report]:
    """The case list behind the admin queue and /unit/: a constant number of queries."""
    return (
        Report.objects.visible_to(user)
        .select_related("category", "village", "township", "responsible_unit", "received_by_unit")
        .annotate(
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
    "reports.report.withdrawn_after_acceptance": _(
        "The reporter withdrew: the investigation goes on, without a reply or a reward"
    ),
    "reports.report.transferred": _("Accepted and transferred to the responsible unit"),
    "reports.report.rejected": _("Not accepted"),
    "reports.report.merged": _("Handled together with another report of the same matter"),
    "reports.report.duplicate_added": _("A report of the same matter was merged into this case"),
    "reports.report.listed": _("Listed for supervision"),
    "reports.report.acknowledged": _("The responsible unit started investigating"),
    "reports.report.returned": _("Returned by the unit as not theirs"),
    "reports.report.rerouted": _("Sent to another unit"),
    "reports.report.assigned": _("Assigned to the township by the office above (交办)"),
    "reports.report.handed_over": _("Handed over to a district department (移送)"),
    "reports.handover.asked": _("Hand-over: the reason and what is asked"),
    "reports.handover.enforcement": _("Enforcement handed over to a district department (移送)"),
    "reports.investigation.note": _("Investigation note"),
    "reports.enforcement.updated": _("Enforcement recorded"),
    "reports.extension.requested": _("Extension asked"),
    "reports.extension.endorsed": _("Extension endorsed by the unit head"),
    "reports.extension.approved": _("The deadline was extended"),
    "reports.extension.refused": _("Extension refused"),
    "reports.extension.awaiting_body": _(
        "Extension approved by the leader; it waits for the assigning body's approval"
    ),
    "reports.extension.body_refused": _("The assigning body did not approve the extension"),
    "reports.deadline.recomputed": _("Deadline recomputed after a change of the holiday calendar"),
    "reports.conclusion.proposed": _("Conclusion proposed"),
    "reports.conclusion.withdrawn": _("Proposed conclusion taken back"),
    "reports.conclusion.signed": _("Conclusion signed by the unit head"),
    "reports.conclusion.declined": _("The unit head asked for changes to the conclusion"),
    "reports.conclusion.sent_back": _("Conclusion sent back to the unit"),
    "reports.report.concluded": _("Concluded: the reply is below"),
    "reports.reply.delivered": _("Reply delivered"),
    "reports.objection.submitted": _("The reporter objected"),
    "reports.objection.upheld": _("Objection upheld: the case is investigated again"),
    "reports.objection.dismissed": _("Objection dismissed"),
    "reports.report.closed": _("Closed"),
    "reports.message.received": _("Message from the reporter"),
    "reports.message.sent": _("Message to the reporter"),
    "reports.reporter.unsealed": _("Reporter's identity unsealed"),
    "reports.receipt.reissued": _("Receipt code reissued"),
    "reports.receipt.reissue_refused": _("Receipt code reissue refused"),
    "reports.photos.chosen": _("Photos for the unit chosen"),
    "reports.disclosure.confirmed": _(
        "The office confirmed that the text for the unit does not identify the reporter"
    ),
}


def action_label(action: str):
    """What a timeline action is called on screen, including the actions of apps above reports."""
    return TIMELINE_LABELS.get(action) or extensions.timeline_label(action)


def public_timeline(report: Report) -> list[dict]:
    """The reporter's view of the case history: dated steps in plain words, no internal notes."""
    entries = timeline.entries_for(report, visibilities=(TimelineEntry.Visibility.PUBLIC,))
    return [
        {
            "at": e.created_at,
            "label": action_label(e.action) or _("Case updated"),
            "note": e.data.get("public_note", ""),
        }
        for e in entries
    ]


def staff_timeline(report: Report, *, user) -> list[TimelineEntry]:
    """The case history staff may read, each entry with its on-screen ``label``: the office
    sees everything, the units the public and unit entries."""
    visibilities = [TimelineEntry.Visibility.PUBLIC, TimelineEntry.Visibility.UNIT]
    if disclosure.office_side(user, report):
        visibilities.append(TimelineEntry.Visibility.OFFICE)
    return _labelled(timeline.entries_for(report, visibilities=tuple(visibilities)))


def unit_timeline(report: Report) -> list[TimelineEntry]:
    """What the /unit/ case page and the dossier show, whoever looks: never the office-only
    entries, and the notes masked against the sealed identity (reports/disclosure.py)."""
    visibilities = (TimelineEntry.Visibility.PUBLIC, TimelineEntry.Visibility.UNIT)
    entries = _labelled(timeline.entries_for(report, visibilities=visibilities))
    return disclosure.mask_entries(report, entries)


def _labelled(entries) -> list[TimelineEntry]:
    entries = list(entries)
    for entry in entries:
        if entry.action.startswith("reports.reminder."):
            entry.label = _("Reminder: %(text)s") % {"text": entry.data.get("text", "")}
        elif entry.action == "reports.photos.chosen":
            entry.label = _("Photos: %(passed)s passed to the unit, %(withheld)s withheld") % {
                "passed": entry.data.get("passed", 0),
                "withheld": entry.data.get("withheld", 0),
            }
        else:
            entry.label = action_label(entry.action) or entry.action
    return entries


def attachment_visible_to(user, attachment: Attachment) -> bool:
    """Decided by reports/disclosure.py: anyone who sees the case sees what the unit sees
    (evidence, and the reporter's photos the office passed); the office side sees every file."""
    return disclosure.attachment_visible_to(user, attachment)


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


# ------------------------------------------------------------------------------
# Receipt codes reissued by the identity custodian
# ------------------------------------------------------------------------------
def receipt_reissue_attempts(*, user, report: Report | None = None) -> QuerySet:
    """Every try at reissuing a receipt code that ``user`` may read, newest first, in one
    query: the leaders' and the custodians' of the cases' townships (their subtrees)."""
    attempts = ReceiptReissueAttempt.objects.select_related("report", "actor").order_by(
        "-created_at", "-id"
    )
    if report is not None:
        attempts = attempts.filter(report=report)
    return attempts.filter(
        permissions.scope_q(user, Perm.REVIEW_UNSEALING, prefix="report__township__")
    )


def receipt_reissue_status(report: Report) -> dict:
    """What the custodian needs to know before asking the person anything: whether the report
    has a real-name reporter (anonymous ones get no new code), whether an ID number is on file
    (else the phone is asked), and the tries already used today."""
    from core.calendar import local_date

    real_name = [r for r in report.reporters.all() if not r.anonymous]
    used = ReceiptReissueAttempt.objects.filter(report=report, day=local_date()).count()
    return {
        "report": report,
        "has_code": report.receipt_hash is not None,
        "anonymous": not real_name,
        "has_id_number": any(r.id_number_index for r in real_name),
        "used": used,
        "limit": settings.RECEIPT_REISSUE_TRIES_PER_DAY,
        "left": max(settings.RECEIPT_REISSUE_TRIES_PER_DAY - used, 0),
    }


# ------------------------------------------------------------------------------
# Triage
# ------------------------------------------------------------------------------
def _duplicates_q(outer: str = "") -> Q:
    """Same township and category, same enterprise or village, within the window."""
    window = dt.timedelta(days=settings.DUPLICATE_WINDOW_DAYS)
    return (
        Q(township_id=OuterRef("township_id"), category_id=OuterRef("category_id"))
        & (
            Q(enterprise_id=OuterRef("enterprise_id"), enterprise__isnull=False)
            | Q(village_id=OuterRef("village_id"))
        )
        & Q(received_at__gte=OuterRef("received_at") - window)
        & Q(received_at__lte=OuterRef("received_at") + window)
    )


def report_queue(*, user) -> QuerySet[Report]:
    """The office's list: ``report_list`` with, in the same single query, the number of
    possible duplicates and the routing rules' suggested unit of each case."""
    duplicates = (
        Report.objects.filter(_duplicates_q())
        .exclude(pk=OuterRef("pk"))
        .exclude(status__in=[Report.Status.REJECTED, Report.Status.WITHDRAWN, Report.Status.MERGED])
        .order_by()
        .values("township_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return report_list(user=user).annotate(
        duplicate_count=Coalesce(Subquery(duplicates, output_field=IntegerField()), 0),
        routing_industry=Coalesce("enterprise__industry_id", "category__industry_id"),
        suggested_unit_id=suggested_unit_expression(
            township="township_id", industry="routing_industry", village="village_id"
        ),
    )


def duplicate_candidates(report: Report) -> QuerySet[Report]:
    """Cases that may be the same matter, oldest first (the first accepted is the one to keep)."""
    window = dt.timedelta(days=settings.DUPLICATE_WINDOW_DAYS)
    same_place = Q(village_id=report.village_id)
    if report.enterprise_id:
        same_place |= Q(enterprise_id=report.enterprise_id)
    return (
        Report.objects.filter(
            same_place,
            township_id=report.township_id,
            category_id=report.category_id,
            received_at__gte=report.received_at - window,
            received_at__lte=report.received_at + window,
        )
        .exclude(pk=report.pk)
        .exclude(status__in=[Report.Status.REJECTED, Report.Status.WITHDRAWN, Report.Status.MERGED])
        .select_related("responsible_unit")
        .order_by("received_at")
    )


def suggested_unit(report: Report) -> Unit | None:
    industry = report.enterprise.industry if report.enterprise else report.category.industry
    return suggest_responsible_unit(industry=industry, village=report.village)


def supervisor_choices(report: Report):
    """People who may be named supervisor of a listed case: leaders and supervisors whose
    units cover the case's township."""
    from django.contrib.auth import get_user_model

    prefixes = [
        report.township.path[: i + 1] for i, c in enumerate(report.township.path) if c == "/"
    ]
    return (
        get_user_model()
        .objects.filter(
            memberships__active=True,
            memberships__role__in=[Role.LEADER, Role.SUPERVISOR],
            memberships__unit__path__in=prefixes,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


# ------------------------------------------------------------------------------
# The /unit/ workspace
# ------------------------------------------------------------------------------
def unit_case_list(*, user) -> QuerySet[Report]:
    """The open cases a /unit/ user sees, soonest due first, in one query."""
    return (
        Report.objects.visible_to(user)
        .exclude(status__in=Report.FINAL_STATUSES)
        .select_related("category", "village", "responsible_unit", "received_by_unit")
        .order_by(F("due_date").asc(nulls_last=True), "received_at")
    )


def awaiting(*, user) -> dict[str, list]:
    """What waits for this person: conclusions to sign and extensions to endorse (unit heads,
    and whoever signs for a unit without a head), extensions to approve (leaders), signed
    conclusions to review (the safety office), listed cases they supervise."""
    signs_for = permissions.signed_for(user).values("pk")
    leader_q = permissions.scope_q(user, Perm.APPROVE, prefix="report__township__")
    office_q = permissions.scope_q(user, Perm.TRIAGE, prefix="report__township__")
    return {
        "to_sign": list(
            Conclusion.objects.filter(
                status=Conclusion.Status.PROPOSED, report__responsible_unit__in=signs_for
            ).select_related("report", "report__category")
        ),
        "to_endorse": list(
            Extension.objects.filter(
                status=Extension.Status.REQUESTED, report__responsible_unit__in=signs_for
            ).select_related("report", "report__category")
        ),
        "to_review": list(
            Conclusion.objects.filter(office_q, status=Conclusion.Status.SIGNED).select_related(
                "report", "report__category", "report__responsible_unit"
            )
        ),
        "to_approve": list(
            Extension.objects.filter(leader_q, status=Extension.Status.ENDORSED).select_related(
                "report", "report__category", "report__responsible_unit"
            )
        ),
        "supervised": list(
            Report.objects.filter(listed_supervisor=user)
            .exclude(status__in=Report.FINAL_STATUSES)
            .select_related("category", "responsible_unit")
        ),
    }


def case_roles(user, report: Report) -> set[str]:
    """How the user stands to a case on /unit/: "unit" (officer or head of the responsible
    unit), "enforcement" (of the department holding its enforcement), "head", "leader" (over
    its township), "office" (its intake officer)."""
    checks = {
        "unit": (Perm.INVESTIGATE, report.responsible_unit),
        # A department the enforcement matter was handed to: it records the enforcement only.
        "enforcement": (Perm.INVESTIGATE, report.enforcement_unit),
        "head": (Perm.SIGN, report.responsible_unit),
        "leader": (Perm.APPROVE, report.township),
        "office": (Perm.TRIAGE, report.township),
    }
    return {name for name, (perm, unit) in checks.items() if permissions.can(user, perm, unit)}


def unit_attachments(report: Report) -> list[Attachment]:
    """The files a unit sees of the case (reports/disclosure.py)."""
    return disclosure.unit_photos(report)


# ------------------------------------------------------------------------------
# The reporter's view
# ------------------------------------------------------------------------------
def reply_for_reporter(report: Report) -> Conclusion | None:
    """The accepted conclusion the reporter reads, unless they waived the reply."""
    if report.reply_waived or report.status not in Report.CONCLUDED_STATUSES:
        return None
    return report.conclusions.filter(status=Conclusion.Status.ACCEPTED).first()


def objection_for_reporter(report: Report) -> Objection | None:
    return report.objections.first()
