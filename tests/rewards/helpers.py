"""Take a case to a verified conclusion with the real services, and its reward along its flow."""

from decimal import Decimal

from core.calendar import local_date
from reports import receipts
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


def receipt_code(report: Report) -> str:
    """The receipt code the reporter keeps (a fresh one: the intake's was shown once)."""
    code = receipts.generate()
    Report.objects.filter(pk=report.pk).update(receipt_hash=receipts.hash_code(code))
    return code


def verify(reward: Reward, people, *, code: str | None = None, **overrides) -> Reward:
    """Finance checks the recipient at the counter; the receipt code is presented when the
    first reporter left no ID number."""
    first = reward.report.reporters.order_by("position").first()
    if code is None and not (first and first.id_number_index):
        code = receipt_code(reward.report)
    fields = {
        "name": "张三丰",
        "id_number": VALID_ID,
        "phone": "13812345678",
        "receipt_code": code or "",
    }
    fields.update(overrides)
    return services.reward_verify_recipient(reward=reward, actor=people["finance"], **fields)


def pay(reward: Reward, people, *, recipient_name: str = "张三丰", **overrides):
    """Verify the recipient at the counter (once), then record the payment."""
    recipient_id = overrides.get("recipient_id_number", VALID_ID)
    reward.refresh_from_db()
    if not reward.recipient_verified_at:
        verify(reward, people, name=recipient_name, id_number=recipient_id)
    fields = {
        "method": "bank",
        "voucher_number": "记-2026-0001",
        "paid_on": local_date(),
        "recipient_id_number": recipient_id,
        "account_reference": "6222 0000 1111 2222",
    }
    fields.update(overrides)
    return services.reward_pay(reward=reward, actor=people["finance"], **fields)


def reopen(report: Report, people) -> Report:
    """The reporter objects to the conclusion and the office upholds it: investigated again."""
    reports.reply_mark_delivered(report=report, method="track")
    objection = reports.objection_submit(report=report, reason="整改没有完成，晚上照常生产")
    return reports.objection_review(
        objection=objection, actor=people["intake"], upheld=True, note="异议成立，重新核查"
    )


def conclude_again(report: Report, people, *, verdict: str = "true") -> Report:
    """The unit concludes the reopened case again and the office accepts it."""
    conclusion = reports.conclusion_propose(
        report=report,
        actor=people["officer"],
        verdict=verdict,
        account="复查：夜间仍在生产，整改未完成。",
        decision="责令停产整改，加重处罚。",
    )
    reports.conclusion_sign(conclusion=conclusion, actor=people["head"])
    return reports.conclusion_review(
        conclusion=conclusion, actor=people["intake"], accept=True, reward_conditions_met=True
    )
