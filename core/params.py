"""Numbers from addresses and forms: years, months, quarters, half-years, months as "YYYY-MM" and
record ids. One parser for every app, so that odd input (``?year=abc``, ``?month=13``, a
20-digit id, ``-1``, ``0001``, full-width digits, a key given twice) never becomes a server
error.

Two kinds of reader:

- ``year(request.GET, default=...)`` and its siblings read an *option* of a page: anything that
  is not a plausible value gives the default (the page as it opens without the option);
- ``year_or_404(value)`` and its siblings check a value the *address itself names* (the year
  in ``/forms/2026/10/``): a value out of range is a page that does not exist, a 404.

Only ASCII digits count as a number (``str.isdigit`` would accept "²" and "１", which ``int``
then refuses or reads differently), and a key given twice counts by its last value, as
``QueryDict.get`` does.
"""

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.http import Http404

from core.calendar import local_date

EARLIEST_YEAR = 2000  # the first year the project keeps figures for
MAX_ID = 2**63 - 1  # the largest primary key a database column holds
_DIGITS = re.compile(r"[0-9]{1,19}")
_YEAR_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_YEAR_QUARTER = re.compile(r"([0-9]{4})-Q([1-4])")


def latest_year() -> int:
    """The last year an address may name: next year (plans are made in December)."""
    return local_date().year + 1


def text(data: Mapping[str, Any] | None, key: str) -> str:
    """The value of ``key`` in a QueryDict or a mapping as stripped text ("" when missing); of a
    key given several times, the last."""
    if data is None:
        return ""
    if hasattr(data, "getlist"):
        values = data.getlist(key)
        value = values[-1] if values else ""
    else:
        value = data.get(key, "")
    if isinstance(value, list | tuple):
        value = value[-1] if value else ""
    return str(value).strip()[:40]


def integer(value: Any, *, low: int, high: int) -> int | None:
    """``value`` as a whole number between ``low`` and ``high``, else None."""
    raw = str(value if value is not None else "").strip()
    if not _DIGITS.fullmatch(raw):
        return None
    number = int(raw)
    return number if low <= number <= high else None


def _option(data, key: str, default: int, low: int, high: int) -> int:
    value = integer(text(data, key), low=low, high=high)
    return default if value is None else value


# ------------------------------------------------------------------------------
# Options of a page: odd input gives the default
# ------------------------------------------------------------------------------
def year(data, key: str = "year", *, default: int | None = None) -> int:
    """A year from ``EARLIEST_YEAR`` to next year; else ``default`` (this year if none)."""
    fallback = local_date().year if default is None else default
    return _option(data, key, fallback, EARLIEST_YEAR, latest_year())


def month(data, key: str = "month", *, default: int) -> int:
    return _option(data, key, default, 1, 12)


def quarter(data, key: str = "quarter", *, default: int) -> int:
    return _option(data, key, default, 1, 4)


def half(data, key: str = "half", *, default: int) -> int:
    return _option(data, key, default, 1, 2)


def pk(value: Any) -> int | None:
    """A record id (a positive number the database can hold), else None."""
    return integer(value, low=1, high=MAX_ID)


def record_id(data, key: str) -> int | None:
    """The record id given as ``key`` (``?unit=``, ``?measure=``), else None."""
    return pk(text(data, key))


def unit_id(data, key: str = "unit") -> int | None:
    return record_id(data, key)


def year_month(value: Any) -> dt.date | None:
    """A "YYYY-MM" month (from ``EARLIEST_YEAR`` to next year) as its first day, else None."""
    match = _YEAR_MONTH.fullmatch(str(value if value is not None else "").strip())
    if not match:
        return None
    y, m = int(match[1]), int(match[2])
    if not (EARLIEST_YEAR <= y <= latest_year() and 1 <= m <= 12):
        return None
    return dt.date(y, m, 1)


def year_quarter(value: Any) -> tuple[int, int] | None:
    """A "YYYY-Qn" quarter (from ``EARLIEST_YEAR`` to next year) as (year, quarter), else None."""
    match = _YEAR_QUARTER.fullmatch(str(value if value is not None else "").strip())
    if not match or not EARLIEST_YEAR <= int(match[1]) <= latest_year():
        return None
    return int(match[1]), int(match[2])


def period(data, key: str = "period", *, default: dt.date) -> dt.date:
    """The month an option names as "YYYY-MM" (its first day), else ``default``."""
    return year_month(text(data, key)) or default


# ------------------------------------------------------------------------------
# Values the address names: out of range is a page that does not exist
# ------------------------------------------------------------------------------
def _or_404(value: Any, low: int, high: int) -> int:
    number = integer(value, low=low, high=high)
    if number is None:
        raise Http404
    return number


def year_or_404(value: Any) -> int:
    return _or_404(value, EARLIEST_YEAR, latest_year())


def month_or_404(value: Any) -> int:
    return _or_404(value, 1, 12)


def quarter_or_404(value: Any) -> int:
    return _or_404(value, 1, 4)


def half_or_404(value: Any) -> int:
    return _or_404(value, 1, 2)


def pk_or_404(value: Any) -> int:
    return _or_404(value, 1, MAX_ID)
