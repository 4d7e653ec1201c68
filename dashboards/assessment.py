"""The monthly assessment (考核) of the units that investigate: a transparent score out of 100
from configurable parts, each kept with its inputs so the breakdown shows how it was made.

``ASSESSMENT_WEIGHTS`` gives each part's points (default: on time 40, overdue 20, monthly form
15, publicity targets 15, key tasks 10); ``ASSESSMENT_OVERDUE_PENALTY`` the points an overdue
case costs. A part with nothing to judge (no case concluded, no task due) earns its full points.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.calendar import day_start
from dashboards.models import AssessmentScore, CaseRollup
from dashboards.rollups import month_start, next_month
from publicity.models import MonthlyForm, TaskAssignment
from publicity.periods import form_period, quarter_of
from publicity.selectors import Owed, owed, owed_many
from units.models import Unit

ASSESSED_KINDS = (Unit.Kind.VILLAGE, Unit.Kind.COMMUNITY, Unit.Kind.STATION, Unit.Kind.MEMBER)


def _points(weight: int, share: Decimal) -> Decimal:
    return (Decimal(weight) * share).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def score_unit(
    unit: Unit, month: dt.date, figures: dict, form, tasks: list, publicity: Owed
) -> list[tuple]:
    """The parts of one unit's score for ``month``: [(part, points, out of, how)]. No query."""
    w = settings.ASSESSMENT_WEIGHTS
    parts = []
    concluded, on_time = figures.get("concluded", 0), figures.get("on_time", 0)
    share = Decimal(on_time) / concluded if concluded else Decimal(1)
    parts.append(
        (
            "on_time",
            _points(w["on_time"], share),
            w["on_time"],
            _("%(on_time)s of %(n)s concluded on time") % {"on_time": on_time, "n": concluded}
            if concluded
            else _("no case concluded"),
        )
    )
    overdue = figures.get("overdue", 0)
    lost = min(Decimal(settings.ASSESSMENT_OVERDUE_PENALTY * overdue), Decimal(w["overdue"]))
    parts.append(
        (
            "overdue",
            Decimal(w["overdue"]) - lost,
            w["overdue"],
            _("%(n)s case(s) overdue") % {"n": overdue},
        )
    )
    period = form_period(month.year, month.month)
    if form is None or form.status != MonthlyForm.Status.SUBMITTED:
        form_share, how = Decimal(0), _("not submitted")
    elif timezone.localtime(form.submitted_at).date() <= period.due:
        form_share, how = Decimal(1), _("submitted on time")
    else:
        form_share, how = Decimal("0.5"), _("submitted late")
    parts.append(("forms", _points(w["forms"], form_share), w["forms"], how))
    completion = publicity.completion
    parts.append(
        (
            "publicity",
            _points(w["publicity"], completion / 100 if completion is not None else Decimal(1)),
            w["publicity"],
            _("%(p)s%% of the targets done") % {"p": f"{completion:.0f}"}
            if completion is not None
            else _("no target"),
        )
    )
    end = day_start(next_month(month))
    due = [t for t in tasks if t.due_date < next_month(month)]
    done = [
        t
        for t in due
        if t.done_at and t.done_at < max(day_start(t.due_date + dt.timedelta(days=1)), end)
    ]
    parts.append(
        (
            "tasks",
            _points(w["tasks"], Decimal(len(done)) / len(due) if due else Decimal(1)),
            w["tasks"],
            _("%(done)s of %(n)s key tasks due done") % {"done": len(done), "n": len(due)},
        )
    )
    return parts


def assess_month(month: dt.date, *, root: Unit | None = None) -> int:
    """Score every assessed unit (under ``root``) for ``month`` and keep the breakdown, in the
    project's language (a record, whoever triggered it)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _assess_month(month, root=root)


def _assess_month(month: dt.date, *, root: Unit | None) -> int:
    month = month_start(month)
    assessed = Unit.objects.filter(active=True, kind__in=ASSESSED_KINDS)
    if root is not None:
        assessed = assessed.filter(path__startswith=root.path)
    units = list(assessed)
    figures = {
        row["unit_id"]: row
        for row in CaseRollup.objects.filter(month=month, unit__in=assessed)
        .values("unit_id")
        .annotate(concluded=Sum("concluded"), on_time=Sum("on_time"), overdue=Sum("overdue"))
    }
    forms = {
        f.unit_id: f
        for f in MonthlyForm.objects.filter(unit__in=assessed, year=month.year, month=month.month)
    }
    tasks: dict[int, list] = {}
    for t in TaskAssignment.objects.filter(
        unit__in=assessed, year=month.year, due_date__lt=next_month(month)
    ):
        tasks.setdefault(t.unit_id, []).append(t)
    publicity = _publicity(units, month)
    scores = []
    for unit in units:
        parts = score_unit(
            unit,
            month,
            figures.get(unit.pk, {}),
            forms.get(unit.pk),
            tasks.get(unit.pk, []),
            publicity[unit.pk],
        )
        scores.append(
            AssessmentScore(
                unit=unit,
                month=month,
                total=sum(p[1] for p in parts),
                breakdown=[
                    {"part": name, "points": str(points), "of": of, "how": str(how)}
                    for name, points, of, how in parts
                ],
                computed_at=timezone.now(),
            )
        )
    with transaction.atomic():
        AssessmentScore.objects.filter(month=month, unit__in=assessed).delete()
        AssessmentScore.objects.bulk_create(scores, batch_size=1000)
    return len(units)


def _publicity(units: list[Unit], month: dt.date) -> dict[int, Owed]:
    """Each unit's owed list for the month's quarter, read once per township (a unit outside
    any township alone)."""
    year, quarter = month.year, quarter_of(month)
    townships = {
        t.pk: t
        for t in Unit.objects.filter(
            kind=Unit.Kind.TOWNSHIP, pk__in={a for u in units for a in u.ancestor_ids}
        )
    }
    by_township: dict[int, list[Unit]] = {}
    lists: dict[int, Owed] = {}
    for unit in units:
        township = next((a for a in reversed(unit.ancestor_ids) if a in townships), None)
        if township is None:
            lists[unit.pk] = owed(unit, year=year, quarter=quarter)
        else:
            by_township.setdefault(township, []).append(unit)
    for township, members in by_township.items():
        lists.update(owed_many(townships[township], members, year=year, quarter=quarter))
    return lists
