"""The responsible unit's work: acknowledge, notes and evidence, enforcement at any time, and
return a mis-routed case (the one extension is in ``extensions``).

Every transition is one function: it locks the case row (``select_for_update``), checks who
may do it and ``ALLOWED_TRANSITIONS``, records a timeline entry, and returns quietly when the
same step is repeated.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import calendar, timeline
from core.errors import ApplicationError, required
from core.images import CleanImage, CleanOriginal
from reports import events, handoffs
from reports.models import (
    Attachment,
    Enforcement,
    Report,
)
from reports.services.access import (
    _label,
    _lock,
    _require_unit,
)
from reports.services.files import attachments_store
from reports.services.transitions import check_transition
from units import permissions
from units.permissions import Perm

Status = Report.Status
Visibility = timeline.Visibility


# ------------------------------------------------------------------------------
# The responsible unit
# ------------------------------------------------------------------------------
def report_acknowledge(
    *, report: Report, actor, signed_slip: CleanOriginal | None = None
) -> Report:
    """The unit confirms it has the case and starts investigating. The safety office may record
    it for a unit that works on paper, attaching the signed transfer slip."""
    with transaction.atomic():
        report = _lock(report)
        acting_as = _require_unit(actor, report)
        if report.status == Status.INVESTIGATING:
            return report
        check_transition(report, Status.INVESTIGATING, sources={Status.TRANSFERRED})
        if acting_as == "office" and signed_slip is None:
            raise ApplicationError(_("Attach the transfer slip the unit signed."))
        if signed_slip is not None:
            attachments_store(report, [signed_slip], kind=Attachment.Kind.SIGNED_SLIP, actor=actor)
        report.status, report.acknowledged_at = Status.INVESTIGATING, timezone.now()
        report.save(update_fields=["status", "acknowledged_at"])
        timeline.record(
            report,
            "reports.report.acknowledged",
            actor=actor,
            actor_label=_label(actor, acting_as),
            visibility=Visibility.PUBLIC,
        )
        handoffs.done(handoffs.subject(report, "acknowledge"))
    return report


_NOTE_STATUSES = (Status.TRANSFERRED, Status.INVESTIGATING, Status.UNDER_REVIEW, Status.OBJECTION)


def investigation_note(
    *, report: Report, actor, note: str, evidence: Iterable[CleanImage | CleanOriginal] = ()
) -> None:
    """The unit records a step of its investigation, with evidence."""
    note = (note or "").strip()
    evidence = list(evidence)
    if not note and not evidence:
        raise ApplicationError(_("Write a note or attach evidence."))
    with transaction.atomic():
        report = _lock(report)
        acting_as = _require_unit(actor, report)
        if report.status not in _NOTE_STATUSES:
            raise ApplicationError(_("Notes can be added while the case is being handled."))
        attachments_store(report, evidence, kind=Attachment.Kind.EVIDENCE, actor=actor)
        timeline.record(
            report,
            "reports.investigation.note",
            actor=actor,
            actor_label=_label(actor, acting_as),
            visibility=Visibility.UNIT,
            note=note,
            data={"evidence": len(evidence)},
        )


ENFORCEMENT_FIELDS = Enforcement.FIELDS

# Enforcement may be recorded from acknowledgement on, also after the conclusion.
ENFORCEMENT_STATUSES = (Status.INVESTIGATING, Status.UNDER_REVIEW, *Report.CONCLUDED_STATUSES)


def enforcement_update(
    *,
    report: Report,
    actor,
    values: dict[str, Any],
    before: Iterable[CleanImage] = (),
    after: Iterable[CleanImage] = (),
) -> Enforcement:
    """Record enforcement at any point: rectification ordered and done (with photos before and
    after), case filed (立案), penalty decision and fine, suspension, and for a concealed
    accident the verified deaths and grade. A concluded or closed case still accepts updates.
    Only the given fields change; the timeline names them."""
    with transaction.atomic():
        report = _lock(report)
        # The department holding the case's enforcement records it as its own authority.
        department = report.enforcement_unit
        if department is not None and permissions.can(actor, Perm.INVESTIGATE, department):
            acting_as, authority = "unit", department
        else:
            acting_as = _require_unit(actor, report)
            authority = required(report.responsible_unit, "an acknowledged case has a unit")
        if report.status not in ENFORCEMENT_STATUSES:
            raise ApplicationError(_("Enforcement is recorded once the unit has acknowledged."))
        record, _created = Enforcement.objects.get_or_create(report=report)
        changed = []
        for name, value in values.items():
            if name not in Enforcement.FIELDS:
                raise ValueError(f"Not an enforcement field: {name}")
            field = Enforcement._meta.get_field(name)
            if isinstance(field, models.Field) and field.get_internal_type() in (
                "CharField",
                "TextField",
            ):
                value = (value or "").strip()
            if getattr(record, name) != value:
                setattr(record, name, value)
                changed.append(name)
        if record.penalty_decided_on and not record.penalty_authority:
            # The body that decided: by default the unit recording it (a department the case
            # or its enforcement was handed to decides its own penalties).
            record.penalty_authority = authority.name
            changed.append("penalty_authority")
        _check_enforcement(record)
        before, after = list(before), list(after)
        if changed:
            record.save()
        attachments_store(report, before, kind=Attachment.Kind.BEFORE, actor=actor)
        attachments_store(report, after, kind=Attachment.Kind.AFTER, actor=actor)
        if changed:
            events.case_inputs_final.send(report.pk)
        if changed or before or after:
            timeline.record(
                report,
                "reports.enforcement.updated",
                actor=actor,
                actor_label=_label(actor, acting_as),
                visibility=Visibility.UNIT,
                data={
                    "fields": changed,
                    "photos_before": len(before),
                    "photos_after": len(after),
                },
            )
    return record


def _check_enforcement(record: Enforcement) -> None:
    today = calendar.local_date()
    for name in (
        "rectification_ordered_on",
        "rectified_on",
        "case_filed_on",
        "penalty_decided_on",
        "suspended_on",
    ):
        day = getattr(record, name)
        if day and day > today:
            raise ApplicationError(_("Dates of what was done cannot be in the future."))
    if (
        record.rectified_on
        and record.rectification_ordered_on
        and (record.rectified_on < record.rectification_ordered_on)
    ):
        raise ApplicationError(_("Rectification cannot be done before it was ordered."))
    if record.case_filed_on and not record.case_file_number:
        raise ApplicationError(_("Give the case file number with the filing date."))
    if record.fine is not None:
        if record.fine < Decimal(0):
            raise ApplicationError(_("A fine cannot be negative."))
        if not (record.penalty_decision_number and record.penalty_decided_on):
            raise ApplicationError(_("Give the penalty decision's number and date with the fine."))
    if record.concealed_deaths and not record.accident_grade:
        raise ApplicationError(_("Give the accident's grade with the concealed deaths."))


def report_return(*, report: Report, actor, reason: str) -> Report:
    """The unit returns a mis-routed case to the safety office, saying why."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Say why the case is not yours."))
    with transaction.atomic():
        report = _lock(report)
        acting_as = _require_unit(actor, report)
        if report.status == Status.RETURNED:
            return report
        check_transition(report, Status.RETURNED)
        report.status, report.returned_at = Status.RETURNED, timezone.now()
        report.save(update_fields=["status", "returned_at"])
        timeline.record(
            report,
            "reports.report.returned",
            actor=actor,
            actor_label=_label(actor, acting_as),
            visibility=Visibility.UNIT,
            note=reason,
        )
        handoffs.done(handoffs.subject(report, "acknowledge"))
        handoffs.case_returned(report, reason)
    return report
