"""The /unit/ workspace's tabs, as cadres think of their work: 待签收 (cases transferred to the
unit, to acknowledge), 待办理 (cases being worked), 待审核/审批 (what waits for this person's
signature, approval or review) and 已办结 (concluded, without a countdown).

One aggregate counts the case tabs, ``selectors.awaiting`` fills the review tab, and only the
chosen tab's list is read: a constant number of queries whatever the number of cases.
"""

import datetime as dt

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from reports import extensions, selectors
from reports.models import Report

S = Report.Status
TABS = ("acknowledge", "work", "review", "done")
LABELS = (
    ("acknowledge", _("To acknowledge")),
    ("work", _("In hand")),
    ("review", _("To sign or approve")),
    ("done", _("Concluded")),
)
TAB_FILTERS = {
    "acknowledge": Q(status=S.TRANSFERRED),
    "work": Q(status__in=(S.SUBMITTED, S.RETURNED, S.INVESTIGATING, S.UNDER_REVIEW, S.OBJECTION)),
    "done": Q(status__in=(S.CONCLUDED, S.CLOSED)),
}
OPEN_LIMIT, DONE_LIMIT = 300, 50


def workspace(*, user, tab: str, today: dt.date) -> dict:
    """The counts of every tab, the chosen tab (when none is chosen: to acknowledge, else
    waiting for me, else in hand) and its rows."""
    visible = Report.objects.visible_to(user)
    counts = visible.aggregate(**{name: Count("pk", filter=q) for name, q in TAB_FILTERS.items()})
    awaiting = selectors.awaiting(user=user)
    elsewhere = extensions.workspace_items(user)
    counts["review"] = sum(len(items) for items in awaiting.values()) + len(elsewhere)
    if tab not in TABS:
        # What waits for the unit's acknowledgement, then for my decision, then the rest.
        tab = next((t for t in ("acknowledge", "review", "work") if counts[t]), "work")
    cases: list[Report] = []
    if tab in TAB_FILTERS:
        rows = visible.filter(TAB_FILTERS[tab]).select_related(
            "category", "village", "responsible_unit", "received_by_unit"
        )
        if tab == "done":
            cases = list(rows.order_by(F("concluded_at").desc(nulls_last=True))[:DONE_LIMIT])
        else:
            cases = list(
                rows.order_by(F("due_date").asc(nulls_last=True), "received_at")[:OPEN_LIMIT]
            )
            for case in cases:
                case.left = case.days_left(today)
    return {
        "tab": tab,
        "tab_labels": LABELS,
        "counts": counts,
        "cases": cases,
        "awaiting": awaiting,
        "elsewhere": elsewhere,
    }
