"""Reads of the campaign (who may read what is for ``units.permissions`` to say): what is
still owed against the targets, the informant library, QR effect, the monthly form and its
roll-up, the key-task matrix and the quarter's figures. Each is a constant number of
queries."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from core import timeline
from core.calendar import day_start, local_date
from core.models import TimelineEntry
from publicity.models import (
    Activity,
    CampaignItem,
    FormCell,
    FormColumn,
    JointMeeting,
    KeyTask,
    Measure,
    MonthlyForm,
    PrintRecord,
    TaskAssignment,
)
from publicity.periods import Period, quarter_range, year_range
from reports import figures
from reports.models import Enforcement, IntakePoint, Report
from rewards.figures import reward_figures
from rewards.models import Reward
from units.models import Enterprise, Industry, Informant, Unit


def subtree(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(path__startswith=unit.path, active=True)


def covered_enterprises(unit: Unit) -> QuerySet[Enterprise]:
    """The enterprises a unit answers for: in its villages, or supervised by it or a unit below
    it."""
    return Enterprise.objects.filter(
        Q(village__path__startswith=unit.path) | Q(supervising_unit__path__startswith=unit.path),
        active=True,
    )


# ------------------------------------------------------------------------------
# What is still owed against the targets
# ------------------------------------------------------------------------------
@dataclass
class Target:
    measure: Measure
    target: int
    done: int

    @property
    def owed(self) -> int:
        return max(self.target - self.done, 0)

    @property
    def met(self) -> bool:
        return self.done >= self.target


@dataclass
class Row:
    label: str
    detail: str = ""
    targets: list[Target] = field(default_factory=list)
    pk: int | None = None

    @property
    def owed(self) -> int:
        return sum(t.owed for t in self.targets)

    @property
    def required(self) -> int:
        return sum(t.target for t in self.targets)

    @property
    def unmet(self) -> list[Target]:
        return [t for t in self.targets if not t.met]


@dataclass
class Owed:
    year: int
    quarter: int
    townships: list[Row]
    places: list[Row]
    enterprises: list[Row]

    @property
    def rows(self) -> list[Row]:
        return [*self.townships, *self.places, *self.enterprises]

    @property
    def required(self) -> int:
        return sum(r.required for r in self.rows)

    @property
    def owed(self) -> int:
        return sum(r.owed for r in self.rows)

    @property
    def completion(self) -> Decimal | None:
        """Share of the required work done, in percent (each target counts up to its size)."""
        if not self.required:
            return None
        return Decimal(100 * (self.required - self.owed)) / self.required


@dataclass
class _CampaignWork:
    """What the owed lists of one scope's units are built from, read once."""

    year: int
    quarter: int
    measures: list[Measure]
    by_enterprise: dict[tuple[int, int], int]
    by_place: dict[tuple[int, int], int]
    by_unit_path: list[tuple[int, str, dt.date, int]]
    enterprises: list[Enterprise]
    informants: dict[int, int]
    places: list[Unit]
    townships: list[Unit]


def _campaign_work(scope: Unit, *, year: int, quarter: int) -> _CampaignWork:
    """The year's work that can count for ``scope`` or any unit below it. Five queries."""
    measures = list(Measure.objects.filter(active=True).exclude(scope=Measure.Scope.NONE))
    year_from, year_to = year_range(year)
    quarter_from, quarter_to = quarter_range(year, quarter)

    def window(measure: Measure) -> tuple[dt.date, dt.date]:
        if measure.period == Measure.Period.QUARTER:
            return quarter_from, quarter_to
        return year_from, year_to

    # Only the activities that can count here: for an enterprise the scope covers, at a place
    # of its subtree, or by a unit of its subtree (the townships' own targets).
    activities = (
        Activity.objects.filter(
            Q(enterprise__in=covered_enterprises(scope).values("pk"))
            | Q(place__path__startswith=scope.path)
            | Q(unit__path__startswith=scope.path),
            date__range=(year_from, year_to),
            measure__in=[m.pk for m in measures],
        )
        .values("measure_id", "date", "enterprise_id", "place_id", "unit_id", "unit__path")
        .annotate(total=Sum("count"))
    )
    by_enterprise: dict[tuple[int, int], int] = defaultdict(int)
    by_place: dict[tuple[int, int], int] = defaultdict(int)
    by_unit_path: list[tuple[int, str, dt.date, int]] = []
    lookup = {m.pk: m for m in measures}
    for a in activities:
        measure = lookup[a["measure_id"]]
        start, end = window(measure)
        if not start <= a["date"] <= end:
            continue
        if a["enterprise_id"]:
            by_enterprise[(a["enterprise_id"], measure.pk)] += a["total"]
        if a["place_id"]:
            by_place[(a["place_id"], measure.pk)] += a["total"]
        by_unit_path.append((measure.pk, a["unit__path"], a["date"], a["total"]))

    enterprises = list(
        covered_enterprises(scope)
        .select_related("village", "supervising_unit")
        .order_by("village__path", "name")
    )
    informants = dict(
        Informant.objects.filter(enterprise__in=[e.pk for e in enterprises], active=True)
        .values_list("enterprise_id")
        .annotate(n=Count("pk"))
    )
    units = list(
        subtree(scope).filter(kind__in=[*Unit.PLACE_KINDS, Unit.Kind.TOWNSHIP]).order_by("path")
    )
    return _CampaignWork(
        year=year,
        quarter=quarter,
        measures=measures,
        by_enterprise=by_enterprise,
        by_place=by_place,
        by_unit_path=by_unit_path,
        enterprises=enterprises,
        informants=informants,
        places=[u for u in units if u.kind in Unit.PLACE_KINDS],
        townships=[u for u in units if u.kind == Unit.Kind.TOWNSHIP],
    )


def _owed_from(work: _CampaignWork, unit: Unit) -> Owed:
    """One unit's owed list from its scope's work: no query."""

    def below(other: Unit | None) -> bool:
        return other is not None and other.path.startswith(unit.path)

    enterprise_rows = []
    for enterprise in work.enterprises:
        if not (below(enterprise.village) or below(enterprise.supervising_unit)):
            continue  # not one this unit answers for
        row = Row(
            enterprise.name, enterprise.village.name if enterprise.village else "", pk=enterprise.pk
        )
        for m in work.measures:
            if not m.per_enterprise:
                continue
            if m.scope == Measure.Scope.KEY_ENTERPRISE and not enterprise.is_key:
                continue
            target = m.target * (enterprise.workshops if m.scope == Measure.Scope.WORKSHOP else 1)
            if not target:
                continue
            done = (
                work.informants.get(enterprise.pk, 0)
                if m.source == Measure.Source.INFORMANTS
                else work.by_enterprise.get((enterprise.pk, m.pk), 0)
            )
            row.targets.append(Target(m, target, done))
        enterprise_rows.append(row)

    places = [unit] if unit.kind in Unit.PLACE_KINDS else [p for p in work.places if below(p)]
    place_rows = []
    for place in places:
        row = Row(place.name, place.get_kind_display(), pk=place.pk)
        for m in work.measures:
            if m.scope == Measure.Scope.PLACE or (
                m.scope == Measure.Scope.RURAL_PLACE and place.is_rural
            ):
                row.targets.append(Target(m, m.target, work.by_place.get((place.pk, m.pk), 0)))
        if row.targets:
            place_rows.append(row)

    townships = (
        [unit] if unit.kind == Unit.Kind.TOWNSHIP else [t for t in work.townships if below(t)]
    )
    township_rows = []
    for township in townships:
        row = Row(township.name, township.get_kind_display())
        for m in work.measures:
            if m.scope != Measure.Scope.TOWNSHIP:
                continue
            done = sum(
                total
                for measure_id, path, _day, total in work.by_unit_path
                if measure_id == m.pk and path.startswith(township.path)
            )
            row.targets.append(Target(m, m.target, done))
        township_rows.append(row)
    return Owed(work.year, work.quarter, township_rows, place_rows, enterprise_rows)


def owed(unit: Unit, *, year: int, quarter: int) -> Owed:
    """Per enterprise, place and township that ``unit`` covers: each target of the year (and
    of ``quarter`` for quarterly ones) with what was done. Five queries."""
    return _owed_from(_campaign_work(unit, year=year, quarter=quarter), unit)


def owed_many(scope: Unit, units: Iterable[Unit], *, year: int, quarter: int) -> dict[int, Owed]:
    """The owed lists of ``units``, all inside ``scope``: five queries in all."""
    work = _campaign_work(scope, year=year, quarter=quarter)
    return {unit.pk: _owed_from(work, unit) for unit in units}


# ------------------------------------------------------------------------------
# The informant library (信息员库)
# ------------------------------------------------------------------------------
@dataclass
class LibraryRow:
    unit: Unit
    informants: list[Informant]
    enterprises_without: list[Enterprise]
    grid_missing: bool

    @property
    def complete(self) -> bool:
        return not self.enterprises_without and not self.grid_missing


def informant_library(unit: Unit) -> dict:
    """Informants by registering unit with the leads each brought; the target: a safety
    officer for every enterprise and a grid worker for every village and community. Five
    queries."""
    units = {u.pk: u for u in subtree(unit)}
    informants = list(
        Informant.objects.filter(unit__in=list(units), active=True)
        .select_related("enterprise")
        .annotate(leads=Count("reports__report", distinct=True))
        .order_by("unit__path", "name")
    )
    enterprises = list(covered_enterprises(unit).select_related("village"))
    with_officer = {
        i.enterprise_id
        for i in informants
        if i.kind == Informant.Kind.SAFETY_OFFICER and i.enterprise_id
    }
    grid_places = {i.unit_id for i in informants if i.kind == Informant.Kind.GRID_WORKER}
    rows: dict[int, LibraryRow] = {}
    for u in units.values():
        if u.kind in Unit.PLACE_KINDS or any(i.unit_id == u.pk for i in informants):
            rows[u.pk] = LibraryRow(
                u, [], [], u.kind in Unit.PLACE_KINDS and u.pk not in grid_places
            )
    for informant in informants:
        rows.setdefault(informant.unit_id, LibraryRow(units[informant.unit_id], [], [], False))
        rows[informant.unit_id].informants.append(informant)
    missing = [e for e in enterprises if e.pk not in with_officer]
    task = KeyTask.objects.filter(number=10).first()
    year = local_date().year
    deadline = (
        dt.date(year, task.due_month, task.due_day)
        if task and task.due_month and task.due_day
        else None
    )
    return {
        "rows": sorted(rows.values(), key=lambda r: r.unit.path),
        "enterprises_without": missing,
        "places_without": [r.unit for r in rows.values() if r.grid_missing],
        "total": len(informants),
        "leads": sum(i.leads for i in informants),
        "deadline": deadline,
        "late": bool(
            deadline
            and local_date() > deadline
            and (missing or any(r.grid_missing for r in rows.values()))
        ),
    }


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


# ------------------------------------------------------------------------------
# The monthly form
# ------------------------------------------------------------------------------
def columns() -> list[FormColumn]:
    return list(FormColumn.objects.filter(active=True).prefetch_related("measures"))


def computed_values(
    root: Unit, period: Period, cols: list[FormColumn]
) -> dict[int, dict[str, int]]:
    """Each unit's own figures under ``root`` for the period, from what was recorded as done
    (activities by their date), the informant library and the filed cases; never from prints.
    {unit id: {column code: n}}. Three grouped queries, whatever the number of units."""
    start, end = period.start, period.end
    values: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    measure_columns: dict[int, list[str]] = defaultdict(list)
    for c in cols:
        if c.source == FormColumn.Source.ACTIVITIES:
            for m in c.measures.all():
                measure_columns[m.pk].append(c.code)
    informant_cols = [c.code for c in cols if c.source == FormColumn.Source.INFORMANTS]
    filed_cols = [c.code for c in cols if c.source == FormColumn.Source.FILED_LEADS]
    in_tree = {"unit__path__startswith": root.path}
    if measure_columns:
        for unit_id, measure_id, total in (
            Activity.objects.filter(
                **in_tree, date__range=(start, end), measure__in=list(measure_columns)
            )
            .values_list("unit_id", "measure_id")
            .annotate(total=Sum("count"))
        ):
            for code in measure_columns[measure_id]:
                values[unit_id][code] += total
    if informant_cols:
        for unit_id, n in (
            Informant.objects.filter(**in_tree, registered_on__range=(start, end))
            .values_list("unit_id")
            .annotate(n=Count("pk"))
        ):
            for code in informant_cols:
                values[unit_id][code] += n
    if filed_cols:
        for unit_id, n in (
            Enforcement.objects.filter(
                report__responsible_unit__path__startswith=root.path,
                case_filed_on__range=(start, end),
            )
            .values_list("report__responsible_unit_id")
            .annotate(n=Count("pk"))
        ):
            for code in filed_cols:
                values[unit_id][code] += n
    return values


@dataclass
class FormRow:
    unit: Unit
    values: dict[str, int]
    form: MonthlyForm | None = None
    own: bool = False

    @property
    def status(self) -> str:
        return self.form.status if self.form else MonthlyForm.Status.DRAFT


def form_sheet(unit: Unit, period: Period) -> dict:
    """The form of ``unit`` for the period with its roll-up: its own figures (pre-filled, with
    corrections; frozen once submitted), one row per direct child with its subtree's total, and
    the total. Eight queries whatever the size of the subtree."""
    cols = columns()
    units = list(subtree(unit).order_by("path"))
    computed = computed_values(unit, period, cols)
    forms = {
        f.unit_id: f
        for f in MonthlyForm.objects.filter(
            unit__in=[u.pk for u in units], year=period.year, month=period.month
        ).select_related("submitted_by")
    }
    unit_of_form = {f.pk: unit_id for unit_id, f in forms.items()}
    cells: dict[int, dict[str, FormCell]] = defaultdict(dict)
    for cell in FormCell.objects.filter(form__in=list(unit_of_form)).select_related("column"):
        cells[unit_of_form[cell.form_id]][cell.column.code] = cell

    def own_values(u: Unit) -> dict[str, int]:
        form = forms.get(u.pk)
        result = {}
        for c in cols:
            cell = cells.get(u.pk, {}).get(c.code)
            if form and form.frozen:
                result[c.code] = cell.value if cell else 0
            elif cell:
                result[c.code] = cell.value
            else:
                result[c.code] = computed.get(u.pk, {}).get(c.code, 0)
        return result

    own = {u.pk: own_values(u) for u in units}

    def total(prefix: str) -> dict[str, int]:
        return {
            c.code: sum(own[u.pk][c.code] for u in units if u.path.startswith(prefix)) for c in cols
        }

    children = [u for u in units if u.parent_id == unit.pk]
    rows = [FormRow(unit, own[unit.pk], forms.get(unit.pk), own=True)]
    rows += [FormRow(c, total(c.path), forms.get(c.pk)) for c in children]
    form = forms.get(unit.pk)
    grand = form.totals if form and form.frozen and form.totals else total(unit.path)
    return {
        "columns": cols,
        "period": period,
        "form": form,
        "rows": rows,
        "total": grand,
        "computed": computed.get(unit.pk, {}),
        "cells": cells.get(unit.pk, {}),
        "late": [
            r.unit
            for r in rows[1:]
            if not (r.form and r.form.frozen) and local_date() >= period.late_from
        ],
    }


def required_form_units(root: Unit) -> QuerySet[Unit]:
    from django.conf import settings

    return subtree(root).filter(kind__in=settings.MONTHLY_FORM_UNIT_KINDS)


def missing_forms(period: Period, units: QuerySet[Unit]) -> QuerySet[Unit]:
    """The units among ``units`` whose form for the period is not submitted."""
    submitted = MonthlyForm.objects.filter(
        year=period.year, month=period.month, status=MonthlyForm.Status.SUBMITTED
    ).values("unit_id")
    return units.exclude(pk__in=submitted)


def filed_leads_target(unit: Unit, period: Period) -> dict:
    """The district target: at least one case filed from a lead in the month."""
    n = Enforcement.objects.filter(
        report__township__path__startswith=unit.path,
        case_filed_on__range=(period.start, period.end),
    ).count()
    return {"count": n, "met": n >= 1}


# ------------------------------------------------------------------------------
# Key tasks
# ------------------------------------------------------------------------------
def task_matrix(unit: Unit, year: int) -> dict:
    """Completion of the key tasks per unit under ``unit`` (done, due, overdue). Two queries."""
    today = local_date()
    assignments = list(
        TaskAssignment.objects.filter(unit__path__startswith=unit.path, year=year)
        .select_related("task", "unit")
        .order_by("unit__path", "task__number", "due_date")
    )
    per_unit: dict[int, dict] = {}
    for a in assignments:
        a.overdue = a.done_at is None and a.due_date < today  # type: ignore[attr-defined]
        entry = per_unit.setdefault(
            a.unit_id, {"unit": a.unit, "assignments": [], "done": 0, "total": 0, "overdue": 0}
        )
        entry["assignments"].append(a)
        entry["total"] += 1
        entry["done"] += a.done_at is not None
        entry["overdue"] += a.overdue  # type: ignore[attr-defined]
    rows = sorted(per_unit.values(), key=lambda e: e["unit"].path)
    for row in rows:
        row["rate"] = Decimal(100 * row["done"]) / row["total"] if row["total"] else None
    return {
        "rows": rows,
        "done": sum(r["done"] for r in rows),
        "total": sum(r["total"] for r in rows),
        "overdue": sum(r["overdue"] for r in rows),
    }


# ------------------------------------------------------------------------------
# The quarter's figures for the joint meeting's bulletin
# ------------------------------------------------------------------------------
SECTOR_FIGURES = ("received", "accepted", "filed", "concluded", "on_time")
UNIT_FIGURES = ("accepted", "filed", "concluded", "on_time")


def quarter_figures(township: Unit, year: int, quarter: int) -> dict:
    """The quarter's figures of the township's cases, by sector (industry) and by unit:
    received, accepted, filed, concluded and concluded on time, still open at the quarter's
    end; rewards decided and paid; the publicity completion. The case and reward figures are
    the dashboard's (``reports.figures``, ``rewards.figures``): the same cases counted under
    the same sector and unit. About fifteen queries."""
    start, end = quarter_range(year, quarter)
    rows = figures.case_figures(start, end, scope=township)
    rewards = reward_figures(start, end, scope=township)
    sectors: dict[int | None, dict] = defaultdict(lambda: dict.fromkeys(SECTOR_FIGURES, 0))
    units: dict[int, dict] = defaultdict(lambda: dict.fromkeys([*UNIT_FIGURES, "open"], 0))
    for (unit_id, industry_id), values in rows.items():
        for name in SECTOR_FIGURES:
            sectors[industry_id][name] += values.get(name, 0)
        for name in UNIT_FIGURES:
            units[unit_id][name] += values.get(name, 0)
    for unit_id, n in figures.open_at(
        day_start(end + dt.timedelta(days=1)), scope=township
    ).items():
        units[unit_id]["open"] += n
    industries = {i.pk: i for i in Industry.objects.filter(pk__in=[k for k in sectors if k])}
    by_sector = sorted(
        (
            {"industry_id": k, "name": industries[k].name if k else None, **v}
            for k, v in sectors.items()
            if any(v.values())
        ),
        key=lambda r: (
            r["industry_id"] is None,
            industries[r["industry_id"]].sort_order if r["industry_id"] else 0,
            r["industry_id"] or 0,
        ),
    )
    names = {u.pk: u for u in Unit.objects.filter(pk__in=list(units))}
    by_unit = sorted(
        (
            {"unit_id": k, "name": names[k].name, "path": names[k].path, **v}
            for k, v in units.items()
            if any(v.values())
        ),
        key=lambda r: r["path"],
    )
    totals = {name: sum(r[name] for r in by_sector) for name in SECTOR_FIGURES}
    totals["on_time_rate"] = (
        Decimal(100 * totals["on_time"]) / totals["concluded"] if totals["concluded"] else None
    )

    def money(count: str, amount: str) -> dict:
        return {
            "n": sum(v.get(count, 0) for v in rewards.values()),
            "amount": sum((v.get(amount, 0) for v in rewards.values()), Decimal(0)),
        }

    return {
        "totals": totals,
        "start": start,
        "end": end,
        "by_sector": by_sector,
        "by_unit": by_unit,
        "rewards_decided": money("rewards_decided", "rewards_decided_amount"),
        "rewards_paid": money("rewards_paid", "rewards_paid_amount"),
        "publicity": owed(township, year=year, quarter=quarter),
        "generated_at": timezone.now(),
    }


def bulletin_figures(township: Unit, year: int, quarter: int) -> dict:
    """The quarter's figures as the bulletin prints them, in plain JSON values (numbers, text,
    ISO dates, amounts as text): what an issued bulletin keeps."""
    figures = quarter_figures(township, year, quarter)
    owed_list = figures["publicity"]

    def amount(value) -> str:
        return str(Decimal(value or 0))

    def rows(rows: list[Row], *, owed_only: bool) -> list[dict]:
        return [
            {"label": r.label, "required": r.required, "owed": r.owed}
            for r in rows
            if r.owed or not owed_only
        ]

    totals = dict(figures["totals"])
    rate = totals["on_time_rate"]
    totals["on_time_rate"] = str(rate.quantize(Decimal("0.1"))) if rate is not None else None
    completion = owed_list.completion
    return {
        "start": figures["start"].isoformat(),
        "end": figures["end"].isoformat(),
        "totals": totals,
        "by_sector": figures["by_sector"],
        "by_unit": [{k: v for k, v in r.items() if k != "path"} for r in figures["by_unit"]],
        "rewards_decided": {
            "n": figures["rewards_decided"]["n"],
            "amount": amount(figures["rewards_decided"]["amount"]),
        },
        "rewards_paid": {
            "n": figures["rewards_paid"]["n"],
            "amount": amount(figures["rewards_paid"]["amount"]),
        },
        "publicity": {
            "completion": None if completion is None else str(completion.quantize(Decimal(1))),
            "required": owed_list.required,
            "owed": owed_list.owed,
            "townships": rows(owed_list.townships, owed_only=False),
            "places": rows(owed_list.places, owed_only=True),
            "enterprises": rows(owed_list.enterprises, owed_only=True),
        },
        "generated_at": timezone.localtime(figures["generated_at"]).isoformat(timespec="seconds"),
    }


def meeting_text(meeting: JointMeeting | None) -> dict:
    """The meeting as the bulletin tells it, in plain JSON values."""
    if meeting is None:
        return {}
    return {
        "held_on": meeting.held_on.isoformat() if meeting.held_on else None,
        "place": meeting.place,
        "chair": meeting.chair,
        "attendees": meeting.attendees,
        "minutes": meeting.minutes,
        "decisions": meeting.decisions,
    }


# ------------------------------------------------------------------------------
# Typical cases
# ------------------------------------------------------------------------------
def typical_case_prefill(report: Report, user) -> dict:
    """A first draft from the case's own records, never from the reporter's identity: the
    channel, the transfer summary (already masked), the accepted conclusion, the enforcement
    and the reward. Trimmed to the 600-character limit."""
    from core.people import display_name
    from publicity.models import TYPICAL_CASE_MAX_CHARS
    from reports.services import summary_prefill

    received = timezone.localtime(report.received_at)
    if report.source == Report.Source.UPSTREAM:
        lead = f"{received:%Y年%-m月%-d日}，{report.upstream_body or '上级'}交办举报线索。"
    else:
        lead = (
            f"{received:%Y年%-m月%-d日}，通过{report.get_channel_display()}"
            f"收到{report.category.name}举报。"
        )
    conclusion = (
        report.conclusions.filter(status="accepted").order_by("-reviewed_at", "-pk").first()
    )
    facts = (report.transfer_summary or summary_prefill(report)).strip()
    if facts and not facts.endswith(("。", "！", "？", ".")):
        facts += "。"
    if conclusion:
        facts = f"{facts}经查：{conclusion.account}".strip()
    enforcement_parts = [conclusion.decision.rstrip("。")] if conclusion else []
    enforcement = getattr(report, "enforcement", None)
    said = conclusion.decision if conclusion else ""
    if enforcement:
        # What the records add to the decision, without saying it twice.
        if enforcement.case_filed_on and "立案" not in said:
            enforcement_parts.append(f"立案查处（{enforcement.case_file_number}）")
        if enforcement.fine and "罚款" not in said:
            enforcement_parts.append(
                f"罚款{enforcement.fine:,.0f}元（{enforcement.penalty_decision_number}）"
            )
        if enforcement.suspended_on and "停产" not in said:
            enforcement_parts.append("责令停产整顿")
        if enforcement.rectified_on and "整改完毕" not in said:
            enforcement_parts.append("已整改完毕")
    reward = Reward.objects.filter(report=report).select_related("payment").first()
    if reward is None:
        reward_text = "奖励待核算。"
    elif reward.status == Reward.Status.PAID:
        reward_text = (
            f"按明码实价标准给予举报人奖励{reward.amount:,.0f}元，"
            f"已于{reward.payment.paid_on:%Y年%-m月%-d日}兑现。"
        )
    elif reward.status in (Reward.Status.NOTIFIED, Reward.Status.CLAIMED):
        reward_text = f"按明码实价标准决定给予举报人奖励{reward.amount:,.0f}元，待领取。"
    elif reward.status == Reward.Status.REFUSED:
        reward_text = f"不予奖励：{reward.get_reason_display()}。"
    elif reward.amount:
        reward_text = f"拟给予举报人奖励{reward.amount:,.0f}元，正在审批。"
    else:
        reward_text = "奖励待核算。"
    fields = {
        "lead_source": lead,
        "facts": facts,
        "enforcement": "；".join(p for p in enforcement_parts if p) + "。"
        if enforcement_parts
        else "依法处理。",
        "reward": reward_text,
    }
    room = TYPICAL_CASE_MAX_CHARS - sum(len(v) for k, v in fields.items() if k != "facts")
    if len(fields["facts"]) > room:
        fields["facts"] = fields["facts"][: max(room - 1, 0)] + "…"
    township = report.township
    return {
        "title": f"{report.category.name}举报查处案例",
        **fields,
        "contact_name": display_name(user),
        "contact_phone": township.hotline,
    }
