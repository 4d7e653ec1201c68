"""A reward follows its case: every step checks the case in the same locked transaction, a
reopened case suspends its reward (the notice withdrawn, the reporter told), the new conclusion
recalculates it and it needs a new approval, and an approved amount never changes."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from core.models import Notice, OutboxMessage, TimelineEntry
from reports import services as reports
from reports.models import Report
from rewards import selectors, services
from rewards.models import Payment, Reward
from tests.rewards.helpers import (
    calculated,
    claimed,
    conclude_again,
    notified,
    pay,
    penalty,
    reopen,
    verify,
)
from tests.rewards.test_views import open_track
from tests.units.factories import person
from units.models import Role
from units.services import membership_grant

pytestmark = pytest.mark.django_db
S = Reward.Status


def actions(report: Report) -> list[str]:
    return list(
        TimelineEntry.objects.filter(object_id=report.pk, action__startswith="rewards.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_a_reopened_case_suspends_its_notified_reward_and_the_reporter_is_told(tree, people):
    reward = notified(tree, people)
    reopen(reward.report, people)
    reward.refresh_from_db()
    assert reward.status == S.SUSPENDED
    assert reward.get_status_display() == "暂停：案件重新调查"
    assert reward.amount == Decimal("6000")  # kept for the record, never paid as it stands

    # The notice is withdrawn on the public timeline, and the reporter hears by text message.
    withdrawn = TimelineEntry.objects.get(
        object_id=reward.report_id, action="rewards.reward.suspended"
    )
    assert withdrawn.visibility == "public"
    [sms] = OutboxMessage.objects.filter(template="reward_suspended")
    assert reward.report.number in sms.text and "暂停" in sms.text
    assert "6,000" not in sms.text and "6000" not in sms.text
    assert reward not in selectors.unclaimed_anonymous()

    # Claim and payment are refused, saying why.
    with pytest.raises(ApplicationError, match="暂停"):
        services.reward_claim(reward=reward, method="bank")
    with pytest.raises(ApplicationError, match="暂停"):
        verify(reward, people)


def test_the_suspension_is_part_of_the_reopening_not_an_after_commit_job(
    tree, people, django_capture_on_commit_callbacks
):
    """If anything after the reopening fails, the suspension rolls back with it; it never
    waits for a commit that a later failure could skip."""
    reward = claimed(tree, people)
    with django_capture_on_commit_callbacks(execute=False):
        reopen(reward.report, people)
    reward.refresh_from_db()
    assert reward.status == S.SUSPENDED


def test_calculated_and_submitted_rewards_are_suspended_quietly(tree, people):
    fresh = calculated(tree, people)
    submitted = calculated(tree, people)
    services.reward_submit(reward=submitted, actor=people["intake"])
    for reward in (fresh, submitted):
        reopen(reward.report, people)
        reward.refresh_from_db()
        assert reward.status == S.SUSPENDED
        # The reporter never heard of it: nothing public, no message.
        assert (
            TimelineEntry.objects.get(
                object_id=reward.report_id, action="rewards.reward.suspended"
            ).visibility
            == "office"
        )
    assert not OutboxMessage.objects.filter(template="reward_suspended").exists()
    with pytest.raises(ApplicationError, match="暂停"):
        services.reward_approve(reward=submitted, actor=people["leader"])
    with pytest.raises(ApplicationError, match="暂停"):
        services.reward_submit(reward=fresh, actor=people["intake"])


def test_a_paid_reward_is_left_alone_and_the_office_is_told(tree, people):
    reward = claimed(tree, people)
    pay(reward, people)
    reopen(reward.report, people)
    reward.refresh_from_db()
    assert reward.status == S.PAID
    assert Payment.objects.filter(reward=reward).count() == 1
    assert actions(reward.report)[-1] == "rewards.reward.paid_case_reopened"
    notice = Notice.objects.get(recipient=people["intake"], text__contains="追回")
    assert reward.report.number in notice.text and "已发放" in notice.text


def test_the_new_conclusion_recalculates_it_and_a_new_approval_by_another_person_is_needed(
    tree, people, django_capture_on_commit_callbacks
):
    reward = notified(tree, people)
    first_approval = reward.approved_at
    report = reopen(reward.report, people)
    # The reopened investigation raises the fine; the new conclusion makes the inputs final.
    reports.enforcement_update(report=report, actor=people["officer"], values=penalty("100000"))
    with django_capture_on_commit_callbacks(execute=True):
        conclude_again(report, people)
    reward.refresh_from_db()
    assert reward.status == S.CALCULATED
    assert reward.amount == Decimal("15000")
    assert (reward.submitted_by, reward.approved_by, reward.claim_deadline) == (None, None, None)
    # The old decision is kept in the record.
    [previous] = reward.calculation["previous"]
    assert previous["amount"] == "6000.00"
    assert previous["approved_at"] == first_approval.isoformat()

    with pytest.raises(ApplicationError):
        services.reward_approve(reward=reward, actor=people["leader"])  # not submitted again
    with pytest.raises(ApplicationError):
        services.reward_claim(reward=reward, method="bank")
    # Four eyes again: whoever submits the new decision cannot approve it.
    both = person("both", tree["township"], Role.INTAKE)
    membership_grant(user=both, unit=tree["township"], role=Role.LEADER)
    services.reward_submit(reward=reward, actor=both)
    with pytest.raises(ApplicationError, match="提交人不能审批"):
        services.reward_approve(reward=reward, actor=both)
    services.reward_approve(reward=reward, actor=people["leader"])
    reward.refresh_from_db()
    assert (reward.status, reward.amount) == (S.NOTIFIED, Decimal("15000"))
    assert actions(report)[-4:] == [
        "rewards.reward.suspended",
        "rewards.reward.calculated",
        "rewards.reward.submitted",
        "rewards.reward.notified",
    ]


def test_a_reopened_case_concluded_again_with_the_same_inputs_is_decided_anew(
    tree, people, django_capture_on_commit_callbacks
):
    """Nothing changed in the reinvestigation (the same fine, the same standard): the reward
    still leaves "suspended", at "calculated" with the same amount, and needs a new approval."""
    reward = notified(tree, people)
    report = reopen(reward.report, people)
    with django_capture_on_commit_callbacks(execute=True):
        conclude_again(report, people)
    reward.refresh_from_db()
    assert (reward.status, reward.amount) == (S.CALCULATED, Decimal("6000"))
    assert reward.approved_at is None and reward.suspended_at is None
    assert [p["amount"] for p in reward.calculation["previous"]] == ["6000.00"]
    assert actions(report)[-2:] == ["rewards.reward.suspended", "rewards.reward.calculated"]
    services.reward_submit(reward=reward, actor=people["intake"])
    services.reward_approve(reward=reward, actor=people["leader"])
    reward.refresh_from_db()
    assert reward.status == S.NOTIFIED


def test_a_reopened_case_concluded_untrue_refuses_the_suspended_reward(
    tree, people, django_capture_on_commit_callbacks
):
    reward = notified(tree, people)
    report = reopen(reward.report, people)
    with django_capture_on_commit_callbacks(execute=True):
        conclude_again(report, people, verdict="false")
    reward.refresh_from_db()
    assert (reward.status, reward.reason) == (S.REFUSED, Reward.Reason.CONDITIONS)
    assert "不属实" in reward.note


def test_an_approved_amount_never_changes_with_later_enforcement_updates(
    tree, people, django_capture_on_commit_callbacks
):
    for stage in (notified, claimed):
        reward = stage(tree, people)
        with django_capture_on_commit_callbacks(execute=True):
            reports.enforcement_update(
                report=reward.report, actor=people["officer"], values=penalty("500000")
            )
        services.reward_calculate(report=reward.report)
        reward.refresh_from_db()
        assert reward.amount == Decimal("6000")
        assert reward.calculation["inputs"]["fine"] == "40000.00"
    paid = claimed(tree, people)
    pay(paid, people)
    with django_capture_on_commit_callbacks(execute=True):
        reports.enforcement_update(
            report=paid.report, actor=people["officer"], values=penalty("500000")
        )
    paid.refresh_from_db()
    assert (paid.amount, paid.payment.amount) == (Decimal("6000"), Decimal("6000"))


def test_every_step_checks_the_case_itself_whatever_path_changed_it(tree, people):
    """Even if a future path reopened a case without the hook, no step goes ahead."""
    fresh = calculated(tree, people)
    submitted = calculated(tree, people)
    services.reward_submit(reward=submitted, actor=people["intake"])
    approved = notified(tree, people)
    taken = claimed(tree, people)
    rewards = Reward.objects.filter(pk__in=[r.pk for r in (fresh, submitted, approved, taken)])
    before = dict(rewards.values_list("pk", "status"))
    assert sorted(before.values()) == ["calculated", "claimed", "notified", "submitted"]
    Report.objects.filter(reward__in=rewards).update(status=Report.Status.INVESTIGATING)
    for attempt in [
        lambda: services.reward_submit(reward=fresh, actor=people["intake"]),
        lambda: services.reward_approve(reward=submitted, actor=people["leader"]),
        lambda: services.reward_claim(reward=approved, method="bank"),
        lambda: verify(taken, people),
    ]:
        with pytest.raises(ApplicationError, match="重新调查"):
            attempt()
    assert dict(rewards.values_list("pk", "status")) == before


def test_the_reporter_sees_the_suspension_on_track(client, tree, people):
    reward = notified(tree, people)
    reopen(reward.report, people)
    open_track(client, reward.report)
    html = client.get(reverse("reports:track-case")).content.decode()
    assert 'id="reward"' in html
    assert "暂停：案件重新调查" in html
    assert 'id="do-claim"' not in html
    assert "奖励暂停" in html  # the public timeline names the step
    assert client.get(reverse("rewards:notice")).status_code == 404
