"""How publicity plugs into reports (``reports.extensions``): its reminders run with
the clocks, what waits for a person shows on /unit/, and its steps are named on a case's
timeline. Nothing imports publicity."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.calendar import local_date
from publicity.models import MonthlyForm, TaskAssignment
from publicity.periods import last_ended
from units import permissions
from units.permissions import Perm

TIMELINE_LABELS = {
    "publicity.typical_case.saved": gettext_lazy("Written up as a typical case"),
    "publicity.typical_case.reviewed": gettext_lazy("Typical case reviewed"),
}


def sweep(today) -> dict[str, int]:
    from publicity.reminders import publicity_sweep

    return publicity_sweep(today)


def workspace_items(user) -> list[dict]:
    """The monthly form due and the key tasks due within a week, for the units this person
    answers for. Three queries."""
    units = list(permissions.units(user, Perm.ANSWER_FOR))
    if not units:
        return []
    today = local_date()
    period = last_ended(today)
    items = []
    submitted = set(
        MonthlyForm.objects.filter(
            unit__in=units,
            year=period.year,
            month=period.month,
            status=MonthlyForm.Status.SUBMITTED,
        ).values_list("unit_id", flat=True)
    )
    roots = permissions.roots(user, Perm.ANSWER_FOR)
    home = roots[0] if roots else None
    if home is not None and home.pk not in submitted:
        items.append(
            {
                "text": _("Monthly publicity form of %(month)s: due by %(day)s")
                % {"month": period.key, "day": period.due.isoformat()},
                "url": reverse("publicity:form", args=[period.year, period.month])
                + f"?unit={home.pk}",
            }
        )
    soon = TaskAssignment.objects.filter(
        unit__in=units,
        done_at__isnull=True,
        due_date__lte=today + dt.timedelta(days=7),
    ).count()
    if soon:
        items.append(
            {
                "text": _("%(n)s key tasks due within a week or overdue") % {"n": soon},
                "url": reverse("publicity:tasks"),
            }
        )
    return items
