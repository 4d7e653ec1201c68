"""The monthly form and its roll-up."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from core.calendar import local_date
from publicity.models import (
    Activity,
    FormCell,
    FormColumn,
    MonthlyForm,
)
from publicity.periods import Period
from publicity.selectors.common import subtree
from reports import figures
from units.models import Informant, Unit


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
            figures.filed_leads(start, end)
            .filter(figures.owned_in(root))
            .annotate(owner=figures.intake_unit("report__"))
            .values_list("owner")
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
    n = (
        figures.filed_leads(period.start, period.end)
        .filter(report__township__path__startswith=unit.path)
        .count()
    )
    return {"count": n, "met": n >= 1}
