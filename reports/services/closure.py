"""Conclusion (proposed, signed, reviewed), the reply and its delivery, the objection, and
closure.

Every transition is one function: it locks the case row (``select_for_update``), checks who
may do it and ``ALLOWED_TRANSITIONS``, records a timeline entry, and returns quietly when the
same step is repeated.
"""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import calendar, timeline
from core.errors import ApplicationError, required
from core.images import CleanImage, CleanOriginal
from reports import disclosure, events, handoffs
from reports.models import (
    Attachment,
    Conclusion,
    Objection,
    Report,
)
from reports.notifications import tell_reporters
from reports.services.access import (
    _label,
    _lock,
    _require_office,
    _require_unit,
)
from reports.services.assignment import tell_assigning_office
from reports.services.files import attachments_store
from reports.services.transitions import check_transition

Status = Report.Status
Visibility = timeline.Visibility


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
        attachments_store(report, evidence, kind=Attachment.Kind.EVIDENCE, actor=actor)
        if signed_slip is not None:
            attachments_store(report, [signed_slip], kind=Attachment.Kind.SIGNED_SLIP, actor=actor)
        timeline.record(
            report,
            "reports.conclusion.proposed",
            actor=actor,
            actor_label=_label(actor, acting_as),
            visibility=Visibility.UNIT,
            data={"verdict": verdict},
        )
        handoffs.done(handoffs.subject(report, "propose"))
        handoffs.conclusion_to_sign(conclusion)
    return conclusion


def conclusion_withdraw(*, conclusion: Conclusion, actor) -> None:
    """The unit takes back a proposal its head has not signed, to change it."""
    with transaction.atomic():
        report = _lock(conclusion.report)
        _require_unit(actor, report)
        conclusion = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
        if conclusion.status != Conclusion.Status.PROPOSED:
            raise ApplicationError(_("Only an unsigned proposal can be taken back."))
        handoffs.done(handoffs.subject(conclusion, "sign"))
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
        handoffs.done(handoffs.subject(conclusion, "sign"))
        handoffs.conclusion_to_review(conclusion)
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
        handoffs.done(handoffs.subject(conclusion, "sign"))
        handoffs.conclusion_sent_back(conclusion)
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
        # The unit reads the note (a reply to the reporter too, when it concludes).
        note = disclosure.identity_check(report, note, field=_("review note"))
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
            check_transition(report, Status.INVESTIGATING, sources={Status.UNDER_REVIEW})
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
            handoffs.done(handoffs.subject(conclusion, "review"))
            handoffs.conclusion_sent_back(conclusion)
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
        handoffs.done(handoffs.subject(conclusion, "review"))
        events.case_inputs_final.send(report.pk)
        tell_assigning_office(report)
        if reply_expected(report):
            tell_reporters(report, "case_concluded")
        else:
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
        # The reporter reads the decision, and so does the unit on the case's timeline.
        note = disclosure.identity_check(report, note, field=_("decision on the objection"))
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
            check_transition(report, Status.INVESTIGATING, sources={Status.OBJECTION})
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
        if upheld:
            # Other apps react in this same transaction (the reward is suspended with it).
            events.case_reopened.send(report.pk)
        else:
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
            until = required(report.objection_deadline, "a delivered reply sets the deadline")
            if calendar.local_date() <= until:
                raise ApplicationError(
                    _("The reporter may object until %(day)s.") % {"day": until.isoformat()}
                )
        _close(report, actor=actor)
    return report
