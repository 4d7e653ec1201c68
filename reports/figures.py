"""The case figures of a period, defined once (STYLE 29): the dashboard's roll-ups read them a
month at a time and the joint meeting's bulletin a quarter at a time, so the two always agree.

A case counts under its *counting unit*, the responsible unit (the accepting township before
transfer), and under its *sector*: the industry of the enterprise it names, else its category's.
A case a township handed to a district department splits in two so the district adds it once:
its intake (received, accepted, filed, rewards) stays with the township; its work (transferred
to it, listed, concluded, overdue, extensions, fines, open) counts under the department.
Each figure counts an event whose date (Asia/Shanghai) falls in the period:

- received: reports received, from every source (rejected ones too, also counted as rejected);
- accepted, transferred, listed: accepted (受理), transferred, put under listed supervision;
- concluded: concluded; on_time: of those, concluded by their due date; days_sum: the days
  from acceptance to conclusion, for averages;
- overdue: cases due in the period (up to yesterday) and not concluded by then;
- extensions: extensions approved; filed: cases filed (立案) from leads; fines: fines decided;
- qr_reports: reports received through a QR code.

Figures add up: a quarter's are the sum of its months'. ``rewards.figures`` gives the rewards
decided and paid under the same keys.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Case, Count, F, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce

from core.calendar import day_start, local_date
from reports.models import Enforcement, Extension, Report
from units.models import Unit

# Reports that never became cases: they are received, never overdue.
NOT_CASES = (Report.Status.REJECTED, Report.Status.MERGED, Report.Status.WITHDRAWN)

CASE_FIGURES = (
    "received",
    "rejected",
    "qr_reports",
    "accepted",
    "transferred",
    "listed",
    "concluded",
    "on_time",
    "days_sum",
    "overdue",
    "extensions",
    "filed",
    "fines",
)

# {(counting unit id, industry id or None): {figure: value}}
Figures = dict[tuple[int, int | None], dict[str, int | Decimal]]


def counting_unit(prefix: str = "") -> Coalesce:
    """The unit a case's work counts under, reached through ``prefix`` (``"report__"``): the
    unit that handles it (a district department for a handed case)."""
    return Coalesce(F(f"{prefix}responsible_unit_id"), F(f"{prefix}township_id"))


def _handed(prefix: str) -> Q:
    """Cases a township (or the district's office) handed to a district department."""
    return Q(
        **{
            f"{prefix}responsible_unit__kind": Unit.Kind.DEPARTMENT,
            f"{prefix}township__isnull": False,
        }
    )


def intake_unit(prefix: str = "") -> Case:
    """The unit a case's intake counts under (received, accepted, filed, rewards):
    the counting unit, except for a case handed to a district department, which the township
    that obtained and accepted the lead keeps (the department counts the work it does on it,
    so the district adds every case once)."""
    return Case(
        When(_handed(prefix), then=F(f"{prefix}township_id")), default=counting_unit(prefix)
    )


def sector(prefix: str = "") -> Coalesce:
    """The industry a case counts under: its enterprise's, else its category's."""
    return Coalesce(F(f"{prefix}enterprise__industry_id"), F(f"{prefix}category__industry_id"))


def keys(prefix: str = "", *, intake: bool = False) -> dict[str, Coalesce | Case]:
    """The two keys every figure is grouped by, as ``values(**keys())`` takes them: the unit
    (``intake_unit`` for the intake figures, else ``counting_unit``) and the sector."""
    unit = intake_unit(prefix) if intake else counting_unit(prefix)
    return {"cu": unit, "ind": sector(prefix)}


def in_scope(scope: Unit | None, prefix: str = "") -> Q:
    """Cases whose counting unit or intake unit lies in ``scope``'s subtree (all cases for
    None): a township's figures include the cases it handed to a district department."""
    if scope is None:
        return Q()
    kept = Q(**{f"{prefix}responsible_unit__isnull": True}) | _handed(prefix)
    return Q(**{f"{prefix}responsible_unit__path__startswith": scope.path}) | (
        kept & Q(**{f"{prefix}township__path__startswith": scope.path})
    )


def cases(scope: Unit | None = None, *, intake: bool = False) -> QuerySet[Report]:
    """Reports with their keys (``cu``, ``ind``; ``intake`` as for ``keys``), in ``scope``."""
    return Report.objects.filter(in_scope(scope)).annotate(**keys(intake=intake))


def received(first: dt.date, last: dt.date, scope: Unit | None = None) -> QuerySet[Report]:
    """The reports received from ``first`` to ``last`` (inclusive), with their intake keys."""
    return cases(scope, intake=True).filter(
        received_at__gte=day_start(first), received_at__lt=day_start(last + dt.timedelta(days=1))
    )


def filed_leads(first: dt.date, last: dt.date) -> QuerySet[Enforcement]:
    """Cases filed (立案) from leads from ``first`` to ``last`` (inclusive), by filing date: the
    one definition the dashboard, the bulletin, the monthly form and the district's
    "one filed lead a month" target count. Callers narrow it to their scope."""
    return Enforcement.objects.filter(case_filed_on__range=(first, last))


def owned_in(root: Unit, prefix: str = "report__") -> Q:
    """Cases whose ``intake_unit`` lies in ``root``'s subtree."""
    path = root.path
    return (~_handed(prefix) & Q(**{f"{prefix}responsible_unit__path__startswith": path})) | (
        _handed(prefix) & Q(**{f"{prefix}township__path__startswith": path})
    )


def add(rows: Figures, grouped: Iterable[dict], **names: str) -> None:
    """Add grouped query rows (with ``cu`` and ``ind``) to ``rows``: figure=field."""
    for g in grouped:
        row = rows[(g["cu"], g.get("ind"))]
        for figure, name in names.items():
            row[figure] += g[name] or 0


def new_figures() -> Figures:
    return defaultdict(lambda: defaultdict(int))


def case_figures(
    first: dt.date, last: dt.date, *, scope: Unit | None = None, today: dt.date | None = None
) -> Figures:
    """The case figures of the days ``first`` to ``last`` (inclusive), per counting unit and
    sector, for the cases of ``scope`` (every case for None). About ten grouped queries,
    whatever the number of cases."""
    since, until = day_start(first), day_start(last + dt.timedelta(days=1))
    today = today or local_date()
    rows = new_figures()
    all_cases = cases(scope)
    add(
        rows,
        received(first, last, scope)
        .values("cu", "ind")
        .annotate(
            n=Count("pk"),
            rej=Count("pk", filter=Q(status=Report.Status.REJECTED)),
            qr=Count("pk", filter=Q(intake_point__isnull=False)),
        ),
        received="n",
        rejected="rej",
        qr_reports="qr",
    )
    intake_cases = cases(scope, intake=True)
    for moment, figure, among in (
        ("accepted_at", "accepted", intake_cases),
        ("transferred_at", "transferred", all_cases),
        ("listed_at", "listed", all_cases),
    ):
        add(
            rows,
            among.filter(**{f"{moment}__gte": since, f"{moment}__lt": until})
            .values("cu", "ind")
            .annotate(n=Count("pk")),
            **{figure: "n"},
        )
    for cu, ind, accepted_at, concluded_at, due in all_cases.filter(
        concluded_at__gte=since, concluded_at__lt=until
    ).values_list("cu", "ind", "accepted_at", "concluded_at", "due_date"):
        row = rows[(cu, ind)]
        row["concluded"] += 1
        done = local_date(concluded_at)
        row["on_time"] += bool(due and done <= due)
        if accepted_at:
            row["days_sum"] += max((done - local_date(accepted_at)).days, 0)
    add(
        rows,
        all_cases.filter(due_date__gte=first, due_date__lte=min(last, today - dt.timedelta(days=1)))
        .exclude(status__in=NOT_CASES)
        .filter(Q(concluded_at__isnull=True) | Q(concluded_at__date__gt=F("due_date")))
        .values("cu", "ind")
        .annotate(n=Count("pk")),
        overdue="n",
    )
    report_scope = in_scope(scope, "report__")
    add(
        rows,
        Extension.objects.filter(
            report_scope,
            status=Extension.Status.APPROVED,
            decided_at__gte=since,
            decided_at__lt=until,
        )
        .values(**keys("report__"))
        .annotate(n=Count("pk")),
        extensions="n",
    )
    add(
        rows,
        filed_leads(first, last)
        .filter(report_scope)
        .values(**keys("report__", intake=True))
        .annotate(n=Count("pk")),
        filed="n",
    )
    add(
        rows,
        Enforcement.objects.filter(
            report_scope, penalty_decided_on__range=(first, last), fine__isnull=False
        )
        .values(**keys("report__"))
        .annotate(total=Sum("fine")),
        fines="total",
    )
    return rows


def open_at(moment: dt.datetime, *, scope: Unit | None = None) -> dict[int, int]:
    """Cases accepted before ``moment`` and not concluded by then, per counting unit: what
    was still open at the end of a period. One query."""
    return dict(
        cases(scope)
        .filter(accepted_at__lt=moment)
        .exclude(status__in=NOT_CASES)
        .filter(Q(concluded_at__isnull=True) | Q(concluded_at__gte=moment))
        .values_list("cu")
        .annotate(n=Count("pk"))
        .order_by()
    )
