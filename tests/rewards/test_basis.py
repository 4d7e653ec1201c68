"""Each decision names the rule that produced its amount and its legal basis, says the
arithmetic in official words, and keeps the settings it used; the notice and the receipt cite
the basis, and the receipt writes the amount in capitals. Two settings: whether a verified
重大事故隐患 without a fine earns the minimum, and whether several listed items add up."""

from decimal import Decimal

import pytest

from core.errors import ApplicationError
from reports import services as reports
from reports.models import Category
from rewards import services
from rewards.calculation import Inputs, Item, Rates, calculate
from rewards.documents import notice_pdf, receipt_pdf
from rewards.models import Reward, Standard
from tests.pdf import assert_cjk_font_embedded, inspect_pdf
from tests.rewards.helpers import calculated, claimed, pay, verified

pytestmark = pytest.mark.django_db
NATIONAL = "《安全生产领域举报奖励办法》（安监总财〔2018〕19号）"
ARTICLE_12 = NATIONAL + "第十二条"
LISTED = "《重庆市安全生产重点举报事项奖励标准》（渝安办〔2021〕49号）"


def test_the_fine_rule_cites_article_12_and_says_its_arithmetic_in_official_words(tree, people):
    reward = calculated(tree, people, fine="10000")
    assert reward.amount == Decimal("3000")
    assert reward.calculation["words"] == (
        "按罚款10000元的15%计算为1500元，低于最低奖励标准3000元，按3000元给予奖励"
    )
    assert reward.calculation["basis"] == ARTICLE_12
    assert "→" not in str(reward.calculation) and "×" not in str(reward.calculation)

    usual = calculated(tree, people, fine="40000")
    assert usual.calculation["words"] == "按罚款40000元的15%计算为6000元，按6000元给予奖励"


def test_a_listed_item_cites_the_list_and_the_item(tree, people):
    reward = services.reward_calculate(report=verified(tree, people))
    item = Standard.objects.get().items.get(code="12-6")
    services.reward_choose_items(reward=reward, actor=people["intake"], items=[item])
    reward.refresh_from_db()
    assert reward.calculation["basis"] == LISTED + "人员密集场所第12-6项"
    assert reward.calculation["words"] == (
        "按奖励标准列明事项第12-6项“占用消防车通道固定停车”给予奖励2000元"
    )


def test_a_concealed_accident_cites_the_measures_by_name_and_number(tree, people):
    report = verified(tree, people, category=Category.objects.get(code="concealed_accident"))
    reports.enforcement_update(
        report=report,
        actor=people["officer"],
        values={"concealed_deaths": 2, "accident_grade": "larger"},
    )
    reward = services.reward_calculate(report=report)
    # The sources at hand give no article number for the per-death rule: none is invented.
    assert reward.calculation["basis"] == NATIONAL
    assert reward.calculation["words"] == (
        "较大事故每查实瞒报谎报1名死亡人员奖励40000元，查实2人，计80000元，按80000元给予奖励"
    )


def test_the_notice_and_the_receipt_cite_the_basis_and_the_receipt_writes_capitals(
    tree, people, tmp_path
):
    reward = claimed(tree, people, fine="10000")
    fonts, text = inspect_pdf(notice_pdf(reward), "reward-notice-basis", tmp_path)
    assert_cjk_font_embedded(fonts)
    assert "依据" + ARTICLE_12 in text
    assert "按罚款10000元的15%计算为1500元，低于最低奖励标准3000元，按3000元给予奖励" in text
    assert "人民币叁仟元整" in text

    pay(reward, people)
    reward = Reward.objects.select_related("payment").get(pk=reward.pk)
    fonts, text = inspect_pdf(receipt_pdf(reward), "reward-receipt-basis", tmp_path)
    assert_cjk_font_embedded(fonts)
    assert "人民币叁仟元整" in text and "¥3,000.00" in text
    assert ARTICLE_12 in text
    assert "凭回执码核验" in text  # how the recipient proved the right to be paid


def test_an_old_decision_without_a_citation_still_reads(tree, people, tmp_path):
    reward = claimed(tree, people)
    old = {k: v for k, v in reward.calculation.items() if k not in ("basis", "settings")}
    old["words"] = "15% × 罚款 40,000 元 = 6,000 元；不低于 3,000 元、不高于 300,000 元 → 6,000 元"
    Reward.objects.filter(pk=reward.pk).update(calculation=old)
    reward.refresh_from_db()
    _fonts, text = inspect_pdf(notice_pdf(reward), "reward-notice-old", tmp_path)
    assert "渝安办〔2021〕49号" in text and "15%×罚款40,000元" in text
    assert "人民币陆仟元整" in text


# --- The settings ---------------------------------------------------------------------------
@pytest.mark.parametrize("minimum", [False, True])
def test_a_verified_major_hazard_without_a_fine_earns_the_minimum_only_when_set(
    tree, people, settings, minimum
):
    settings.REWARD_MAJOR_HAZARD_MINIMUM = minimum
    reward = services.reward_calculate(
        report=verified(tree, people, category=Category.objects.get(code="major_hazard"))
    )
    assert (reward.status, reward.amount) == (Reward.Status.CALCULATED, None)
    services.reward_choose_items(reward=reward, actor=people["intake"], items=[], major_hazard=True)
    reward.refresh_from_db()
    assert reward.major_hazard is True
    assert reward.calculation["settings"]["major_hazard_minimum"] is minimum
    if minimum:
        assert reward.amount == Decimal("3000")
        assert reward.calculation["rule"] == "major_hazard"
        assert reward.calculation["words"] == (
            "经查实属于重大事故隐患，未处罚款，按最低奖励标准3000元给予奖励"
        )
        assert reward.calculation["basis"] == ARTICLE_12
        services.reward_submit(reward=reward, actor=people["intake"])
    else:
        assert reward.amount is None
        with pytest.raises(ApplicationError, match="列明事项"):
            services.reward_submit(reward=reward, actor=people["intake"])


@pytest.mark.parametrize(("add_up", "amount"), [(False, "3000"), (True, "5000")])
def test_several_listed_items_add_up_only_when_set(tree, people, settings, add_up, amount):
    settings.REWARD_LISTED_ITEMS_ADD_UP = add_up
    reward = services.reward_calculate(report=verified(tree, people))
    items = list(Standard.objects.get().items.filter(code__in=["12-3", "12-6"]))
    services.reward_choose_items(reward=reward, actor=people["intake"], items=items)
    reward.refresh_from_db()
    assert reward.amount == Decimal(amount)
    assert reward.calculation["settings"]["listed_items_add_up"] is add_up
    assert reward.calculation["basis"] == LISTED + "人员密集场所第12-3项、第12-6项"
    if add_up:
        assert reward.calculation["words"] == (
            "按奖励标准列明事项第12-3项（3000元）、第12-6项（2000元）累加计5000元，按5000元给予奖励"
        )
    else:
        assert "按其中最高的第12-3项" in reward.calculation["words"]


def test_added_up_items_stay_under_the_standards_maximum():
    items = tuple(Item(f"H-{n}", "事项", Decimal("100000"), sector="危险化学品") for n in range(4))
    outcome = calculate(Inputs(items=items), Rates(), items_add_up=True)
    assert outcome.amount == Decimal("300000")
    assert "累加计400000元，高于最高奖励标准300000元，按300000元给予奖励" in outcome.words
