"""Building the roll-up tables from the case data (the only writes of ``dashboards``).

A month is cut in Asia/Shanghai. The figures are defined once, in ``reports.figures`` and
``rewards.figures`` (the joint meeting's bulletin reads the same), each one grouped query over
the month's rows (by the case's counting unit and sector), so a refresh costs about fifteen
queries whatever the size of the province; the month's rows are then replaced in one
transaction. ``refresh_open`` keeps
the current month fresh and freezes the months that have ended.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from core.calendar import local_date
from dashboards.models import CaseRollup, ChannelRollup, OpenAging, RollupMonth
from publicity.models import Activity
from reports.figures import add, case_figures, cases, received
from reports.models import IntakePointScanDay, Report
from rewards.figures import reward_figures
from units.models import Unit

# Days since acceptance of an open case: 0–15, 16–30, 31–45, 46–60, more than 60.
AGE_BUCKETS = (15, 30, 45, 60)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def _age_bucket(days: int) -> int:
    for index, limit in enumerate(AGE_BUCKETS):
        if days <= limit:
            return index
    return len(AGE_BUCKETS)


def compute_month(month: dt.date) -> tuple[dict, dict]:
    """The month's figures: ({(unit id, industry id): {figure: value}}, {(unit, industry,
    source, channel): count}). The case and reward figures are the ones the joint meeting's
    bulletin reads (``reports.figures``, ``rewards.figures``); QR scans and publicity items
    have no industry."""
    first = month
    last = next_month(month) - dt.timedelta(days=1)
    rows = case_figures(first, last)
    for key, values in reward_figures(first, last).items():
        for name, value in values.items():
            rows[key][name] += value
    add(
        rows,
        IntakePointScanDay.objects.filter(date__range=(first, last))
        .values(cu=F("point__unit_id"))
        .annotate(total=Sum("count")),
        qr_scans="total",
    )
    add(
        rows,
        Activity.objects.filter(date__range=(first, last))
        .values(cu=F("unit_id"))
        .annotate(total=Sum("count")),
        publicity_items="total",
    )
    channels = {
        (g["cu"], g["ind"], g["source"], g["channel"]): g["n"]
        for g in received(first, last)
        .values("cu", "ind", "source", "channel")
        .annotate(n=Count("pk"))
    }
    return rows, channels


def _chains(unit_ids: Iterable[int]) -> dict[int, list[tuple[int, int | None]]]:
    """For each unit, itself and every unit above it, each with its parent: the rows a figure
    of the unit is added to. One query."""
    chains = {}
    for pk, path in Unit.objects.filter(pk__in=set(unit_ids)).values_list("pk", "path"):
        ids = [int(p) for p in path.strip("/").split("/") if p]
        chains[pk] = [(node, ids[i - 1] if i else None) for i, node in enumerate(ids)]
    return chains


def _roll_up(rows: dict[tuple, dict], chains: dict) -> dict[tuple, dict]:
    """Leaf rows keyed by (unit, *rest) added up to every level of the tree, keyed by
    (unit, parent, *rest)."""
    totals: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    for (unit_id, *rest), figures in rows.items():
        for node, parent in chains.get(unit_id, ()):
            target = totals[(node, parent, *rest)]
            for name, value in figures.items():
                target[name] += value
    return totals


def refresh_month(month: dt.date, *, force: bool = False) -> int:
    """Rebuild one month's rows (a frozen month only with ``force``). Returns the rows."""
    month = month_start(month)
    with transaction.atomic():
        record, _created = RollupMonth.objects.select_for_update().get_or_create(month=month)
        if record.status == RollupMonth.Status.FROZEN and not force:
            return 0
        rows, channels = compute_month(month)
        chains = _chains({k[0] for k in rows} | {k[0] for k in channels})
        figures_by_node = _roll_up(rows, chains)
        channels_by_node = _roll_up({k: {"count": n} for k, n in channels.items()}, chains)
        CaseRollup.objects.filter(month=month).delete()
        ChannelRollup.objects.filter(month=month).delete()
        CaseRollup.objects.bulk_create(
            (
                CaseRollup(
                    month=month,
                    unit_id=unit_id,
                    parent_id=parent_id,
                    industry_id=industry_id,
                    **{
                        k: (Decimal(v) if isinstance(v, Decimal) else v) for k, v in figures.items()
                    },
                )
                for (unit_id, parent_id, industry_id), figures in figures_by_node.items()
            ),
            batch_size=2000,
        )
        ChannelRollup.objects.bulk_create(
            (
                ChannelRollup(
                    month=month,
                    unit_id=unit_id,
                    industry_id=industry_id,
                    source=source,
                    channel=channel,
                    count=figures["count"],
                )
                for (unit_id, _parent, industry_id, source, channel), figures in (
                    channels_by_node.items()
                )
            ),
            batch_size=2000,
        )
        record.refreshed_at, record.rows = timezone.now(), len(figures_by_node)
        record.save(update_fields=["refreshed_at", "rows"])
    return len(figures_by_node)


def freeze_month(month: dt.date) -> None:
    RollupMonth.objects.filter(month=month_start(month)).update(
        status=RollupMonth.Status.FROZEN, frozen_at=timezone.now()
    )


def refresh_aging() -> int:
    """Replace the snapshot of open cases by age (days since acceptance)."""
    today = local_date()
    counts: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    for cu, ind, accepted_at, due, listed in (
        cases()
        .filter(status__in=Report.RUNNING_STATUSES, accepted_at__isnull=False)
        .values_list("cu", "ind", "accepted_at", "due_date", "listed_at")
        .iterator(chunk_size=5000)
    ):
        key = (cu, ind, _age_bucket((today - local_date(accepted_at)).days))
        counts[key]["count"] += 1
        counts[key]["overdue"] += bool(due and due < today)
        counts[key]["listed"] += listed is not None
    by_node = _roll_up(counts, _chains({k[0] for k in counts}))
    with transaction.atomic():
        OpenAging.objects.all().delete()
        OpenAging.objects.bulk_create(
            (
                OpenAging(unit_id=unit_id, industry_id=industry_id, bucket=bucket, **figures)
                for (unit_id, _parent, industry_id, bucket), figures in by_node.items()
            ),
            batch_size=2000,
        )
    return len(by_node)


def refresh_open(*, today: dt.date | None = None) -> dict[str, int]:
    """What the periodic task does: refresh the current month and the open-case snapshot, and
    refresh then freeze every month that has ended but is still open (the last one at least)."""
    today = today or local_date()
    current = month_start(today)
    ended = [
        r.month
        for r in RollupMonth.objects.filter(status=RollupMonth.Status.OPEN, month__lt=current)
    ]
    previous = month_start(current - dt.timedelta(days=1))
    if not RollupMonth.objects.filter(month=previous).exists():
        ended.append(previous)
    frozen = sorted(set(ended))
    for month in frozen:
        refresh_month(month)
        freeze_month(month)
    return {
        "current_rows": refresh_month(current),
        "frozen_months": frozen,
        "aging_rows": refresh_aging(),
    }
