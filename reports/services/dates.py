"""Due dates by the policy each case keeps (DESIGN §3)."""

import datetime as dt
from typing import Any

from django.conf import settings

from core import calendar


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
