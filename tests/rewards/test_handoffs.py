"""The reward's steps reach the next person at once: submitted, the leader (never the one who
submitted it) is asked to approve; claimed, finance is asked to pay; each notice clears when
the step is done."""

import pytest

from core.models import Notice
from rewards import services
from tests.rewards.helpers import calculated, claimed, pay

pytestmark = pytest.mark.django_db


def unread(user, number: str) -> list[str]:
    return list(
        Notice.objects.filter(
            recipient=user, read_at__isnull=True, text__contains=number
        ).values_list("text", flat=True)
    )


def test_a_submitted_reward_asks_the_leader_and_clears_when_approved(tree, people):
    reward = calculated(tree, people)
    number = reward.report.number
    services.reward_submit(reward=reward, actor=people["intake"])
    [asked] = unread(people["leader"], number)
    assert "待您审批" in asked and "元" in asked
    assert not [t for t in unread(people["intake"], number) if "审批" in t]  # not the submitter
    services.reward_approve(reward=reward, actor=people["leader"])
    assert not unread(people["leader"], number)


def test_a_claimed_reward_asks_finance_and_clears_when_paid(tree, people):
    reward = claimed(tree, people)
    number = reward.report.number
    assert [t for t in unread(people["finance"], number) if "已申领" in t]
    pay(reward, people)
    assert not unread(people["finance"], number)
