"""The key-task matrix."""

from decimal import Decimal

from core.calendar import local_date
from publicity.models import (
    TaskAssignment,
)
from units.models import Unit


# ------------------------------------------------------------------------------
# Key tasks
# ------------------------------------------------------------------------------
def task_matrix(unit: Unit, year: int) -> dict:
    """Completion of the key tasks per unit under ``unit`` (done, due, overdue). Two queries."""
    today = local_date()
    assignments = list(
        TaskAssignment.objects.filter(unit__path__startswith=unit.path, year=year)
        .select_related("task", "unit")
        .order_by("unit__path", "task__number", "due_date")
    )
    per_unit: dict[int, dict] = {}
    for a in assignments:
        a.overdue = a.done_at is None and a.due_date < today  # type: ignore[attr-defined]
        entry = per_unit.setdefault(
            a.unit_id, {"unit": a.unit, "assignments": [], "done": 0, "total": 0, "overdue": 0}
        )
        entry["assignments"].append(a)
        entry["total"] += 1
        entry["done"] += a.done_at is not None
        entry["overdue"] += a.overdue  # type: ignore[attr-defined]
    rows = sorted(per_unit.values(), key=lambda e: e["unit"].path)
    for row in rows:
        row["rate"] = Decimal(100 * row["done"]) / row["total"] if row["total"] else None
    return {
        "rows": rows,
        "done": sum(r["done"] for r in rows),
        "total": sum(r["total"] for r in rows),
        "overdue": sum(r["overdue"] for r in rows),
    }
