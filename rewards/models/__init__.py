"""The rewards' models, one module per entity: the published standard and its items
(``standard``), a case's reward and its statuses (``reward``), and the payment with the yearly
budget (``payment``). Everything is importable from ``rewards.models`` as before."""

from rewards.models.payment import Budget, Payment
from rewards.models.reward import RecipientProof, Reward, RewardStatus, announcement_end
from rewards.models.standard import HARD_CEILING, Standard, StandardItem, StandardQuerySet

__all__ = [
    "HARD_CEILING",
    "Budget",
    "Payment",
    "RecipientProof",
    "Reward",
    "RewardStatus",
    "Standard",
    "StandardItem",
    "StandardQuerySet",
    "announcement_end",
]
