"""The lifecycle from triage to closure (DESIGN §3): accept and transfer, reject, merge, listed
supervision, acknowledge, investigation notes, enforcement, extension, return and re-route,
conclusion (proposed, signed, reviewed), reply delivery, objection, closure.

Every transition is one function: it locks the case row (``select_for_update``), checks who may
do it and ``ALLOWED_TRANSITIONS``, records a timeline entry, and returns quietly when the same
step is repeated.
"""

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import calendar, timeline
from core.errors import ApplicationError
from core.images import CleanImage, CleanOriginal
from reports.models import (
    Attachment,
    Conclusion,
    Enforcement,
    Extension,
    Objection,
    Report,
)
from reports.services.intake import check_transition, original_store, photo_attach
from units.models import Role, Unit
from units.selectors import memberships_of

Status = Report.Status
Visibility = timeline.Visibility

# Units that investigate: not the township itself, nor the district.
INVESTIGATING_KINDS = (
    Unit.Kind.VILLAGE,
    Unit.Kind.COMMUNITY,
    Unit.Kind.STATION,
    Unit.Kind.MEMBER,
)


# ------------------------------------------------------------------------------
# Who may act
# ------------------------------------------------------------------------------
def _lock(report: Report) -> Report:
    return Report.objects.select_for_update().get(pk=report.pk)


def is_office_for(actor, report: Report) -> bool:
    """An intake officer (or administrator) whose units cover the case's township."""
    if getattr(actor, "is_superuser", False):
        return True
    return any(
        m.role == Role.INTAKE and report.township.path.startswith(m.unit.path)
        for m in memberships_of(actor)
    )


def _unit_roles(actor, report: Report) -> set[str]:
    if report.responsible_unit_id is None:
        return set()
    return {m.role for m in memberships_of(actor) if m.unit_id == report.responsible_unit_id}


def _require_office(actor, report: Report) -> None:
    if not is_office_for(actor, report):
        raise ApplicationError(_("Only the safety office of this case may do this."))


def _require_unit(actor, report: Report, *, head: bool = False) -> str:
    """The actor acts for the responsible unit: as its officer or head (``head``: only the
    head), or as the safety office recording the step for a unit that works on paper.
    Returns how the actor acts: "unit" or "office"."""
    roles = _unit_roles(actor, report)
    wanted = {Role.HEAD} if head else {Role.OFFICER, Role.HEAD}
    if roles & wanted:
        return "unit"
    unit = report.responsible_unit
    if unit and unit.works_on_paper and is_office_for(actor, report):
        return "office"
    if head:
        raise ApplicationError(_("Only the head of the responsible unit may do this."))
    raise ApplicationError(_("Only the responsible unit may do this."))


def _require_leader(actor, report: Report) -> None:
    if getattr(actor, "is_superuser", False):
        return
    if not any(
        m.role == Role.LEADER and report.township.path.startswith(m.unit.path)
        for m in memberships_of(actor)
    ):
        raise ApplicationError(_("Only the township leader may approve this."))


def _label(actor, acting_as: str) -> str:
    from core.people import display_name

    name = display_name(actor)
    return _("%(name)s for the unit (paper)") % {"name": name} if acting_as == "office" else name


# ------------------------------------------------------------------------------
# Dates
# ------------------------------------------------------------------------------
def current_due_policy() -> dict[str, Any]:
    """The due-date policy in force; each case keeps a copy of the one it was given."""
    return {
        "days": settings.CASE_DUE_DAYS,
        "first_day_counts": settings.DUE_FIRST_DAY_COUNTS,
        "holiday_rollover": settings.DUE_HOLIDAY_ROLLOVER,
    }


def _roll(day: dt.date, policy: dict[str, Any]) -> dt.date:
    if policy.get("holiday_rollover"):
        while not calendar.is_working_day(day):
            day += dt.timedelta(days=1)
    return day


def due_date_for(start: dt.date, policy: dict[str, Any], *, days: int | None = None) -> dt.date:
    """The due date ``days`` (default: the policy's) after ``start``, by the policy: the first
    day counted or not, a holiday rolled to the next working day or not."""
    days = policy["days"] if days is None else days
    offset = days - 1 if policy.get("first_day_counts") else days
    return _roll(start + dt.timedelta(days=offset), policy)


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


def _check_summary(report: Report, summary: str) -> str:
    summary = (summary or "").strip()
    if len(summary) < 10:
        raise ApplicationError(_("Write a transfer summary of at least 10 characters."))
    compact = re.sub(r"[\s-]", "", summary)
    leaked = any(value in summary or value in compact for value in _identity_strings(report))
    if leaked or any(p.search(compact) for p in (_ID_PATTERN, _MOBILE_PATTERN, _LANDLINE_PATTERN)):
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
        report.accepted_at, report.accepted_by = now, actor
        report.due_date, report.due_policy = due, policy
        report.save(
            update_fields=[
                "status",
                "transfer_summary",
                "responsible_unit",
                "accepted_at",
                "accepted_by",
                "due_date",
                "due_policy",
            ]
        )
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
        report.status, report.responsible_unit, report.acknowledged_at = (
            Status.TRANSFERRED,
            unit,
            None,
        )
        report.save(update_fields=["status", "responsible_unit", "acknowledged_at"])
        timeline.record(
            report,
            "reports.report.rerouted",
            actor=actor,
            visibility=Visibility.UNIT,
            note=note,
            data={"unit": unit.name},
        )
    return report


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
        check_transition(report, Status.INVESTIGATING)
        if acting_as == "office" and signed_slip is None:
            raise ApplicationError(_("Attach the transfer slip the unit signed."))
        if signed_slip is not None:
            _store_files(report, [signed_slip], kind=Attachment.Kind.SIGNED_SLIP, actor=actor)
        report.status, report.acknowledged_at = Status.INVESTIGATING, timezone.now()
        report.save(update_fields=["status", "acknowledged_at"])
        timeline.record(
            report,
            "reports.report.acknowledged",
            actor=actor,
            actor_label=_label(actor, acting_as),
            visibility=Visibility.PUBLIC,
        )
    return report


def _store_files(report: Report, files: Iterable, *, kind: str, actor) -> list[Attachment]:
    stored = []
    for clean in files:
        if isinstance(clean, CleanImage):
            attachment = photo_attach(clean, report=report, uploaded_by=actor)
        else:
            attachment = original_store(report=report, clean=clean, uploaded_by=actor)
        Attachment.objects.filter(pk=attachment.pk).update(kind=kind)
        attachment.kind = kind
        stored.append(attachment)
    return stored


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
        _store_files(report, evidence, kind=Attachment.Kind.EVIDENCE, actor=actor)
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
_ENFORCEMENT_STATUSES = (
    Status.INVESTIGATING,
    Status.UNDER_REVIEW,
    Status.CONCLUDED,
    Status.OBJECTION,
    Status.CLOSED,
)


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
        acting_as = _require_unit(actor, report)
        if report.status not in _ENFORCEMENT_STATUSES:
            raise ApplicationError(_("Enforcement is recorded once the unit has acknowledged."))
        record, _created = Enforcement.objects.get_or_create(report=report)
        changed = []
        for name, value in values.items():
            if name not in Enforcement.FIELDS:
                raise ValueError(f"Not an enforcement field: {name}")
            field = Enforcement._meta.get_field(name)
            if field.get_internal_type() in ("CharField", "TextField"):
                value = (value or "").strip()
            if getattr(record, name) != value:
                setattr(record, name, value)
                changed.append(name)
        _check_enforcement(record)
        before, after = list(before), list(after)
        if changed:
            record.save()
        _store_files(report, before, kind=Attachment.Kind.BEFORE, actor=actor)
        _store_files(report, after, kind=Attachment.Kind.AFTER, actor=actor)
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
        report.status = Status.RETURNED
        report.save(update_fields=["status"])
        timeline.record(
            report,
            "reports.report.returned",
            actor=actor,
            actor_label=_label(actor, acting_as),
            visibility=Visibility.UNIT,
            note=reason,
        )
    return report


# ------------------------------------------------------------------------------
# Extension: asked by the unit, endorsed by its head, approved by the township leader
# ------------------------------------------------------------------------------
def extension_request(*, report: Report, actor, days: int, reason: str) -> Extension:
    """Ask for the case's one extension (at most ``EXTENSION_MAX_DAYS`` days, with a reason)."""
    reason = (reason or "").strip()
    if not 1 <= days <= settings.EXTENSION_MAX_DAYS:
        raise ApplicationError(
            _("An extension is 1 to %(max)s days.") % {"max": settings.EXTENSION_MAX_DAYS}
        )
    if not reason:
        raise ApplicationError(_("Give the reason for the extension; the reporter is told it."))
    with transaction.atomic():
        report = _lock(report)
        acting_as = _require_unit(actor, report)
        if report.status not in (Status.TRANSFERRED, Status.INVESTIGATING):
            raise ApplicationError(_("An extension is asked while the case is investigated."))
        existing = report.extensions.exclude(status=Extension.Status.REFUSED).first()
        if existing:
            if existing.status != Extension.Status.APPROVED and existing.days == days:
                return existing
            raise ApplicationError(_("A case has one extension only."))
        extension = Extension.objects.create(
            report=report, days=days, reason=reason, requested_by=actor
        )
        timeline.record(
            report,
            "reports.extension.requested",
            actor=actor,
            actor_label=_label(actor, acting_as),
            visibility=Visibility.UNIT,
            note=reason,
            data={"days": days},
        )
    return extension


def extension_endorse(
    *, extension: Extension, actor, approve: bool = True, note: str = ""
) -> Extension:
    """The unit head endorses the request (or refuses it)."""
    with transaction.atomic():
        report = _lock(extension.report)
        extension = Extension.objects.select_for_update().get(pk=extension.pk)
        acting_as = _require_unit(actor, report, head=True)
        if extension.status != Extension.Status.REQUESTED:
            if (
                extension.status in (Extension.Status.ENDORSED, Extension.Status.APPROVED)
                and approve
            ):
                return extension
            raise ApplicationError(_("This request is not waiting for the unit head."))
        now = timezone.now()
        extension.endorsed_by, extension.endorsed_at = actor, now
        extension.status = Extension.Status.ENDORSED if approve else Extension.Status.REFUSED
        if not approve:
            extension.decided_by, extension.decided_at, extension.decision_note = actor, now, note
        extension.save()
        timeline.record(
            report,
            "reports.extension.endorsed" if approve else "reports.extension.refused",
            actor=actor,
            actor_label=_label(actor, acting_as),
            visibility=Visibility.UNIT,
            note=note,
        )
    return extension


def extension_decide(*, extension: Extension, actor, approve: bool, note: str = "") -> Extension:
    """The township leader approves an endorsed extension (the due date moves, by the case's
    own policy) or refuses it. The reporter is told the reason on /track/."""
    with transaction.atomic():
        report = _lock(extension.report)
        extension = Extension.objects.select_for_update().get(pk=extension.pk)
        _require_leader(actor, report)
        target = Extension.Status.APPROVED if approve else Extension.Status.REFUSED
        if extension.status == target:
            return extension
        if extension.status != Extension.Status.ENDORSED:
            raise ApplicationError(_("This request is not waiting for the leader."))
        extension.status = target
        extension.decided_by, extension.decided_at, extension.decision_note = (
            actor,
            timezone.now(),
            note,
        )
        if approve:
            extension.old_due_date = report.due_date
            extension.new_due_date = due_date_for(
                report.due_date, report.due_policy or current_due_policy(), days=extension.days
            )
            report.due_date = extension.new_due_date
            report.save(update_fields=["due_date"])
        extension.save()
        timeline.record(
            report,
            "reports.extension.approved" if approve else "reports.extension.refused",
            actor=actor,
            visibility=Visibility.PUBLIC if approve else Visibility.UNIT,
            note=note,
            data={"days": extension.days, "public_note": extension.reason}
            if approve
            else {"days": extension.days},
        )
    return extension


# ------------------------------------------------------------------------------
# Conclusion: proposed by the unit, signed by its head, reviewed by the office
# ------------------------------------------------------------------------------
def conclusion_propose(
    *,
    report: Report,
    actor,
    verdict: str,
    account: str,
    decision: str,
    evidence: Iterable[CleanImage | CleanOriginal] = (),
    signed_slip: CleanOriginal | None = None,
) -> Conclusion:
    """The unit proposes its conclusion (verdict, short account, handling decision, evidence);
    it waits for the unit head's signature. The safety office records it for a unit that works
    on paper, attaching the slip the unit signed."""
    account, decision = (account or "").strip(), (decision or "").strip()
    if verdict not in Conclusion.Verdict.values:
        raise ApplicationError(_("Choose the verdict."))
    if not account or not decision:
        raise ApplicationError(_("Write the short account and the handling decision."))
    with transaction.atomic():
        report = _lock(report)
        acting_as = _require_unit(actor, report)
        if report.status != Status.INVESTIGATING:
            raise ApplicationError(_("A conclusion is proposed while the case is investigated."))
        pending = report.conclusions.filter(
            status__in=[Conclusion.Status.PROPOSED, Conclusion.Status.SIGNED]
        ).first()
        if pending:
            if (pending.verdict, pending.account, pending.decision) == (verdict, account, decision):
                return pending
            raise ApplicationError(_("A proposed conclusion is already waiting for signature."))
        if acting_as == "office" and signed_slip is None:
            raise ApplicationError(_("Attach the transfer slip the unit signed."))
        conclusion = Conclusion.objects.create(
            report=report, verdict=verdict, account=account, decision=decision, proposed_by=actor
        )
        _store_files(report, evidence, kind=Attachment.Kind.EVIDENCE, actor=actor)
        if signed_slip is not None:
            _store_files(report, [signed_slip], kind=Attachment.Kind.SIGNED_SLIP, actor=actor)
        timeline.record(
            report,
            "reports.conclusion.proposed",
            actor=actor,
            actor_label=_label(actor, acting_as),
            visibility=Visibility.UNIT,
            data={"verdict": verdict},
        )
    return conclusion


def conclusion_withdraw(*, conclusion: Conclusion, actor) -> None:
    """The unit takes back a proposal its head has not signed, to change it."""
    with transaction.atomic():
        report = _lock(conclusion.report)
        _require_unit(actor, report)
        conclusion = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
        if conclusion.status != Conclusion.Status.PROPOSED:
            raise ApplicationError(_("Only an unsigned proposal can be taken back."))
        conclusion.delete()
        timeline.record(
            report, "reports.conclusion.withdrawn", actor=actor, visibility=Visibility.UNIT
        )


def conclusion_sign(*, conclusion: Conclusion, actor) -> Conclusion:
    """The unit head signs the proposal; the case goes to the safety office for review."""
    with transaction.atomic():
        report = _lock(conclusion.report)
        conclusion = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
        acting_as = _require_unit(actor, report, head=True)
        if conclusion.status == Conclusion.Status.SIGNED:
            return conclusion
        if conclusion.status != Conclusion.Status.PROPOSED:
            raise ApplicationError(_("This conclusion is not waiting for a signature."))
        check_transition(report, Status.UNDER_REVIEW)
        conclusion.status = Conclusion.Status.SIGNED
        conclusion.signed_by, conclusion.signed_at = actor, timezone.now()
        conclusion.save(update_fields=["status", "signed_by", "signed_at"])
        report.status = Status.UNDER_REVIEW
        report.save(update_fields=["status"])
        timeline.record(
            report,
            "reports.conclusion.signed",
            actor=actor,
            actor_label=_label(actor, acting_as),
            visibility=Visibility.UNIT,
        )
    return conclusion


def conclusion_decline(*, conclusion: Conclusion, actor, note: str) -> Conclusion:
    """The unit head does not sign: the proposal goes back to the officer with a note."""
    note = (note or "").strip()
    if not note:
        raise ApplicationError(_("Say what must change before you sign."))
    with transaction.atomic():
        report = _lock(conclusion.report)
        conclusion = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
        acting_as = _require_unit(actor, report, head=True)
        if conclusion.status == Conclusion.Status.SENT_BACK:
            return conclusion
        if conclusion.status != Conclusion.Status.PROPOSED:
            raise ApplicationError(_("This conclusion is not waiting for a signature."))
        conclusion.status, conclusion.review_note = Conclusion.Status.SENT_BACK, note
        conclusion.save(update_fields=["status", "review_note"])
        timeline.record(
            report,
            "reports.conclusion.declined",
            actor=actor,
            actor_label=_label(actor, acting_as),
            visibility=Visibility.UNIT,
            note=note,
        )
    return conclusion


def conclusion_review(
    *,
    conclusion: Conclusion,
    actor,
    accept: bool,
    reward_conditions_met: bool | None = None,
    note: str = "",
) -> Report:
    """The safety office concludes the case with the signed conclusion, which becomes the reply
    to the reporter, or sends it back to the unit with a note. Tickets from above and cases
    whose reporter withdrew need no reply and close at once."""
    note = (note or "").strip()
    with transaction.atomic():
        report = _lock(conclusion.report)
        conclusion = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
        _require_office(actor, report)
        if conclusion.status == Conclusion.Status.ACCEPTED and accept:
            return report
        if conclusion.status == Conclusion.Status.SENT_BACK and not accept:
            return report
        if conclusion.status != Conclusion.Status.SIGNED:
            raise ApplicationError(_("This conclusion is not waiting for review."))
        now = timezone.now()
        conclusion.reviewed_by, conclusion.reviewed_at, conclusion.review_note = actor, now, note
        if not accept:
            if not note:
                raise ApplicationError(_("Say what the unit must do before it concludes again."))
            check_transition(report, Status.INVESTIGATING)
            conclusion.status = Conclusion.Status.SENT_BACK
            conclusion.save()
            report.status = Status.INVESTIGATING
            report.save(update_fields=["status"])
            timeline.record(
                report,
                "reports.conclusion.sent_back",
                actor=actor,
                visibility=Visibility.UNIT,
                note=note,
            )
            return report
        if reward_conditions_met is None:
            raise ApplicationError(_("Say whether the reward conditions are met."))
        check_transition(report, Status.CONCLUDED)
        conclusion.status = Conclusion.Status.ACCEPTED
        conclusion.reward_conditions_met = reward_conditions_met and conclusion.verified
        conclusion.save()
        report.status, report.concluded_at = Status.CONCLUDED, now
        report.save(update_fields=["status", "concluded_at"])
        timeline.record(
            report,
            "reports.report.concluded",
            actor=actor,
            visibility=Visibility.PUBLIC,
            note=note,
            data={"verdict": conclusion.verdict},
        )
        if not reply_expected(report):
            _close(report, actor=actor)
    return report


def reply_expected(report: Report) -> bool:
    """Whether the reporter gets the conclusion as a reply (and may object to it)."""
    return report.source != Report.Source.UPSTREAM and not report.reply_waived


def accepted_conclusion(report: Report) -> Conclusion | None:
    return report.conclusions.filter(status=Conclusion.Status.ACCEPTED).first()


# ------------------------------------------------------------------------------
# Reply, objection, closure
# ------------------------------------------------------------------------------
def reply_mark_delivered(*, report: Report, method: str, actor=None) -> Report:
    """Record that the reporter has the reply: seen on /track/, or told by phone (logged by the
    office) or text message. The objection window runs from the first delivery."""
    if method not in Report.DeliveryMethod.values:
        raise ApplicationError(_("Choose how the reply was delivered."))
    with transaction.atomic():
        report = _lock(report)
        if actor is not None:
            _require_office(actor, report)
        if report.reply_delivered_at:
            return report
        if report.status != Status.CONCLUDED or not reply_expected(report):
            if actor is None:
                return report  # a visit to /track/ before the conclusion delivers nothing
            raise ApplicationError(_("There is no reply to deliver."))
        now = timezone.now()
        report.reply_delivered_at, report.reply_delivery = now, method
        report.objection_deadline = calendar.local_date(now) + dt.timedelta(
            days=settings.OBJECTION_WINDOW_DAYS
        )
        report.save(update_fields=["reply_delivered_at", "reply_delivery", "objection_deadline"])
        timeline.record(
            report,
            "reports.reply.delivered",
            actor=actor,
            actor_label="" if actor else _("Reporter"),
            visibility=Visibility.OFFICE,
            data={"method": method},
        )
    return report


def objection_submit(*, report: Report, reason: str) -> Objection:
    """The reporter objects to the conclusion within the window after delivery; the office
    reviews it within ``OBJECTION_REVIEW_DAYS``."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ApplicationError(_("Say what you disagree with (at least 5 characters)."))
    with transaction.atomic():
        report = _lock(report)
        pending = report.objections.filter(outcome=Objection.Outcome.PENDING).first()
        if report.status == Status.OBJECTION and pending:
            return pending
        check_transition(report, Status.OBJECTION)
        if not report.objection_deadline or calendar.local_date() > report.objection_deadline:
            raise ApplicationError(_("The time to object has passed."))
        objection = Objection.objects.create(
            report=report,
            reason=reason,
            review_due=calendar.local_date() + dt.timedelta(days=settings.OBJECTION_REVIEW_DAYS),
        )
        report.status = Status.OBJECTION
        report.save(update_fields=["status"])
        timeline.record(
            report,
            "reports.objection.submitted",
            actor_label=_("Reporter"),
            visibility=Visibility.PUBLIC,
        )
    return objection


def objection_review(*, objection: Objection, actor, upheld: bool, note: str) -> Report:
    """The office reviews an objection: upheld reopens the investigation with the same unit;
    dismissed closes the case. The reporter reads the decision."""
    note = (note or "").strip()
    if not note:
        raise ApplicationError(_("Write the decision; the reporter reads it."))
    with transaction.atomic():
        report = _lock(objection.report)
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        _require_office(actor, report)
        target = Objection.Outcome.UPHELD if upheld else Objection.Outcome.DISMISSED
        if objection.outcome == target:
            return report
        if objection.outcome != Objection.Outcome.PENDING:
            raise ApplicationError(_("This objection is already decided."))
        objection.outcome = target
        objection.decided_by, objection.decided_at, objection.decision_note = (
            actor,
            timezone.now(),
            note,
        )
        objection.save()
        if upheld:
            check_transition(report, Status.INVESTIGATING)
            report.status, report.concluded_at = Status.INVESTIGATING, None
            report.reply_delivered_at, report.reply_delivery, report.objection_deadline = (
                None,
                "",
                None,
            )
            report.save(
                update_fields=[
                    "status",
                    "concluded_at",
                    "reply_delivered_at",
                    "reply_delivery",
                    "objection_deadline",
                ]
            )
            Conclusion.objects.filter(report=report, status=Conclusion.Status.ACCEPTED).update(
                status=Conclusion.Status.SENT_BACK
            )
        timeline.record(
            report,
            "reports.objection.upheld" if upheld else "reports.objection.dismissed",
            actor=actor,
            visibility=Visibility.PUBLIC,
            note=note,
            data={"public_note": note},
        )
        if not upheld:
            _close(report, actor=actor)
    return report


def _close(report: Report, *, actor=None) -> None:
    check_transition(report, Status.CLOSED)
    report.status, report.closed_at = Status.CLOSED, timezone.now()
    report.save(update_fields=["status", "closed_at"])
    timeline.record(
        report,
        "reports.report.closed",
        actor=actor,
        actor_label="" if actor else _("System"),
        visibility=Visibility.PUBLIC,
    )


def report_close(*, report: Report, actor=None) -> Report:
    """Close a concluded case once the objection window has ended (or when no reply is
    expected). ``actor`` None is the system's own sweep. Repeatable."""
    with transaction.atomic():
        report = _lock(report)
        if actor is not None:
            _require_office(actor, report)
        if report.status == Status.CLOSED:
            return report
        if report.status != Status.CONCLUDED:
            raise ApplicationError(_("Only a concluded case can be closed."))
        if reply_expected(report):
            if not report.reply_delivered_at:
                raise ApplicationError(_("The reply has not been delivered yet."))
            if calendar.local_date() <= report.objection_deadline:
                raise ApplicationError(
                    _("The reporter may object until %(day)s.")
                    % {"day": report.objection_deadline.isoformat()}
                )
        _close(report, actor=actor)
    return report
