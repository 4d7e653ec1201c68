"""Rewards through the pages: the public standard and the estimate on the form, the reporter's
claim on /track/, the leader's approval and finance's payment on /unit/rewards/, the office's
steps in the admin, and the two PDFs."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.calendar import local_date
from reports import receipts
from reports.models import Category, Report
from reports.services import ReporterInput
from rewards.models import Budget, Payment, Reward
from tests.pdf import assert_cjk_font_embedded, inspect_pdf
from tests.rewards.helpers import (
    OTHER_ID,
    VALID_ID,
    calculated,
    claimed,
    notified,
    pay,
    receipt_code,
)
from tests.units.factories import EnterpriseFactory, person
from units.models import Role

pytestmark = pytest.mark.django_db


def open_track(client, report: Report) -> None:
    """Open /track/ with a receipt code, as the reporter does."""
    code = receipts.generate()
    Report.objects.filter(pk=report.pk).update(receipt_hash=receipts.hash_code(code))
    client.post(reverse("reports:track"), {"code": code})


# --- Public pages -----------------------------------------------------------------------------
def test_the_standard_is_public_grouped_by_sector_and_searchable(client):
    html = client.get(reverse("rewards:standard")).content.decode()
    assert "渝安办〔2021〕49号" in html
    for sector in ("特种设备", "人员密集场所", "危险化学品"):
        assert sector in html
    assert "公众聚集场所未经消防安全检查擅自投入使用、营业" in html
    assert "3,000" in html and "按罚款的 15% 奖励" in html

    found = client.get(reverse("rewards:standard"), {"q": "消防"}).content.decode()
    assert "建筑物未经消防验收擅自投入使用" in found
    assert "倾倒、填埋废弃危险化学品" not in found
    none = client.get(reverse("rewards:standard"), {"q": "不存在的事项"}).content.decode()
    assert "没有匹配的事项" in none


def test_the_report_form_shows_the_estimate_of_each_category(client):
    html = client.get(reverse("reports:report-form")).content.decode()
    fire = Category.objects.get(code="fire_safety")
    concealed = Category.objects.get(code="concealed_accident")
    estimates = html.split("var estimates=", 1)[1].split(",est=", 1)[0]
    assert f'"{fire.pk}": "列明事项 2,000 至 3,000 元' in estimates
    assert "按罚款的 15% 奖励" in estimates
    assert f'"{concealed.pk}": "按事故等级每瞒报 1 人 30,000 至 60,000 元' in estimates


def test_unclaimed_anonymous_rewards_are_published_by_case_number_only(client, tree, people):
    anonymous = notified(tree, people, reporters=[ReporterInput(declaration="none")])
    named = notified(tree, people, enterprise=EnterpriseFactory(village=tree["village"]))
    html = client.get(reverse("rewards:unclaimed")).content.decode()
    assert anonymous.report.number in html
    assert named.report.number not in html
    assert "张三丰" not in html


# --- The reporter on /track/ ------------------------------------------------------------------
def test_the_reporter_sees_the_reward_only_once_approved_and_claims_it(client, tree, people):
    reward = calculated(tree, people)
    open_track(client, reward.report)
    assert 'id="reward"' not in client.get(reverse("reports:track-case")).content.decode()

    from rewards import services

    services.reward_submit(reward=reward, actor=people["intake"])
    services.reward_approve(reward=reward, actor=people["leader"])
    html = client.get(reverse("reports:track-case")).content.decode()
    assert 'id="reward"' in html and "6,000" in html
    assert "按罚款40000元的15%计算为6000元" in html
    assert "政策依据：《安全生产领域举报奖励办法》（安监总财〔2018〕19号）第十二条" in html
    assert "奖励已批准" in html  # the public timeline names the step
    assert html.count('name="method"') == 3 and "微信或支付宝" in html

    response = client.post(reverse("rewards:claim"), {})  # no method chosen
    assert "请选择领取方式" in client.get(response.url).content.decode()
    client.post(reverse("rewards:claim"), {"method": "mobile"})
    reward.refresh_from_db()
    assert (reward.status, reward.claim_method) == ("claimed", "mobile")
    html = client.get(reverse("reports:track-case")).content.decode()
    assert "已申领" in html

    notice = client.get(reverse("rewards:notice"))
    assert notice["Content-Type"] == "application/pdf"


def test_another_browser_cannot_claim(client, tree, people):
    reward = notified(tree, people)
    response = client.post(reverse("rewards:claim"), {"method": "bank"})
    assert response.url == reverse("reports:track")
    reward.refresh_from_db()
    assert reward.status == "notified"
    assert client.get(reverse("rewards:notice")).status_code == 404


def test_declining_needs_the_tick(client, tree, people):
    reward = notified(tree, people)
    open_track(client, reward.report)
    client.post(reverse("rewards:decline"), {})
    reward.refresh_from_db()
    assert reward.status == "notified"
    client.post(reverse("rewards:decline"), {"confirm": "yes"})
    reward.refresh_from_db()
    assert reward.status == "declined"


# --- The leader and finance on /unit/rewards/ -------------------------------------------------
def test_the_leader_approves_on_the_unit_page(client, tree, people):
    reward = calculated(tree, people)
    from rewards import services

    services.reward_submit(reward=reward, actor=people["intake"])
    client.force_login(people["leader"])
    home = client.get(reverse("reports:unit-home")).content.decode()
    assert "1 笔奖励待审批" in home
    page = client.get(reverse("rewards:unit-rewards")).content.decode()
    assert reward.report.number in page and "6,000" in page
    url = reverse("rewards:unit-action", args=[reward.pk, "approve"])
    prefix = f"r{reward.pk}-"
    refused = client.post(url, {prefix + "approve": "no", prefix + "note": ""})
    assert refused.status_code == 400
    assert "请说明不予批准的原因" in refused.content.decode()
    client.post(url, {prefix + "approve": "yes", prefix + "note": ""})
    reward.refresh_from_db()
    assert reward.status == "notified" and reward.approved_by == people["leader"]


def test_finance_checks_the_person_at_the_counter_then_records_the_payment(client, tree, people):
    Budget.objects.create(payer=tree["township"], year=local_date().year, allocated=100000)
    reward = claimed(
        tree,
        people,
        reporters=[ReporterInput(declaration="none")],  # anonymous: identifies at the counter
    )
    code = receipt_code(reward.report)
    client.force_login(people["finance"])
    page = client.get(reverse("rewards:unit-rewards")).content.decode()
    assert 'id="budget"' in page and "100,000" in page
    assert f'id="do-counter-{reward.pk}"' in page and "柜台核验" in page
    url = reverse("rewards:counter", args=[reward.pk])
    counter = client.get(url)
    assert "no-store" in counter["Cache-Control"]
    html = counter.content.decode()
    assert "人民币陆仟元整" in html
    assert "领取人须出示回执码" in html and 'name="check-receipt_code"' in html
    assert 'name="pay-voucher_number"' not in html  # no payment before the check

    typed = {
        "step": "check",
        "check-name": "王五",
        "check-id_number": "110105194912310021",  # wrong check digit
        "check-phone": "13900001111",
        "check-receipt_code": code,
    }
    response = client.post(url, typed)
    html = response.content.decode()
    assert response.status_code == 400
    assert "王五" in html and "13900001111" in html  # what was typed is kept...
    assert code not in html  # ...but never the receipt code
    wrong = client.post(url, {**typed, "check-id_number": VALID_ID, "check-receipt_code": "1" * 20})
    assert wrong.status_code == 400 and "回执码不正确" in wrong.content.decode()
    client.post(url, {**typed, "check-id_number": VALID_ID})
    reward.refresh_from_db()
    assert reward.recipient_verified_at is not None
    html = client.get(url).content.decode()
    assert "领取人已核验" in html and "凭回执码核验" in html
    assert 'name="pay-voucher_number"' in html

    paying = {
        "step": "pay",
        "pay-method": "bank",
        "pay-voucher_number": "记-2026-0042",
        "pay-paid_on": local_date().isoformat(),
        "pay-recipient_id_number": OTHER_ID,  # not the ID checked
        "pay-account_reference": "6222000011112222",
    }
    response = client.post(url, paying)
    assert response.status_code == 400
    html = response.content.decode()
    assert "与柜台核验时登记的身份证号码不一致" in html and "记-2026-0042" in html
    assert not Payment.objects.exists()
    client.post(url, {**paying, "pay-recipient_id_number": VALID_ID})
    reward.refresh_from_db()
    assert reward.status == "paid"
    assert reward.payment.recipient_name == "王五"
    page = client.get(reverse("rewards:unit-rewards")).content.decode()
    assert "记-2026-0042" in page and "100%" in page

    receipt = client.get(reverse("rewards:receipt", args=[reward.pk]))
    assert receipt["Content-Type"] == "application/pdf"
    client.force_login(people["leader"])
    assert client.get(reverse("rewards:receipt", args=[reward.pk])).status_code == 404
    assert client.get(url).status_code == 404


def test_other_people_cannot_check_or_pay(client, tree, people):
    reward = claimed(tree, people)
    url = reverse("rewards:counter", args=[reward.pk])
    for who in ("officer", "leader", "intake"):
        client.force_login(people[who])
        assert client.get(url).status_code == 404
        assert client.post(url, {"step": "check"}).status_code == 404
    client.force_login(person("finance2", tree["township2"], Role.FINANCE))
    assert client.get(url).status_code == 404
    assert not Payment.objects.exists()


# --- The office in the admin ------------------------------------------------------------------
def test_the_office_chooses_the_listed_matter_submits_and_refuses_in_the_admin(
    client, tree, people
):
    from rewards import services
    from tests.rewards.helpers import verified

    reward = services.reward_calculate(report=verified(tree, people))
    client.force_login(people["intake"])
    change = reverse("admin:rewards_reward_change", args=[reward.pk])
    html = client.get(change).content.decode()
    assert 'id="tool-items"' in html and 'id="tool-submit"' not in html  # no amount yet
    items_url = reverse("admin:rewards_reward_items", args=[reward.pk])
    form = client.get(items_url).content.decode()
    assert (
        "本类别对应事项" in form and "设置固定停车位占用消防车通道" not in form.split("本类别")[0]
    )
    item = reward.report.category.standard_items.get(code="12-3")
    client.post(items_url, {"items": [item.pk]})
    reward.refresh_from_db()
    assert reward.amount == Decimal("3000")
    assert 'id="tool-submit"' in client.get(change).content.decode()
    client.post(reverse("admin:rewards_reward_submit", args=[reward.pk]))
    reward.refresh_from_db()
    assert reward.status == "submitted" and reward.submitted_by == people["intake"]

    other = calculated(tree, people, enterprise=EnterpriseFactory(village=tree["village"]))
    refuse = reverse("admin:rewards_reward_refuse", args=[other.pk])
    assert client.post(refuse, {"reason": "", "note": "x"}).status_code == 200  # form again
    client.post(refuse, {"reason": "already_known", "note": "企业自查已发现"})
    other.refresh_from_db()
    assert (other.status, other.reason) == ("refused", "already_known")

    client.force_login(people["intake2"])  # another township's office
    assert client.get(change).status_code in (302, 404)


# --- The documents ----------------------------------------------------------------------------
def test_the_notice_hides_the_reporter_and_the_receipt_names_the_recipient(tree, people, tmp_path):
    from rewards.documents import notice_pdf, receipt_pdf

    reward = claimed(tree, people)
    fonts, text = inspect_pdf(notice_pdf(reward), "reward-notice", tmp_path)
    assert_cjk_font_embedded(fonts)
    assert "安全生产举报奖励通知书" in text
    assert reward.report.number in text
    assert "人民币6,000元" in text and "人民币陆仟元整" in text
    # The amount comes from the fine: the national formula's article is cited.
    assert "依据《安全生产领域举报奖励办法》（安监总财〔2018〕19号）第十二条" in text
    assert "张三丰" not in text and "13812345678" not in text

    pay(reward, people)
    reward = Reward.objects.select_related("payment").get(pk=reward.pk)
    fonts, text = inspect_pdf(receipt_pdf(reward), "reward-receipt", tmp_path)
    assert_cjk_font_embedded(fonts)
    assert "安全生产举报奖励领取凭证" in text
    assert "张三丰" in text and VALID_ID in text and "记-2026-0001" in text
    assert "经办人finance" in text


@pytest.mark.parametrize("each", [1, 4])
def test_the_rewards_page_costs_the_same_queries_however_many_rewards(
    client, tree, people, django_assert_num_queries, each
):
    """A finance officer who is also the leader sees every list at once."""
    from units.services import membership_grant

    membership_grant(user=people["finance"], unit=tree["township"], role="leader")
    Budget.objects.create(payer=tree["township"], year=local_date().year, allocated=50000)
    for n in range(each):
        enterprise = EnterpriseFactory(village=tree["village"])
        submitted = calculated(tree, people, enterprise=enterprise, category=_category(n, 0))
        from rewards import services

        services.reward_submit(reward=submitted, actor=people["intake"])
        claimed(tree, people, enterprise=enterprise, category=_category(n, 1))
        notified(tree, people, enterprise=enterprise, category=_category(n, 2))
        pay(
            claimed(tree, people, enterprise=enterprise, category=_category(n, 3)),
            people,
            voucher_number=f"记-{n}",
        )
    client.force_login(people["finance"])
    # session, user, memberships, savepoint and release, the four lists, the budget and its
    # three sums, the unread-messages badge.
    with django_assert_num_queries(14):
        html = client.get(reverse("rewards:unit-rewards")).content.decode()
    assert html.count('id="do-approve-') == each
    assert html.count('id="do-counter-') == each
    assert html.count("领取凭证（PDF）") == each


def _category(n: int, k: int) -> Category:
    """Distinct matters, so none is refused as a repeat of another."""
    codes = ["fire_safety", "gas", "construction", "hazardous_chemicals"]
    return Category.objects.get(code=codes[k])


@pytest.mark.parametrize("minimum", [False, True])
def test_the_office_marks_a_major_hazard_beside_the_listed_matters(
    client, tree, people, settings, minimum
):
    from rewards import services
    from tests.rewards.helpers import verified

    settings.REWARD_MAJOR_HAZARD_MINIMUM = minimum
    reward = services.reward_calculate(
        report=verified(tree, people, category=Category.objects.get(code="major_hazard"))
    )
    client.force_login(people["intake"])
    url = reverse("admin:rewards_reward_items", args=[reward.pk])
    form = client.get(url).content.decode()
    assert 'name="major_hazard"' in form and "经查实属于重大事故隐患" in form
    assert ("给予最低奖励（已开启" in form) is minimum
    client.post(url, {"major_hazard": "on"})
    reward.refresh_from_db()
    assert reward.major_hazard is True
    assert reward.amount == (Decimal("3000") if minimum else None)
    change = client.get(reverse("admin:rewards_reward_change", args=[reward.pk])).content.decode()
    assert "经查实属于重大事故隐患" in change


def test_a_mistake_at_the_counter_is_listed_at_the_top_and_beside_its_field(client, tree, people):
    reward = claimed(tree, people, reporters=[ReporterInput(declaration="none")])
    client.force_login(people["finance"])
    url = reverse("rewards:counter", args=[reward.pk])
    typed = {"step": "check", "check-name": "王五", "check-phone": "13900001111"}
    response = client.post(url, typed)
    html = response.content.decode()
    assert response.status_code == 400
    summary = html[
        html.index('id="check-errors"') : html.index("</div>", html.index('id="check-errors"'))
    ]
    assert "请填写“领取人身份证号”。" in summary and 'href="#id_check-id_number"' in summary
    assert html.count("请填写“领取人身份证号”。") == 2
    assert "王五" in html and "13900001111" in html
    for words in ("这个字段是必填项", "This field is required"):
        assert words not in html
