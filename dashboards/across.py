"""What moved between levels of the tree: cases handed over (移送) to district departments and
leads assigned from above (交办), as the district's dashboard shows them."""

from typing import TYPE_CHECKING

from django.db.models import Count, F, Q

from core.calendar import day_start, local_date
from dashboards.rollups import next_month
from reports.models import Handover, Report

if TYPE_CHECKING:
    from dashboards.selectors import Filters


def across_levels(filters: "Filters") -> dict:
    """What moved between levels over the period (by the hand-over's or the lead's receipt
    date), for the unit's subtree: cases handed over (移送) to district departments, by
    department, with their state now; and leads assigned from above (交办) in the system, by
    township, answered, answered by their deadline, and overdue now. Two grouped queries,
    whatever the number of cases."""
    unit, today = filters.unit, local_date()
    since = day_start(filters.first)
    until = day_start(next_month(filters.last))
    running = Q(report__status__in=Report.RUNNING_STATUSES)
    handed = list(
        Handover.objects.filter(created_at__gte=since, created_at__lt=until)
        .filter(Q(from_unit__path__startswith=unit.path) | Q(to_unit__path__startswith=unit.path))
        .values("to_unit_id", "to_unit__name")
        .order_by()
        .annotate(
            handed=Count("pk"),
            concluded=Count("pk", filter=Q(report__status__in=Report.CONCLUDED_STATUSES)),
            open=Count("pk", filter=running),
            overdue=Count("pk", filter=running & Q(report__due_date__lt=today)),
        )
    )
    assigned = list(
        Report.objects.filter(assigned_by__isnull=False, received_at__gte=since)
        .filter(received_at__lt=until)
        .filter(
            Q(assigned_by__path__startswith=unit.path) | Q(township__path__startswith=unit.path)
        )
        .values("township_id", "township__name")
        .order_by()
        .annotate(
            assigned=Count("pk"),
            answered=Count("pk", filter=Q(concluded_at__isnull=False)),
            on_time=Count(
                "pk",
                filter=Q(
                    concluded_at__isnull=False,
                    concluded_at__date__lte=F("upstream_deadline"),
                ),
            ),
            overdue=Count("pk", filter=Q(concluded_at__isnull=True, upstream_deadline__lt=today)),
        )
    )
    for row in handed:
        row["unit__name"] = row.pop("to_unit__name")
    for row in assigned:
        row["unit__name"] = row.pop("township__name")
    return {
        "handed": sorted(handed, key=lambda r: (-r["handed"], r["unit__name"])),
        "assigned": sorted(assigned, key=lambda r: (-r["assigned"], r["unit__name"])),
    }
