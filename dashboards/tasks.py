"""Thin tasks: load by id or date, call the roll-up and assessment code."""

import datetime as dt

from celery import shared_task

from dashboards import assessment, rollups


def refresh(*, today: dt.date | None = None) -> dict:
    """Refresh the current month and the open-case snapshot; freeze the months that ended,
    and score them."""
    result = rollups.refresh_open(today=today)
    for month in result["frozen_months"]:
        assessment.assess_month(month)
    return {**result, "frozen": len(result["frozen_months"])}


@shared_task(name="dashboards.refresh")
def refresh_task() -> dict:
    result = refresh()
    return {k: v for k, v in result.items() if k != "frozen_months"}
