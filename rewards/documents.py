"""The reward's documents: the notice (奖励通知书) the reporter may print, and the payment
receipt (领取凭证) finance keeps. Both cite the legal basis of the rule that produced the
amount and write it in capitals; only the receipt names the recipient. Like the case's PDFs
they follow the official Chinese layout (templates/rewards/pdf/)."""

from django.utils import timezone

from core.documents import render_pdf
from core.money import yuan_in_capitals
from rewards.models import Reward
from rewards.selectors import reward_words
from rewards.services.common import payer_for
from units import offices


def notice_pdf(reward: Reward) -> bytes:
    """Issued by the paying office (谁受理、谁奖励: the accepting township, or the district)."""
    context = {
        "reward": reward,
        "report": reward.report,
        "office": offices.office_for(payer_for(reward.report)),
        "printed_at": timezone.localtime(),
        **reward_words(reward),
    }
    return render_pdf("rewards/pdf/notice.html", context)


def receipt_pdf(reward: Reward) -> bytes:
    """The 领取凭证: the amount paid in capitals (人民币叁仟元整) and in figures, the rule and
    its legal basis, how the recipient proved the right, and room for the signatures."""
    payment = reward.payment
    context = {
        "reward": reward,
        "report": reward.report,
        "payment": payment,
        "printed_at": timezone.localtime(),
        **reward_words(reward),
        "capitals": yuan_in_capitals(payment.amount),
        "figures": f"¥{payment.amount:,.2f}",
    }
    return render_pdf("rewards/pdf/receipt.html", context)
