"""The reward figures of a period, defined once and keyed like the case figures
(``reports.figures``): per counting unit and sector of the reward's case.

- rewards_decided, rewards_decided_amount: rewards approved in the period that stand approved
  (notified, claimed, paid, expired unclaimed or waived), and their amount;
- rewards_paid, rewards_paid_amount: payments made in the period, and their amount.
"""

import datetime as dt

from django.db.models import Count, Sum

from core.calendar import day_start
from reports.figures import Figures, add, in_scope, keys, new_figures
from rewards.models import Payment, Reward
from units.models import Unit

# A reward decided by the leader and not taken back (refused, declined or still in the works).
APPROVED = (
    Reward.Status.NOTIFIED,
    Reward.Status.CLAIMED,
    Reward.Status.PAID,
    Reward.Status.EXPIRED,
    Reward.Status.WAIVED,
)

REWARD_FIGURES = (
    "rewards_decided",
    "rewards_decided_amount",
    "rewards_paid",
    "rewards_paid_amount",
)


def reward_figures(first: dt.date, last: dt.date, *, scope: Unit | None = None) -> Figures:
    """The rewards decided and paid from ``first`` to ``last`` (inclusive) for the cases of
    ``scope``. Two grouped queries."""
    since, until = day_start(first), day_start(last + dt.timedelta(days=1))
    rows = new_figures()
    add(
        rows,
        Reward.objects.filter(
            in_scope(scope, "report__"),
            approved_at__gte=since,
            approved_at__lt=until,
            status__in=APPROVED,
        )
        .values(**keys("report__", intake=True))
        .annotate(n=Count("pk"), total=Sum("amount")),
        rewards_decided="n",
        rewards_decided_amount="total",
    )
    add(
        rows,
        Payment.objects.filter(in_scope(scope, "reward__report__"), paid_on__range=(first, last))
        .values(**keys("reward__report__", intake=True))
        .annotate(n=Count("pk"), total=Sum("amount")),
        rewards_paid="n",
        rewards_paid_amount="total",
    )
    return rows
