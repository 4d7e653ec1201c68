"""Every write about rewards: calculation, submission, approval (by another person), the
notice, the claim (also during the announcement) and its extension, the counter check and the
payment (once), refusal, decline, suspension when the case is reopened, refusal when the
reporter withdraws, expiry and waiver.

Each step locks the case row and then the reward row (that order everywhere), checks in that
transaction that the case still stands (concluded as verified, not reopened, inputs final),
checks the actor's role and the status, records a step on the case's timeline, and returns
quietly when repeated. Modules by concern: ``decision`` (the amount), ``flow`` (office, leader
and reporter), ``counter`` (finance), ``reopening``, ``withdrawal``, ``expiry``; ``common``
holds the locks and checks they share.
"""

from rewards.services.common import payer_for, rates_of, tell_reporter
from rewards.services.counter import receipt_opened, reward_pay, reward_verify_recipient
from rewards.services.decision import reward_calculate, reward_choose_items, reward_sweep
from rewards.services.expiry import rewards_expire, rewards_waive
from rewards.services.flow import (
    reward_approve,
    reward_claim,
    reward_decline,
    reward_extend_claim,
    reward_refuse,
    reward_submit,
)
from rewards.services.reopening import reward_suspend
from rewards.services.withdrawal import reward_withdrawn

__all__ = [
    "payer_for",
    "rates_of",
    "receipt_opened",
    "reward_approve",
    "reward_calculate",
    "reward_choose_items",
    "reward_claim",
    "reward_decline",
    "reward_extend_claim",
    "reward_pay",
    "reward_refuse",
    "reward_submit",
    "reward_suspend",
    "reward_sweep",
    "reward_verify_recipient",
    "reward_withdrawn",
    "rewards_expire",
    "rewards_waive",
    "tell_reporter",
]
