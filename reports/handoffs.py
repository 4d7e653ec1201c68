"""Hand-offs: every step that puts work on someone tells them at once, in their inbox and
through the channels they chose (e-mail, an SMS template, the unit's group robot); the
reminders (``reports.clocks``) stay the second voice.

Each notice names the piece of work it asks for (its *subject*, "conclusion:12:sign"); the step
that does the work calls ``done`` and the notice leaves every inbox it reached, whoever did it.
Opening the case page reads one's own notices about it (``core.notify.notices_opened``).

Services call these inside their transaction, after the state change: a step repeated (safe
to call twice) returns before reaching them, so nobody is told twice.
"""

from django.utils.translation import gettext as _

from core import notify
from reports.models import Conclusion, Extension, Report
from reports.notifications import Audience, office_link, subject, unit_link
from units.models import Role


def done(*subjects: str) -> None:
    """The work is done: its notices clear for everyone they reached."""
    notify.notices_done(*subjects)


def _date(day) -> str:
    return day.isoformat() if day else ""


def _tell(report: Report, users, template: str, text: str, params: dict, work: str, *, robots=()):
    notify.notify(
        users=users,
        template=template,
        text=text % params,
        params=params,
        link=unit_link(report),
        webhooks=robots,
        subject=work,
    )


def case_transferred(report: Report) -> None:
    """The case reached its unit: its officers and head acknowledge (签收) it."""
    audience = Audience([report])
    params = {
        "number": report.number,
        "unit": report.responsible_unit.name if report.responsible_unit else "",
        "date": _date(report.due_date),
    }
    _tell(
        report,
        audience.unit(report, Role.OFFICER, Role.HEAD),
        "case_transferred",
        _("Case %(number)s was transferred to %(unit)s: acknowledge it and conclude by %(date)s."),
        params,
        subject(report, "acknowledge"),
        robots=audience.robots(report),
    )


def conclusion_to_sign(conclusion: Conclusion) -> None:
    report = conclusion.report
    audience = Audience([report])
    _tell(
        report,
        audience.signers(report),
        "conclusion_to_sign",
        _("Case %(number)s: a proposed conclusion waits for your signature."),
        {"number": report.number},
        subject(conclusion, "sign"),
    )


def conclusion_sent_back(conclusion: Conclusion) -> None:
    """The head did not sign: the officer who proposed it reworks it."""
    report = conclusion.report
    _tell(
        report,
        [conclusion.proposed_by] if conclusion.proposed_by_id else [],
        "conclusion_sent_back",
        _("Case %(number)s: your proposed conclusion was sent back: %(note)s"),
        {"number": report.number, "note": conclusion.review_note},
        subject(report, "propose"),
    )


def conclusion_to_review(conclusion: Conclusion) -> None:
    report = conclusion.report
    audience = Audience([report])
    _tell(
        report,
        audience.office(report),
        "conclusion_to_review",
        _("Case %(number)s: a signed conclusion waits for your review."),
        {"number": report.number},
        subject(conclusion, "review"),
    )


def extension_to_endorse(extension: Extension) -> None:
    report = extension.report
    audience = Audience([report])
    _tell(
        report,
        audience.signers(report),
        "extension_to_endorse",
        _("Case %(number)s: an extension of %(days)s days waits for your endorsement."),
        {"number": report.number, "days": extension.days},
        subject(extension, "endorse"),
    )


def extension_to_approve(extension: Extension) -> None:
    report = extension.report
    audience = Audience([report])
    _tell(
        report,
        audience.leader(report),
        "extension_to_approve",
        _("Case %(number)s: an extension of %(days)s days waits for your approval."),
        {"number": report.number, "days": extension.days},
        subject(extension, "approve"),
    )


def case_returned(report: Report, reason: str) -> None:
    """The unit says the case is not theirs: the office sends it to another unit."""
    audience = Audience([report])
    notify.notify(
        users=audience.office(report),
        template="case_returned",
        text=_("Case %(number)s was returned by %(unit)s: %(reason)s Send it to another unit.")
        % {
            "number": report.number,
            "unit": report.responsible_unit.name if report.responsible_unit else "",
            "reason": reason,
        },
        params={"number": report.number},
        link=office_link(report),
        subject=subject(report, "reroute"),
    )
