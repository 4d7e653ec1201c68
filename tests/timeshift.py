"""``--shift-days=N``: run the whole session N days in the future.

No test may depend on the real date. CI proves it by running the suite a second time with the
clock moved more than a year ahead: a ticking time-machine traveller starts before Django is
set up, so every "now" (Python's, Django's, the live server's threads') is shifted, while a test
that travels to a date of its own still gets exactly that date. Subprocesses that a test starts
(a Celery worker, a management command) are shifted too when started through ``python()``.

Loaded from ``pyproject.toml`` (``-p tests.timeshift``); ``JUBAO_SHIFT_DAYS`` in the
environment sets the same thing.
"""

import datetime as dt
import os
import runpy
import sys

import pytest
import time_machine

# How far the session was moved (days), passed on to subprocesses.
ENV_OFFSET = "JUBAO_CLOCK_OFFSET_DAYS"
_traveller: time_machine.travel | None = None


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--shift-days",
        type=float,
        default=float(os.environ.get("JUBAO_SHIFT_DAYS") or 0),
        metavar="N",
        help="run the whole session N days from now (a ticking time-machine traveller); "
        "fractions move the hour too, e.g. 26.25",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    global _traveller
    days = config.getoption("shift_days")
    if not days:
        return
    moment = dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=days)
    _traveller = time_machine.travel(moment, tick=True)
    _traveller.start()
    os.environ[ENV_OFFSET] = str(days)


def pytest_unconfigure(config: pytest.Config) -> None:
    global _traveller
    if _traveller is not None:
        _traveller.stop()
        _traveller = None
        os.environ.pop(ENV_OFFSET, None)


def pytest_report_header(config: pytest.Config) -> str | None:
    days = config.getoption("shift_days")
    if not days:
        return None
    now = dt.datetime.now(tz=dt.UTC)
    return f"clock shifted {days} days ahead: the session starts at {now:%Y-%m-%d %H:%M} UTC"


def python() -> list[str]:
    """The interpreter command for a subprocess: shifted like the session when it is."""
    if os.environ.get(ENV_OFFSET):
        return [sys.executable, "-m", "tests.timeshift"]
    return [sys.executable]


if __name__ == "__main__":
    # ``python -m tests.timeshift -m module args...``: run ``module`` at the shifted moment.
    offset = dt.timedelta(days=float(os.environ[ENV_OFFSET]))
    traveller = time_machine.travel(dt.datetime.now(tz=dt.UTC) + offset, tick=True)
    traveller.start()
    if sys.argv[1:2] != ["-m"] or len(sys.argv) < 3:
        raise SystemExit("usage: python -m tests.timeshift -m module [args...]")
    module = sys.argv[2]
    sys.argv = [module, *sys.argv[3:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
