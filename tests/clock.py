"""Time in tests: the Shanghai zone and travelling to a fixed moment. No test reads "today"
from the real clock; one that needs a date travels to it (CI also runs the whole suite moved
more than a year ahead, see ``tests/timeshift.py``)."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

SHANGHAI = ZoneInfo("Asia/Shanghai")


def moment(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """``day`` at ``hour``:``minute`` in Asia/Shanghai, as an aware datetime."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


def at(day: dt.date, hour: int = 10, *, tick: bool = False) -> time_machine.travel:
    """Travel to ``day`` at ``hour`` (Shanghai); a context manager or decorator. The clock
    stands still unless ``tick``."""
    return time_machine.travel(moment(day, hour), tick=tick)
