"""The cases each clock finds on a day: acceptance and transfer, the due date, approvals
waiting, objections and upstream deadlines."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import (
    CharField,
    Exists,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils.translation import gettext as _

from core import calendar
from reports.clocks.clock import Recipients, S, _date, _fixed, _office, _unit_people
from reports.models import Objection, Report
from reports.notifications import Audience
from reports.services import reports_list_overdue
from units.models import Role


# ------------------------------------------------------------------------------
# Acceptance and transfer
# ------------------------------------------------------------------------------
def _acceptance_overdue(today: date) -> QuerySet:
    return _fixed(Report.objects.filter(status=S.SUBMITTED, acceptance_due__lt=today), "due")


def _acceptance_escalated(today: date) -> QuerySet:
    cutoff = calendar.working_days_cutoff(today, settings.ACCEPTANCE_ESCALATION_WORKING_DAYS)
    return _fixed(
        Report.objects.filter(status=S.SUBMITTED, acceptance_due__lt=cutoff),
        f"+{settings.ACCEPTANCE_ESCALATION_WORKING_DAYS}w",
    )


def _returned_waiting(today: date) -> QuerySet:
    """受理即转 in this model: acceptance and transfer are one step, so the wait for a transfer
    is a returned case waiting to be re-routed."""
    cutoff = calendar.working_days_cutoff(today, settings.REROUTE_WORKING_DAYS)
    return Report.objects.filter(
        status=S.RETURNED, returned_at__lt=calendar.day_start(cutoff)
    ).annotate(threshold=Cast("returned_at", output_field=CharField()))


def _not_acknowledged(today: date) -> QuerySet:
    cutoff = calendar.working_days_cutoff(today, settings.ACKNOWLEDGE_WORKING_DAYS)
    return Report.objects.filter(
        status=S.TRANSFERRED, transferred_at__lt=calendar.day_start(cutoff)
    ).annotate(threshold=Cast("transferred_at", output_field=CharField()))


# ------------------------------------------------------------------------------
# The due date
# ------------------------------------------------------------------------------
_UNIT_SIDE = (S.TRANSFERRED, S.INVESTIGATING, S.RETURNED, S.OBJECTION)


# How far ahead a run of non-working days is looked for (the longest holiday is 9 days).
_LONGEST_BREAK = 31


def reminder_horizon(today: date) -> date | None:
    """The last day whose date reminders go out today: today, and the non-working days that
    follow it up to the next working day (their reminders go out on the working day before
    them). None on a non-working day: no date reminder goes out."""
    if not calendar.is_working_day(today):
        return None
    horizon = today
    while horizon - today < timedelta(days=_LONGEST_BREAK) and not calendar.is_working_day(
        horizon + timedelta(days=1)
    ):
        horizon += timedelta(days=1)
    return horizon


def _nothing() -> QuerySet:
    return _fixed(Report.objects.none(), "")


def _dated(queryset: QuerySet, days: int, field: str) -> QuerySet:
    """The threshold "<days>:<the date>", so a date that moves is reminded again."""
    return queryset.annotate(
        threshold=Concat(Value(f"{days}:"), Cast(field, output_field=CharField()))
    )


def _before(field: str, statuses, days: int, smaller: int) -> Callable[[date], QuerySet]:
    """``field`` (a date) is ``days`` days away or less by the horizon, and not yet within
    the next smaller threshold, which is more urgent and replaces this one."""

    def candidates(today: date) -> QuerySet:
        horizon = reminder_horizon(today)
        if horizon is None:
            return _nothing()
        return _dated(
            Report.objects.filter(
                status__in=statuses,
                **{
                    f"{field}__lte": horizon + timedelta(days=days),
                    f"{field}__gt": horizon + timedelta(days=smaller),
                },
            ),
            days,
            field,
        )

    return candidates


def _due_soon(days: int, smaller: int) -> Callable[[date], QuerySet]:
    return _before("due_date", _UNIT_SIDE, days, smaller)


def _due_today(today: date) -> QuerySet:
    """Due today, or on the non-working days before the next working day (announced now)."""
    horizon = reminder_horizon(today)
    if horizon is None:
        return _nothing()
    return _dated(
        Report.objects.filter(
            status__in=Report.RUNNING_STATUSES, due_date__gte=today, due_date__lte=horizon
        ),
        0,
        "due_date",
    )


def _due_today_words(report: Report, today: date) -> tuple[str, dict[str, Any]]:
    params = {"number": report.number, "date": _date(report.due_date)}
    if report.due_date == today:
        return _("Case %(number)s is due today, %(date)s."), params
    return (
        _(
            "Case %(number)s is due on %(date)s, a holiday or rest day: today is the last "
            "working day before it."
        ),
        params,
    )


def _overdue(today: date) -> QuerySet:
    days = settings.OVERDUE_LISTING_DAYS
    return _fixed(
        Report.objects.filter(
            status__in=Report.RUNNING_STATUSES, due_date__lte=today - timedelta(days=days)
        ),
        f"-{days}",
    )


def _list_overdue(reports: list[Report], audience: Audience, today: date) -> None:
    """Listed supervision starts by itself for cases not listed yet, under the township
    leader."""
    reason = _("%(days)s days overdue: listed for supervision automatically.") % {
        "days": settings.OVERDUE_LISTING_DAYS
    }
    supervisors: dict[int, int | None] = {}
    for report in reports:
        if not report.listed_at:
            leaders = audience.leader(report)
            supervisors[report.pk] = leaders[0].pk if leaders else None
    if supervisors:
        reports_list_overdue(supervisors=supervisors, reason=reason)


def _overdue_recipients(report: Report, audience: Audience) -> list[Recipients]:
    notice = reverse("reports:unit-notice", args=[report.number])
    return [
        (audience.unit(report, Role.OFFICER, Role.HEAD), audience.robots(report), notice),
        (audience.leader(report), [], notice),
    ]


# ------------------------------------------------------------------------------
# Approvals waiting
# ------------------------------------------------------------------------------
def _waiting(model, status: str, since: str, report_statuses) -> Callable:
    """Cases with an extension or conclusion in ``status`` since before the cutoff; the
    threshold is that object's id, so a later stage or a new request is reminded again."""

    def candidates(today: date) -> QuerySet:
        cutoff = calendar.day_start(
            calendar.working_days_cutoff(today, settings.APPROVAL_WORKING_DAYS)
        )
        waiting = model.objects.filter(
            report=OuterRef("pk"), status=status, **{f"{since}__lt": cutoff}
        ).order_by("pk")
        return (
            Report.objects.filter(status__in=report_statuses)
            .filter(Exists(waiting))
            .annotate(threshold=Cast(Subquery(waiting.values("pk")[:1]), output_field=CharField()))
        )

    return candidates


# ------------------------------------------------------------------------------
# Objection, upstream deadline
# ------------------------------------------------------------------------------
def _objection_review_due(today: date) -> QuerySet:
    pending = Objection.objects.filter(
        report=OuterRef("pk"),
        outcome=Objection.Outcome.PENDING,
        review_due__lte=today + timedelta(days=settings.OBJECTION_REVIEW_REMINDER_DAYS),
    )
    return _fixed(
        Report.objects.filter(status=S.OBJECTION).filter(Exists(pending)),
        str(settings.OBJECTION_REVIEW_REMINDER_DAYS),
    )


def _upstream_due(days: int, smaller: int) -> Callable[[date], QuerySet]:
    dated = _before("upstream_deadline", (S.SUBMITTED, *Report.RUNNING_STATUSES), days, smaller)

    def candidates(today: date) -> QuerySet:
        return dated(today).assigned_from_above()

    return candidates


def _both(report: Report, audience: Audience) -> list[Recipients]:
    people = [_office(report, audience)]
    if report.responsible_unit_id:
        people.append(_unit_people(report, audience, Role.OFFICER, Role.HEAD))
    return people
