"""The office's worklist: which queue a case waits in, and how urgent it is.

A case's queue follows from its status and from who holds it: the office (to accept, to
re-route, to review, an objection), the responsible unit (to acknowledge, investigating), or
nobody any more (concluded, closed, not accepted…). Urgency is the date the next step is due:
the acceptance deadline while the case awaits acceptance, the due date while it runs; the
worklist shows the overdue first, then the soonest due, then the newest of those without one.
"""

from django.db.models import BooleanField, Case, DateField, F, OrderBy, QuerySet, Value, When
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from reports.models import Report
from units import permissions
from units.permissions import Perm

S = Report.Status
OFFICE, UNIT, NOBODY = "office", "unit", "nobody"

# Status → (queue label, who holds the case).
QUEUES: dict[str, tuple[Promise, str]] = {
    S.SUBMITTED: (pgettext_lazy("queue", "To accept"), OFFICE),
    S.RETURNED: (pgettext_lazy("queue", "To re-route"), OFFICE),
    S.TRANSFERRED: (pgettext_lazy("queue", "To acknowledge"), UNIT),
    S.INVESTIGATING: (pgettext_lazy("queue", "Being handled"), UNIT),
    S.UNDER_REVIEW: (pgettext_lazy("queue", "To review"), OFFICE),
    S.OBJECTION: (pgettext_lazy("queue", "Objection to review"), OFFICE),
    S.CONCLUDED: (pgettext_lazy("queue", "Concluded"), NOBODY),
    S.CLOSED: (pgettext_lazy("queue", "Closed"), NOBODY),
    S.REJECTED: (pgettext_lazy("queue", "Not accepted"), NOBODY),
    S.MERGED: (pgettext_lazy("queue", "Merged"), NOBODY),
    S.WITHDRAWN: (pgettext_lazy("queue", "Withdrawn"), NOBODY),
}


def queue_of(report: Report) -> tuple[str, str]:
    """The queue's name and the name of who holds the case ("" when nobody does). Reads
    ``township`` and ``responsible_unit``: select them with the case."""
    label, holder = QUEUES[report.status]
    if holder == OFFICE:
        return str(label), report.township.name
    if holder == UNIT and report.responsible_unit is not None:
        return str(label), report.responsible_unit.name
    return str(label), ""


def urgency_due():
    """The date the case's next step is due, or NULL (as an expression)."""
    return Case(
        When(status=S.SUBMITTED, then=F("acceptance_due")),
        When(status__in=Report.RUNNING_STATUSES, then=F("due_date")),
        default=Value(None),
        output_field=DateField(),
    )


# The worklist's default order: overdue first, then due soonest, then the newest without a due
# date (the admin's ``ordering``).
URGENCY_ORDER: list = [OrderBy(F("urgency_due"), nulls_last=True), "-received_at"]


def with_urgency(queryset: QuerySet[Report], *, user) -> QuerySet[Report]:
    """``queryset`` with ``urgency_due`` and ``is_office`` (whether ``user`` is the case's
    office, who may list it for supervision), in the same query."""
    office = permissions.scope_q(user, Perm.TRIAGE, prefix="township__")
    is_office = (
        Case(When(office, then=Value(True)), default=Value(False), output_field=BooleanField())
        if office
        else Value(True)  # administrators: everywhere
    )
    return queryset.annotate(urgency_due=urgency_due(), is_office=is_office)
