"""The key-task plan and its completion."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import timeline
from core.errors import ApplicationError, required
from core.images import CleanImage
from publicity import selectors
from publicity.models import (
    KeyTask,
    TaskAssignment,
)
from publicity.periods import quarter_range
from publicity.services.activities import _store_photos
from units import permissions
from units.models import Unit
from units.permissions import Perm


# ------------------------------------------------------------------------------
# The key-task plan
# ------------------------------------------------------------------------------
def _periods(task: KeyTask, year: int) -> list[tuple[str, dt.date]]:
    if task.schedule == KeyTask.Schedule.DATE:
        month = required(task.due_month, "a task due on a date has its month")
        day = required(task.due_day, "a task due on a date has its day")
        return [("", dt.date(year, month, day))]
    if task.schedule == KeyTask.Schedule.QUARTERLY:
        return [(f"Q{q}", quarter_range(year, q)[1]) for q in range(1, 5)]
    if task.schedule == KeyTask.Schedule.HALF_YEARLY:
        return [("H1", dt.date(year, 6, 30)), ("H2", dt.date(year, 12, 31))]
    return [("", dt.date(year, 12, 31))]


def task_plan_generate(*, actor, township: Unit, year: int) -> int:
    """Assign the year's key tasks to the township's units of the responsible kinds (the
    township itself for its safety office's tasks). Idempotent; returns how many were added."""
    permissions.require(
        actor, Perm.TRIAGE, township, _("Only the township's safety office may do this.")
    )
    units = list(selectors.subtree(township))
    rows = []
    for task in KeyTask.objects.filter(active=True):
        for unit in units:
            if unit.kind not in task.kinds:
                continue
            for period, due in _periods(task, year):
                rows.append(
                    TaskAssignment(task=task, unit=unit, year=year, period=period, due_date=due)
                )
    before = TaskAssignment.objects.filter(unit__path__startswith=township.path, year=year).count()
    TaskAssignment.objects.bulk_create(rows, ignore_conflicts=True)
    after = TaskAssignment.objects.filter(unit__path__startswith=township.path, year=year).count()
    return after - before


def task_complete(
    *,
    actor,
    assignment: TaskAssignment,
    evidence: str,
    link: str = "",
    photos: Iterable[CleanImage] = (),
) -> TaskAssignment:
    """The unit marks a key task done, with evidence (what was done, a link, photos)."""
    permissions.require(actor, Perm.ANSWER_FOR, assignment.unit)
    evidence = evidence.strip()
    if not evidence:
        raise ApplicationError(_("Say what was done, as evidence."))
    with transaction.atomic():
        assignment = TaskAssignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.done_at:
            return assignment
        assignment.done_at, assignment.done_by = timezone.now(), actor
        assignment.evidence, assignment.link = evidence, link.strip()
        assignment.save()
        _store_photos(photos, actor, assignment=assignment)
        timeline.record(assignment, "publicity.task.done", actor=actor, note=evidence)
    return assignment
