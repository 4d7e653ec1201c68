"""Working days on the Chinese calendar, and local dates in Asia/Shanghai.

Public holidays and make-up working days come from the ``Holiday`` table (seeded from the
``chinese-calendar`` package, editable in the admin). A year with no rows is not guessed at: it
falls back to Monday-Friday and is flagged on ``/healthz`` so an operator adds the year's dates.

Every change of the table goes through ``holiday_save``, ``holidays_delete`` or
``holidays_enter`` (the admin's pages, the reference loader), which end with ``table_changed``:
the cache is cleared and the apps that keep dates counted on the table recompute them (the
reports app registers its deadlines with ``on_table_change`` at start-up, as core cannot import
it).
"""

import datetime as dt
import logging
import re
import time
from collections.abc import Callable, Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ApplicationError
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


# ------------------------------------------------------------------------------
# Changing the table
# ------------------------------------------------------------------------------
_listeners: list[Callable[[set[int]], Any]] = []


def on_table_change(listener: Callable[[set[int]], Any]) -> None:
    """``listener(years)`` runs after every change of the table, in the same transaction, with
    the years that changed."""
    if listener not in _listeners:
        _listeners.append(listener)


def table_changed(years: Iterable[int]) -> None:
    """The table changed for ``years``: forget the cached years and let every listener
    recompute what it counted on them."""
    years = set(years)
    clear_cache()
    if years:
        for listener in _listeners:
            listener(years)


def holiday_save(holiday: Holiday, *, previous_date: dt.date | None = None) -> Holiday:
    """Save one day of the table entered by hand (a holiday, or a weekend worked), then apply
    it: ``table_changed`` for its year (and the year it was moved from)."""
    with transaction.atomic():
        holiday.source = Holiday.Source.MANUAL
        holiday.full_clean()
        holiday.save()
        years = {holiday.date.year} | ({previous_date.year} if previous_date else set())
        table_changed(years)
    return holiday


def holidays_delete(holidays: Iterable[Holiday]) -> int:
    """Remove days from the table, then apply it for their years."""
    holidays = list(holidays)
    with transaction.atomic():
        Holiday.objects.filter(pk__in=[h.pk for h in holidays]).delete()
        table_changed({h.date.year for h in holidays})
    return len(holidays)


_LINE = re.compile(
    r"^(?P<first>\d{4}-\d{1,2}-\d{1,2})(?:\s*[~～至到]\s*(?P<last>\d{4}-\d{1,2}-\d{1,2}))?"
    r"\s+(?P<name>\S.*?)\s+(?P<kind>休|班)$"
)


def parse_holiday_lines(text: str) -> list[tuple[dt.date, bool, str]]:
    """Lines "2027-02-05~2027-02-11 春节 休" (days off) and "2027-01-31 春节 班" (a weekend
    worked), one date or range each, as [(day, is_working_day, name)]. Raises
    ApplicationError naming the first line that is not one."""
    days: dict[dt.date, tuple[bool, str]] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _LINE.match(line)
        try:
            if match is None:
                raise ValueError
            first = _day(match["first"])
            last = _day(match["last"]) if match["last"] else first
        except ValueError:
            raise ApplicationError(
                _("Line %(n)s is not “date or date~date, name, 休 or 班”: %(line)s")
                % {"n": number, "line": line}
            ) from None
        if last < first or (last - first).days > 31:
            raise ApplicationError(
                _("Line %(n)s: the range must run forwards, at most a month: %(line)s")
                % {"n": number, "line": line}
            )
        day = first
        while day <= last:
            days[day] = (match["kind"] == "班", match["name"][:50])
            day += dt.timedelta(days=1)
    return [(day, working, name) for day, (working, name) in sorted(days.items())]


def _day(text: str) -> dt.date:
    year, month, day = (int(part) for part in text.split("-"))
    return dt.date(year, month, day)


def holidays_enter(rows: Iterable[tuple[dt.date, bool, str]]) -> int:
    """Enter many days at once (a year's holidays and make-up working days from the State
    Council's notice): each day is added or corrected, then the table is applied once, so the
    units hear of each moved deadline once. Returns how many days changed."""
    rows = list(rows)
    with transaction.atomic():
        existing = {
            h.date: h for h in Holiday.objects.filter(date__in=[day for day, _w, _n in rows])
        }
        changed: set[int] = set()
        count = 0
        for day, working, name in rows:
            holiday = existing.get(day)
            if holiday and (holiday.is_working_day, holiday.name) == (working, name):
                continue
            if holiday is None:
                holiday = Holiday(date=day)
            holiday.is_working_day, holiday.name = working, name
            holiday.source = Holiday.Source.MANUAL
            holiday.save()
            changed.add(day.year)
            count += 1
        table_changed(changed)
    return count


# ------------------------------------------------------------------------------
# The parts of a year in words (第一季度, 上半年): never Q1 or H1 on a page or a document
# ------------------------------------------------------------------------------
QUARTER_NAMES = {
    1: gettext_lazy("first quarter"),
    2: gettext_lazy("second quarter"),
    3: gettext_lazy("third quarter"),
    4: gettext_lazy("fourth quarter"),
}
HALF_NAMES = {1: gettext_lazy("first half of the year"), 2: gettext_lazy("second half of the year")}


def quarter_label(year: int, quarter: int) -> str:
    """``2026年第一季度``."""
    return _("%(quarter)s of %(year)s") % {"quarter": QUARTER_NAMES[quarter], "year": year}


def period_name(code: str) -> str:
    """A period code (``Q1``–``Q4``, ``H1``, ``H2``) in words; anything else as it is."""
    names = {f"Q{n}": name for n, name in QUARTER_NAMES.items()}
    names |= {f"H{n}": name for n, name in HALF_NAMES.items()}
    return str(names.get(code, code))
