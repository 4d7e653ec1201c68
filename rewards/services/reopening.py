"""When a concluded case goes back to investigation (an upheld objection), its reward stops
where it is: suspended in the reopening's own transaction (``reports.events.case_reopened``),
decided anew after the new conclusion (``reward_calculate``)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import notify
from reports.models import Report
from reports.notifications import Audience, office_link
from rewards.models import Reward
from rewards.services.common import (
    Status,
    Visibility,
    finance_of,
    record_by_system,
    tell_reporter,
)


def reward_suspend(*, report_id: int) -> Reward | None:
    """Suspend the reward of a reopened case: calculated, submitted, notified, claimed or
    announced rewards become "suspended" (the amount kept for the record). Where a notice was
    issued it is withdrawn on the public timeline and the reporter is told by text message;
    where the reward was claimed, finance is told not to pay. A paid reward is not touched
    (the money is gone): the office is told and the timeline records it. Others (refused,
    declined, waived) stay as they are. Safe to call twice.

    Runs inside the transaction that reopens the case (the case row already locked there);
    locks the reward after it."""
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related("township")
            .get(pk=report_id)
        )
        reward = Reward.objects.select_for_update(of=("self",)).filter(report=report).first()
        if reward is None:
            return None
        reward.report = report
        params = {"number": report.number}
        if reward.status == Status.PAID:
            record_by_system(reward, "rewards.reward.paid_case_reopened")
            notify.notify(
                users=Audience([report]).office(report),
                template="reward_paid_case_reopened",
                text=_(
                    "Case %(number)s is investigated again, but its reward was already paid: "
                    "check whether it must be recovered."
                )
                % params,
                params=params,
                link=office_link(report),
            )
            return reward
        if reward.status not in Reward.SUSPENDABLE:
            return reward
        notice_issued = reward.status in Reward.NOTICE_ISSUED
        was_claimed = reward.status == Status.CLAIMED
        reward.status, reward.suspended_at = Status.SUSPENDED, timezone.now()
        reward.save(update_fields=["status", "suspended_at"])
        record_by_system(
            reward,
            "rewards.reward.suspended",
            visibility=Visibility.PUBLIC if notice_issued else Visibility.OFFICE,
            data={
                "amount": str(reward.amount or ""),
                "public_note": _(
                    "The reward notice is withdrawn while the case is investigated again."
                )
                if notice_issued
                else "",
            },
        )
        if notice_issued:
            tell_reporter(reward, "reward_suspended")
        if was_claimed:
            notify.notify(
                users=finance_of(reward),
                template="reward_suspended",
                text=_("Do not pay the reward of case %(number)s: the case is investigated again.")
                % params,
                params=params,
            )
    return reward
