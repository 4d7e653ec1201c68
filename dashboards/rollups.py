"""Building the roll-up tables from the case data (the only writes of ``dashboards``).

A month is cut in Asia/Shanghai. Each figure is one grouped query over the month's rows (by
the case's unit and industry), so a refresh costs about fifteen queries whatever the size of
the province; the month's rows are then replaced in one transaction. ``refresh_open`` keeps
the current month fresh and freezes the months that have ended.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.calendar import day_start, local_date
from dashboards.models import CaseRollup, ChannelRollup, OpenAging, RollupMonth
from publicity.models import Activity
from reports.models import Enforcement, Extension, IntakePointScanDay, Report
from rewards.models import Payment, Reward
from units.models import Unit

# Days since acceptance of an open case: 0–15, 16–30, 31–45, 46–60, more than 60.
AGE_BUCKETS = (15, 30, 45, 60)
NOT_CASES = (Report.Status.REJECTED, Report.Status.MERGED, Report.Status.WITHDRAWN)
APPROVED_REWARDS = ("notified", "claimed", "paid", "expired", "waived")


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


def _cases() -> "Report.objects":
    """Cases with the unit they count under and their industry."""
    return Report.objects.annotate(
        cu=Coalesce(F("responsible_unit_id"), F("township_id")),
        ind=Coalesce(F("enterprise__industry_id"), F("category__industry_id")),
    )


def _age_bucket(days: int) -> int:
    for index, limit in enumerate(AGE_BUCKETS):
        if days <= limit:
            return index
    return len(AGE_BUCKETS)


def compute_month(month: dt.date) -> tuple[dict, dict]:
    """The month's figures: ({(unit id, industry id): {figure: value}}, {(unit, industry,
    source, channel): count})."""
    first, after = month, next_month(month)
    last = after - dt.timedelta(days=1)
    since, until = day_start(first), day_start(after)
    today = local_date()
    rows: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))

    def add(grouped: Iterable[dict], unit_key: str = "cu", ind_key: str | None = "ind", **names):
        for g in grouped:
            key = (g[unit_key], g[ind_key] if ind_key else None)
            for figure, field in names.items():
                rows[key][figure] += g[field] or 0

    cases = _cases()
    received = cases.filter(received_at__gte=since, received_at__lt=until)
    add(
        received.values("cu", "ind").annotate(
            n=Count("pk"),
            rej=Count("pk", filter=Q(status=Report.Status.REJECTED)),
            qr=Count("pk", filter=Q(intake_point__isnull=False)),
        ),
        received="n",
        rejected="rej",
        qr_reports="qr",
    )

    def happened_in_month(moment: str) -> Iterable[dict]:
        """Cases whose ``moment`` falls in the month, counted by unit and industry."""
        return (
            cases.filter(**{f"{moment}__gte": since, f"{moment}__lt": until})
            .values("cu", "ind")
            .annotate(n=Count("pk"))
        )

    add(happened_in_month("accepted_at"), accepted="n")
    add(happened_in_month("transferred_at"), transferred="n")
    add(happened_in_month("listed_at"), listed="n")
    for cu, ind, accepted_at, concluded_at, due in cases.filter(
        concluded_at__gte=since, concluded_at__lt=until
    ).values_list("cu", "ind", "accepted_at", "concluded_at", "due_date"):
        row = rows[(cu, ind)]
        row["concluded"] += 1
        done = local_date(concluded_at)
        row["on_time"] += bool(due and done <= due)
        if accepted_at:
            row["days_sum"] += max((done - local_date(accepted_at)).days, 0)
    add(
        cases.filter(due_date__gte=first, due_date__lte=min(last, today - dt.timedelta(days=1)))
        .exclude(status__in=NOT_CASES)
        .filter(Q(concluded_at__isnull=True) | Q(concluded_at__date__gt=F("due_date")))
        .values("cu", "ind")
        .annotate(n=Count("pk")),
        overdue="n",
    )
    report_keys = {
        "cu": Coalesce(F("report__responsible_unit_id"), F("report__township_id")),
        "ind": Coalesce(F("report__enterprise__industry_id"), F("report__category__industry_id")),
    }
    add(
        Extension.objects.filter(
            status=Extension.Status.APPROVED, decided_at__gte=since, decided_at__lt=until
        )
        .values(**report_keys)
        .annotate(n=Count("pk")),
        extensions="n",
    )
    add(
        Enforcement.objects.filter(case_filed_on__range=(first, last))
        .values(**report_keys)
        .annotate(n=Count("pk")),
        filed="n",
    )
    add(
        Enforcement.objects.filter(penalty_decided_on__range=(first, last), fine__isnull=False)
        .values(**report_keys)
        .annotate(total=Sum("fine")),
        fines="total",
    )
    add(
        Reward.objects.filter(
            approved_at__gte=since, approved_at__lt=until, status__in=APPROVED_REWARDS
        )
        .values(**report_keys)
        .annotate(n=Count("pk"), total=Sum("amount")),
        rewards_decided="n",
        rewards_decided_amount="total",
    )
    payment_keys = {
        "cu": Coalesce(F("reward__report__responsible_unit_id"), F("reward__report__township_id")),
        "ind": Coalesce(
            F("reward__report__enterprise__industry_id"),
            F("reward__report__category__industry_id"),
        ),
    }
    add(
        Payment.objects.filter(paid_on__range=(first, last))
        .values(**payment_keys)
        .annotate(n=Count("pk"), total=Sum("amount")),
        rewards_paid="n",
        rewards_paid_amount="total",
    )
    add(
        IntakePointScanDay.objects.filter(date__range=(first, last))
        .values(cu=F("point__unit_id"))
        .annotate(total=Sum("count")),
        ind_key=None,
        qr_scans="total",
    )
    add(
        Activity.objects.filter(date__range=(first, last))
        .values(cu=F("unit_id"))
        .annotate(total=Sum("count")),
        ind_key=None,
        publicity_items="total",
    )
    channels = {
        (g["cu"], g["ind"], g["source"], g["channel"]): g["n"]
        for g in received.values("cu", "ind", "source", "channel").annotate(n=Count("pk"))
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
        _cases()
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
