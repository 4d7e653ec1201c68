"""Working days on the Chinese calendar, and local dates in Asia/Shanghai.

Public holidays and make-up working days come from the ``Holiday`` table (seeded from the
``chinese-calendar`` package, editable in the admin). A year with no rows is not guessed at: it
falls back to Monday-Friday and is flagged on ``/healthz`` so an operator adds the year's dates.
"""

import datetime as dt
import logging
import time
from zoneinfo import ZoneInfo

from django.utils import timezone

from core.models import Holiday

logger = logging.getLogger(__name__)

SHANGHAI = ZoneInfo("Asia/Shanghai")
_CACHE_SECONDS = 300
_year_cache: dict[int, tuple[float, dict[dt.date, bool]]] = {}


def local_date(moment: dt.datetime | None = None) -> dt.date:
    """The calendar date in Asia/Shanghai of an aware datetime (now by default)."""
    moment = moment or timezone.now()
    return moment.astimezone(SHANGHAI).date()


def clear_cache() -> None:
    _year_cache.clear()


def _overrides(year: int) -> dict[dt.date, bool]:
    cached = _year_cache.get(year)
    if cached and time.monotonic() - cached[0] < _CACHE_SECONDS:
        return cached[1]
    rows = dict(Holiday.objects.filter(date__year=year).values_list("date", "is_working_day"))
    if not rows:
        logger.warning("No holiday data for %s: working days fall back to Monday-Friday.", year)
    _year_cache[year] = (time.monotonic(), rows)
    return rows


def is_working_day(day: dt.date) -> bool:
    override = _overrides(day.year).get(day)
    if override is not None:
        return override
    return day.weekday() < 5


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The ``days``-th working day after ``start`` (``start`` itself does not count)."""
    day = start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_cutoff(today: dt.date, days: int) -> dt.date:
    """The ``days``-th working day before ``today``: a thing started on day ``d`` has had its
    ``days`` full working days by ``today`` exactly when ``d`` is before this cutoff
    (``add_working_days(d, days) < today``). Lets a sweep ask the database one date question."""
    day = today
    remaining = days
    while remaining > 0:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def day_start(day: dt.date) -> dt.datetime:
    """Midnight in Asia/Shanghai at the start of ``day``, as an aware datetime."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=SHANGHAI)


def years_with_data() -> set[int]:
    return {d.year for d in Holiday.objects.dates("date", "year")}
