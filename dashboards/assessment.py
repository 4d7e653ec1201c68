"""The monthly assessment (考核) of the units that investigate: a transparent score out of 100
from configurable parts, each kept with its inputs so the breakdown shows how it was made.

Points are earned by work done, never given for having nothing to judge: a unit with no case,
no lead and no form scores nothing, so it can never outrank a unit that worked. The parts
(``ASSESSMENT_WEIGHTS``, default 35 + 15 + 10 + 15 + 15 + 10 = 100):

- ``on_time``: cases concluded in the month, in proportion to those concluded by their due
  date; no case concluded earns nothing.
- ``overdue`` (deadlines kept): earned when the unit had cases in hand in the month (one
  transferred to it, concluded or falling due), less ``ASSESSMENT_OVERDUE_PENALTY`` per
  overdue case, never below zero; no case in hand earns nothing.
- ``leads``: ``ASSESSMENT_LEAD_POINTS`` for each lead the unit registered itself (taken by the
  unit and not rejected, merged or withdrawn) and each case filed (立案) in the month, up to
  the part's weight.
- ``forms``: the monthly form by its real submission (its Shanghai date) against its due date:
  on time in full, late half, not submitted nothing. A month is scored when it ends, before
  its form is due; when a form arrives afterwards, that part is scored again for that unit
  (``dashboards.rescoring``, run with the clocks) and the words keep the old and the new score.
- ``publicity``: the share of the unit's 七个一 targets done in the quarter; a unit with no
  target earns the part by recording publicity work in the month.
- ``tasks``: the share of the key tasks due by the month's end that were done in time; no task
  due earns nothing.

Tied scores share a rank (standard competition ranking: 1, 2, 2, 4). Every change of a stored
score is on the score's timeline (old and new total).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.calendar import day_start, local_date
from core.models import TimelineEntry
from dashboards.models import AssessmentScore, CaseRollup
from dashboards.rollups import month_start, next_month
from publicity.models import MonthlyForm, TaskAssignment
from publicity.periods import form_period, quarter_of
from publicity.selectors import Owed, owed, owed_many
from reports.models import Report
from units.models import Unit

# Assessed by their township.
TOWNSHIP_ASSESSED_KINDS = (
    Unit.Kind.VILLAGE,
    Unit.Kind.COMMUNITY,
    Unit.Kind.STATION,
    Unit.Kind.MEMBER,
)
# Assessed by their district, on the figures of their whole subtree.
DISTRICT_ASSESSED_KINDS = (Unit.Kind.TOWNSHIP, Unit.Kind.DEPARTMENT)
ASSESSED_KINDS = (*TOWNSHIP_ASSESSED_KINDS, *DISTRICT_ASSESSED_KINDS)
PART_NAMES = ("on_time", "overdue", "leads", "forms", "publicity", "tasks")
# Leads that were not real leads: they earn nothing.
NOT_LEADS = (Report.Status.REJECTED, Report.Status.MERGED, Report.Status.WITHDRAWN)
RESCORED = "dashboards.assessment.rescored"

Part = tuple[str, Decimal, int, str]


def _points(weight: int, share: Decimal) -> Decimal:
    return (Decimal(weight) * share).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _weight(part: str, weights: dict | None = None) -> int:
    return (weights or settings.ASSESSMENT_WEIGHTS).get(part, 0)


def weights_for(unit: Unit) -> dict:
    """Each level assesses the units directly below it with its own weights: a township its
    villages, stations and member units (``ASSESSMENT_WEIGHTS``); a district (or city) its
    townships and departments (``DISTRICT_ASSESSMENT_WEIGHTS``)."""
    if unit.kind in DISTRICT_ASSESSED_KINDS:
        return settings.DISTRICT_ASSESSMENT_WEIGHTS
    return settings.ASSESSMENT_WEIGHTS


# ------------------------------------------------------------------------------
# The parts of one unit's score (no query)
# ------------------------------------------------------------------------------
def score_unit(
    unit: Unit,
    month: dt.date,
    figures: dict,
    form,
    tasks: list,
    publicity: Owed,
    *,
    leads: int = 0,
    today: dt.date | None = None,
) -> list[Part]:
    """The parts of one unit's score for ``month``: [(part, points, out of, how)]. No query.

    ``figures`` are the month's roll-up figures of the unit (concluded, on_time, overdue,
    transferred, filed, publicity_items); ``leads`` the leads it registered itself."""
    weights = weights_for(unit)
    return [
        _on_time_part(figures, weights),
        _deadlines_part(figures, weights),
        _leads_part(leads, figures.get("filed", 0), weights),
        form_part(month, form, today=today, weights=weights),
        _publicity_part(publicity, figures.get("publicity_items", 0), weights),
        _tasks_part(month, tasks, weights),
    ]


def _on_time_part(figures: dict, weights: dict) -> Part:
    w = _weight("on_time", weights)
    concluded, on_time = figures.get("concluded", 0), figures.get("on_time", 0)
    if not concluded:
        return ("on_time", _points(w, Decimal(0)), w, _("no case concluded: nothing earned"))
    return (
        "on_time",
        _points(w, Decimal(on_time) / concluded),
        w,
        _("%(on_time)s of %(n)s concluded on time") % {"on_time": on_time, "n": concluded},
    )


def _deadlines_part(figures: dict, weights: dict) -> Part:
    w = _weight("overdue", weights)
    overdue = figures.get("overdue", 0)
    in_hand = figures.get("transferred", 0) + figures.get("concluded", 0) + overdue
    if not in_hand:
        return ("overdue", _points(w, Decimal(0)), w, _("no case in hand: nothing earned"))
    lost = min(Decimal(settings.ASSESSMENT_OVERDUE_PENALTY * overdue), Decimal(w))
    return ("overdue", Decimal(w) - lost, w, _("%(n)s case(s) overdue") % {"n": overdue})


def _leads_part(leads: int, filed: int, weights: dict) -> Part:
    w = _weight("leads", weights)
    earned = min(Decimal(settings.ASSESSMENT_LEAD_POINTS * (leads + filed)), Decimal(w))
    return (
        "leads",
        _points(1, earned),
        w,
        _("%(leads)s lead(s) registered by the unit, %(filed)s case(s) filed")
        % {"leads": leads, "filed": filed},
    )


def form_part(
    month: dt.date, form, *, today: dt.date | None = None, weights: dict | None = None
) -> Part:
    """The monthly form's part: by the form's submission (Shanghai date) against its due
    date. Before the due date a missing form is "not submitted yet"; it earns nothing until
    it arrives."""
    w = _weight("forms", weights)
    due = form_period(month.year, month.month).due
    today = today or local_date()
    if form is None or form.status != MonthlyForm.Status.SUBMITTED:
        if today <= due:
            how = _("not submitted yet (due %(date)s)") % {"date": due.isoformat()}
        else:
            how = _("not submitted by %(date)s") % {"date": due.isoformat()}
        return ("forms", _points(w, Decimal(0)), w, how)
    sent = local_date(form.submitted_at)
    if sent <= due:
        share, how = Decimal(1), _("submitted on time (%(date)s)")
    else:
        share, how = Decimal("0.5"), _("submitted late (%(date)s, due %(due)s)")
    return (
        "forms",
        _points(w, share),
        w,
        how % {"date": sent.isoformat(), "due": due.isoformat()},
    )


def _publicity_part(publicity: Owed, items: int, weights: dict) -> Part:
    w = _weight("publicity", weights)
    completion = publicity.completion
    if completion is not None:
        return (
            "publicity",
            _points(w, completion / 100),
            w,
            _("%(p)s%% of the targets done") % {"p": f"{completion:.0f}"},
        )
    if items:
        return (
            "publicity",
            _points(w, Decimal(1)),
            w,
            _("no target; %(n)s publicity item(s) recorded") % {"n": items},
        )
    return (
        "publicity",
        _points(w, Decimal(0)),
        w,
        _("no target and no publicity recorded: nothing earned"),
    )


def _tasks_part(month: dt.date, tasks: list, weights: dict) -> Part:
    w = _weight("tasks", weights)
    end = day_start(next_month(month))
    due = [t for t in tasks if t.due_date < next_month(month)]
    if not due:
        return ("tasks", _points(w, Decimal(0)), w, _("no key task due: nothing earned"))
    done = [
        t
        for t in due
        if t.done_at and t.done_at < max(day_start(t.due_date + dt.timedelta(days=1)), end)
    ]
    return (
        "tasks",
        _points(w, Decimal(len(done)) / len(due)),
        w,
        _("%(done)s of %(n)s key tasks due done") % {"done": len(done), "n": len(due)},
    )


def _breakdown(parts: Iterable[Part]) -> list[dict[str, Any]]:
    return [
        {"part": name, "points": str(points), "of": of, "how": str(how)}
        for name, points, of, how in parts
    ]


# ------------------------------------------------------------------------------
# Scoring a month
# ------------------------------------------------------------------------------
def assess_month(month: dt.date, *, root: Unit | None = None) -> int:
    """Score every assessed unit (under ``root``) for ``month`` and keep the breakdown, in the
    project's language (a record, whoever triggered it). Scoring a month again updates the
    stored scores in place; a changed total is recorded on the score's timeline."""
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
        .annotate(
            concluded=Sum("concluded"),
            on_time=Sum("on_time"),
            overdue=Sum("overdue"),
            transferred=Sum("transferred"),
            filed=Sum("filed"),
            publicity_items=Sum("publicity_items"),
        )
    }
    leads = dict(
        Report.objects.filter(
            received_by_unit__in=assessed,
            received_at__gte=day_start(month),
            received_at__lt=day_start(next_month(month)),
        )
        .exclude(status__in=NOT_LEADS)
        .values_list("received_by_unit")
        .annotate(n=Count("pk"))
    )
    # A township or department answers for the leads its whole subtree registered.
    by_pk = {u.pk: u for u in units}
    for unit_id, n in list(leads.items()):
        registering = by_pk.get(unit_id)
        for above in registering.ancestor_ids[:-1] if registering else ():
            if above in by_pk and by_pk[above].kind in DISTRICT_ASSESSED_KINDS:
                leads[above] = leads.get(above, 0) + n
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
    now, today = timezone.now(), local_date()
    scores = []
    for unit in units:
        parts = score_unit(
            unit,
            month,
            figures.get(unit.pk, {}),
            forms.get(unit.pk),
            tasks.get(unit.pk, []),
            publicity[unit.pk],
            leads=leads.get(unit.pk, 0),
            today=today,
        )
        scores.append(
            AssessmentScore(
                unit=unit,
                month=month,
                total=sum(p[1] for p in parts),
                breakdown=_breakdown(parts),
                computed_at=now,
            )
        )
    with transaction.atomic():
        before = dict(
            AssessmentScore.objects.filter(month=month, unit__in=assessed).values_list(
                "unit_id", "total"
            )
        )
        AssessmentScore.objects.bulk_create(
            scores,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["unit", "month"],
            update_fields=["total", "breakdown", "computed_at"],
        )
        changed = {
            s.unit_id: (before[s.unit_id], s.total)
            for s in scores
            if s.unit_id in before and before[s.unit_id] != s.total
        }
        if changed:
            ids = dict(
                AssessmentScore.objects.filter(month=month, unit_id__in=changed).values_list(
                    "unit_id", "pk"
                )
            )
            _audit(
                [(ids[unit_id], old, new) for unit_id, (old, new) in changed.items()],
                note=_("The month was scored again."),
                now=now,
            )
    return len(units)


def _audit(changes: Sequence[tuple[int, Decimal, Decimal]], *, note: str, now) -> None:
    """One timeline entry per changed score: (score id, old total, new total)."""
    content_type = ContentType.objects.get_for_model(AssessmentScore)
    TimelineEntry.objects.bulk_create(
        TimelineEntry(
            content_type=content_type,
            object_id=pk,
            action=RESCORED,
            actor_label=_("System"),
            visibility=TimelineEntry.Visibility.OFFICE,
            note=note,
            data={"old": str(old), "new": str(new)},
            created_at=now,
        )
        for pk, old, new in changes
    )


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


# ------------------------------------------------------------------------------
# Ranks
# ------------------------------------------------------------------------------
def competition_ranks(values: Sequence) -> list[int]:
    """Standard competition ranking of values already sorted best first: equal values share
    a rank and the next rank skips (1, 2, 2, 4)."""
    ranks: list[int] = []
    for i, value in enumerate(values):
        ranks.append(ranks[-1] if i and value == values[i - 1] else i + 1)
    return ranks


def ranked(scores: Iterable[AssessmentScore]) -> list[AssessmentScore]:
    """The scores best first (ties by the unit's place in the tree), each with its ``rank``."""
    ordered = sorted(scores, key=lambda s: (-s.total, s.unit.path))
    for found, rank in zip(ordered, competition_ranks([s.total for s in ordered]), strict=True):
        found.rank = rank
    return ordered
