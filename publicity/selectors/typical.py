"""Typical cases: the prefill from a concluded case."""

from django.utils import timezone

from reports.models import Report
from rewards.models import Reward


# ------------------------------------------------------------------------------
# Typical cases
# ------------------------------------------------------------------------------
def typical_case_prefill(report: Report, user) -> dict:
    """A first draft from the case's own records, never from the reporter's identity: the
    channel, the transfer summary (already masked), the accepted conclusion, the enforcement
    and the reward. Trimmed to the 600-character limit."""
    from core.people import display_name
    from publicity.models import TYPICAL_CASE_MAX_CHARS
    from reports.services import summary_prefill

    received = timezone.localtime(report.received_at)
    if report.source == Report.Source.UPSTREAM:
        lead = f"{received:%Y年%-m月%-d日}，{report.upstream_body or '上级'}交办举报线索。"
    else:
        lead = (
            f"{received:%Y年%-m月%-d日}，通过{report.get_channel_display()}"
            f"收到{report.category.name}举报。"
        )
    conclusion = (
        report.conclusions.filter(status="accepted").order_by("-reviewed_at", "-pk").first()
    )
    facts = (report.transfer_summary or summary_prefill(report)).strip()
    if facts and not facts.endswith(("。", "！", "？", ".")):
        facts += "。"
    if conclusion:
        facts = f"{facts}经查：{conclusion.account}".strip()
    enforcement_parts = [conclusion.decision.rstrip("。")] if conclusion else []
    enforcement = getattr(report, "enforcement", None)
    said = conclusion.decision if conclusion else ""
    if enforcement:
        # What the records add to the decision, without saying it twice.
        if enforcement.case_filed_on and "立案" not in said:
            enforcement_parts.append(f"立案查处（{enforcement.case_file_number}）")
        if enforcement.fine and "罚款" not in said:
            enforcement_parts.append(
                f"罚款{enforcement.fine:,.0f}元（{enforcement.penalty_decision_number}）"
            )
        if enforcement.suspended_on and "停产" not in said:
            enforcement_parts.append("责令停产整顿")
        if enforcement.rectified_on and "整改完毕" not in said:
            enforcement_parts.append("已整改完毕")
    reward = Reward.objects.filter(report=report).select_related("payment").first()
    if reward is None:
        reward_text = "奖励待核算。"
    elif reward.status == Reward.Status.PAID:
        reward_text = (
            f"按明码实价标准给予举报人奖励{reward.amount:,.0f}元，"
            f"已于{reward.payment.paid_on:%Y年%-m月%-d日}兑现。"
        )
    elif reward.status in (Reward.Status.NOTIFIED, Reward.Status.CLAIMED):
        reward_text = f"按明码实价标准决定给予举报人奖励{reward.amount:,.0f}元，待领取。"
    elif reward.status == Reward.Status.REFUSED:
        reward_text = f"不予奖励：{reward.get_reason_display()}。"
    elif reward.amount:
        reward_text = f"拟给予举报人奖励{reward.amount:,.0f}元，正在审批。"
    else:
        reward_text = "奖励待核算。"
    fields = {
        "lead_source": lead,
        "facts": facts,
        "enforcement": "；".join(p for p in enforcement_parts if p) + "。"
        if enforcement_parts
        else "依法处理。",
        "reward": reward_text,
    }
    room = TYPICAL_CASE_MAX_CHARS - sum(len(v) for k, v in fields.items() if k != "facts")
    if len(fields["facts"]) > room:
        fields["facts"] = fields["facts"][: max(room - 1, 0)] + "…"
    township = report.township
    return {
        "title": f"{report.category.name}举报查处案例",
        **fields,
        "contact_name": display_name(user),
        "contact_phone": township.hotline,
    }
