"""Intake points (QR codes on posters and cards): saved with a short code, scans counted."""

import secrets

from django.db.models import F

from core import calendar
from reports.models import (
    IntakePoint,
    IntakePointScanDay,
)

INTAKE_POINT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read off posters


def intake_point_save(*, point: IntakePoint) -> IntakePoint:
    """Save an intake point, giving a new one its short code (6 characters, unique)."""
    if not point.code:
        while True:
            code = "".join(secrets.choice(INTAKE_POINT_ALPHABET) for _ in range(6))
            if not IntakePoint.objects.filter(code=code).exists():
                point.code = code
                break
    point.full_clean()
    point.save()
    return point


def intake_point_scan(*, point: IntakePoint) -> None:
    """Count one scan of a QR code, on today's roll-up row."""
    day = calendar.local_date()
    IntakePointScanDay.objects.bulk_create(
        [IntakePointScanDay(point=point, date=day, count=0)], ignore_conflicts=True
    )
    IntakePointScanDay.objects.filter(point=point, date=day).update(count=F("count") + 1)
