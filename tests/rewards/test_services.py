"""The reward of a case: when it is calculated, who is refused and why, the flow from
submission to payment with four eyes, the claim window across time, payment once under a race,
who pays, and the budget."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import crypto
from core.calendar import local_date
from core.errors import ApplicationError
from core.models import OutboxMessage, TimelineEntry
from reports import services as reports
from reports.clocks import clocks_sweep
from reports.models import Category, Report
from reports.services import ReporterInput
from rewards import selectors, services
from rewards.models import Budget, Payment, Reward, Standard
from tests.clock import at
from tests.rewards.helpers import (
    OTHER_ID,
    VALID_ID,
    calculated,
    claimed,
    notified,
    pay,
    penalty,
    verified,
    verify,
)
from tests.units.factories import EnterpriseFactory, person
from units.models import Role, SafetyDutyPerson
from units.services import informant_register

pytestmark = pytest.mark.django_db
R = Reward.Reason


def actions(report: Report) -> list[str]:
    return list(
        TimelineEntry.objects.filter(object_id=report.pk, action__startswith="rewards.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


# --- When a reward is calculated ---------------------------------------------------------------
def test_accepting_a_verified_conclusion_calculates_the_reward_after_the_commit(
    tree, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = verified(tree, people, enforcement=penalty("40000"))
    reward = Reward.objects.get(report=report)
    assert reward.status == Reward.Status.CALCULATED
    assert reward.amount == Decimal("6000")
    assert reward.payer == tree["township"]
    assert reward.standard.document == "渝安办〔2021〕49号"
    calculation = reward.calculation
    assert calculation["rule"] == "fine"
    assert calculation["inputs"]["fine"] == "40000.00"
    assert calculation["words"] == "按罚款40000元的15%计算为6000元，按6000元给予奖励"
    assert calculation["basis"] == "《安全生产领域举报奖励办法》（安监总财〔2018〕19号）第十二条"
    assert calculation["standard"]["effective_from"] == "2021-12-14"
    assert actions(report) == ["rewards.reward.calculated"]


def test_the_words_are_kept_in_chinese_whoever_triggers_the_calculation(tree, people):
    # A task or a command may run with English active; the record stays in the project's
    # language (the demo's history hit this).
    with translation.override("en"):
        reward = calculated(tree, people)
    assert "按罚款40000元的15%计算为6000元" in reward.calculation["words"]


def test_nothing_is_calculated_before_the_inputs_are_final(
    tree, people, django_capture_on_commit_callbacks
):
    filed = {"case_filed_on": local_date(), "case_file_number": "渝安立〔2026〕3号"}
    untrue = verified(tree, people, verdict="false")
    assert services.reward_calculate(report=untrue) is None
    with django_capture_on_commit_callbacks(execute=True):
        waiting = verified(tree, people, enforcement=filed)
    assert services.reward_calculate(report=waiting) is None  # 立案: the penalty decides
    assert not Reward.objects.filter(report=waiting).exists()

    # The penalty decision arrives after the conclusion: the hook calculates it then.
    with django_capture_on_commit_callbacks(execute=True):
        reports.enforcement_update(
            report=waiting, actor=people["officer"], values=penalty("100000")
        )
    assert Reward.objects.get(report=waiting).amount == Decimal("15000")


def test_a_concealed_accident_waits_for_the_deaths_and_the_grade(tree, people):
    concealed = Category.objects.get(code="concealed_accident")
    report = verified(tree, people, category=concealed)
    assert services.reward_calculate(report=report) is None
    reports.enforcement_update(
        report=report,
        actor=people["officer"],
        values={"concealed_deaths": 2, "accident_grade": "larger"},
    )
    reward = services.reward_calculate(report=report)
    assert reward.amount == Decimal("80000")
    assert "较大事故每查实瞒报谎报1名死亡人员奖励40000元，查实2人" in reward.calculation["words"]


def test_without_a_fine_the_office_chooses_the_listed_matter(tree, people):
    reward = services.reward_calculate(report=verified(tree, people))
    assert reward.status == Reward.Status.CALCULATED and reward.amount is None
    with pytest.raises(ApplicationError, match="列明事项"):
        services.reward_submit(reward=reward, actor=people["intake"])

    standard = Standard.objects.get()
    item = standard.items.get(code="12-6")  # fixed parking on a fire lane: 2,000
    with pytest.raises(ApplicationError):
        services.reward_choose_items(reward=reward, actor=people["officer"], items=[item])
    services.reward_choose_items(reward=reward, actor=people["intake"], items=[item])
    services.reward_choose_items(reward=reward, actor=people["intake"], items=[item])  # twice
    reward.refresh_from_db()
    assert reward.amount == Decimal("2000")
    assert reward.calculation["rule"] == "item"
    assert "按奖励标准列明事项第12-6项" in reward.calculation["words"]
    assert actions(reward.report).count("rewards.reward.items_chosen") == 1

    # With a fine as well, the highest rule wins (the default setting).
    reports.enforcement_update(
        report=reward.report, actor=people["officer"], values=penalty("20000")
    )
    reward = services.reward_calculate(report=reward.report)
    assert (reward.amount, reward.calculation["rule"]) == (Decimal("3000"), "fine")
    assert {c["rule"] for c in reward.calculation["candidates"]} == {"item", "fine"}


@at(dt.date(2026, 12, 5), tick=True)
def test_the_standard_in_force_on_the_decision_date_applies_and_edits_never_change_a_decision(
    tree, people
):
    old = Standard.objects.get()
    Standard.objects.create(
        name="新标准",
        document="渝安办〔2026〕99号",
        effective_from=dt.date(2027, 1, 1),
        fine_rate=Decimal("0.20"),
    )
    today = calculated(tree, people)
    assert (today.standard, today.amount) == (old, Decimal("6000"))

    report = verified(tree, people, enforcement=penalty("40000"))
    with at(dt.date(2027, 1, 5)):
        later = services.reward_calculate(report=report)
    assert later.standard.document == "渝安办〔2026〕99号"
    assert later.amount == Decimal("8000")
    assert "按罚款40000元的20%计算为8000元" in later.calculation["words"]

    # Editing the old version changes no decision made with it, submitted or not.
    services.reward_submit(reward=today, actor=people["intake"])
    Standard.objects.filter(pk=old.pk).update(fine_rate=Decimal("0.50"))
    services.reward_calculate(report=today.report)
    today.refresh_from_db()
    assert today.amount == Decimal("6000")
    assert "的15%计算" in today.calculation["words"]


# --- Who is refused, and why ------------------------------------------------------------------
def _refusal(reward: Reward) -> tuple[str, str]:
    assert reward.status == Reward.Status.REFUSED
    assert reward.amount is None
    return reward.reason, reward.note


def test_staff_with_safety_duties_and_their_relatives_are_refused(tree, people):
    declared = calculated(
        tree,
        people,
        reporters=[ReporterInput(name="李四", phone="13700000000", declaration="staff")],
    )
    assert _refusal(declared)[0] == R.STAFF

    # Declared "no", but the blind index of the office's register knows the phone number.
    duty = SafetyDutyPerson(unit=tree["township"], relation="relative", label="规建办-1")
    duty.set_identity(phone="13812345678")
    duty.save()
    registered = calculated(tree, people)  # the default reporter has this phone
    assert _refusal(registered) == (R.STAFF, "上述人员的近亲属")
    assert "13812345678" not in str(registered.calculation)


def test_an_informant_counts_by_the_eligibility_of_its_kind(tree, people):
    grid = informant_register(
        unit=tree["village"], kind="grid_worker", name="网格员甲", phone="13900000001"
    )
    grid.reward_eligible = False
    grid.save()
    volunteer = informant_register(
        unit=tree["village"], kind="other", name="志愿者乙", phone="13900000002"
    )
    refused = calculated(tree, people, reporters=[ReporterInput(informant=grid)])
    assert _refusal(refused)[0] == R.INFORMANT
    rewarded = calculated(tree, people, reporters=[ReporterInput(informant=volunteer)])
    assert rewarded.status == Reward.Status.CALCULATED


def test_withdrawal_after_acceptance_and_unmet_conditions_are_refused(tree, people):
    report = verified(tree, people, enforcement=penalty("40000"))
    reports.report_withdraw(report=report)
    assert _refusal(services.reward_calculate(report=report))[0] == R.WITHDRAWN

    unmet = calculated(tree, people, conditions_met=False)
    assert _refusal(unmet)[0] == R.CONDITIONS


def test_only_the_first_accepted_reporter_of_the_same_matter_is_rewarded(tree, people):
    enterprise = EnterpriseFactory(village=tree["village"])
    first = calculated(tree, people, enterprise=enterprise)
    assert first.status == Reward.Status.CALCULATED
    second = calculated(tree, people, enterprise=enterprise)
    assert _refusal(second) == (R.NOT_FIRST, first.report.number)
    other_category = calculated(
        tree, people, enterprise=enterprise, category=Category.objects.get(code="gas")
    )
    assert other_category.status == Reward.Status.CALCULATED


def test_a_matter_already_being_handled_is_refused(tree, people):
    from tests.reports.lifecycle_helpers import transferred

    enterprise = EnterpriseFactory(village=tree["village"])
    open_case = transferred(tree, people, enterprise=enterprise)
    later = calculated(tree, people, enterprise=enterprise)
    assert _refusal(later) == (R.ALREADY_KNOWN, open_case.number)


def test_joint_reporters_share_evenly_and_the_first_signatory_collects(tree, people):
    joint = [
        ReporterInput(name="甲", phone="13800000001", id_number=VALID_ID, declaration="none"),
        ReporterInput(name="乙", phone="13800000002", declaration="none"),
        ReporterInput(name="丙", phone="13800000003", declaration="none"),
    ]
    reward = claimed(tree, people, fine="40010", reporters=joint)  # 6,001.50 → 6,002
    assert reward.amount == Decimal("6002")
    assert reward.calculation["shares"] == ["2002", "2000", "2000"]
    with pytest.raises(ApplicationError, match="不一致"):
        pay(reward, people, recipient_name="乙", recipient_id_number=OTHER_ID)
    payment = pay(reward, people, recipient_name="甲")
    assert payment.amount == Decimal("6002")


def test_the_township_pays_unless_it_forwards_its_decisions_to_the_district(tree, people):
    assert calculated(tree, people).payer == tree["township"]
    tree["township"].pays_rewards = False
    tree["township"].save()
    assert calculated(tree, people).payer == tree["district"]


# --- The flow ---------------------------------------------------------------------------------
def test_the_whole_flow_each_step_safe_to_repeat_and_on_the_timeline(tree, people):
    reward = calculated(tree, people)
    for _ in range(2):
        services.reward_submit(reward=reward, actor=people["intake"])
    for _ in range(2):
        services.reward_approve(reward=reward, actor=people["leader"])
    reward.refresh_from_db()
    assert reward.status == Reward.Status.NOTIFIED
    assert reward.claim_deadline == local_date() + dt.timedelta(days=60)
    texts = [m.text for m in OutboxMessage.objects.filter(template="reward_notified")]
    assert len(texts) == 1 and "6,000" not in texts[0]  # the amount stays on /track/
    assert "请于" in texts[0] or reward.report.number in texts[0]
    for _ in range(2):
        services.reward_claim(reward=reward, method="cash")
    first = pay(reward, people)
    assert pay(reward, people) == first  # the same voucher again: nothing new
    reward.refresh_from_db()
    assert reward.status == Reward.Status.PAID
    payment = Payment.objects.get(reward=reward)
    assert payment.recipient_id_number == VALID_ID
    assert payment.account_reference == "6222 0000 1111 2222"
    with connection.cursor() as cursor:  # encrypted at rest
        cursor.execute(
            "SELECT account_reference, recipient_name FROM rewards_payment WHERE id = %s",
            [payment.pk],
        )
        stored = " ".join(cursor.fetchone())
    assert "6222" not in stored and "张三丰" not in stored
    assert actions(reward.report) == [
        "rewards.reward.calculated",
        "rewards.reward.submitted",
        "rewards.reward.notified",
        "rewards.reward.claimed",
        "rewards.reward.recipient_verified",
        "rewards.reward.paid",
    ]


def test_every_step_refuses_the_wrong_person_and_the_wrong_moment(tree, people):
    reward = calculated(tree, people)
    wrong = [
        lambda: services.reward_submit(reward=reward, actor=people["officer"]),
        lambda: services.reward_submit(reward=reward, actor=people["intake2"]),
        lambda: services.reward_approve(reward=reward, actor=people["leader"]),  # not submitted
        lambda: services.reward_claim(reward=reward, method="bank"),
        lambda: services.reward_decline(reward=reward),
        lambda: pay(reward, people),
    ]
    for attempt in wrong:
        with pytest.raises(ApplicationError):
            attempt()
    services.reward_submit(reward=reward, actor=people["intake"])
    for attempt in [
        lambda: services.reward_approve(reward=reward, actor=people["intake"]),
        lambda: services.reward_approve(reward=reward, actor=people["finance"]),
        lambda: services.reward_approve(reward=reward, actor=people["leader"], approve=False),
    ]:
        with pytest.raises(ApplicationError):
            attempt()
    services.reward_approve(reward=reward, actor=people["leader"])
    for attempt in [
        lambda: services.reward_submit(reward=reward, actor=people["intake"]),
        lambda: services.reward_refuse(reward=reward, actor=people["intake"], reason="staff"),
        lambda: services.reward_claim(reward=reward, method="gold"),
        lambda: pay(reward, people),  # not claimed yet
    ]:
        with pytest.raises(ApplicationError):
            attempt()
    services.reward_claim(reward=reward, method="bank")
    outsider = person("finance2", tree["township2"], Role.FINANCE)
    with pytest.raises(ApplicationError):
        services.reward_pay(
            reward=reward,
            actor=outsider,
            method="bank",
            voucher_number="X-1",
            paid_on=local_date(),
            recipient_id_number=VALID_ID,
        )
    with pytest.raises(ApplicationError, match="不能晚于"):
        pay(reward, people, paid_on=local_date() + dt.timedelta(days=1))
    pay(reward, people)
    for attempt in [
        lambda: pay(reward, people, voucher_number="记-2026-0002"),
        lambda: services.reward_decline(reward=reward),
        lambda: services.reward_claim(reward=reward, method="bank"),
    ]:
        with pytest.raises(ApplicationError):
            attempt()
    assert Payment.objects.count() == 1


def test_the_person_who_submitted_cannot_approve(tree, people):
    both = person("both", tree["township"], Role.INTAKE)
    both_leader = person("both_leader", tree["township"], Role.LEADER)
    reward = calculated(tree, people)
    # One person holding both roles.
    from units.services import membership_grant

    membership_grant(user=both, unit=tree["township"], role=Role.LEADER)
    services.reward_submit(reward=reward, actor=both)
    with pytest.raises(ApplicationError, match="提交人不能审批"):
        services.reward_approve(reward=reward, actor=both)
    services.reward_approve(reward=reward, actor=both_leader)
    # The database keeps four eyes even if code forgot.
    with pytest.raises(IntegrityError), transaction.atomic():
        Reward.objects.filter(pk=reward.pk).update(approved_by=both)


def test_the_leader_may_refuse_with_a_reason_and_the_office_refuses_before_approval(tree, people):
    reward = calculated(tree, people)
    services.reward_submit(reward=reward, actor=people["intake"])
    with pytest.raises(ApplicationError, match="原因"):
        services.reward_approve(reward=reward, actor=people["leader"], approve=False)
    services.reward_approve(reward=reward, actor=people["leader"], approve=False, note="已掌握")
    reward.refresh_from_db()
    assert (reward.status, reward.reason, reward.note) == ("refused", R.LEADER, "已掌握")
    # A refusal made by a person is never recalculated away.
    assert services.reward_calculate(report=reward.report).status == Reward.Status.REFUSED

    other = calculated(tree, people)
    for _ in range(2):
        services.reward_refuse(
            reward=other, actor=people["intake"], reason=R.ALREADY_KNOWN, note="企业自查已发现"
        )
    other.refresh_from_db()
    assert (other.status, other.reason) == ("refused", R.ALREADY_KNOWN)
    assert actions(other.report).count("rewards.reward.refused") == 1


def test_the_reporter_may_decline(tree, people):
    reward = notified(tree, people)
    services.reward_decline(reward=reward)
    services.reward_decline(reward=reward)
    reward.refresh_from_db()
    assert reward.status == Reward.Status.DECLINED
    assert TimelineEntry.objects.get(
        object_id=reward.report_id, action="rewards.reward.declined"
    ).visibility == ("public")


def test_the_database_keeps_amounts_positive_and_under_the_ceiling(tree, people):
    reward = calculated(tree, people)
    for amount in (Decimal("0"), Decimal("-1"), Decimal("1000001")):
        with pytest.raises(IntegrityError), transaction.atomic():
            Reward.objects.filter(pk=reward.pk).update(amount=amount, status="submitted")


# --- The claim window across time -------------------------------------------------------------
def test_the_claim_window_reminds_then_expires_then_waives(tree, people):
    start = dt.date(2026, 12, 1)
    with at(start):
        reward = notified(
            tree, people, reporters=[ReporterInput(phone="13812345678", declaration="none")]
        )
        anonymous = notified(
            tree,
            people,
            reporters=[ReporterInput(declaration="none")],
            enterprise=EnterpriseFactory(village=tree["village"]),
        )
    assert reward.claim_deadline == dt.date(2027, 1, 30)

    def reminders():
        return list(
            OutboxMessage.objects.filter(template="reward_claim_reminder").values_list(
                "text", flat=True
            )
        )

    with at(dt.date(2026, 12, 31)):  # 30 days left
        clocks_sweep()
        clocks_sweep()
    assert len(reminders()) == 1 and reward.report.number in reminders()[0]
    with at(dt.date(2027, 1, 23)):  # 7 days left
        clocks_sweep()
    assert len(reminders()) == 2
    with at(dt.date(2027, 1, 30)):  # the last day still counts
        clocks_sweep()
        # Unclaimed anonymous rewards are listed publicly by case number; named ones are not.
        assert list(selectors.unclaimed_anonymous()) == [anonymous]
    reward.refresh_from_db()
    assert reward.status == Reward.Status.NOTIFIED

    with at(dt.date(2027, 1, 31)):
        clocks_sweep()
    reward.refresh_from_db()
    assert reward.status == Reward.Status.EXPIRED
    assert reward.announcement_until == dt.date(2027, 3, 2)
    assert list(selectors.unclaimed_anonymous()) == [anonymous]

    with at(dt.date(2027, 3, 2)):
        clocks_sweep()
    reward.refresh_from_db()
    assert reward.status == Reward.Status.EXPIRED
    with at(dt.date(2027, 3, 3)):
        clocks_sweep()
        clocks_sweep()
        with pytest.raises(ApplicationError, match="公告期已满"):
            services.reward_claim(reward=reward, method="bank")
    reward.refresh_from_db()
    assert reward.status == Reward.Status.WAIVED
    assert actions(reward.report)[-2:] == ["rewards.reward.expired", "rewards.reward.waived"]
    assert not selectors.unclaimed_anonymous().exists()


def test_an_anonymous_reporter_identifies_at_payment(tree, people):
    reward = claimed(tree, people, reporters=[ReporterInput(declaration="none")])
    payment = pay(reward, people, recipient_name="王五", recipient_id_number=OTHER_ID)
    assert payment.recipient_name == "王五"


# --- Payment once, under a race ---------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_two_clerks_paying_at_once_make_one_payment(postgres, tree, people):
    reward = claimed(tree, people)
    verify(reward, people)  # the person was checked at the counter once
    barrier = threading.Barrier(2)
    outcomes = []

    def press(voucher: str):
        try:
            barrier.wait()
            outcomes.append(pay(reward, people, voucher_number=voucher))
        except ApplicationError as exc:
            outcomes.append(exc.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(f"记-{n}",)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Payment.objects.filter(reward=reward).count() == 1
    assert sorted(type(o).__name__ for o in outcomes) == ["Payment", "str"]
    assert "该奖励已经发放。" in outcomes
    assert actions(reward.report).count("rewards.reward.paid") == 1


# --- Budgets ----------------------------------------------------------------------------------
def test_the_budget_shows_allocated_committed_paid_and_the_payout_rate(tree, people):
    year = local_date().year
    Budget.objects.create(payer=tree["township"], year=year, allocated=Decimal("100000"))
    notified(tree, people)  # 6,000 committed
    paid = claimed(
        tree, people, fine="20000", enterprise=EnterpriseFactory(village=tree["village"])
    )  # 3,000
    pay(paid, people)
    calculated(
        tree, people, enterprise=EnterpriseFactory(village=tree["village"])
    )  # not approved: not counted
    [row] = selectors.budget_summary(payers=[tree["township"]], year=year)
    assert row["allocated"] == Decimal("100000")
    assert row["committed"] == Decimal("6000")
    assert row["paid"] == Decimal("3000")
    assert row["payout_rate"].quantize(Decimal("0.1")) == Decimal("33.3")
    [empty] = selectors.budget_summary(payers=[tree["township2"]], year=year)
    assert (empty["allocated"], empty["payout_rate"]) == (None, None)


def test_the_hourly_sweep_calculates_what_the_hook_missed(tree, people):
    report = verified(tree, people, enforcement=penalty("40000"))  # no on-commit here
    assert not Reward.objects.filter(report=report).exists()
    assert services.reward_sweep() == 1
    assert services.reward_sweep() == 0
    assert Reward.objects.get(report=report).amount == Decimal("6000")


def test_receipt_openings_are_recorded_and_limited_to_the_paying_finance(tree, people):
    reward = claimed(tree, people)
    pay(reward, people)
    with pytest.raises(ApplicationError):
        services.receipt_opened(reward=reward, actor=people["intake"])
    services.receipt_opened(reward=reward, actor=people["finance"])
    entry = TimelineEntry.objects.get(action="rewards.payment.receipt_opened")
    assert entry.actor == people["finance"]


def test_the_blind_index_is_what_the_register_compares(tree, people):
    # The register holds no phone number, only its keyed index.
    duty = SafetyDutyPerson(unit=tree["township"], relation="staff", label="安监站-2")
    duty.set_identity(id_number=VALID_ID)
    duty.save()
    assert duty.id_number_index == crypto.blind_index("id_number", VALID_ID)
    reward = calculated(
        tree,
        people,
        reporters=[ReporterInput(name="某人", id_number=VALID_ID, declaration="none")],
    )
    assert _refusal(reward)[0] == R.STAFF


def test_an_upheld_objection_holds_the_reward_until_the_new_conclusion(tree, people):
    reward = calculated(tree, people)
    report = reward.report
    reports.reply_mark_delivered(report=report, method="track")
    objection = reports.objection_submit(report=report, reason="整改没有完成")
    reports.objection_review(
        objection=objection, actor=people["intake"], upheld=True, note="重新核查"
    )
    with pytest.raises(ApplicationError, match="重新调查"):
        services.reward_submit(reward=reward, actor=people["intake"])


days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(days, min_size=1, max_size=4, unique=True), st.booleans(), days)
def test_the_version_in_force_is_the_latest_started_and_not_ended(starts, end_last, day):
    """Whatever versions exist, a decision on ``day`` uses the latest one that started on or
    before it and has not ended: when a time-limited version (a campaign's) ends, the one it
    interrupted applies again."""
    with transaction.atomic():
        Standard.objects.all().delete()
        versions = []
        for n, start in enumerate(sorted(starts)):
            ends = start + dt.timedelta(days=100) if end_last and n == len(starts) - 1 else None
            versions.append(
                Standard.objects.create(
                    name=f"第{n}版", document=f"文{n}", effective_from=start, effective_to=ends
                )
            )
        live = [
            v
            for v in versions
            if v.effective_from <= day and (v.effective_to is None or day < v.effective_to)
        ]
        expected = live[-1] if live else None
        assert Standard.objects.in_force(day) == expected
        transaction.set_rollback(True)
