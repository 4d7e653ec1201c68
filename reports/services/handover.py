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
from reports.notifications import subject, unit_link
from reports.services.access import _lock, _require_office
from reports.services.investigation import ENFORCEMENT_STATUSES
from reports.services.transitions import check_transition
from units.models import Membership, Role, Unit

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


def _check_texts(report: Report, unit: Unit, reason: str, request: str) -> tuple[str, str]:
    if unit.pk not in {d.pk for d in departments_for(report)}:
        raise ApplicationError(_("Choose a department of the district this township belongs to."))
    reason = disclosure.identity_check(report, reason, field=_("reason for the hand-over"))
    request = disclosure.identity_check(report, request, field=_("what is asked"))
    if not reason or not request:
        raise ApplicationError(
            _("Give the reason for the hand-over and what the department is asked to do.")
        )
    return reason, request


def _tell_department(report: Report, unit: Unit, request: str) -> None:
    people = [
        m.user
        for m in Membership.objects.filter(
            unit=unit, role__in=(Role.OFFICER, Role.HEAD), active=True, user__is_active=True
        ).select_related("user")
    ]
    params = {"number": report.number, "township": report.township.name, "request": request}
    notify.notify_many(
        [
            notify.Message(
                users=people,
                template="case_handed_over",
                text=_("%(township)s handed case %(number)s to your department: %(request)s")
                % params,
                params=params,
                link=unit_link(report),
                subject=subject(report, "acknowledge"),
            )
        ]
    )


def report_hand_over_enforcement(
    *, report: Report, actor, unit: Unit, reason: str, request: str
) -> Report:
    """Hand the case's enforcement matter (立案, penalty) to the district department ``unit``:
    the department sees the case and records the enforcement, as the penalty authority; the
    responsible unit keeps the investigation and the conclusion, the township the rest.

    Raises ApplicationError unless the actor is the case's safety office, the case is past
    acknowledgement (``ENFORCEMENT_STATUSES``, also once concluded), no department holds its
    enforcement yet, the unit is a department of the township's district, and both texts are
    given and carry nothing of the reporter. Repeating it for the same department returns
    the case unchanged."""
    with transaction.atomic():
        report = _lock(report)
        _require_office(actor, report)
        if report.enforcement_unit_id == unit.pk:
            return report
        if report.status not in ENFORCEMENT_STATUSES:
            raise ApplicationError(
                _("The enforcement matter is handed over once the unit has acknowledged the case.")
            )
        if report.enforcement_unit_id:
            raise ApplicationError(_("A department already holds this case's enforcement."))
        reason, request = _check_texts(report, unit, reason, request)
        Handover.objects.create(
            report=report,
            scope=Handover.Scope.ENFORCEMENT,
            from_unit=report.township,
            to_unit=unit,
            previous_unit=report.responsible_unit,
            reason=reason,
            request=request,
            created_by=actor,
        )
        report.enforcement_unit = unit
        report.save(update_fields=["enforcement_unit"])
        timeline.record(
            report,
            "reports.handover.enforcement",
            actor=actor,
            visibility=Visibility.UNIT,
            note=reason,
            data={"unit": unit.name, "request": request},
        )
        _tell_department(report, unit, request)
    return report


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
        reason, request = _check_texts(report, unit, reason, request)
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
        _tell_department(report, unit, request)
    return report
