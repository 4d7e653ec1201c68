"""How rewards plugs into reports: its receivers of the case's events (``reports.events``) and
what it adds to reports' pages and clocks (``reports.extensions``), connected in
``RewardsConfig.ready``. Reports never imports rewards."""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.clocks import Clock
from reports.models import Report
from reports.notifications import Audience
from rewards import selectors, services
from rewards.models import Reward

logger = logging.getLogger(__name__)


# What the reward steps are called on a case's timeline (the reporter sees the public ones).
TIMELINE_LABELS = {
    "rewards.reward.calculated": gettext_lazy("Reward calculated"),
    "rewards.reward.items_chosen": gettext_lazy("Listed matters chosen for the reward"),
    "rewards.reward.submitted": gettext_lazy("Reward submitted for approval"),
    "rewards.reward.notified": gettext_lazy("Reward approved: notice issued"),
    "rewards.reward.refused": gettext_lazy("No reward"),
    "rewards.reward.claimed": gettext_lazy("Reward claimed"),
    "rewards.reward.declined": gettext_lazy("Reward declined by the reporter"),
    "rewards.reward.paid": gettext_lazy("Reward paid"),
    "rewards.payment.receipt_opened": gettext_lazy("Payment receipt (with the recipient) opened"),
    "rewards.reward.expired": gettext_lazy("Reward not claimed in time: announced publicly"),
    "rewards.reward.waived": gettext_lazy("Reward waived: unclaimed after the announcement"),
    "rewards.reward.claim_extended": gettext_lazy("Time to claim the reward extended"),
    "rewards.reward.suspended": gettext_lazy("Reward suspended: the case is investigated again"),
    "rewards.reward.paid_case_reopened": gettext_lazy(
        "The case is investigated again after its reward was paid"
    ),
    "rewards.reward.recipient_verified": gettext_lazy("Recipient checked at the counter"),
    "rewards.reward.recipient_refused": gettext_lazy("Counter check: the ID number did not match"),
    "rewards.reward.code_refused": gettext_lazy("Counter check: wrong receipt code"),
}


def case_inputs_final(report_id: int) -> None:
    """After a conclusion or an enforcement update: calculate the reward if its inputs are
    final. A failure is logged; the hourly reward sweep tries again."""
    report = Report.objects.filter(pk=report_id).first()
    if report is not None:
        services.reward_calculate(report=report)


def case_reopened(report_id: int) -> None:
    """An upheld objection sent the case back to investigation: suspend its reward, in the
    same transaction."""
    services.reward_suspend(report_id=report_id)


def case_withdrawn(report_id: int) -> None:
    """The reporter withdrew after acceptance: the reward is waived, in the same transaction."""
    services.reward_withdrawn(report_id=report_id)


def category_estimates() -> dict[int, str]:
    return selectors.category_estimates()


def track_panel(report: Report, request) -> dict | None:
    reward = selectors.reward_for_reporter(report)
    if reward is None:
        return None
    return {
        "template": "rewards/_track_panel.html",
        "reward": reward,
        "methods": Reward.Method.choices,
        "claimed_words": selectors.claimed_words(reward.claim_method),
        "hotline": report.township.hotline,
        **selectors.claim_window(reward),
        **selectors.reward_words(reward),
    }


def workspace_items(user) -> list[dict]:
    return selectors.waiting_for(user)


# --- clocks: claim reminders, expiry and waiver ------------------------------------------------
def _by_date(queryset: QuerySet, prefix: str, field: str) -> QuerySet:
    """A threshold that names the date it counts from ("7:2027-03-31"): when the office
    extends a window, or a reopened case's reward is approved anew, the clocks remind and
    expire by the new date instead of taking the old one's reminder for it."""
    return queryset.annotate(
        threshold=Concat(
            Value(f"{prefix}:"), Cast(F(field), output_field=CharField()), output_field=CharField()
        )
    )


def _claim_due(days: int, smaller: int):
    def candidates(today: date) -> QuerySet:
        return _by_date(
            Report.objects.filter(
                reward__status=Reward.Status.NOTIFIED,
                reward__claim_deadline__lte=today + timedelta(days=days),
                reward__claim_deadline__gt=today + timedelta(days=smaller),
            ),
            str(days),
            "reward__claim_deadline",
        )

    return candidates


def _remind_reporters(reports: list[Report], audience: Audience, today: date) -> None:
    for reward in Reward.objects.filter(report__in=reports).select_related("report"):
        services.tell_reporter(reward, "reward_claim_reminder")


def _office(report: Report, audience: Audience):
    return (
        audience.office(report),
        [],
        reverse("admin:rewards_reward_change", args=[report.reward.pk]),
    )


def clocks() -> list[Clock]:
    days = sorted(set(settings.REWARD_CLAIM_REMINDER_DAYS), reverse=True)
    result = [
        Clock(
            f"reward_claim_in_{d}",
            _claim_due(d, smaller),
            lambda r, t: (
                _("The reward of case %(number)s must be claimed by %(date)s."),
                {"number": r.number, "date": r.reward.claim_deadline.isoformat()},
            ),
            lambda r, a: [],
            action=_remind_reporters,
            related=("reward",),
        )
        for d, smaller in zip(days, [*days[1:], -1], strict=True)
    ]
    result += [
        Clock(
            "reward_expired",
            lambda today: _by_date(
                Report.objects.filter(
                    reward__status=Reward.Status.NOTIFIED, reward__claim_deadline__lt=today
                ),
                "expired",
                "reward__claim_deadline",
            ),
            lambda r, t: (
                _(
                    "The reward of case %(number)s was not claimed in time; it is announced "
                    "publicly."
                ),
                {"number": r.number},
            ),
            lambda r, a: [_office(r, a)],
            action=lambda reports, audience, today: services.rewards_expire(
                reward_ids=[r.reward.pk for r in reports], today=today
            ),
            related=("reward",),
        ),
        Clock(
            "reward_waived",
            lambda today: _by_date(
                Report.objects.filter(
                    reward__status=Reward.Status.EXPIRED, reward__announcement_until__lt=today
                ),
                "waived",
                "reward__announcement_until",
            ),
            lambda r, t: (
                _("The reward of case %(number)s is waived: unclaimed after the announcement."),
                {"number": r.number},
            ),
            lambda r, a: [_office(r, a)],
            action=lambda reports, audience, today: services.rewards_waive(
                reward_ids=[r.reward.pk for r in reports], today=today
            ),
            related=("reward",),
        ),
    ]
    return result
