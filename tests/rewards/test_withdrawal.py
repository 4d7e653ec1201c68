"""A reporter who withdraws after acceptance waives the reward (the investigation goes on):
a reward already calculated, approved or claimed is refused in the withdrawal's own
transaction, every later step refuses, and finance is told when a claim was waiting."""

from decimal import Decimal

import pytest

from core.errors import ApplicationError
from core.models import Notice, OutboxMessage, TimelineEntry
from reports import services as reports
from rewards import services
from rewards.models import Payment, Reward
from tests.rewards.helpers import calculated, claimed, notified, pay, reopen, verify

pytestmark = pytest.mark.django_db
S = Reward.Status


def test_a_withdrawal_after_the_notice_refuses_the_reward_and_the_claim(tree, people):
    reward = notified(tree, people)
    reports.report_withdraw(report=reward.report)
    reward.refresh_from_db()
    assert (reward.status, reward.reason) == (S.REFUSED, Reward.Reason.WITHDRAWN)
    assert reward.amount == Decimal("6000")  # kept for the record
    assert reward.closed_at is not None
    refused = TimelineEntry.objects.get(object_id=reward.report_id, action="rewards.reward.refused")
    assert refused.visibility == "public"
    with pytest.raises(ApplicationError, match="撤回"):
        services.reward_claim(reward=reward, method="bank")
    # The reporter, who gave up the reward, gets no text about it.
    assert not OutboxMessage.objects.filter(template="reward_suspended").exists()


def test_a_withdrawal_after_the_claim_stops_the_payment_and_finance_hears(tree, people):
    reward = claimed(tree, people)
    verify(reward, people)
    reports.report_withdraw(report=reward.report)
    reward.refresh_from_db()
    assert reward.status == S.REFUSED
    notice = Notice.objects.get(recipient=people["finance"], text__contains="撤回")
    assert reward.report.number in notice.text and "不予发放" in notice.text
    with pytest.raises(ApplicationError, match="撤回"):
        pay(reward, people)
    assert not Payment.objects.exists()


def test_a_calculated_reward_is_refused_quietly_and_a_repeat_changes_nothing(tree, people):
    reward = calculated(tree, people)
    reports.report_withdraw(report=reward.report)
    reports.report_withdraw(report=reward.report)
    reward.refresh_from_db()
    assert (reward.status, reward.reason) == (S.REFUSED, Reward.Reason.WITHDRAWN)
    refused = TimelineEntry.objects.filter(
        object_id=reward.report_id, action="rewards.reward.refused"
    )
    assert [e.visibility for e in refused] == ["office"]
    with pytest.raises(ApplicationError, match="撤回"):
        services.reward_submit(reward=reward, actor=people["intake"])


def test_a_suspended_reward_of_a_withdrawn_case_is_refused_too(tree, people):
    reward = notified(tree, people)
    report = reopen(reward.report, people)
    reports.report_withdraw(report=report)
    reward.refresh_from_db()
    assert (reward.status, reward.reason) == (S.REFUSED, Reward.Reason.WITHDRAWN)


def test_a_paid_reward_is_left_as_it_is(tree, people):
    reward = claimed(tree, people)
    pay(reward, people)
    reports.report_withdraw(report=reward.report)
    reward.refresh_from_db()
    assert reward.status == S.PAID
    assert Payment.objects.filter(reward=reward).count() == 1
