"""The clocks of the lifecycle: every reminder and escalation comes from a sweep over the
database, never from an ETA task (DESIGN §3, §7).

Each ``Clock`` says which cases qualify on a given day, the threshold that makes a reminder
unique (with the case and the kind), who is told, in which words, and an optional action
(listed supervision after 7 days overdue). ``clocks_sweep`` runs them all in batches through
``core.reminders``, which records each reminder once per case, kind and threshold and tells
only what this batch recorded, so a reminder is sent once however often the sweep runs or
retries. A batch costs the same few queries whatever its size or the number of cases.

Offsets are settings. Working days (W) come from the holiday table; days before and after the
due date (D) are calendar days in Asia/Shanghai.

The reminders about a date (T-15, T-5, T-1 and "due today" before the due date; those before
the assigning body's deadline) go out on working days only: a reminder whose day is not a
working day goes out on the last working day before it, with the real number of days left,
and on a non-working day none goes out. So "due today" is never said on a holiday: after the
holiday table is applied a rolled-over due date is a working day, and a date that stays on a
holiday (a policy without rollover, an assigning body's own deadline) is announced the working
day before, in words that say so. Their threshold carries the date, so a due date that moves
(an extension, a change of the holiday table) is reminded again for its new date.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
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
from django.utils.translation import override

from core import calendar, notify, reminders
from core.errors import ApplicationError
from core.models import TimelineEntry
from reports.models import Conclusion, Extension, Objection, Report
from reports.notifications import Audience, office_link, unit_link
from reports.services import report_close, reports_list_overdue
from units.models import Role

logger = logging.getLogger(__name__)
S = Report.Status
Visibility = TimelineEntry.Visibility

# Who hears, for one case: (people, group-robot webhooks, link).
Recipients = tuple[list, list[str], str]


@dataclass(frozen=True)
class Clock:
    kind: str
    # The cases that qualify today, annotated with ``threshold`` (a string).
    candidates: Callable[[date], QuerySet]
    # The words: (text, parameters) for one case.
    words: Callable[[Report, date], tuple[str, dict[str, Any]]]
    # Who hears about one case.
    recipients: Callable[[Report, Audience], list[Recipients]]
    visibility: str = Visibility.UNIT
    # Done to the whole batch before telling anyone (in the same transaction).
    action: Callable[[list[Report], Audience, date], None] | None = None
    # More relations to load with the batch's cases (what ``words`` and ``recipients`` read).
    related: tuple[str, ...] = ()


def _fixed(queryset: QuerySet, threshold: str) -> QuerySet:
    return queryset.annotate(threshold=Value(threshold, output_field=CharField()))


def _unit_people(report: Report, audience: Audience, *roles) -> Recipients:
    return (audience.unit(report, *roles), audience.robots(report), unit_link(report))


def _office(report: Report, audience: Audience) -> Recipients:
    return (audience.office(report), [], office_link(report))


def _leader(report: Report, audience: Audience) -> Recipients:
    return (audience.leader(report), [], unit_link(report) if report.accepted_at else "")


def _date(day: date | None) -> str:
    return day.isoformat() if day else ""


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
        return dated(today).filter(source=Report.Source.UPSTREAM)

    return candidates


def _both(report: Report, audience: Audience) -> list[Recipients]:
    people = [_office(report, audience)]
    if report.responsible_unit_id:
        people.append(_unit_people(report, audience, Role.OFFICER, Role.HEAD))
    return people


# ------------------------------------------------------------------------------
# The clocks
# ------------------------------------------------------------------------------
def _thresholds(days: list[int]) -> list[tuple[int, int]]:
    """[15, 5, 1] → (15, 5), (5, 1), (1, 0): each threshold with the next smaller one (the
    last with the day itself, which "due today" announces)."""
    ordered = sorted({d for d in days if d > 0}, reverse=True)
    return list(zip(ordered, [*ordered[1:], 0], strict=True))


def build_clocks() -> list[Clock]:
    """The clocks with today's settings."""
    n = lambda r: {"number": r.number}  # noqa: E731
    clocks = [
        Clock(
            "acceptance_overdue",
            _acceptance_overdue,
            lambda r, t: (
                _("Case %(number)s is not accepted yet; the deadline was %(date)s."),
                {**n(r), "date": _date(r.acceptance_due)},
            ),
            lambda r, a: [_office(r, a)],
            visibility=Visibility.OFFICE,
        ),
        Clock(
            "acceptance_escalated",
            _acceptance_escalated,
            lambda r, t: (
                _("Case %(number)s is still not accepted; the deadline was %(date)s."),
                {**n(r), "date": _date(r.acceptance_due)},
            ),
            lambda r, a: [_leader(r, a), _office(r, a)],
            visibility=Visibility.OFFICE,
        ),
        Clock(
            "reroute_waiting",
            _returned_waiting,
            lambda r, t: (
                _(
                    "Case %(number)s was returned by its unit; send it to another unit "
                    "(due %(date)s)."
                ),
                {**n(r), "date": _date(r.due_date)},
            ),
            lambda r, a: [_office(r, a)],
            visibility=Visibility.OFFICE,
        ),
        Clock(
            "not_acknowledged",
            _not_acknowledged,
            lambda r, t: (
                _(
                    "Case %(number)s was transferred to your unit and is not acknowledged "
                    "yet; due %(date)s."
                ),
                {**n(r), "date": _date(r.due_date)},
            ),
            lambda r, a: [_unit_people(r, a, Role.OFFICER, Role.HEAD)],
        ),
    ]
    for days, smaller in _thresholds(settings.DUE_REMINDER_DAYS):
        clocks.append(
            Clock(
                f"due_in_{days}",
                _due_soon(days, smaller),
                lambda r, t: (
                    _("Case %(number)s is due in %(days)s days, on %(date)s."),
                    {**n(r), "days": (r.due_date - t).days, "date": _date(r.due_date)},
                ),
                lambda r, a: [_unit_people(r, a)],
            )
        )
    clocks += [
        Clock(
            "due_today",
            _due_today,
            _due_today_words,
            lambda r, a: [_unit_people(r, a, Role.HEAD), _office(r, a)],
        ),
        Clock(
            "overdue_listed",
            _overdue,
            lambda r, t: (
                _(
                    "Case %(number)s is %(days)s days overdue (due %(date)s) and is listed "
                    "for supervision; read the supervision notice."
                ),
                {**n(r), "days": (t - r.due_date).days, "date": _date(r.due_date)},
            ),
            _overdue_recipients,
            action=_list_overdue,
        ),
        Clock(
            "extension_to_endorse",
            _waiting(Extension, Extension.Status.REQUESTED, "requested_at", _UNIT_SIDE),
            lambda r, t: (
                _("Case %(number)s: an extension request waits for your endorsement."),
                n(r),
            ),
            lambda r, a: [(a.unit(r, Role.HEAD), [], unit_link(r))],
        ),
        Clock(
            "extension_to_approve",
            _waiting(Extension, Extension.Status.ENDORSED, "endorsed_at", _UNIT_SIDE),
            lambda r, t: (_("Case %(number)s: an extension waits for your approval."), n(r)),
            lambda r, a: [(a.leader(r), [], unit_link(r))],
        ),
        Clock(
            "extension_awaiting_body",
            _waiting(Extension, Extension.Status.AWAITING_BODY, "decided_at", _UNIT_SIDE),
            lambda r, t: (
                _(
                    "Case %(number)s: an extension approved by the leader waits for the "
                    "assigning body's approval; record it when it comes."
                ),
                n(r),
            ),
            lambda r, a: [_office(r, a)],
            visibility=Visibility.OFFICE,
        ),
        Clock(
            "conclusion_to_sign",
            _waiting(Conclusion, Conclusion.Status.PROPOSED, "proposed_at", (S.INVESTIGATING,)),
            lambda r, t: (
                _("Case %(number)s: a proposed conclusion waits for your signature."),
                n(r),
            ),
            lambda r, a: [(a.unit(r, Role.HEAD), [], unit_link(r))],
        ),
        Clock(
            "conclusion_to_review",
            _waiting(Conclusion, Conclusion.Status.SIGNED, "signed_at", (S.UNDER_REVIEW,)),
            lambda r, t: (_("Case %(number)s: a signed conclusion waits for your review."), n(r)),
            lambda r, a: [_office(r, a)],
            visibility=Visibility.OFFICE,
        ),
        Clock(
            "objection_review_due",
            _objection_review_due,
            lambda r, t: (
                _("Case %(number)s: the reporter's objection must be reviewed soon."),
                n(r),
            ),
            lambda r, a: [_office(r, a)],
            visibility=Visibility.OFFICE,
        ),
    ]
    for days, smaller in _thresholds(settings.UPSTREAM_REMINDER_DAYS):
        clocks.append(
            Clock(
                f"upstream_due_in_{days}",
                _upstream_due(days, smaller),
                lambda r, t: (
                    _("Case %(number)s must be answered to the assigning body by %(date)s."),
                    {**n(r), "date": _date(r.upstream_deadline)},
                ),
                _both,
            )
        )
    from reports.extensions import extra_clocks

    return clocks + extra_clocks()


# ------------------------------------------------------------------------------
# The sweep
# ------------------------------------------------------------------------------
def _fire(clock: Clock, candidates: list[dict], today: date) -> int:
    """Record, act on and announce one batch; returns how many reminders this call sent."""
    with transaction.atomic():
        sent = reminders.record(
            clock.kind, Report, [(c["pk"], "", c["threshold"]) for c in candidates]
        )
        fired = list(
            Report.objects.filter(pk__in=sent.values("object_id"))
            .select_related("township", "responsible_unit", *clock.related)
            .order_by("pk")
        )
        if not fired:
            return 0
        audience = Audience(fired)
        if clock.action:
            clock.action(fired, audience, today)
        messages, entries = [], []
        content_type = ContentType.objects.get_for_model(Report)
        with override(settings.LANGUAGE_CODE):
            for report in fired:
                text, params = clock.words(report, today)
                text = text % params
                messages.extend(
                    notify.Message(
                        users=people,
                        template=clock.kind,
                        text=text,
                        params=params,
                        link=link,
                        webhooks=robots,
                    )
                    for people, robots, link in clock.recipients(report, audience)
                )
                entries.append(
                    TimelineEntry(
                        content_type=content_type,
                        object_id=report.pk,
                        action=f"reports.reminder.{clock.kind}",
                        actor_label=_("System"),
                        visibility=clock.visibility,
                        data={"text": text},
                    )
                )
        notify.notify_many(messages)
        TimelineEntry.objects.bulk_create(entries)
    return len(fired)


def clocks_sweep(*, today: date | None = None, batch_size: int = 500) -> dict[str, int]:
    """Run every clock over the cases due for it; returns how many reminders each sent.

    Safe to run at any time and any number of times: a reminder already sent is never sent
    again, and a batch that fails is rolled back whole and retried by the next sweep.
    """
    today = today or calendar.local_date()
    sent: dict[str, int] = {}
    for clock in build_clocks():
        queryset = (
            clock.candidates(today)
            .filter(reminders.unsent(clock.kind, Report))
            .values("pk", "threshold")
        )
        count = 0
        for batch in reminders.batches(queryset, batch_size, pk=lambda row: row["pk"]):
            count += _fire(clock, batch, today)
        if count:
            sent[clock.kind] = count
    sent["closed"] = close_after_objection_window(today=today, batch_size=batch_size)
    from reports.extensions import run_sweeps

    sent.update(run_sweeps(today))
    return sent


def close_after_objection_window(*, today: date, batch_size: int = 500) -> int:
    """Concluded cases whose objection window has ended close by themselves."""
    closed, last = 0, 0
    while True:
        batch = list(
            Report.objects.filter(
                status=S.CONCLUDED,
                reply_delivered_at__isnull=False,
                objection_deadline__lt=today,
                pk__gt=last,
            )
            .order_by("pk")
            .only("pk")[:batch_size]
        )
        if not batch:
            return closed
        for report in batch:
            try:
                report_close(report=report)
                closed += 1
            except ApplicationError:  # changed meanwhile (an objection came in)
                logger.info("Case %s did not close: it changed meanwhile.", report.pk)
        last = batch[-1].pk
