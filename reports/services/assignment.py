"""Assigned from above (交办): the district (or city) office assigns a lead it holds to the
township where the problem is, in the system, with its number and deadline.

The lead arrives in the township's queue like any other; the deadline binds (the due date is
the earlier of the two, an extension past it needs the assigning office) and, once the township
concludes, the reply goes back to the assigning office in the system. A lead the district
office registers stays with it until it assigns it or accepts and transfers it itself
(``intake.holding_office``).
"""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from core import calendar, notify, timeline
from core.errors import ApplicationError
from reports import disclosure
from reports.models import Report
from reports.notifications import Audience, office_link, subject
from reports.services.access import _lock, _require_office
from units.models import Role, Unit

Status = Report.Status
Visibility = timeline.Visibility


def report_assign(*, report: Report, actor, township: Unit, number: str, deadline: date) -> Report:
    """Assign a lead the district office holds to ``township`` with the district's ``number``
    and ``deadline``.

    Raises ApplicationError unless the actor is the office holding the lead, the lead awaits
    acceptance, the township is the one where the problem is, the number is given and the
    deadline is a date to come. Repeating it for the same township returns the case unchanged.
    """
    with transaction.atomic():
        report = _lock(report)
        _require_office(actor, report)
        if report.assigned_by_id and report.township_id == township.pk:
            return report
        office = report.township
        if office.kind not in Unit.TOP_KINDS or report.status != Status.SUBMITTED:
            raise ApplicationError(
                _("Only a lead the district office holds, not yet accepted, can be assigned.")
            )
        if township.kind != Unit.Kind.TOWNSHIP or not report.village.path.startswith(township.path):
            raise ApplicationError(_("Assign the lead to the township where the problem is."))
        # The unit reads the number with the case: it must not carry the reporter.
        number = disclosure.identity_check(report, number, field=_("assignment number"))
        if not number:
            raise ApplicationError(_("Give the number of the assignment (交办单号)."))
        if deadline is None or deadline <= calendar.local_date():
            raise ApplicationError(_("The deadline must be a date to come."))
        clash = (
            Report.objects.filter(assigned_by=office, external_number=number)
            .exclude(pk=report.pk)
            .first()
        )
        if clash is not None:
            raise ApplicationError(
                _("Number %(number)s is already used for case %(case)s.")
                % {"number": number, "case": clash.number}
            )
        report.township, report.assigned_by = township, office
        report.upstream_body = office.public_name
        report.external_number, report.upstream_deadline = number, deadline
        report.save(
            update_fields=[
                "township",
                "assigned_by",
                "upstream_body",
                "external_number",
                "upstream_deadline",
            ]
        )
        timeline.record(
            report,
            "reports.report.assigned",
            actor=actor,
            visibility=Visibility.UNIT,
            data={
                "office": office.public_name,
                "township": township.name,
                "number": number,
                "deadline": deadline.isoformat(),
            },
        )
        # The office that held it is done with it: its "new lead" notice clears.
        notify.notices_done(subject(report, "accept"))
        audience = Audience([report])
        params = {
            "office": office.public_name,
            "number": number,
            "case": report.number,
            "deadline": deadline.isoformat(),
        }
        notify.notify_many(
            [
                notify.Message(
                    users=audience.office(report),
                    template="case_assigned",
                    text=_(
                        "%(office)s assigned lead %(case)s (%(number)s) to your township; "
                        "answer by %(deadline)s."
                    )
                    % params,
                    params=params,
                    link=office_link(report),
                    subject=subject(report, "accept"),
                )
            ]
        )
    return report


def tell_assigning_office(report: Report) -> None:
    """The township concluded an assigned lead: its reply goes back to the assigning office,
    in its inbox (the case page shows the reply; the PDF stays for paper)."""
    office = report.assigned_by
    if office is None:
        return
    from units.models import Membership

    people = [
        m.user
        for m in Membership.objects.filter(
            unit=office, role=Role.INTAKE, active=True, user__is_active=True
        ).select_related("user")
    ]
    params = {
        "township": report.township.public_name,
        "number": report.external_number,
        "case": report.number,
    }
    notify.notify_many(
        [
            notify.Message(
                users=people,
                template="assignment_answered",
                text=_(
                    "%(township)s answered lead %(case)s (%(number)s): the reply is on the case."
                )
                % params,
                params=params,
                link=office_link(report),
            )
        ]
    )
