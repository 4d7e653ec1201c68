"""Triage by the safety office: accept and transfer, reject, merge, listed supervision,
re-route; and the transfer summary, which never identifies the reporter.

Every transition is one function: it locks the case row (``select_for_update``), checks who
may do it and ``ALLOWED_TRANSITIONS``, records a timeline entry, and returns quietly when the
same step is repeated.
"""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import calendar, timeline
from core.errors import ApplicationError
from reports.models import (
    Report,
)
from reports.notifications import tell_reporters
from reports.services.access import (
    INVESTIGATING_KINDS,
    _lock,
    _require_office,
)
from reports.services.dates import current_due_policy, due_date_for
from reports.services.intake import check_transition
from units.models import Unit

Status = Report.Status
Visibility = timeline.Visibility

# ------------------------------------------------------------------------------
# The transfer summary never identifies the reporter
# ------------------------------------------------------------------------------
_ID_PATTERN = re.compile(r"\d{17}[\dXx]")
_MOBILE_PATTERN = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_LANDLINE_PATTERN = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")
MASK = "***"


def _identity_strings(report: Report) -> list[str]:
    values = []
    for person in report.reporters.all():
        values.extend(v for v in (person.name, person.phone, person.id_number) if len(v) >= 2)
    return values


def summary_prefill(report: Report) -> str:
    """The description with the reporter's name, phone and ID number and anything shaped like
    a phone or ID number masked: the starting point the intake officer edits."""
    text = report.description
    for value in _identity_strings(report):
        text = text.replace(value, MASK)
    for pattern in (_ID_PATTERN, _MOBILE_PATTERN, _LANDLINE_PATTERN):
        text = pattern.sub(MASK, text)
    return text


def text_identifies_reporter(report: Report, text: str) -> bool:
    """Whether ``text`` contains a reporter's name, phone or ID number, or anything shaped like
    a phone or ID number (spaces and dashes ignored)."""
    compact = re.sub(r"[\s-]", "", text)
    if any(value in text or value in compact for value in _identity_strings(report)):
        return True
    return any(p.search(compact) for p in (_ID_PATTERN, _MOBILE_PATTERN, _LANDLINE_PATTERN))


def _check_summary(report: Report, summary: str) -> str:
    summary = (summary or "").strip()
    if len(summary) < 10:
        raise ApplicationError(_("Write a transfer summary of at least 10 characters."))
    if text_identifies_reporter(report, summary):
        raise ApplicationError(
            _(
                "The transfer summary contains the reporter's name, a phone number or an ID "
                "number. Remove them: the unit must not learn who reported."
            )
        )
    return summary


# ------------------------------------------------------------------------------
# Triage by the safety office
# ------------------------------------------------------------------------------
def _check_unit(report: Report, unit: Unit) -> None:
    if unit.kind not in INVESTIGATING_KINDS or not unit.path.startswith(report.township.path):
        raise ApplicationError(
            _("Choose a village, community, station or member unit of this township.")
        )


def report_accept(*, report: Report, actor, unit: Unit, summary: str) -> Report:
    """Accept a lead and transfer it at once to the responsible unit (受理即转).

    Sets the due date from today's Shanghai date by the current policy (kept on the case), or
    the upstream deadline when it is earlier. Raises ApplicationError unless the actor is the
    case's safety office, the case awaits acceptance, the unit belongs to the township and the
    summary identifies nobody. Repeating it with the same unit returns the case unchanged.
    """
    with transaction.atomic():
        report = _lock(report)
        _require_office(actor, report)
        if report.status == Status.TRANSFERRED and report.responsible_unit_id == unit.pk:
            return report
        check_transition(report, Status.TRANSFERRED)
        _check_unit(report, unit)
        summary = _check_summary(report, summary)
        now = timezone.now()
        policy = current_due_policy()
        due = due_date_for(calendar.local_date(now), policy)
        if report.upstream_deadline and report.upstream_deadline < due:
            due = report.upstream_deadline
        report.status = Status.TRANSFERRED
        report.transfer_summary = summary
        report.responsible_unit = unit
        report.accepted_at, report.accepted_by, report.transferred_at = now, actor, now
        report.due_date, report.due_policy = due, policy
        report.save(
            update_fields=[
                "status",
                "transfer_summary",
                "responsible_unit",
                "accepted_at",
                "accepted_by",
                "transferred_at",
                "due_date",
                "due_policy",
            ]
        )
        tell_reporters(report, "case_accepted")
        timeline.record(
            report,
            "reports.report.transferred",
            actor=actor,
            visibility=Visibility.PUBLIC,
            data={"unit": unit.name, "due_date": due.isoformat()},
        )
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
        public_note = Report.RejectionReason(reason).label
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
    return report


def report_list_for_supervision(*, report: Report, actor, supervisor, reason: str) -> Report:
    """Flag a key lead for listed supervision (挂牌督办) under a named supervisor."""
    with transaction.atomic():
        report = _lock(report)
        _require_office(actor, report)
        if report.status in Report.FINAL_STATUSES:
            raise ApplicationError(_("A finished case cannot be listed for supervision."))
        reason = reason.strip()
        if not reason:
            raise ApplicationError(_("Say why the case is listed."))
        if report.listed_at and report.listed_supervisor_id == supervisor.pk:
            return report
        report.listed_at = report.listed_at or timezone.now()
        report.listed_supervisor, report.listed_reason = supervisor, reason
        report.save(update_fields=["listed_at", "listed_supervisor", "listed_reason"])
        timeline.record(
            report,
            "reports.report.listed",
            actor=actor,
            visibility=Visibility.UNIT,
            note=reason,
            data={"supervisor": supervisor.get_username()},
        )
    return report


def report_reroute(*, report: Report, actor, unit: Unit, note: str = "") -> Report:
    """Send a case the unit returned to another unit; the due date does not change."""
    with transaction.atomic():
        report = _lock(report)
        _require_office(actor, report)
        if report.status == Status.TRANSFERRED and report.responsible_unit_id == unit.pk:
            return report
        check_transition(report, Status.TRANSFERRED)
        _check_unit(report, unit)
        if unit.pk == report.responsible_unit_id:
            raise ApplicationError(_("Choose another unit than the one that returned it."))
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
    return report
