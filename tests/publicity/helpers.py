"""Campaign data through the real services."""

import datetime as dt

from core.calendar import local_date
from publicity import services
from publicity.models import Measure
from publicity.periods import last_ended


def record(actor, unit, code: str, day: dt.date | None = None, count: int = 1, **extra):
    return services.activity_record(
        actor=actor,
        unit=unit,
        measure=Measure.objects.get(code=code),
        date=day or local_date(),
        count=count,
        **extra,
    )


def last_period():
    return last_ended(local_date())
