"""Take a case to a verified conclusion with the real services, and its reward along its flow."""

from decimal import Decimal

from core.calendar import local_date
from reports import services as reports
from reports.models import Report
from rewards import services
from rewards.models import Reward
from tests.reports.lifecycle_helpers import investigating

VALID_ID = "11010519491231002X"
OTHER_ID = "110101199003074477"


def penalty(fine: str | int) -> dict:
    return {
        "penalty_decision_number": "渝安罚〔2026〕12号",
        "penalty_decided_on": local_date(),
        "fine": Decimal(fine),
    }


def verified(
    tree,
    people,
    *,
    enforcement: dict | None = None,
    verdict: str = "true",
    conditions_met: bool | None = True,
    **overrides,
) -> Report:
    """A case investigated, enforced as given, concluded and accepted by the office."""
    report = investigating(tree, people, **overrides)
    if enforcement:
        reports.enforcement_update(report=report, actor=people["officer"], values=enforcement)
    conclusion = reports.conclusion_propose(
        report=report,
        actor=people["officer"],
        verdict=verdict,
        account="现场核查属实，消防通道堆放货物约20平方米。",
        decision="责令立即清理，依法罚款。",
    )
    reports.conclusion_sign(conclusion=conclusion, actor=people["head"])
    return reports.conclusion_review(
        conclusion=conclusion,
        actor=people["intake"],
        accept=True,
        reward_conditions_met=conditions_met,
    )


def calculated(tree, people, fine="40000", **overrides) -> Reward:
    report = verified(tree, people, enforcement=penalty(fine), **overrides)
    return services.reward_calculate(report=report)


def notified(tree, people, **overrides) -> Reward:
    reward = calculated(tree, people, **overrides)
    services.reward_submit(reward=reward, actor=people["intake"])
    return services.reward_approve(reward=reward, actor=people["leader"])


def claimed(tree, people, method="bank", **overrides) -> Reward:
    return services.reward_claim(reward=notified(tree, people, **overrides), method=method)


def pay(reward: Reward, people, **overrides):
    fields = {
        "method": "bank",
        "voucher_number": "记-2026-0001",
        "paid_on": local_date(),
        "recipient_name": "张三丰",
        "recipient_id_number": VALID_ID,
        "account_reference": "6222 0000 1111 2222",
    }
    fields.update(overrides)
    return services.reward_pay(reward=reward, actor=people["finance"], **fields)
