"""Reference data loaded by data migrations and by tests alike. Every loader is idempotent:
it adds what is missing and never overwrites what an administrator changed."""

import datetime as dt
from typing import Any

FIRST_HOLIDAY_YEAR = 2020


def load_holidays(holiday_model: Any = None) -> int:
    """Add the public holidays and make-up working days known to ``chinese-calendar``.

    Returns how many rows were added. Dates already in the table (from an earlier load or
    entered by hand) are left as they are. Outside a migration (``holiday_model`` not given),
    added days are applied like any change of the table (``core.calendar.table_changed``).
    """
    import chinese_calendar

    real_model = holiday_model is None
    if holiday_model is None:
        from core.models import Holiday as holiday_model

    existing = set(holiday_model.objects.values_list("date", flat=True))
    rows = []
    for day, name in chinese_calendar.holidays.items():
        if day.year >= FIRST_HOLIDAY_YEAR and day not in existing:
            rows.append(
                holiday_model(
                    date=day, is_working_day=False, name=_name(name), source="chinese-calendar"
                )
            )
    for day, name in chinese_calendar.workdays.items():
        if day.year >= FIRST_HOLIDAY_YEAR and day not in existing:
            rows.append(
                holiday_model(
                    date=day, is_working_day=True, name=_name(name), source="chinese-calendar"
                )
            )
    holiday_model.objects.bulk_create(rows, ignore_conflicts=True)
    from core import calendar

    if real_model and rows:
        # A newer chinese-calendar brought days: the open cases' deadlines follow them.
        calendar.table_changed({row.date.year for row in rows})
    else:
        calendar.clear_cache()
    return len(rows)


_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def _name(name: str | None) -> str:
    if not name:
        return ""
    return _HOLIDAY_NAMES.get(name, name)[:50]


def calendar_years_missing(today: dt.date, years_with_data: set[int]) -> list[int]:
    """The years the deadline engine needs (this one and, from November, the next) with no data."""
    needed = [today.year] + ([today.year + 1] if today.month >= 11 else [])
    return [y for y in needed if y not in years_with_data]
