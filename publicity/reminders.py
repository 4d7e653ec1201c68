"""The campaign's reminders, run with the clocks (``reports.extensions.provide_sweep``):

- the monthly form: on the reminder days (15th and 19th) to each unit that has not submitted,
  and the day after the due date the list of late units to the level above;
- key tasks: some days before each deadline to the unit, and once overdue to the township's
  safety office.

Each reminder is a row unique per kind, unit, period and threshold, so it is sent once however
often the sweep runs; after a missed day only the most urgent threshold is sent.
"""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from core import notify, reminders
from publicity.models import TaskAssignment
from publicity.periods import Period, periods_due_around
from publicity.selectors import missing_forms
from units.models import Membership, Role, Unit

UNIT_ROLES = (Role.INTAKE, Role.LEADER, Role.HEAD, Role.OFFICER)
ABOVE_ROLES = (Role.INTAKE, Role.LEADER, Role.SUPERVISOR)
LATE_LIST_DAYS = 7  # how long after the due date a missed late list is still sent
OVERDUE_WINDOW_DAYS = 60


def _once(kind: str, keys: list[tuple[int, str, str]]) -> set[tuple[int, str, str]]:
    """Record the reminders (unit, period or assignment, threshold) not sent yet; return the
    ones this call recorded."""
    return reminders.recorded(reminders.record(kind, Unit, keys))


def _people(unit_ids, roles) -> dict[int, list]:
    people: dict[int, list] = defaultdict(list)
    for m in Membership.objects.filter(
        unit_id__in=list(unit_ids), role__in=roles, active=True, user__is_active=True
    ).select_related("user"):
        people[m.unit_id].append(m.user)
    return people


def _required_units():
    return Unit.objects.filter(active=True, kind__in=settings.MONTHLY_FORM_UNIT_KINDS)


def _form_link(period: Period) -> str:
    return reverse("publicity:form", args=[period.year, period.month])


def form_reminders(today: dt.date) -> int:
    sent = 0
    for period in periods_due_around(today):
        due_days = [r for r in period.reminders if r <= today <= period.due]
        if not due_days:
            continue
        threshold = str(max(due_days).day)
        for batch in reminders.batches(missing_forms(period, _required_units())):
            with transaction.atomic():
                fresh = _once("form_due", [(u.pk, period.key, threshold) for u in batch])
                people = _people({u for u, _k, _t in fresh}, UNIT_ROLES)
                text = _("The monthly publicity form of %(month)s is due by %(day)s.") % {
                    "month": period.key,
                    "day": period.due.isoformat(),
                }
                notify.notify_many(
                    notify.Message(
                        users=people[unit_id],
                        template="publicity_form_due",
                        text=text,
                        link=_form_link(period),
                    )
                    for unit_id, _k, _t in fresh
                    if people[unit_id]
                )
                sent += len(fresh)
    return sent


def form_late_lists(today: dt.date) -> int:
    sent = 0
    for period in periods_due_around(today):
        if not period.late_from <= today <= period.late_from + dt.timedelta(days=LATE_LIST_DAYS):
            continue
        late = defaultdict(list)
        for batch in reminders.batches(
            missing_forms(period, _required_units().filter(parent__isnull=False))
        ):
            for unit in batch:
                late[unit.parent_id].append(unit.name)
        with transaction.atomic():
            fresh = _once("form_late", [(p, period.key, "late") for p in late])
            people = _people({p for p, _k, _t in fresh}, ABOVE_ROLES)
            messages = []
            for parent_id, _k, _t in fresh:
                names = late[parent_id]
                shown = "、".join(names[:20]) + (
                    _(" and %(n)s more") % {"n": len(names) - 20} if len(names) > 20 else ""
                )
                messages.append(
                    notify.Message(
                        users=people[parent_id],
                        template="publicity_form_late",
                        text=_(
                            "Monthly publicity forms of %(month)s not submitted by %(day)s: "
                            "%(units)s."
                        )
                        % {"month": period.key, "day": period.due.isoformat(), "units": shown},
                        link=_form_link(period),
                    )
                )
            notify.notify_many(m for m in messages if m.users)
            sent += len(fresh)
    return sent


def task_reminders(today: dt.date) -> int:
    days = sorted(set(settings.KEY_TASK_REMINDER_DAYS))
    if not days:
        return 0
    due = TaskAssignment.objects.filter(
        done_at__isnull=True,
        due_date__gte=today,
        due_date__lte=today + dt.timedelta(days=days[-1]),
    ).select_related("task")
    sent = 0
    for batch in reminders.batches(due):
        keys, texts = [], {}
        for a in batch:
            left = (a.due_date - today).days
            threshold = str(min(d for d in days if left <= d))
            keys.append((a.unit_id, str(a.pk), threshold))
            texts[str(a.pk)] = _("Key task %(number)s is due by %(day)s: %(task)s") % {
                "number": a.task.number,
                "day": a.due_date.isoformat(),
                "task": a.task.text[:40],
            }
        with transaction.atomic():
            fresh = _once("task_due", keys)
            people = _people({u for u, _k, _t in fresh}, UNIT_ROLES)
            notify.notify_many(
                notify.Message(
                    users=people[unit_id],
                    template="publicity_task_due",
                    text=texts[key],
                    link=reverse("publicity:tasks"),
                )
                for unit_id, key, _t in fresh
                if people[unit_id]
            )
            sent += len(fresh)
    return sent


def task_overdue(today: dt.date) -> int:
    overdue = TaskAssignment.objects.filter(
        done_at__isnull=True,
        due_date__lt=today,
        due_date__gte=today - dt.timedelta(days=OVERDUE_WINDOW_DAYS),
    ).select_related("task", "unit")
    sent = 0
    for batch in reminders.batches(overdue):
        townships = _townships(batch)
        with transaction.atomic():
            fresh = _once(
                "task_overdue", [(townships[a.pk].pk, str(a.pk), "overdue") for a in batch]
            )
            people = _people({u for u, _k, _t in fresh}, (Role.INTAKE,))
            by_pk = {str(a.pk): a for a in batch}
            notify.notify_many(
                notify.Message(
                    users=people[unit_id],
                    template="publicity_task_overdue",
                    text=_("%(unit)s has not done key task %(number)s, due %(day)s.")
                    % {
                        "unit": by_pk[key].unit.name,
                        "number": by_pk[key].task.number,
                        "day": by_pk[key].due_date.isoformat(),
                    },
                    link=reverse("publicity:tasks"),
                )
                for unit_id, key, _t in fresh
                if people[unit_id]
            )
            sent += len(fresh)
    return sent


def _townships(assignments: list[TaskAssignment]) -> dict[int, Unit]:
    """Each assignment's township (itself for the township's own tasks), in one query."""
    ancestors = {i for a in assignments for i in a.unit.ancestor_ids}
    townships = {u.pk: u for u in Unit.objects.filter(pk__in=ancestors, kind=Unit.Kind.TOWNSHIP)}
    result = {}
    for a in assignments:
        found = [townships[i] for i in a.unit.ancestor_ids if i in townships]
        result[a.pk] = found[-1] if found else a.unit
    return result


def publicity_sweep(today: dt.date) -> dict[str, int]:
    counts = {
        "publicity_form_due": form_reminders(today),
        "publicity_form_late": form_late_lists(today),
        "publicity_task_due": task_reminders(today),
        "publicity_task_overdue": task_overdue(today),
    }
    return {k: v for k, v in counts.items() if v}
