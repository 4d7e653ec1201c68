"""Hand-over (移送): the township that accepted a case hands it to a district department.

The department becomes the responsible unit and works the case in ``/unit/`` like any unit
(acknowledge, investigate, record enforcement with its penalty authority, propose and sign the
conclusion). The township stays the case's office: it reviews the conclusion, answers the
reporter, and its leader approves an extension. The due date keeps running, and who pays the
reward does not change (谁受理、谁奖励: the accepting township, ``rewards.services.payer_for``).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import notify, timeline
from core.errors import ApplicationError
from reports import disclosure
from reports.models import Handover, Report
from reports.notifications import Audience, unit_link
from reports.services.access import _lock, _require_office
from reports.services.transitions import check_transition
from units.models import Role, Unit

Status = Report.Status
Visibility = timeline.Visibility

# A case is handed over while a unit holds it: before acknowledgement, during the
# investigation, or after the unit returned it as not theirs.
HANDOVER_SOURCES = frozenset({Status.TRANSFERRED, Status.INVESTIGATING, Status.RETURNED})


def departments_for(report: Report) -> list[Unit]:
    """The district departments a case may be handed to: the active departments of the
    districts above its township."""
    districts = [pk for pk in report.township.ancestor_ids if pk != report.township_id]
    return list(
        Unit.objects.active()
        .filter(kind=Unit.Kind.DEPARTMENT, parent_id__in=districts)
        .order_by("sort_order", "name")
    )


def report_hand_over(*, report: Report, actor, unit: Unit, reason: str, request: str) -> Report:
    """Hand the case to the district department ``unit`` with the ``reason`` and what the
    township asks it to do (``request``: for example 立案查处).

    Raises ApplicationError unless the actor is the case's safety office, a unit holds the case
    (transferred, investigating or returned), the unit is a department of the township's
    district, and both texts are given and carry nothing of the reporter. Repeating it for
    the same department returns the case unchanged."""
    with transaction.atomic():
        report = _lock(report)
        _require_office(actor, report)
        if (
            report.status == Status.TRANSFERRED
            and report.responsible_unit_id == unit.pk
            and report.handovers.filter(to_unit=unit).exists()
        ):
            return report
        check_transition(report, Status.TRANSFERRED, sources=HANDOVER_SOURCES)
        if unit.pk not in {d.pk for d in departments_for(report)}:
            raise ApplicationError(
                _("Choose a department of the district this township belongs to.")
            )
        reason = disclosure.identity_check(report, reason, field=_("reason for the hand-over"))
        request = disclosure.identity_check(report, request, field=_("what is asked"))
        if not reason or not request:
            raise ApplicationError(
                _("Give the reason for the hand-over and what the department is asked to do.")
            )
        previous = report.responsible_unit
        Handover.objects.create(
            report=report,
            from_unit=report.township,
            to_unit=unit,
            previous_unit=previous,
            reason=reason,
            request=request,
            created_by=actor,
        )
        report.status, report.responsible_unit = Status.TRANSFERRED, unit
        report.transferred_at, report.acknowledged_at, report.returned_at = (
            timezone.now(),
            None,
            None,
        )
        report.save(
            update_fields=[
                "status",
                "responsible_unit",
                "transferred_at",
                "acknowledged_at",
                "returned_at",
            ]
        )
        timeline.record(
            report,
            "reports.report.handed_over",
            actor=actor,
            visibility=Visibility.PUBLIC,
            data={"unit": unit.name},
        )
        timeline.record(
            report,
            "reports.handover.asked",
            actor=actor,
            visibility=Visibility.UNIT,
            note=reason,
            data={
                "unit": unit.name,
                "previous": previous.name if previous else "",
                "request": request,
            },
        )
        audience = Audience([report])
        params = {"number": report.number, "township": report.township.name, "request": request}
        notify.notify_many(
            [
                notify.Message(
                    users=audience.unit(report, Role.OFFICER, Role.HEAD),
                    template="case_handed_over",
                    text=_("%(township)s handed case %(number)s to your department: %(request)s")
                    % params,
                    params=params,
                    link=unit_link(report),
                )
            ]
        )
    return report
