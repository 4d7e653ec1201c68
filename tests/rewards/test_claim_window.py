"""The claim window: a reward still announced after its window can be claimed until the
announcement ends; the office can extend a window with a reason (能够说明理由的，可以适当延长
领取时间), on the timeline, the reporter told, and the clocks follow the new date."""

import datetime as dt

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from core.models import OutboxMessage, TimelineEntry
from reports.clocks import clocks_sweep
from reports.services import ReporterInput
from rewards import services
from rewards.models import Reward
from tests.clock import at
from tests.rewards.helpers import notified
from tests.rewards.test_views import open_track
from tests.units.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
S = Reward.Status
START = dt.date(2026, 12, 1)  # notified: claim by 2027-01-30, announced until 2027-03-02


def _notified(tree, people, **overrides) -> Reward:
    with at(START):
        return notified(
            tree, people, enterprise=EnterpriseFactory(village=tree["village"]), **overrides
        )


def test_a_reward_in_its_announcement_can_still_be_claimed_until_the_announcement_ends(
    tree, people
):
    late, too_late = _notified(tree, people), _notified(tree, people)
    with at(dt.date(2027, 1, 31)):
        clocks_sweep()
    late.refresh_from_db()
    assert (late.status, late.announcement_until) == (S.EXPIRED, dt.date(2027, 3, 2))
    with at(dt.date(2027, 3, 2)):  # the last day of the announcement still counts
        services.reward_claim(reward=late, method="cash")
    late.refresh_from_db()
    assert late.status == S.CLAIMED
    with at(dt.date(2027, 3, 3)):
        with pytest.raises(ApplicationError, match="公告期已满"):
            services.reward_claim(reward=too_late, method="cash")
        clocks_sweep()
    too_late.refresh_from_db()
    assert too_late.status == S.WAIVED
    late.refresh_from_db()
    assert late.status == S.CLAIMED  # a claimed reward is never waived


def test_the_day_after_the_window_counts_as_announced_even_before_the_sweep_runs(tree, people):
    reward = _notified(tree, people)
    with at(dt.date(2027, 1, 31)):
        services.reward_claim(reward=reward, method="bank")
    reward.refresh_from_db()
    assert reward.status == S.CLAIMED


def test_the_track_page_offers_the_claim_during_the_announcement(client, tree, people):
    reward = _notified(tree, people)
    with at(dt.date(2027, 2, 10)):
        clocks_sweep()
        open_track(client, reward.report)
        html = client.get(reverse("reports:track-case")).content.decode()
        assert 'id="do-claim"' in html
        assert "2027-03-02" in html
        client.post(reverse("rewards:claim"), {"method": "cash"})
    reward.refresh_from_db()
    assert reward.status == S.CLAIMED


def test_the_office_extends_a_claim_window_with_a_reason(tree, people):
    reward = _notified(tree, people)
    new_day = dt.date(2027, 3, 31)
    reminders = OutboxMessage.objects.filter(template="reward_claim_reminder").order_by("pk")
    with at(dt.date(2026, 12, 31)):  # 30 days before the first window ends
        clocks_sweep()
    assert reminders.count() == 1
    with at(dt.date(2027, 1, 20)):
        with pytest.raises(ApplicationError, match="说明延长的理由"):
            services.reward_extend_claim(
                reward=reward, actor=people["intake"], until=new_day, reason="  "
            )
        with pytest.raises(ApplicationError, match="晚于原领取期限"):
            services.reward_extend_claim(
                reward=reward,
                actor=people["intake"],
                until=dt.date(2027, 1, 25),
                reason="举报人住院治疗，出院后领取",
            )
        for outsider in ("leader", "finance", "intake2"):
            with pytest.raises(ApplicationError, match="安委办"):
                services.reward_extend_claim(
                    reward=reward, actor=people[outsider], until=new_day, reason="住院"
                )
        for _ in range(2):
            services.reward_extend_claim(
                reward=reward,
                actor=people["intake"],
                until=new_day,
                reason="举报人住院治疗，出院后领取",
            )
    reward.refresh_from_db()
    assert (reward.status, reward.claim_deadline) == (S.NOTIFIED, new_day)
    [entry] = TimelineEntry.objects.filter(
        object_id=reward.report_id, action="rewards.reward.claim_extended"
    )
    assert entry.visibility == "public"
    assert entry.note == "举报人住院治疗，出院后领取"  # the reason, for the office
    assert entry.data["public_note"] == "领取期限延长至 2027-03-31"
    assert entry.data["from"] == "2027-01-30"
    [sms] = OutboxMessage.objects.filter(template="reward_claim_extended")
    assert "2027-03-31" in sms.text and reward.report.number in sms.text

    # The clocks follow the new date: no expiry before it, reminders by it.
    with at(dt.date(2027, 2, 5)):
        clocks_sweep()
    reward.refresh_from_db()
    assert reward.status == S.NOTIFIED
    with at(dt.date(2027, 3, 1)):  # 30 days before the new date: reminded again
        clocks_sweep()
        clocks_sweep()
    assert reminders.count() == 2 and "2027-03-31" in reminders.last().text
    with at(dt.date(2027, 3, 24)):  # 7 days before it
        clocks_sweep()
    assert reminders.count() == 3 and "2027-03-31" in reminders.last().text
    with at(dt.date(2027, 4, 1)):
        clocks_sweep()
    reward.refresh_from_db()
    assert (reward.status, reward.announcement_until) == (S.EXPIRED, dt.date(2027, 5, 1))


def test_an_announced_reward_can_be_extended_too(tree, people):
    reward = _notified(tree, people, reporters=[ReporterInput(declaration="none")])
    with at(dt.date(2027, 2, 1)):
        clocks_sweep()
        reward.refresh_from_db()
        assert reward.status == S.EXPIRED
        with pytest.raises(ApplicationError, match="晚于原领取期限"):
            services.reward_extend_claim(
                reward=reward, actor=people["intake"], until=dt.date(2027, 2, 20), reason="外出务工"
            )
        services.reward_extend_claim(
            reward=reward, actor=people["intake"], until=dt.date(2027, 4, 30), reason="外出务工"
        )
    reward.refresh_from_db()
    assert (reward.status, reward.claim_deadline) == (S.NOTIFIED, dt.date(2027, 4, 30))
    assert reward.announcement_until is None
    with at(dt.date(2027, 3, 10)):  # after the old announcement's end
        clocks_sweep()
        reward.refresh_from_db()
        assert reward.status == S.NOTIFIED
        services.reward_claim(reward=reward, method="cash")


def test_a_claimed_or_closed_reward_cannot_be_extended(tree, people):
    reward = _notified(tree, people)
    with at(dt.date(2027, 1, 10)):
        services.reward_claim(reward=reward, method="bank")
        with pytest.raises(ApplicationError, match="只有待领取或公告中的奖励"):
            services.reward_extend_claim(
                reward=reward, actor=people["intake"], until=dt.date(2027, 3, 1), reason="x"
            )
