"""The arithmetic of rewards, checked over many generated inputs (Hypothesis)."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rewards.calculation import Inputs, Item, Rates, calculate, split

RATES = Rates()
fines = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000000"), places=2)
amounts = st.integers(min_value=100, max_value=20000).map(Decimal)
items = st.lists(st.builds(Item, st.just("1"), st.just("事项"), amounts), max_size=4).map(tuple)
grades = st.sampled_from(["ordinary", "larger", "major", "grave"])


@given(fines)
def test_the_fine_rule_is_15_percent_between_floor_and_cap_rounded_half_up(fine):
    outcome = calculate(Inputs(fine=fine), RATES)
    expected = (fine * Decimal("0.15")).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    expected = min(max(expected, Decimal("3000")), Decimal("300000"))
    assert outcome.amount == expected
    assert Decimal("3000") <= outcome.amount <= Decimal("300000")
    assert outcome.rule == "fine"
    assert outcome.amount == outcome.amount.quantize(Decimal("1"))


@pytest.mark.parametrize(
    ("fine", "amount", "words"),
    [
        ("40000", "6000", "按罚款40000元的15%计算为6000元，按6000元给予奖励"),
        # The official wording of the minimum (domain-rules §8), word for word.
        (
            "10000",
            "3000",
            "按罚款10000元的15%计算为1500元，低于最低奖励标准3000元，按3000元给予奖励",
        ),
        ("30003", "4500", "计算为4500元，按4500元给予奖励"),  # 4,500.45 rounds down
        ("30010", "4502", "计算为4502元，按4502元给予奖励"),  # 4,501.50 rounds half up
        ("5000000", "300000", "计算为750000元，高于最高奖励标准300000元，按300000元给予奖励"),
    ],
)
def test_known_amounts_and_their_words(fine, amount, words):
    outcome = calculate(Inputs(fine=Decimal(fine)), RATES)
    assert outcome.amount == Decimal(amount)
    assert words in outcome.words
    assert "→" not in outcome.words and "×" not in outcome.words
    assert outcome.basis == "《安全生产领域举报奖励办法》（安监总财〔2018〕19号）第十二条"


@given(st.integers(min_value=1, max_value=30), grades)
def test_concealed_deaths_are_paid_per_death_and_capped(deaths, grade):
    outcome = calculate(Inputs(deaths=deaths, grade=grade), RATES)
    assert outcome.amount == min(RATES.per_death[grade] * deaths, Decimal("300000"))
    assert outcome.amount > 0


@given(items, st.one_of(st.none(), fines), st.one_of(st.none(), st.integers(0, 10)), grades)
def test_the_highest_rule_wins_and_nothing_is_ever_negative(items, fine, deaths, grade):
    outcome = calculate(Inputs(items=items, fine=fine, deaths=deaths, grade=grade), RATES)
    if not outcome.candidates:
        assert outcome.amount is None
        return
    assert outcome.amount == max(c.amount for c in outcome.candidates)
    assert all(c.amount > 0 for c in outcome.candidates)
    if items:
        assert any(
            c.rule == "item" and c.amount == max(i.amount for i in items)
            for c in outcome.candidates
        )


def test_the_winner_is_a_setting():
    inputs = Inputs(
        items=(Item("12-3", "未经消防检查营业", Decimal("3000")),), fine=Decimal("100000")
    )
    assert calculate(inputs, RATES, "highest").amount == Decimal("15000")
    assert calculate(inputs, RATES, "item").amount == Decimal("3000")
    assert calculate(inputs, RATES, "formula").amount == Decimal("15000")
    with pytest.raises(ValueError, match="REWARD_RULE_WINNER"):
        calculate(inputs, RATES, "lowest")


@given(
    st.integers(min_value=1, max_value=300000).map(Decimal), st.integers(min_value=1, max_value=7)
)
def test_joint_shares_are_even_whole_yuan_and_add_up(amount, people):
    shares = split(amount, people)
    assert len(shares) == people and sum(shares) == amount
    assert all(s == s.quantize(Decimal("1")) for s in shares)
    assert max(shares) - min(shares) < people  # the first signatory takes the remainder
