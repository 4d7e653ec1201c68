"""What the supervisors' dashboard shows, read from the roll-up tables (and, for the lists of
cases, from the case table with an index): the same number of queries whatever the data size.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import params
from core.calendar import local_date
from dashboards import across
from dashboards.assessment import competition_ranks, ranked
from dashboards.models import AssessmentScore, CaseRollup, ChannelRollup, OpenAging, RollupMonth
from dashboards.rollups import AGE_BUCKETS, month_start, months_between
from publicity.models import MonthlyForm, TaskAssignment
from publicity.periods import last_ended
from reports.models import Report
from units import permissions
from units.models import Industry, Unit
from units.permissions import Perm

# Who may open the dashboard, and over which subtree.

# Each figure's name and one-line definition (shown on hover).
DEFINITIONS = {
    "received": (_("Received"), _("Reports received in the month, from every source.")),
    "accepted": (
        pgettext_lazy("dashboard", "Accepted"),
        _("Reports accepted (受理) in the month and transferred."),
    ),
    "concluded": (_("Concluded"), _("Cases concluded in the month.")),
    "on_time_rate": (
        _("On time"),
        _("Of the cases concluded in the month, the share concluded by their due date."),
    ),
    "avg_days": (
        _("Average days"),
        _("Average days from acceptance to conclusion of the cases concluded in the month."),
    ),
    "overdue": (
        _("Overdue"),
        _("Cases that passed their due date in the month without being concluded."),
    ),
    "open_overdue": (_("Overdue now"), _("Open cases past their due date today.")),
    "listed": (_("Listed"), _("Cases put under listed supervision (挂牌督办) in the month.")),
    "filed": (_("Filed"), _("Cases filed (立案) from leads in the month.")),
    "fines": (_("Fines"), _("Fines decided in the month, in yuan.")),
    "rewards_decided_amount": (
        _("Rewards decided"),
        _("Rewards approved in the month, in yuan."),
    ),
    "rewards_paid_amount": (_("Rewards paid"), _("Rewards paid in the month, in yuan.")),
    "payout_rate": (
        _("Payout rate"),
        _("Rewards paid divided by rewards approved over the period (兑现率)."),
    ),
    "qr_scans": (_("QR scans"), _("Scans of the QR codes posted, and the reports they led to.")),
    "publicity_items": (_("Publicity items"), _("Publicity activities recorded in the month.")),
}

SUMS = {name: Sum(name) for name in CaseRollup.FIGURES}


def dashboard_units(user) -> list[Unit]:
    """The subtrees this person supervises: their highest units with a dashboard."""
    return permissions.roots(user, Perm.SEE_DASHBOARD)


def can_open(user) -> bool:
    """Whether this person has a dashboard at all (memberships are cached per request)."""
    return permissions.holds(user, Perm.SEE_DASHBOARD)


def may_see(user, unit: Unit) -> bool:
    return permissions.can(user, Perm.SEE_DASHBOARD, unit)


@dataclass(frozen=True)
class Filters:
    unit: Unit
    first: dt.date  # first month
    last: dt.date  # last month
    industry: Industry | None = None

    @property
    def months(self) -> list[dt.date]:
        return months_between(self.first, self.last)

    def rollups(self, model=CaseRollup) -> QuerySet:
        # A unit's rows hold its whole subtree, so the scope is one unit's rows.
        rows = model.objects.filter(unit=self.unit)
        return rows.filter(industry=self.industry) if self.industry else rows


def _derived(row: dict) -> dict:
    row = {k: (v or 0) for k, v in row.items()}
    row["on_time_rate"] = (
        Decimal(100 * row["on_time"]) / row["concluded"] if row.get("concluded") else None
    )
    row["avg_days"] = Decimal(row["days_sum"]) / row["concluded"] if row.get("concluded") else None
    return row


def monthly(filters: Filters) -> dict[dt.date, dict]:
    """Each month of the period, and the month before it, summed over the scope: one query
    (the tiles and the trend both read it)."""
    before = month_start(filters.first - dt.timedelta(days=1))
    by_month = {
        row["month"]: _derived(row)
        for row in filters.rollups()
        .filter(month__in=[before, *filters.months])
        .values("month")
        .annotate(**SUMS)
        .order_by()
    }
    empty = _derived(dict.fromkeys(CaseRollup.FIGURES, 0))
    return {m: by_month.get(m, empty) for m in [before, *filters.months]}


def tiles(by_month: dict[dt.date, dict]) -> dict:
    """This month (the last of the period) against the month before."""
    months = sorted(by_month)
    return {"this": by_month[months[-1]], "before": by_month[months[-2]]}


def trend(filters: Filters, by_month: dict[dt.date, dict] | None = None) -> list[dict]:
    """Month by month over the period."""
    by_month = by_month if by_month is not None else monthly(filters)
    return [{"month": m, **by_month[m]} for m in filters.months]


def mix(filters: Filters) -> dict:
    """Reports by source and by channel over the period: one query."""
    rows = list(
        filters.rollups(ChannelRollup)
        .filter(month__in=filters.months)
        .values("source", "channel")
        .annotate(n=Sum("count"))
        .order_by("-n")
    )
    sources: dict[str, int] = {}
    channels: dict[str, int] = {}
    for r in rows:
        sources[r["source"]] = sources.get(r["source"], 0) + r["n"]
        channels[r["channel"]] = channels.get(r["channel"], 0) + r["n"]
    source_names = dict(Report.Source.choices)
    channel_names = dict(Report.Channel.choices)
    return {
        "sources": [
            {"key": k, "name": str(source_names.get(k, k)), "n": n}
            for k, n in sorted(sources.items(), key=lambda x: -x[1])
        ],
        "channels": [
            {"key": k, "name": str(channel_names.get(k, k)), "n": n}
            for k, n in sorted(channels.items(), key=lambda x: -x[1])
        ],
    }


def aging(filters: Filters) -> list[dict]:
    """Open cases now by days since acceptance: one query."""
    rows = {
        r["bucket"]: r
        for r in filters.rollups(OpenAging)
        .values("bucket")
        .annotate(n=Sum("count"), overdue=Sum("overdue"), listed=Sum("listed"))
    }
    labels = []
    low = 0
    for high in AGE_BUCKETS:
        labels.append(f"{low}–{high}")
        low = high + 1
    labels.append(f">{AGE_BUCKETS[-1]}")
    return [
        {
            "label": label,
            "n": rows.get(i, {}).get("n") or 0,
            "overdue": rows.get(i, {}).get("overdue") or 0,
            "listed": rows.get(i, {}).get("listed") or 0,
        }
        for i, label in enumerate(labels)
    ]


def stuck_cases(filters: Filters, *, limit: int = 50) -> list[Report]:
    """Open cases overdue or under listed supervision, the most overdue first: one query
    (the case table, through its partial index of open cases by due date)."""
    today = local_date()
    unit = filters.unit
    if unit.kind in Unit.OFFICE_KINDS:
        # An office's cases: those it accepted, also when handed to a district department.
        scope = Q(township__path__startswith=unit.path)
    else:
        scope = Q(responsible_unit__path__startswith=unit.path)
    cases = Report.objects.filter(scope, status__in=Report.RUNNING_STATUSES).filter(
        Q(due_date__lt=today) | Q(listed_at__isnull=False)
    )
    if filters.industry:
        cases = cases.filter(
            Q(enterprise__industry=filters.industry)
            | Q(enterprise__isnull=True, category__industry=filters.industry)
        )
    rows = list(
        cases.select_related("category", "responsible_unit", "township")
        .only(
            "number",
            "due_date",
            "listed_at",
            "category__name",
            "responsible_unit__name",
            "township__name",
        )
        .order_by("due_date", "pk")[:limit]
    )
    for r in rows:
        r.days_overdue = (today - r.due_date).days if r.due_date and r.due_date < today else 0
    return rows


def league(filters: Filters) -> dict:
    """The units one level down (a district's townships, a township's villages and stations),
    ranked by on-time rate then average days over the period; a unit needs
    ``DASHBOARD_LEAGUE_MIN_CASES`` concluded cases to be ranked. Two queries: the figures, then
    the units' names (apart, so that the figures never join the whole unit table)."""
    figures = CaseRollup.objects.filter(parent=filters.unit, month__in=filters.months)
    if filters.industry:
        figures = figures.filter(industry=filters.industry)
    rows: list[dict[str, Any]] = list(
        figures.values("unit_id")
        .order_by()
        .annotate(
            concluded=Sum("concluded"),
            on_time=Sum("on_time"),
            days_sum=Sum("days_sum"),
            overdue=Sum("overdue"),
            accepted=Sum("transferred"),
        )
    )
    names = dict(Unit.objects.filter(parent=filters.unit).values_list("pk", "name"))
    minimum = settings.DASHBOARD_LEAGUE_MIN_CASES
    ranked: list[dict[str, Any]] = []
    unranked: list[dict[str, Any]] = []
    for row in rows:
        if not (row["concluded"] or row["accepted"] or row["overdue"]):
            continue  # a unit with no case in the period is not in the league
        r = _derived(row)
        r["unit__name"] = names.get(r["unit_id"], "")
        (ranked if r["concluded"] >= minimum else unranked).append(r)
    ranked.sort(key=lambda r: (-r["on_time_rate"], r["avg_days"], r["unit__name"]))
    unranked.sort(key=lambda r: (-r["concluded"], r["unit__name"]))
    for i, r in enumerate(ranked, start=1):
        r["rank"] = i
    return {"ranked": ranked, "unranked": unranked, "minimum": minimum}


# The figures of a sector row, as the joint meeting's bulletin shows them.
SECTOR_FIGURES = ("received", "accepted", "filed", "concluded", "on_time")


def recent_quarters(today: dt.date | None = None, n: int = 4) -> list[tuple[int, int]]:
    """This quarter and the ``n - 1`` before it, newest first, as (year, quarter)."""
    today = today or local_date()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    found = []
    for _step in range(n):
        found.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return found


def by_sector(filters: Filters) -> list[dict]:
    """The period's case figures of the scope by sector (行业领域), read from the roll-ups: the
    rows the joint meeting's bulletin gives for its quarter (both come from
    ``reports.figures``). Sectors with nothing in the period are left out; cases of no sector
    come last, with no name. One query."""
    rows = [
        r
        for r in filters.rollups()
        .filter(month__in=filters.months)
        .values("industry_id", "industry__name", "industry__sort_order")
        .annotate(**{name: Sum(name) for name in SECTOR_FIGURES})
        .order_by()
        if any(r[name] for name in SECTOR_FIGURES)
    ]
    rows.sort(
        key=lambda r: (r["industry_id"] is None, r["industry__sort_order"] or 0, r["industry_id"])
    )
    return [
        {"industry_id": r["industry_id"], "name": r["industry__name"]}
        | {name: r[name] or 0 for name in SECTOR_FIGURES}
        for r in rows
    ]


def filed_target(trend_rows: list[dict]) -> list[dict]:
    """The district target, month by month: at least one case filed from a lead."""
    return [{"month": r["month"], "filed": r["filed"], "met": r["filed"] >= 1} for r in trend_rows]


def forms_status(unit: Unit) -> dict:
    """The last ended period's monthly forms under ``unit``: two queries."""
    period = last_ended(local_date())
    required = Unit.objects.filter(
        path__startswith=unit.path, active=True, kind__in=settings.MONTHLY_FORM_UNIT_KINDS
    )
    submitted = MonthlyForm.objects.filter(
        unit__in=required,
        year=period.year,
        month=period.month,
        status=MonthlyForm.Status.SUBMITTED,
    ).aggregate(
        n=Count("pk"),
        on_time=Count("pk", filter=Q(submitted_at__date__lte=period.due)),
    )
    total = required.count()
    return {
        "period": period,
        "required": total,
        "submitted": submitted["n"],
        "on_time": submitted["on_time"],
        "late": local_date() > period.due,
    }


def tasks_status(unit: Unit, year: int) -> dict:
    today = local_date()
    counts = TaskAssignment.objects.filter(unit__path__startswith=unit.path, year=year).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(done_at__isnull=False)),
        overdue=Count("pk", filter=Q(done_at__isnull=True, due_date__lt=today)),
    )
    counts["rate"] = Decimal(100 * counts["done"]) / counts["total"] if counts["total"] else None
    return counts


def freshness() -> RollupMonth | None:
    return RollupMonth.objects.exclude(refreshed_at=None).order_by("-refreshed_at").first()


def dashboard(filters: Filters) -> dict:
    by_month = monthly(filters)
    rows = trend(filters, by_month)
    totals = _derived({name: sum(r[name] for r in rows) for name in CaseRollup.FIGURES})
    decided = totals["rewards_decided_amount"]
    totals["payout_rate"] = (
        Decimal(100) * totals["rewards_paid_amount"] / decided if decided else None
    )
    return {
        "tiles": tiles(by_month),
        "trend": rows,
        "totals": totals,
        "mix": mix(filters),
        "aging": aging(filters),
        "stuck": stuck_cases(filters),
        "league": league(filters),
        "across": across.across_levels(filters),
        "sectors": by_sector(filters),
        "filed_target": filed_target(rows),
        "forms": forms_status(filters.unit),
        "tasks": tasks_status(filters.unit, filters.last.year),
        "freshness": freshness(),
        "definitions": DEFINITIONS,
    }


# ------------------------------------------------------------------------------
# Assessment
# ------------------------------------------------------------------------------
def assessment(unit: Unit, month: dt.date) -> list[AssessmentScore]:
    """The month's scores of the units directly below ``unit`` (each level assesses the
    level below it: a township its villages and stations, a district its townships and
    departments), best first, each with its ``rank`` (ties share)."""
    return ranked(
        AssessmentScore.objects.filter(unit__parent=unit, month=month).select_related("unit")
    )


def assessment_half(unit: Unit, year: int, half: int) -> dict:
    """The half-year's monthly scores of the units directly below ``unit``, ranked by their
    average as published (to one decimal; equal averages share a rank): one query."""
    first = dt.date(year, 1 if half == 1 else 7, 1)
    months = months_between(first, dt.date(year, 6 if half == 1 else 12, 1))
    table: dict[int, dict] = {}
    scores = AssessmentScore.objects.filter(unit__parent=unit, month__in=months)
    for score in scores.select_related("unit"):
        row = table.setdefault(score.unit_id, {"unit": score.unit, "scores": {}})
        row["scores"][score.month] = score.total
    rows = []
    for row in table.values():
        values = list(row["scores"].values())
        row["average"] = (sum(values) / len(values)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        row["monthly"] = [row["scores"].get(m) for m in months]
        rows.append(row)
    rows.sort(key=lambda r: (-r["average"], r["unit"].path))
    for row, rank in zip(rows, competition_ranks([r["average"] for r in rows]), strict=True):
        row["rank"] = rank
    return {"months": months, "rows": rows, "year": year, "half": half}


def period_months(choice: str, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The period filter: the last N months (this month included), one given month
    ("YYYY-MM") or a quarter ("YYYY-Qn", the joint meeting's); the last 12 months for anything
    else."""
    today = today or local_date()
    last = month_start(today)
    if (n := params.integer(choice, low=1, high=36)) is not None:
        first = last
        for _ in range(n - 1):
            first = month_start(first - dt.timedelta(days=1))
        return first, last
    if quarter := params.year_quarter(choice):
        first = dt.date(quarter[0], 3 * quarter[1] - 2, 1)
        return first, dt.date(quarter[0], 3 * quarter[1], 1)
    month = params.year_month(choice)
    if month is None:
        return period_months("12", today)
    return month, month
