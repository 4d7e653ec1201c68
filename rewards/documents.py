"""The reward's documents: the notice (奖励通知书) the reporter may print, and the payment
receipt (领取凭证) finance keeps. Only the receipt names the recipient. Like the case's PDFs
they follow the official Chinese layout (templates/rewards/pdf/)."""

from django.utils import timezone

from core.documents import render_pdf
from rewards.models import Reward
from rewards.selectors import reward_words


def notice_pdf(reward: Reward) -> bytes:
    context = {
        "reward": reward,
        "report": reward.report,
        "printed_at": timezone.localtime(),
        **reward_words(reward),
    }
    return render_pdf("rewards/pdf/notice.html", context)


def receipt_pdf(reward: Reward) -> bytes:
    context = {
        "reward": reward,
        "report": reward.report,
        "payment": reward.payment,
        "printed_at": timezone.localtime(),
        **reward_words(reward),
    }
    return render_pdf("rewards/pdf/receipt.html", context)
