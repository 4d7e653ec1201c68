"""Due dates by the policy each case keeps (DESIGN §3), and their recomputation when the holiday
table changes.

A case's dates follow from what it keeps, so they can be computed again at any time:
- the acceptance deadline: ``acceptance_working_days`` working days after the Shanghai date it
  was received (the case keeps the number it was given in ``due_policy``);
- the due date: ``days`` after the date it was accepted, the first day counted or not, a
  deadline on a non-working day rolled to the next working day or not (``due_policy``), and
  never after the assigning body's deadline (a case assigned from above);
- an approved extension: its days added to that due date by the same policy, never past the
  assigning body's deadline (which moves only with the body's recorded approval).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import calendar, notify
from core.errors import required
from core.models import TimelineEntry
from reports.models import Extension, Report
from reports.notifications import Audience, office_link, unit_link
from units.models import Role

RECOMPUTED = "reports.deadline.recomputed"


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


def acceptance_policy() -> dict[str, Any]:
    """The acceptance rule in force, kept on a case from its registration."""
    return {"acceptance_working_days": settings.ACCEPTANCE_WORKING_DAYS}


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


def acceptance_due_for(received: dt.date, policy: dict[str, Any]) -> dt.date:
    """The last day to decide on acceptance: the policy's working days after ``received``
    (the working days in force when a case kept none)."""
    days = policy.get("acceptance_working_days", settings.ACCEPTANCE_WORKING_DAYS)
    return calendar.add_working_days(received, days)


def extended_due_date(report: Report, days: int) -> dt.date:
    """The due date ``days`` after the case's current one, by its own policy."""
    due = required(report.due_date, "an accepted case has a due date")
    return due_date_for(due, report.due_policy or current_due_policy(), days=days)


def passes_upstream_deadline(report: Report, day: dt.date) -> bool:
    """A case assigned from above may not be due after the assigning body's deadline unless
    the body approved it."""
    return (
        report.assigned_from_above
        and report.upstream_deadline is not None
        and day > report.upstream_deadline
    )


def case_due_dates(report: Report, extension: Extension | None = None) -> tuple[dt.date, dt.date]:
    """(the due date before the extension, the due date) an accepted case carries by what it
    keeps (its acceptance date, its policy, the upstream deadline and its approved
    ``extension``) under today's table."""
    policy = report.due_policy or current_due_policy()
    base = due_date_for(calendar.local_date(report.accepted_at), policy)
    assigned = report.upstream_deadline
    if extension is not None and extension.previous_upstream_deadline:
        assigned = extension.previous_upstream_deadline  # the body's deadline before it moved
    if assigned and assigned < base:
        base = assigned
    if extension is None:
        return base, base
    due = due_date_for(base, policy, days=extension.days)
    if report.upstream_deadline and report.upstream_deadline < due:
        due = report.upstream_deadline  # never past what the assigning body allows
    return base, due


def case_due_date(report: Report, extension: Extension | None = None) -> dt.date:
    """The due date an accepted case carries by what it keeps (``case_due_dates``)."""
    return case_due_dates(report, extension)[1]


def case_acceptance_due(report: Report) -> dt.date:
    return acceptance_due_for(calendar.local_date(report.received_at), report.due_policy or {})


# ------------------------------------------------------------------------------
# The holiday table changed
# ------------------------------------------------------------------------------
@dataclass
class Recomputed:
    checked: int = 0
    acceptance_moved: int = 0
    due_moved: int = 0
    moves: list[tuple[str, str, dt.date, dt.date]] = field(default_factory=list)


def deadlines_recompute(*, years: Iterable[int] | None = None, batch_size: int = 500) -> Recomputed:
    """Recompute the dates of the open cases under today's holiday table: the acceptance
    deadline of each case awaiting acceptance, and the due date (with its approved extension
    and the upstream cap) of each accepted case not yet concluded, each by the case's own
    policy. Run whenever the table changes (``years``: the years that changed; all open cases
    when None).

    Each case whose date moves is saved, gets a timeline entry (old → new, why) and its
    people are told: the responsible unit of a due date, the safety office of an acceptance
    deadline. Works in batches of locked rows, each costing the same few queries whatever its
    size. Idempotent: a second run moves nothing.
    """
    with translation.override(settings.LANGUAGE_CODE):
        result = Recomputed()
        waiting = Report.objects.filter(status=Report.Status.SUBMITTED)
        running = Report.objects.filter(
            status__in=Report.RUNNING_STATUSES, accepted_at__isnull=False, concluded_at=None
        )
        if years is not None:
            years = sorted(set(years))
            if not years:
                return result
            first, after = dt.date(years[0], 1, 1), dt.date(years[-1] + 1, 1, 1)
            # A date can move only if the days it was counted over touch a changed year.
            waiting = waiting.filter(
                received_at__lt=calendar.day_start(after), acceptance_due__gte=first
            )
            running = running.filter(accepted_at__lt=calendar.day_start(after), due_date__gte=first)
        for queryset, step in ((waiting, _acceptance_batch), (running, _due_batch)):
            last = 0
            while True:
                ids = list(
                    queryset.filter(pk__gt=last)
                    .order_by("pk")
                    .values_list("pk", flat=True)[:batch_size]
                )
                if not ids:
                    break
                with transaction.atomic():
                    step(ids, result)
                last = ids[-1]
                result.checked += len(ids)
        return result


def holiday_table_changed(years: set[int]) -> None:
    """What ``core.calendar.table_changed`` calls: recompute the open cases' deadlines that
    were counted over ``years``."""
    deadlines_recompute(years=years)


def _locked(ids: list[int], *statuses) -> list[Report]:
    return list(
        Report.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, status__in=statuses)
        .select_related("township", "responsible_unit")
        .order_by("pk")
    )


def _acceptance_batch(ids: list[int], result: Recomputed) -> None:
    moved = []
    for report in _locked(ids, Report.Status.SUBMITTED):
        new = case_acceptance_due(report)
        if new != report.acceptance_due:
            moved.append((report, report.acceptance_due, new))
            report.acceptance_due = new
    if not moved:
        return
    Report.objects.bulk_update([r for r, _old, _new in moved], ["acceptance_due"])
    _record(moved, "acceptance_due", TimelineEntry.Visibility.OFFICE)
    audience = Audience([r for r, _old, _new in moved])
    messages = []
    for report, old, new in moved:
        params = {"number": report.number, "date": new.isoformat(), "old": old.isoformat()}
        text = _(
            "Case %(number)s: the holiday calendar changed; decide on acceptance by %(date)s "
            "(was %(old)s)."
        )
        messages.append(
            notify.Message(
                users=audience.office(report),
                template="acceptance_due_moved",
                text=text % params,
                params=params,
                link=office_link(report),
            )
        )
    notify.notify_many(messages)
    result.acceptance_moved += len(moved)
    result.moves += [(r.number, "acceptance_due", old, new) for r, old, new in moved]


def _due_batch(ids: list[int], result: Recomputed) -> None:
    reports = _locked(ids, *Report.RUNNING_STATUSES)
    extensions = {
        e.report_id: e
        for e in Extension.objects.select_for_update().filter(
            report_id__in=[r.pk for r in reports], status=Extension.Status.APPROVED
        )
    }
    moved, extended = [], []
    for report in reports:
        if report.concluded_at is not None:
            continue
        extension = extensions.get(report.pk)
        base, new = case_due_dates(report, extension)
        if extension is not None and (extension.old_due_date, extension.new_due_date) != (
            base,
            new,
        ):
            extension.old_due_date, extension.new_due_date = base, new
            extended.append(extension)
        if new != report.due_date:
            moved.append((report, required(report.due_date, "a running case has a due date"), new))
            report.due_date = new
    if extended:
        Extension.objects.bulk_update(extended, ["old_due_date", "new_due_date"])
    if not moved:
        return
    Report.objects.bulk_update([r for r, _old, _new in moved], ["due_date"])
    _record(moved, "due_date", TimelineEntry.Visibility.UNIT)
    audience = Audience([r for r, _old, _new in moved])
    messages = []
    for report, old, new in moved:
        params = {"number": report.number, "date": new.isoformat(), "old": old.isoformat()}
        text = _(
            "Case %(number)s: the holiday calendar changed; the case is now due %(date)s "
            "(was %(old)s)."
        )
        messages.append(
            notify.Message(
                users=audience.unit(report, Role.OFFICER, Role.HEAD),
                template="due_date_moved",
                text=text % params,
                params=params,
                link=unit_link(report),
                webhooks=audience.robots(report),
            )
        )
    notify.notify_many(messages)
    result.due_moved += len(moved)
    result.moves += [(r.number, "due_date", old, new) for r, old, new in moved]


def _record(moved: list[tuple[Report, dt.date, dt.date]], what: str, visibility: str) -> None:
    content_type = ContentType.objects.get_for_model(Report)
    now = timezone.now()
    words = {
        "due_date": _("The holiday calendar changed: the due date moves from %(old)s to %(new)s."),
        "acceptance_due": _(
            "The holiday calendar changed: the acceptance deadline moves from %(old)s to %(new)s."
        ),
    }[what]
    TimelineEntry.objects.bulk_create(
        TimelineEntry(
            content_type=content_type,
            object_id=report.pk,
            action=RECOMPUTED,
            actor_label=_("System"),
            visibility=visibility,
            note=words % {"old": old.isoformat(), "new": new.isoformat()},
            data={"field": what, "old": old.isoformat(), "new": new.isoformat()},
            created_at=now,
        )
        for report, old, new in moved
    )
