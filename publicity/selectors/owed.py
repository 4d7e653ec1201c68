"""What is still owed against the campaign's targets."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from publicity.models import (
    Activity,
    Measure,
)
from publicity.periods import quarter_range, year_range
from publicity.selectors.common import covered_enterprises, subtree
from units.models import Enterprise, Informant, Unit


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
