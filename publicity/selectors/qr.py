"""QR codes (scans and the reports they led to), removals and print runs."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, Sum

from core import timeline
from core.models import TimelineEntry
from publicity.models import (
    CampaignItem,
    MonthlyForm,
    PrintRecord,
)
from publicity.selectors.common import subtree
from reports.models import IntakePoint, Report
from units.models import Unit


# ------------------------------------------------------------------------------
# QR codes: scans and the reports they led to
# ------------------------------------------------------------------------------
def qr_effect(unit: Unit) -> dict:
    """Per intake point under ``unit``: scans, reports, and the campaign item it serves (the
    measure of its latest print, else enterprise → item 7, others → item 6). Three queries."""
    points = list(
        IntakePoint.objects.filter(
            Q(unit__path__startswith=unit.path)
            | Q(village__path__startswith=unit.path)
            | Q(enterprise__village__path__startswith=unit.path)
        )
        .select_related("enterprise", "village")
        .annotate(scan_count=Sum("scan_days__count", default=0))
        .order_by("kind", "name")
    )
    reports = dict(
        Report.objects.filter(intake_point__in=[p.pk for p in points])
        .values_list("intake_point_id")
        .annotate(n=Count("pk"))
    )
    latest_item: dict[int, int] = {}
    for record in (
        PrintRecord.objects.filter(point__in=[p.pk for p in points], measure__isnull=False)
        .order_by("printed_at")
        .values("point_id", "measure__item_id")
    ):
        latest_item[record["point_id"]] = record["measure__item_id"]
    items = {i.pk: i for i in CampaignItem.objects.all()}
    by_code = {i.code: i for i in items.values()}
    per_item: dict[int, dict] = {}
    for point in points:
        point.report_count = reports.get(point.pk, 0)
        item_id = latest_item.get(point.pk)
        if item_id is None:
            fallback = by_code.get(
                "enterprise" if point.kind == IntakePoint.Kind.ENTERPRISE else "slogan"
            )
            item_id = fallback.pk if fallback else None
        point.item = items.get(item_id) if item_id is not None else None
        if point.item:
            entry = per_item.setdefault(
                point.item.pk, {"item": point.item, "points": 0, "scans": 0, "reports": 0}
            )
            entry["points"] += 1
            entry["scans"] += point.scan_count
            entry["reports"] += point.report_count
    return {
        "points": points,
        "items": sorted(per_item.values(), key=lambda e: e["item"].sort_order),
    }


def removals(unit: Unit, *, limit: int = 10) -> list[TimelineEntry]:
    """The latest activities taken back under ``unit``: who, when, why and what each counted
    (kept on its unit's timeline). One query."""
    return list(
        TimelineEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Unit),
            object_id__in=subtree(unit).values("pk"),
            action="publicity.activity.removed",
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")[:limit]
    )


def form_history(form: MonthlyForm | None) -> list[TimelineEntry]:
    """What happened to a form: corrections made and taken back, and its submission. One
    query."""
    if form is None:
        return []
    return list(timeline.entries_for(form, visibilities=tuple(TimelineEntry.Visibility.values)))


def print_runs(unit: Unit, *, limit: int = 20) -> list[PrintRecord]:
    """The latest print runs of QR material under ``unit``, newest first: what was printed,
    never what was put up (that is an activity). One query."""
    return list(
        PrintRecord.objects.filter(unit__path__startswith=unit.path)
        .select_related("point", "measure", "unit", "printed_by")
        .order_by("-printed_at", "-pk")[:limit]
    )
