"""How dashboards plugs into reports (``reports.extensions``): its roll-ups are refreshed with
the clocks. Nothing imports dashboards."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from dashboards import assessment, rescoring, rollups
from dashboards.models import RollupMonth


def refresh(*, today: dt.date | None = None) -> dict:
    """Refresh the current month and the open-case snapshot; freeze the months that ended,
    and score them."""
    result = rollups.refresh_open(today=today)
    for month in result["frozen_months"]:
        assessment.assess_month(month)
    return {**result, "frozen": len(result["frozen_months"])}


def sweep(today: dt.date) -> dict[str, int]:
    """Refresh the roll-ups when the last refresh is older than DASHBOARD_REFRESH_SECONDS;
    months that ended are frozen and assessed. Monthly forms that arrived after their month
    was scored are scored at every sweep (one query when there is none)."""
    sent = {}
    rescored = rescoring.rescore_forms()
    if rescored:
        sent["dashboard_scores_rescored"] = rescored
    last = RollupMonth.objects.exclude(refreshed_at=None).order_by("-refreshed_at").first()
    age = settings.DASHBOARD_REFRESH_SECONDS
    if last and (timezone.now() - last.refreshed_at).total_seconds() < age:
        return sent
    result = refresh(today=today)
    if result["frozen"]:
        sent["dashboard_months_frozen"] = result["frozen"]
    return sent
