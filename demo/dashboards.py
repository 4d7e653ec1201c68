"""The demo's roll-ups: every month with cases is built, the ended ones frozen and scored, so
that the supervisor's dashboard shows a year of figures on the first start."""

from typing import Any

from core.calendar import local_date
from dashboards import assessment, rollups
from reports.models import Report


def load_dashboards_demo(units_demo: dict[str, Any]) -> None:
    first = Report.objects.order_by("received_at").values_list("received_at", flat=True).first()
    if first is None:
        return
    today = local_date()
    current = rollups.month_start(today)
    for month in rollups.months_between(local_date(first), today):
        rollups.refresh_month(month, force=True)
        if month < current:
            rollups.freeze_month(month)
            # The district scores its townships and departments; each township its units.
            assessment.assess_month(month, root=units_demo["district"])
    rollups.refresh_aging()
