"""The reward's way from the office to the reporter: submitted by the office, approved by
another person (the leader), which issues the notice; claimed or declined by the reporter on
/track/ (during the window, and while the unclaimed reward is announced); the window extended
by the office with a reason; refused before approval.

Each step locks the case, then the reward, checks in that transaction that the case still
stands (concluded as verified, not reopened, inputs final), records a timeline entry, and
returns quietly when repeated.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import calendar, notify
from core.errors import ApplicationError, required
from reports.notifications import Audience
from rewards.models import Reward
from rewards.services.common import (
    Status,
    Visibility,
    finance_of,
    lock,
    record_step,
    require_case_standing,
    require_leader,
    require_office,
    tell_reporter,
)


def reward_submit(*, reward: Reward, actor) -> Reward:
    """An office officer submits the calculated reward for approval."""
    with transaction.atomic():
        reward = lock(reward)
        require_office(actor, reward)
        if reward.status == Status.SUBMITTED:
            return reward
        require_case_standing(reward)
        if reward.status != Status.CALCULATED:
            raise ApplicationError(_("Only a calculated reward can be submitted."))
        if reward.amount is None:
            raise ApplicationError(
                _(
                    "No rule gives an amount yet: choose the listed matter the report matches, "
                    "or refuse the reward."
                )
            )
        reward.status, reward.submitted_by, reward.submitted_at = (
            Status.SUBMITTED,
            actor,
            timezone.now(),
        )
        reward.save(update_fields=["status", "submitted_by", "submitted_at"])
        record_step(reward, "rewards.reward.submitted", actor=actor)
        report = reward.report
        notify.notify(
            # Another person than the one who submitted it approves.
            users=[u for u in Audience([report]).leader(report) if u.pk != actor.pk],
            template="reward_to_approve",
            text=_("The reward of case %(number)s (%(amount)s yuan) waits for your approval.")
            % {"number": report.number, "amount": f"{reward.amount:,.0f}"},
            link=reverse("rewards:unit-rewards"),
            subject=f"reward:{reward.pk}:approve",
        )
    return reward


def reward_approve(*, reward: Reward, actor, approve: bool = True, note: str = "") -> Reward:
    """The leader (never the person who submitted it) approves the reward, which issues the
    notice: the reporter is told and has ``REWARD_CLAIM_DAYS`` to claim. Or refuses it."""
    with transaction.atomic():
        reward = lock(reward)
        require_leader(actor, reward)
        if (
            reward.status == (Status.NOTIFIED if approve else Status.REFUSED)
            and reward.approved_by_id
        ):
            return reward
        require_case_standing(reward)
        if reward.status != Status.SUBMITTED:
            raise ApplicationError(_("This reward is not waiting for approval."))
        if reward.submitted_by_id == actor.pk:
            raise ApplicationError(_("The person who submitted a reward cannot approve it."))
        reward.approved_by, reward.approved_at = actor, timezone.now()
        if not approve:
            if not note.strip():
                raise ApplicationError(_("Say why the reward is not approved."))
            reward.status, reward.reason, reward.note = Status.REFUSED, Reward.Reason.LEADER, note
            reward.refused_by = actor
            reward.save(
                update_fields=[
                    "status",
                    "reason",
                    "note",
                    "refused_by",
                    "approved_by",
                    "approved_at",
                ]
            )
            record_step(reward, "rewards.reward.refused", actor=actor, note=note)
            notify.notices_done(f"reward:{reward.pk}:approve")
            return reward
        notify.notices_done(f"reward:{reward.pk}:approve")
        reward.status = Status.NOTIFIED
        reward.claim_deadline = calendar.local_date() + dt.timedelta(
            days=settings.REWARD_CLAIM_DAYS
        )
        reward.save(update_fields=["status", "approved_by", "approved_at", "claim_deadline"])
        record_step(
            reward,
            "rewards.reward.notified",
            actor=actor,
            visibility=Visibility.PUBLIC,
            public_note=_("%(amount)s yuan; claim by %(day)s")
            % {"amount": f"{reward.amount:,.0f}", "day": reward.claim_deadline.isoformat()},
        )
        tell_reporter(reward, "reward_notified")
    return reward


def reward_refuse(*, reward: Reward, actor, reason: str, note: str = "") -> Reward:
    """The office refuses a reward not yet approved (or suspended by a reopening), with a
    reason from the list."""
    if reason not in Reward.Reason.values:
        raise ApplicationError(_("Choose a reason from the list."))
    with transaction.atomic():
        reward = lock(reward)
        require_office(actor, reward)
        if reward.status == Status.REFUSED and reward.refused_by_id and reward.reason == reason:
            return reward
        if reward.status not in (
            Status.CALCULATED,
            Status.SUBMITTED,
            Status.REFUSED,
            Status.SUSPENDED,
        ):
            raise ApplicationError(_("An approved reward cannot be refused here."))
        reward.status, reward.reason, reward.note = Status.REFUSED, reason, note.strip()
        reward.refused_by = actor
        reward.save(update_fields=["status", "reason", "note", "refused_by"])
        record_step(reward, "rewards.reward.refused", actor=actor, note=note)
        notify.notices_done(f"reward:{reward.pk}:approve")
    return reward


# ------------------------------------------------------------------------------
# The reporter: claim or decline (on /track/, the receipt code already proven)
# ------------------------------------------------------------------------------
def reward_claim(*, reward: Reward, method: str) -> Reward:
    """The reporter claims, saying how to be paid: within the window, or later while the
    unclaimed reward is publicly announced (the announcement exists for reporters who could
    not be reached). The person then comes to the paying office, where finance checks them
    at the counter before paying."""
    if method not in Reward.Method.values:
        raise ApplicationError(_("Choose how you want to be paid."))
    with transaction.atomic():
        reward = lock(reward)
        if reward.status == Status.CLAIMED:
            return reward
        require_case_standing(reward)
        ended = _(
            "The time to claim and the public announcement after it have ended: the reward "
            "counts as waived."
        )
        if reward.status == Status.WAIVED:
            raise ApplicationError(ended)
        if reward.status not in (Status.NOTIFIED, Status.EXPIRED):
            raise ApplicationError(_("This reward cannot be claimed now."))
        last_day = reward.last_claim_day(settings.REWARD_ANNOUNCEMENT_DAYS)
        if last_day is None or calendar.local_date() > last_day:
            raise ApplicationError(ended)
        reward.status, reward.claimed_at, reward.claim_method = (
            Status.CLAIMED,
            timezone.now(),
            method,
        )
        reward.save(update_fields=["status", "claimed_at", "claim_method"])
        record_step(reward, "rewards.reward.claimed", visibility=Visibility.PUBLIC)
        notify.notify(
            users=finance_of(reward),
            template="reward_claimed",
            text=_("The reward of case %(number)s is claimed: record the payment.")
            % {"number": reward.report.number},
            link=reverse("rewards:unit-rewards"),
            subject=f"reward:{reward.pk}:pay",
        )
    return reward


def reward_decline(*, reward: Reward) -> Reward:
    with transaction.atomic():
        reward = lock(reward)
        if reward.status == Status.DECLINED:
            return reward
        if reward.status not in (Status.NOTIFIED, Status.CLAIMED, Status.EXPIRED):
            raise ApplicationError(_("This reward cannot be declined now."))
        reward.status, reward.closed_at = Status.DECLINED, timezone.now()
        reward.save(update_fields=["status", "closed_at"])
        record_step(reward, "rewards.reward.declined", visibility=Visibility.PUBLIC)
    return reward


def reward_extend_claim(*, reward: Reward, actor, until: dt.date, reason: str) -> Reward:
    """The case's safety office extends the time to claim, with a reason (the 2018 rules:
    能够说明理由的，可以适当延长领取时间): for a reward waiting to be claimed, or announced as
    unclaimed (which is then waiting again, its announcement over). The new deadline must be
    later than the current one (for an announced reward, the announcement's end). The
    reporter is told; the clocks remind and expire by the new date."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Say why the time to claim is extended."))
    with transaction.atomic():
        reward = lock(reward)
        require_office(actor, reward)
        if reward.status == Status.NOTIFIED and reward.claim_deadline == until:
            return reward
        require_case_standing(reward)
        if reward.status not in (Status.NOTIFIED, Status.EXPIRED):
            raise ApplicationError(
                _("Only a reward waiting to be claimed or announced can have its time extended.")
            )
        current = (
            reward.announcement_until if reward.status == Status.EXPIRED else reward.claim_deadline
        )
        current = required(current, "a notified reward has a claim deadline, an expired one an end")
        previous = required(reward.claim_deadline, "a notified reward has a claim deadline")
        if until <= current or until <= calendar.local_date():
            raise ApplicationError(
                _("The new deadline must be later than the current one (%(day)s) and than today.")
                % {"day": current.isoformat()}
            )
        reward.status, reward.claim_deadline = Status.NOTIFIED, until
        reward.expired_at = reward.announcement_until = None
        reward.save(update_fields=["status", "claim_deadline", "expired_at", "announcement_until"])
        record_step(
            reward,
            "rewards.reward.claim_extended",
            actor=actor,
            visibility=Visibility.PUBLIC,
            note=reason,
            public_note=_("Claim by %(day)s (extended)") % {"day": until.isoformat()},
            data={"from": previous.isoformat(), "to": until.isoformat()},
        )
        tell_reporter(reward, "reward_claim_extended")
    return reward
