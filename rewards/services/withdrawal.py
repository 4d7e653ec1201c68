"""When the reporter withdraws an accepted case, the investigation goes on but the reward is
waived (DESIGN §4): refused in the withdrawal's own transaction
(``reports.events.case_withdrawn``), so nothing after it can claim or pay."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import notify
from reports.models import Report
from rewards.models import Reward
from rewards.services.common import Status, Visibility, finance_of, record_by_system

# A reward still to be decided, approved, claimed or paid: a withdrawal refuses it.
_OPEN = (*Reward.SUSPENDABLE, Status.SUSPENDED)


def reward_withdrawn(*, report_id: int) -> Reward | None:
    """Refuse the reward of a case its reporter withdrew, with the reason "withdrawn"; the
    amount stays for the record. Where a notice was issued the refusal is public; where the
    reward was claimed, finance is told not to pay. A paid reward, and one already refused,
    declined or waived, is left as it is. Safe to call twice.

    Runs inside the withdrawal's transaction (the case row already locked there); locks the
    reward after it."""
    with transaction.atomic():
        report = Report.objects.select_for_update(of=("self",)).get(pk=report_id)
        reward = Reward.objects.select_for_update(of=("self",)).filter(report=report).first()
        if reward is None or reward.status not in _OPEN:
            return reward
        reward.report = report
        notice_issued = reward.status in Reward.NOTICE_ISSUED or reward.claim_deadline
        was_claimed = reward.status == Status.CLAIMED
        reward.status, reward.reason = Status.REFUSED, Reward.Reason.WITHDRAWN
        reward.note = _("The reporter withdrew the report after acceptance.")
        reward.refused_by, reward.closed_at = None, timezone.now()
        reward.save(update_fields=["status", "reason", "note", "refused_by", "closed_at"])
        record_by_system(
            reward,
            "rewards.reward.refused",
            visibility=Visibility.PUBLIC if notice_issued else Visibility.OFFICE,
            note=reward.note,
            data={
                "reason": reward.reason,
                "public_note": reward.note if notice_issued else "",
            },
        )
        if was_claimed:
            params = {"number": report.number}
            notify.notify(
                users=finance_of(reward),
                template="reward_withdrawn",
                text=_(
                    "Do not pay the reward of case %(number)s: the reporter withdrew the "
                    "report, and the reward is not paid."
                )
                % params,
                params=params,
            )
    return reward
