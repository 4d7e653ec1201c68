"""Triage by the safety office: accept and transfer, reject, merge, listed supervision,
re-route; and the transfer summary, which never identifies the reporter.

Every transition is one function: it locks the case row (``select_for_update``), checks who
may do it and ``ALLOWED_TRANSITIONS``, records a timeline entry, and returns quietly when the
same step is repeated.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from core import calendar, timeline
from core.errors import ApplicationError
from core.models import TimelineEntry
from reports import disclosure, handoffs
from reports.models import (
    Attachment,
    Report,
)
from reports.notifications import tell_reporters
from reports.search import report_index
from reports.services.access import (
    INVESTIGATING_KINDS,
    _lock,
    _require_office,
)
from reports.services.dates import current_due_policy, due_date_for
from reports.services.transitions import check_transition
from units.models import Unit

Status = Report.Status
Visibility = timeline.Visibility

# ------------------------------------------------------------------------------
# What the unit reads never identifies the reporter (the rules live in reports/disclosure.py)
# ------------------------------------------------------------------------------
MASK = disclosure.MASK
summary_prefill = disclosure.summary_prefill
text_identifies_reporter = disclosure.text_identifies_reporter


def _pass_photos(report: Report, actor, photos: Iterable) -> dict[str, int]:
    """Pass exactly ``photos`` (attachments or their ids) of the reporter's photos to the unit
    and withhold the others. Returns the counts: passed, withheld, added, withdrawn."""
    chosen = {getattr(p, "pk", p) for p in photos}
    available = {a.pk: a for a in disclosure.reporter_photos(report)}
    if not chosen <= available.keys():
        raise ApplicationError(_("Choose among the photos of this case."))
    added = [pk for pk, a in available.items() if pk in chosen and not a.passed_to_unit_at]
    withdrawn = [pk for pk, a in available.items() if pk not in chosen and a.passed_to_unit_at]
    Attachment.objects.filter(pk__in=added).update(
        passed_to_unit_at=timezone.now(), passed_by=actor
    )
    Attachment.objects.filter(pk__in=withdrawn).update(passed_to_unit_at=None, passed_by=None)
    return {
        "passed": len(chosen),
        "withheld": len(available) - len(chosen),
        "added": len(added),
        "withdrawn": len(withdrawn),
    }


def _record_photo_choice(report: Report, actor, counts: dict[str, int], *, at_transfer: bool):
    """The choice on the office's timeline: how many photos went to the unit, how many not
    (and, later, how many were added or withdrawn). The unit does not read it."""
    data = {"passed": counts["passed"], "withheld": counts["withheld"]}
    if not at_transfer:
        data.update({k: counts[k] for k in ("added", "withdrawn") if counts[k]})
    timeline.record(
        report, "reports.photos.chosen", actor=actor, visibility=Visibility.OFFICE, data=data
    )


# ------------------------------------------------------------------------------
# Triage by the safety office
# ------------------------------------------------------------------------------
def _check_unit(report: Report, unit: Unit) -> None:
    """A township transfers to its own units; a district office that keeps a lead transfers it
    to any unit of the district, its departments included."""
    office = report.township
    if office.kind in Unit.TOP_KINDS:
        if (
            unit.kind in (*INVESTIGATING_KINDS, Unit.Kind.DEPARTMENT)
            and unit.path.startswith(office.path)
            and unit.active
        ):
            return
        raise ApplicationError(_("Choose a unit or a department of this district."))
    if unit.kind not in INVESTIGATING_KINDS or not unit.path.startswith(office.path):
        raise ApplicationError(
            _("Choose a village, community, station or member unit of this township.")
        )


def report_accept(
    *,
    report: Report,
    actor,
    unit: Unit,
    summary: str,
    unit_address: str | None = None,
    unit_place: str | None = None,
    photos: Iterable = (),
    confirm_not_identifying: bool = False,
) -> Report:
    """Accept a lead and transfer it at once to the responsible unit (受理即转).

    The unit reads the ``summary``, the vetted ``unit_address`` and ``unit_place`` (by default
    the reporter's, masked) and the ``photos`` passed (attachments or ids of the reporter's
    photos; none by default). Sets the due date from today's Shanghai date by the current
    policy (kept on the case), or the upstream deadline when it is earlier. Records the
    transfer, the photo choice, and the officer's confirmation when a text still has a
    sentence that may describe the reporter (office only).

    Raises ApplicationError unless the actor is the case's safety office, the case awaits
    acceptance, the unit belongs to the township, and the texts pass
    ``disclosure.vet_transfer_texts``. Repeating it with the same unit returns the case
    unchanged.
    """
    with transaction.atomic():
        report = _lock(report)
        _require_office(actor, report)
        if report.status == Status.TRANSFERRED and report.responsible_unit_id == unit.pk:
            return report
        check_transition(report, Status.TRANSFERRED, sources={Status.SUBMITTED})
        _check_unit(report, unit)
        texts = disclosure.vet_transfer_texts(
            report,
            summary=summary,
            unit_address=unit_address,
            unit_place=unit_place,
            confirmed=confirm_not_identifying,
        )
        now = timezone.now()
        policy = current_due_policy()
        due = due_date_for(calendar.local_date(now), policy)
        if report.upstream_deadline and report.upstream_deadline < due:
            due = report.upstream_deadline
        report.status = Status.TRANSFERRED
        report.transfer_summary = texts.summary
        report.unit_address, report.unit_place = texts.unit_address, texts.unit_place
        report.responsible_unit = unit
        report.accepted_at, report.accepted_by, report.transferred_at = now, actor, now
        report.due_date, report.due_policy = due, policy
        report.save(
            update_fields=[
                "status",
                "transfer_summary",
                "unit_address",
                "unit_place",
                "responsible_unit",
                "accepted_at",
                "accepted_by",
                "transferred_at",
                "due_date",
                "due_policy",
            ]
        )
        report_index(report)  # the office's texts are searchable like the reporter's
        counts = _pass_photos(report, actor, photos)
        tell_reporters(report, "case_accepted")
        timeline.record(
            report,
            "reports.report.transferred",
            actor=actor,
            visibility=Visibility.PUBLIC,
            data={"unit": unit.name, "due_date": due.isoformat()},
        )
        if texts.confirmed_fields:
            timeline.record(
                report,
                "reports.disclosure.confirmed",
                actor=actor,
                visibility=Visibility.OFFICE,
                data={"fields": list(texts.confirmed_fields), "cues": list(texts.confirmed_cues)},
            )
        if counts["passed"] or counts["withheld"]:
            _record_photo_choice(report, actor, counts, at_transfer=True)
        handoffs.done(handoffs.subject(report, "accept"))
        handoffs.case_transferred(report)
    return report


def report_photos_pass(*, report: Report, actor, photos: Iterable) -> Report:
    """The office changes which of the reporter's photos the unit sees, after the transfer:
    exactly ``photos`` (attachments or ids) are passed, the others withheld. Recorded on the
    office's timeline with what was added or withdrawn; repeating the same choice records
    nothing. Raises ApplicationError unless the actor is the case's office and the case was
    accepted, or when a photo is not one of the case's."""
    with transaction.atomic():
        report = _lock(report)
        _require_office(actor, report)
        if report.accepted_at is None:
            raise ApplicationError(_("Choose the photos for the unit when you transfer the case."))
        counts = _pass_photos(report, actor, photos)
        if counts["added"] or counts["withdrawn"]:
            _record_photo_choice(report, actor, counts, at_transfer=False)
    return report


def report_reject(
    *, report: Report, actor, reason: str, note: str = "", referred_to: str = ""
) -> Report:
    """Decide not to accept a lead, with a reason from the list; outside our remit names the
    body it was referred to, and the reporter reads it on /track/. Repeatable."""
    with transaction.atomic():
        report = _lock(report)
        _require_office(actor, report)
        if report.status == Status.REJECTED:
            return report
        check_transition(report, Status.REJECTED)
        if reason not in Report.RejectionReason.values:
            raise ApplicationError(_("Choose a reason from the list."))
        referred_to = referred_to.strip()
        if reason == Report.RejectionReason.OUTSIDE_REMIT and not referred_to:
            raise ApplicationError(_("Name the body the report was referred to."))
        report.status = Status.REJECTED
        report.rejection_reason, report.referred_to = reason, referred_to
        report.save(update_fields=["status", "rejection_reason", "referred_to"])
        public_note = str(Report.RejectionReason(reason).label)
        if referred_to:
            public_note = f"{public_note}：{referred_to}"
        timeline.record(
            report,
            "reports.report.rejected",
            actor=actor,
            visibility=Visibility.PUBLIC,
            note=note,
            data={"reason": reason, "public_note": str(public_note)},
        )
        handoffs.done(handoffs.subject(report, "accept"))
    return report


def report_merge(*, report: Report, into: Report, actor) -> Report:
    """Merge a duplicate into the case that handles the same matter. The merged case keeps
    its own reporters; its reporter follows the main case. Repeatable."""
    with transaction.atomic():
        report = _lock(report)
        _require_office(actor, report)
        if report.status == Status.MERGED and report.merged_into_id == into.pk:
            return report
        check_transition(report, Status.MERGED)
        if into.pk == report.pk or into.status in (
            Status.MERGED,
            Status.REJECTED,
            Status.WITHDRAWN,
        ):
            raise ApplicationError(_("Choose an open case to merge into."))
        if into.township_id != report.township_id:
            raise ApplicationError(_("Merge only cases of the same township."))
        report.status, report.merged_into = Status.MERGED, into
        report.save(update_fields=["status", "merged_into"])
        timeline.record(
            report,
            "reports.report.merged",
            actor=actor,
            visibility=Visibility.PUBLIC,
            data={"into": into.number, "public_note": into.number},
        )
        timeline.record(
            into, "reports.report.duplicate_added", actor=actor, data={"case": report.number}
        )
        handoffs.done(handoffs.subject(report, "accept"))
    return report


LISTED = "reports.report.listed"  # the timeline entry of both ways a case is listed


def report_list_for_supervision(*, report: Report, actor, supervisor, reason: str) -> Report:
    """Flag a key lead for listed supervision (挂牌督办) under a named supervisor. The clocks
    list overdue cases by themselves through ``reports_list_overdue``."""
    with transaction.atomic():
        report = _lock(report)
        _require_office(actor, report)
        if report.status in Report.FINAL_STATUSES:
            raise ApplicationError(_("A finished case cannot be listed for supervision."))
        reason = disclosure.identity_check(report, reason, field=_("reason for listing"))
        if not reason:
            raise ApplicationError(_("Say why the case is listed."))
        if report.listed_at and report.listed_supervisor_id == supervisor.pk:
            return report
        report.listed_at = report.listed_at or timezone.now()
        report.listed_supervisor, report.listed_reason = supervisor, reason
        report.save(update_fields=["listed_at", "listed_supervisor", "listed_reason"])
        timeline.record(
            report,
            LISTED,
            actor=actor,
            visibility=Visibility.UNIT,
            note=reason,
            data={"supervisor": supervisor.get_username()},
        )
    return report


def reports_list_overdue(*, supervisors: dict[int, int | None], reason: str) -> list[int]:
    """Listed supervision started by the clocks: the overdue cases named in ``supervisors``
    (case id → the township leader's user id, or None) that are not listed yet are listed under
    that leader, with the same timeline entry as ``report_list_for_supervision`` (by the
    system). The rows are locked and listed in one UPDATE and one INSERT whatever their number;
    a case listed meanwhile is left as it is. Returns the ids listed."""
    with transaction.atomic():
        ids = list(
            Report.objects.select_for_update()
            .filter(pk__in=list(supervisors), listed_at__isnull=True)
            .exclude(status__in=Report.FINAL_STATUSES)
            .values_list("pk", flat=True)
        )
        if not ids:
            return []
        now = timezone.now()
        leaders = {pk: supervisors[pk] for pk in ids if supervisors[pk]}
        Report.objects.filter(pk__in=ids).update(
            listed_at=now,
            listed_reason=reason,
            listed_supervisor_id=Case(
                *[When(pk=pk, then=Value(leader)) for pk, leader in leaders.items()],
                default=None,
                output_field=IntegerField(),
            ),
        )
        content_type = ContentType.objects.get_for_model(Report)
        TimelineEntry.objects.bulk_create(
            TimelineEntry(
                content_type=content_type,
                object_id=pk,
                action=LISTED,
                actor_label=_("System"),
                visibility=Visibility.UNIT,
                note=reason,
                created_at=now,
            )
            for pk in ids
        )
    return ids


def report_reroute(*, report: Report, actor, unit: Unit, note: str = "") -> Report:
    """Send a case the unit returned to another unit; the due date, the texts and the photos
    the unit reads do not change. The note to the unit is checked like them."""
    with transaction.atomic():
        report = _lock(report)
        _require_office(actor, report)
        if report.status == Status.TRANSFERRED and report.responsible_unit_id == unit.pk:
            return report
        check_transition(report, Status.TRANSFERRED, sources={Status.RETURNED})
        _check_unit(report, unit)
        if unit.pk == report.responsible_unit_id:
            raise ApplicationError(_("Choose another unit than the one that returned it."))
        note = disclosure.identity_check(report, note, field=_("note to the unit"))
        report.status, report.responsible_unit = Status.TRANSFERRED, unit
        report.acknowledged_at, report.transferred_at, report.returned_at = (
            None,
            timezone.now(),
            None,
        )
        report.save(
            update_fields=[
                "status",
                "responsible_unit",
                "acknowledged_at",
                "transferred_at",
                "returned_at",
            ]
        )
        timeline.record(
            report,
            "reports.report.rerouted",
            actor=actor,
            visibility=Visibility.UNIT,
            note=note,
            data={"unit": unit.name},
        )
        handoffs.done(handoffs.subject(report, "reroute"), handoffs.subject(report, "acknowledge"))
        handoffs.case_transferred(report)
    return report
