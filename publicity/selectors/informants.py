"""The informant library (信息员库)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count

from core.calendar import local_date
from publicity.models import (
    KeyTask,
)
from publicity.selectors.common import covered_enterprises, subtree
from units.models import Enterprise, Informant, Unit


# ------------------------------------------------------------------------------
# The informant library (信息员库)
# ------------------------------------------------------------------------------
@dataclass
class LibraryRow:
    unit: Unit
    informants: list[Informant]
    enterprises_without: list[Enterprise]
    grid_missing: bool

    @property
    def complete(self) -> bool:
        return not self.enterprises_without and not self.grid_missing


def informant_library(unit: Unit) -> dict:
    """Informants by registering unit with the leads each brought; the target: a safety
    officer for every enterprise and a grid worker for every village and community. Five
    queries."""
    units = {u.pk: u for u in subtree(unit)}
    informants = list(
        Informant.objects.filter(unit__in=list(units), active=True)
        .select_related("enterprise")
        .annotate(leads=Count("reports__report", distinct=True))
        .order_by("unit__path", "name")
    )
    enterprises = list(covered_enterprises(unit).select_related("village"))
    with_officer = {
        i.enterprise_id
        for i in informants
        if i.kind == Informant.Kind.SAFETY_OFFICER and i.enterprise_id
    }
    grid_places = {i.unit_id for i in informants if i.kind == Informant.Kind.GRID_WORKER}
    rows: dict[int, LibraryRow] = {}
    for u in units.values():
        if u.kind in Unit.PLACE_KINDS or any(i.unit_id == u.pk for i in informants):
            rows[u.pk] = LibraryRow(
                u, [], [], u.kind in Unit.PLACE_KINDS and u.pk not in grid_places
            )
    for informant in informants:
        rows.setdefault(informant.unit_id, LibraryRow(units[informant.unit_id], [], [], False))
        rows[informant.unit_id].informants.append(informant)
    missing = [e for e in enterprises if e.pk not in with_officer]
    task = KeyTask.objects.filter(number=10).first()
    year = local_date().year
    deadline = (
        dt.date(year, task.due_month, task.due_day)
        if task and task.due_month and task.due_day
        else None
    )
    return {
        "rows": sorted(rows.values(), key=lambda r: r.unit.path),
        "enterprises_without": missing,
        "places_without": [r.unit for r in rows.values() if r.grid_missing],
        "total": len(informants),
        "leads": sum(i.leads for i in informants),
        "deadline": deadline,
        "late": bool(
            deadline
            and local_date() > deadline
            and (missing or any(r.grid_missing for r in rows.values()))
        ),
    }
