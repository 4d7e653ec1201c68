"""The periods of the campaign's paperwork, in Asia/Shanghai dates.

The monthly form of month M covers the calendar month by default; with
``MONTHLY_FORM_PERIOD_START_DAY`` = S > 1 it covers the S-th of the month before to the day
before the S-th of M. It is due on the first ``MONTHLY_FORM_DUE_DAY`` on or after the period's
last day (the 20th of the next month by default), with reminders on the
``MONTHLY_FORM_REMINDER_DAYS`` of the due month and the late list the day after.
"""

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Period:
    year: int
    month: int
    start: dt.date
    end: dt.date  # inclusive

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def due(self) -> dt.date:
        """When the forms of townships and the units below them are due."""
        return self._due_on(settings.MONTHLY_FORM_DUE_DAY)

    def due_for(self, unit) -> dt.date:
        """When ``unit``'s own form is due: a district or city sends its roll-up on later
        (``MONTHLY_FORM_DISTRICT_DUE_DAY``)."""
        if unit.kind in ("district", "city"):
            return self._due_on(settings.MONTHLY_FORM_DISTRICT_DUE_DAY)
        return self.due

    def _due_on(self, day: int) -> dt.date:
        if self.end.day <= day:
            return self.end.replace(day=day)
        year, month = _next(self.end.year, self.end.month)
        return dt.date(year, month, day)

    @property
    def reminders(self) -> list[dt.date]:
        due = self.due
        return sorted(
            due.replace(day=d) for d in settings.MONTHLY_FORM_REMINDER_DAYS if 1 <= d < due.day
        )

    @property
    def late_from(self) -> dt.date:
        return self.due + dt.timedelta(days=1)

    def previous(self) -> "Period":
        year, month = (self.year, self.month - 1) if self.month > 1 else (self.year - 1, 12)
        return form_period(year, month)


def _next(year: int, month: int) -> tuple[int, int]:
    return (year, month + 1) if month < 12 else (year + 1, 1)


def form_period(year: int, month: int) -> Period:
    start_day = settings.MONTHLY_FORM_PERIOD_START_DAY
    if start_day <= 1:
        last = pycalendar.monthrange(year, month)[1]
        return Period(year, month, dt.date(year, month, 1), dt.date(year, month, last))
    prev_year, prev_month = (year, month - 1) if month > 1 else (year - 1, 12)
    start = dt.date(prev_year, prev_month, start_day)
    end = dt.date(year, month, start_day) - dt.timedelta(days=1)
    return Period(year, month, start, end)


def period_containing(day: dt.date) -> Period:
    start_day = settings.MONTHLY_FORM_PERIOD_START_DAY
    if start_day > 1 and day.day >= start_day:
        return form_period(*_next(day.year, day.month))
    return form_period(day.year, day.month)


def last_ended(day: dt.date) -> Period:
    """The latest period that has ended by ``day``: the form people are filling in."""
    return period_containing(day).previous()


def periods_due_around(day: dt.date) -> list[Period]:
    """The periods whose reminders or late list may fall on ``day`` (the last two ended)."""
    last = last_ended(day)
    return [last.previous(), last]


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_range(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first_month = 3 * (quarter - 1) + 1
    last_month = first_month + 2
    return (
        dt.date(year, first_month, 1),
        dt.date(year, last_month, pycalendar.monthrange(year, last_month)[1]),
    )


def year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
