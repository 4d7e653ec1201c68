"""The case's one extension: asked by the unit, endorsed by its head, approved by the township
leader, and for a case assigned from above that would pass the assigning body's deadline,
approved by that body too (the office records it).

Every step is one function: it locks the case row, checks who may do it, records a timeline
entry, and returns quietly when the same step is repeated.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import calendar, notify, timeline
from core.errors import ApplicationError, required
from reports import handoffs
from reports.models import (
    Extension,
    Report,
)
from reports.notifications import Audience, office_link, unit_link
from reports.services.access import (
    _label,
    _lock,
    _require_leader,
    _require_office,
    _require_unit,
)
from reports.services.dates import extended_due_date, passes_upstream_deadline
from units import permissions
from units.models import Membership, Role
from units.permissions import Perm

Status = Report.Status
Visibility = timeline.Visibility


def extension_request(*, report: Report, actor, days: int, reason: str) -> Extension:
    """Ask for the case's one extension (at most ``EXTENSION_MAX_DAYS`` days, with a reason).

    On a case assigned from above, a request that would pass the assigning body's deadline is
    marked as needing the body's approval (DESIGN §2, domain rules §8)."""
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
        needs_body = passes_upstream_deadline(report, extended_due_date(report, days))
        extension = Extension.objects.create(
            report=report,
            days=days,
            reason=reason,
            requested_by=actor,
            needs_body_approval=needs_body,
        )
        data: dict[str, Any] = {"days": days}
        if needs_body:
            data.update(
                needs_body_approval=True,
                upstream_deadline=required(
                    report.upstream_deadline, "only an upstream case needs the body"
                ).isoformat(),
            )
        timeline.record(
            report,
            "reports.extension.requested",
            actor=actor,
            actor_label=_label(actor, acting_as),
            visibility=Visibility.UNIT,
            note=reason,
            data=data,
        )
        handoffs.extension_to_endorse(extension)
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
            if extension.status in _PAST_THE_HEAD and approve:
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
        handoffs.done(handoffs.subject(extension, "endorse"))
        if approve:
            handoffs.extension_to_approve(extension)
    return extension


_PAST_THE_HEAD = (
    Extension.Status.ENDORSED,
    Extension.Status.AWAITING_BODY,
    Extension.Status.APPROVED,
)


def extension_decide(*, extension: Extension, actor, approve: bool, note: str = "") -> Extension:
    """The township leader approves an endorsed extension (the due date moves, by the case's
    own policy) or refuses it. The reporter is told the reason on /track/.

    On a case assigned from above, an extension that would pass the assigning body's deadline
    does not stand on the leader's approval: it waits for the body's (status "awaiting the
    assigning body", the due date unchanged), and the unit and the safety office are told."""
    with transaction.atomic():
        report = _lock(extension.report)
        extension = Extension.objects.select_for_update().get(pk=extension.pk)
        _require_leader(actor, report)
        target = Extension.Status.APPROVED if approve else Extension.Status.REFUSED
        if extension.status == target or (
            approve and extension.status == Extension.Status.AWAITING_BODY
        ):
            return extension
        if extension.status != Extension.Status.ENDORSED:
            raise ApplicationError(_("This request is not waiting for the leader."))
        extension.decided_by, extension.decided_at, extension.decision_note = (
            actor,
            timezone.now(),
            note,
        )
        new_due = extended_due_date(report, extension.days)
        if approve and passes_upstream_deadline(report, new_due):
            extension.status, extension.needs_body_approval = Extension.Status.AWAITING_BODY, True
            extension.save()
            handoffs.done(handoffs.subject(extension, "approve"))
            _awaiting_body(report, extension, actor=actor, asked=new_due)
            return extension
        extension.status = target
        handoffs.done(handoffs.subject(extension, "approve"))
        if approve:
            extension.old_due_date, extension.new_due_date = report.due_date, new_due
            report.due_date = new_due
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


def _body(report: Report) -> str:
    return report.upstream_body or report.get_channel_display()


def _tell_unit(report: Report, template: str, text: str, params: dict, *, office: bool = False):
    audience = Audience([report])
    messages = [
        notify.Message(
            users=audience.unit(report, Role.OFFICER, Role.HEAD),
            template=template,
            text=text % params,
            params=params,
            link=unit_link(report),
        )
    ]
    if office:
        messages.append(
            notify.Message(
                users=audience.office(report),
                template=template,
                text=text % params,
                params=params,
                link=office_link(report),
            )
        )
    notify.notify_many(messages)


UPSTREAM_RULE = "an extension awaiting the assigning body is on an upstream case"


def _awaiting_body(report: Report, extension: Extension, *, actor, asked: date) -> None:
    params = {
        "number": report.number,
        "date": asked.isoformat(),
        "body": _body(report),
        "deadline": required(
            report.upstream_deadline, "an extension awaiting the body is on an upstream case"
        ).isoformat(),
    }
    timeline.record(
        report,
        "reports.extension.awaiting_body",
        actor=actor,
        visibility=Visibility.UNIT,
        note=extension.decision_note,
        data={"days": extension.days, **params},
    )
    _tell_unit(
        report,
        "extension_awaiting_body",
        _(
            "Case %(number)s: the leader approved an extension to %(date)s, past the deadline "
            "of %(body)s (%(deadline)s). It stands once %(body)s approves it and the safety "
            "office records that approval; until then the case stays due %(deadline)s."
        ),
        params,
        office=True,
    )
    if report.assigned_by_id:
        above = Membership.objects.filter(
            unit_id=report.assigned_by_id, role=Role.INTAKE, active=True, user__is_active=True
        ).select_related("user")
        notify.notify_many(
            [
                notify.Message(
                    users=[m.user for m in above],
                    template="extension_awaiting_body",
                    text=_(
                        "Case %(number)s asks to extend past your deadline of %(deadline)s, to "
                        "%(date)s: decide on the case page."
                    )
                    % params,
                    params=params,
                    link=office_link(report),
                )
            ]
        )


def extension_body_decide(
    *,
    extension: Extension,
    actor,
    approve: bool,
    decided_by: str,
    decided_on: date | None,
    reference: str,
    new_deadline: date | None = None,
    note: str = "",
) -> Extension:
    """The assigning body's answer to an extension that passes its deadline: recorded by the
    safety office for a ticket that came on paper (who decided there, on which day, the
    reference of its reply, and, when it gave one, its new deadline), or given in the system by
    the district office that assigned the lead (交办), which alone may decide it.

    Approved: the due date moves by the case's own policy, never beyond the body's new
    deadline, and the case's upstream deadline becomes what the body approved (the old one is
    kept on the extension). Refused: the due date stays and the unit may ask again. Both are
    on the timeline and told to the unit. Raises ApplicationError unless the actor is the
    case's safety office and the extension waits for the body; repeating the same decision
    changes nothing."""
    decided_by, reference, note = (decided_by or "").strip(), (reference or "").strip(), note
    with transaction.atomic():
        report = _lock(extension.report)
        extension = Extension.objects.select_for_update().get(pk=extension.pk)
        if report.assigned_by_id:
            # Assigned in the system (交办): the assigning office decides here itself; the
            # township cannot extend past its deadline on its own.
            office = required(report.assigned_by, "an assigned case has its office")
            permissions.require(actor, Perm.TRIAGE, office)
            decided_by = decided_by or office.public_name
            decided_on = decided_on or calendar.local_date()
            reference = reference or report.external_number
        else:
            _require_office(actor, report)
        target = Extension.Status.APPROVED if approve else Extension.Status.REFUSED
        if extension.body_recorded_at and extension.status == target:
            return extension
        if extension.status != Extension.Status.AWAITING_BODY:
            raise ApplicationError(_("This extension is not waiting for the assigning body."))
        if not decided_by:
            raise ApplicationError(_("Say who at the assigning body decided."))
        if not reference:
            raise ApplicationError(
                _("Give the reference (document number) of the assigning body's reply.")
            )
        if decided_on is None or decided_on > calendar.local_date():
            raise ApplicationError(_("The assigning body's decision cannot be in the future."))
        deadline = required(
            report.upstream_deadline, "an extension awaiting the body is on an upstream case"
        )
        if new_deadline is not None and new_deadline <= deadline:
            raise ApplicationError(
                _("The assigning body's new deadline must be after its current one (%(date)s).")
                % {"date": deadline.isoformat()}
            )
        extension.body_decided_by, extension.body_decided_on = decided_by, decided_on
        extension.body_reference, extension.body_note = reference, (note or "").strip()
        extension.body_deadline = new_deadline
        extension.body_recorded_by, extension.body_recorded_at = actor, timezone.now()
        extension.status = target
        params = {"number": report.number, "body": _body(report), "reference": reference}
        if approve:
            new_due = extended_due_date(report, extension.days)
            if new_deadline is not None and new_deadline < new_due:
                new_due = new_deadline
            extension.old_due_date, extension.new_due_date = report.due_date, new_due
            extension.previous_upstream_deadline = deadline
            report.due_date, report.upstream_deadline = new_due, new_deadline or new_due
            report.save(update_fields=["due_date", "upstream_deadline"])
            params["date"] = new_due.isoformat()
        else:
            params["date"] = required(
                report.due_date, "an accepted case has a due date"
            ).isoformat()
        extension.save()
        timeline.record(
            report,
            "reports.extension.approved" if approve else "reports.extension.body_refused",
            actor=actor,
            visibility=Visibility.PUBLIC if approve else Visibility.UNIT,
            note=extension.body_note,
            data={
                "days": extension.days,
                "body": params["body"],
                "body_reference": reference,
                "body_decided_on": decided_on.isoformat(),
                "due_date": params["date"],
                **({"public_note": extension.reason} if approve else {}),
            },
        )
        if approve:
            text = _(
                "Case %(number)s: %(body)s approved the extension (%(reference)s); the case "
                "is now due %(date)s."
            )
        else:
            text = _(
                "Case %(number)s: %(body)s did not approve the extension (%(reference)s); "
                "the case stays due %(date)s."
            )
        _tell_unit(report, "extension_body_decided", text, params)
    return extension
