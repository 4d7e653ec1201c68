"""At the paying office's counter: the person who comes for the money is checked against the
register of people with safety duties and their close relatives (whatever the reporter
declared), proves the receipt code when the reporter left no ID number, and is paid only under
the ID recorded then. Every refusal says why, and is recorded."""

import datetime as dt

import pytest

from core.errors import ApplicationError
from core.models import TimelineEntry
from reports.services import ReporterInput
from rewards import services
from rewards.models import Payment, Reward
from tests.clock import at
from tests.rewards.helpers import OTHER_ID, VALID_ID, claimed, pay, receipt_code, verify
from units.models import SafetyDutyPerson

pytestmark = pytest.mark.django_db
S = Reward.Status
ANONYMOUS = [ReporterInput(declaration="none")]
RELATIVE_ID = "110101199003074477"  # OTHER_ID: a valid number, here a relative's


def on_register(tree, *, phone: str = "", id_number: str = "") -> SafetyDutyPerson:
    duty = SafetyDutyPerson(unit=tree["township"], relation="relative", label="安监站-亲属-1")
    duty.set_identity(phone=phone, id_number=id_number)
    duty.save()
    return duty


def entries(reward: Reward, action: str) -> list[TimelineEntry]:
    return list(TimelineEntry.objects.filter(object_id=reward.report_id, action=action))


@pytest.mark.parametrize("caught_by", ["id_number", "phone"])
def test_a_relative_of_staff_who_reported_anonymously_is_caught_at_the_counter(
    tree, people, caught_by
):
    reward = claimed(tree, people, reporters=ANONYMOUS)
    assert reward.status == S.CLAIMED  # nothing was known of an anonymous reporter
    if caught_by == "id_number":
        on_register(tree, id_number=RELATIVE_ID)
    else:
        on_register(tree, phone="13955556666")
    code = receipt_code(reward.report)
    with pytest.raises(ApplicationError, match="负有安全生产监管职责的人员或其近亲属"):
        verify(reward, people, code=code, id_number=RELATIVE_ID, phone="139 5555 6666")
    reward.refresh_from_db()
    assert (reward.status, reward.reason, reward.refused_by) == (S.REFUSED, "staff", None)
    [refusal] = entries(reward, "rewards.reward.refused")
    assert "领取时" in refusal.note
    assert RELATIVE_ID not in str(refusal.data) and "13955556666" not in refusal.note
    with pytest.raises(ApplicationError):
        services.reward_pay(
            reward=reward,
            actor=people["finance"],
            method="cash",
            voucher_number="记-1",
            paid_on=reward.claimed_at.date(),
            recipient_id_number=RELATIVE_ID,
        )
    assert not Payment.objects.exists()


def test_no_payment_is_recorded_before_the_counter_check(tree, people):
    reward = claimed(tree, people, reporters=ANONYMOUS)
    with pytest.raises(ApplicationError, match="先在柜台核验领取人"):
        services.reward_pay(
            reward=reward,
            actor=people["finance"],
            method="cash",
            voucher_number="记-1",
            paid_on=reward.claimed_at.date(),
            recipient_id_number=VALID_ID,
        )
    # An anonymous reporter must present the receipt code.
    with pytest.raises(ApplicationError, match="须出示回执码"):
        verify(reward, people, code="")
    assert not Payment.objects.exists()
    reward.refresh_from_db()
    assert reward.recipient_verified_at is None


@at(dt.date(2026, 12, 7), tick=True)
def test_a_wrong_code_gets_a_plain_refusal_is_recorded_and_tries_are_limited(
    tree, people, settings
):
    settings.REWARD_COUNTER_CODE_TRIES = 3
    reward = claimed(tree, people, reporters=ANONYMOUS)
    right = receipt_code(reward.report)
    wrong = right[:-2] + str((int(right[-2]) + 1) % 10) + right[-1]
    for _ in range(3):
        with pytest.raises(ApplicationError, match=r"^回执码不正确"):
            verify(reward, people, code=wrong)
    assert len(entries(reward, "rewards.reward.code_refused")) == 3
    assert all(
        right not in str(e.data) + e.note for e in entries(reward, "rewards.reward.code_refused")
    )
    # Three wrong tries today: even the right code waits for tomorrow.
    with pytest.raises(ApplicationError, match="次数过多"):
        verify(reward, people, code=right)
    with at(dt.date(2026, 12, 8)):
        verify(reward, people, code=right)
    reward.refresh_from_db()
    assert reward.recipient_verified_at is not None
    assert reward.recipient_proof == Reward.Proof.RECEIPT_CODE


def test_a_named_reporter_without_an_id_proves_the_code_and_is_paid_under_the_id_recorded(
    tree, people
):
    reward = claimed(tree, people)  # 张三丰 left a name and phone, no ID number
    verify(reward, people, id_number=VALID_ID)
    reward.refresh_from_db()
    assert reward.recipient_id_number == VALID_ID  # encrypted at rest, shown to finance only
    assert reward.recipient_name == "张三丰"
    with pytest.raises(ApplicationError, match="与柜台核验时登记的身份证号码不一致"):
        pay(reward, people, recipient_id_number=OTHER_ID)
    payment = pay(reward, people, recipient_id_number=VALID_ID)
    assert (payment.recipient_name, payment.recipient_id_number) == ("张三丰", VALID_ID)
    assert [e.action for e in TimelineEntry.objects.filter(object_id=reward.report_id)][-3:] == [
        "rewards.reward.recipient_verified",
        "rewards.reward.recipient_refused",  # the mismatch at payment, recorded
        "rewards.reward.paid",
    ]


def test_a_real_name_reporter_with_an_id_needs_no_code_but_must_match(tree, people):
    reward = claimed(
        tree,
        people,
        reporters=[
            ReporterInput(name="李四", phone="13700000000", id_number=VALID_ID, declaration="none")
        ],
    )
    with pytest.raises(ApplicationError, match="与举报人登记的身份证号码不一致"):
        verify(reward, people, name="王五", id_number=OTHER_ID, code="")
    [mismatch] = entries(reward, "rewards.reward.recipient_refused")
    assert OTHER_ID not in str(mismatch.data)
    verify(reward, people, name="李四", id_number=VALID_ID, phone="13700000000", code="")
    reward.refresh_from_db()
    assert reward.recipient_proof == Reward.Proof.REPORTER_ID
    assert pay(reward, people, recipient_id_number=VALID_ID).amount == reward.amount


def test_the_register_is_asked_again_when_the_money_is_paid(tree, people):
    reward = claimed(tree, people)
    verify(reward, people)
    on_register(tree, id_number=VALID_ID)  # entered between the check and the payment
    with pytest.raises(ApplicationError, match="近亲属"):
        pay(reward, people)
    reward.refresh_from_db()
    assert reward.status == S.REFUSED
    assert not Payment.objects.exists()


def test_the_counter_check_is_for_the_paying_finance_and_a_claimed_reward(tree, people):
    reward = claimed(tree, people)
    with pytest.raises(ApplicationError, match="只有发放单位的财务人员"):
        services.reward_verify_recipient(
            reward=reward,
            actor=people["intake"],
            name="张三丰",
            id_number=VALID_ID,
            phone="13812345678",
            receipt_code=receipt_code(reward.report),
        )
    with pytest.raises(ApplicationError, match="身份证号码"):
        verify(reward, people, id_number="110105194912310021")  # wrong check digit
    code = receipt_code(reward.report)
    verify(reward, people, code=code)
    verify(reward, people, code=code)  # twice: nothing new
    assert len(entries(reward, "rewards.reward.recipient_verified")) == 1


def test_no_money_while_an_objection_to_the_conclusion_is_under_review(tree, people):
    """An upheld objection would reopen the case: the counter waits for its decision."""
    from reports import services as reports

    reward = claimed(tree, people)
    reports.reply_mark_delivered(report=reward.report, method="track")
    objection = reports.objection_submit(report=reward.report, reason="处罚太轻，应当停产")
    with pytest.raises(ApplicationError, match="异议正在复查"):
        verify(reward, people)
    reports.objection_review(
        objection=objection, actor=people["intake"], upheld=False, note="处罚适当，异议不成立"
    )
    verify(reward, people)
    assert pay(reward, people).amount == reward.amount


def test_a_second_check_with_the_same_id_and_another_phone_asks_the_register_again(tree, people):
    """Checked once with a clean phone, the person comes back with the same ID number and a
    phone on the register: the check runs again, not "already verified"."""
    reward = claimed(tree, people, reporters=ANONYMOUS)
    verify(reward, people, code=receipt_code(reward.report), phone="13812345678")
    on_register(tree, phone="13955556666")
    with pytest.raises(ApplicationError, match="负有安全生产监管职责的人员或其近亲属"):
        verify(reward, people, code=receipt_code(reward.report), phone="13955556666")
    reward.refresh_from_db()
    assert (reward.status, reward.reason) == (S.REFUSED, "staff")
    with pytest.raises(ApplicationError):
        pay(reward, people)
    assert not Payment.objects.filter(reward=reward).exists()


def test_a_repeated_check_with_the_same_details_is_recorded_once(tree, people):
    reward = claimed(tree, people, reporters=ANONYMOUS)
    code = receipt_code(reward.report)
    verify(reward, people, code=code)
    verify(reward, people, code=code)
    assert len(entries(reward, "rewards.reward.recipient_verified")) == 1
