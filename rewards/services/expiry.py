"""Unclaimed rewards, driven by the clocks: announced after the window, waived after the
announcement. The sweeps lock the cases before the rewards, like every step."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import required
from reports.models import Report
from rewards.models import Reward, announcement_end
from rewards.services.common import Status, record_many


def rewards_expire(*, reward_ids: list[int], today: dt.date) -> int:
    """Unclaimed after the window: announced publicly by case number for
    ``REWARD_ANNOUNCEMENT_DAYS`` from the day after the window ended (so the reporter's time
    does not depend on when the sweep ran); claimable until the announcement ends."""
    days = settings.REWARD_ANNOUNCEMENT_DAYS
    with transaction.atomic():
        list(
            Report.objects.select_for_update(of=("self",))
            .filter(reward__pk__in=reward_ids)
            .values_list("pk", flat=True)
        )
        due = list(
            Reward.objects.select_for_update().filter(
                pk__in=reward_ids, status=Status.NOTIFIED, claim_deadline__lt=today
            )
        )
        now = timezone.now()
        by_day: dict[dt.date, list[int]] = {}
        for reward in due:
            deadline = required(reward.claim_deadline, "a notified reward has a claim deadline")
            until = announcement_end(deadline, days)
            reward.status, reward.expired_at, reward.announcement_until = Status.EXPIRED, now, until
            by_day.setdefault(until, []).append(reward.report_id)
        Reward.objects.bulk_update(due, ["status", "expired_at", "announcement_until"])
        for until, report_ids in by_day.items():
            record_many(
                report_ids,
                "rewards.reward.expired",
                public_note=_("Announced until %(day)s") % {"day": until.isoformat()},
            )
    return len(due)


def rewards_waive(*, reward_ids: list[int], today: dt.date) -> int:
    """Still unclaimed after the announcement: waived."""
    with transaction.atomic():
        list(
            Report.objects.select_for_update(of=("self",))
            .filter(reward__pk__in=reward_ids)
            .values_list("pk", flat=True)
        )
        due = Reward.objects.select_for_update().filter(
            pk__in=reward_ids, status=Status.EXPIRED, announcement_until__lt=today
        )
        pairs = list(due.values_list("pk", "report_id"))
        Reward.objects.filter(pk__in=[pk for pk, _r in pairs]).update(
            status=Status.WAIVED, closed_at=timezone.now()
        )
        record_many([r for _pk, r in pairs], "rewards.reward.waived")
    return len(pairs)
