"""Amounts in Chinese capital numerals (大写金额), as a payment receipt (领取凭证) writes them.

The examples are the People's Bank of China's own, from 《支付结算办法》 附件一 《正确填写票据和
结算凭证的基本规定》 第四条: where it allows two forms, the helper writes one of them, and the
test names both. The rule's 第二条 lets "整" follow 角 or not; the helper writes it (as invoices
must: 大写金额数字到元或者角为止的，应当写“整”字), so an example published without it is
compared with "整" added.
"""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.money import yuan_in_capitals

DIGITS = "零壹贰叁肆伍陆柒捌玖"


@pytest.mark.parametrize(
    ("amount", "published"),
    [
        # 阿拉伯数字中间有“0”时，中文大写要写“零”字 (published without 整 after 角)
        ("1409.50", ["人民币壹仟肆佰零玖元伍角"]),
        # 中间连续有几个“0”时，中文大写金额中间可以只写一个“零”字
        ("6007.14", ["人民币陆仟零柒元壹角肆分"]),
        # 万位、元位是“0”……可以只写一个零字，也可以不写“零”字
        ("1680.32", ["人民币壹仟陆佰捌拾元零叁角贰分", "人民币壹仟陆佰捌拾元叁角贰分"]),
        ("107000.53", ["人民币壹拾万柒仟元零伍角叁分", "人民币壹拾万零柒仟元伍角叁分"]),
        # 角位是“0”而分位不是“0”时，“元”后面应写“零”字
        ("16409.02", ["人民币壹万陆仟肆佰零玖元零贰分"]),
        ("325.04", ["人民币叁佰贰拾伍元零肆分"]),
    ],
)
def test_the_published_examples(amount, published):
    written = yuan_in_capitals(Decimal(amount))
    with_zheng = [p + "整" if p.endswith("角") else p for p in published]
    assert written in with_zheng


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("3000", "人民币叁仟元整"),  # the minimum reward, as a receipt shows it
        ("3000.50", "人民币叁仟元伍角整"),
        ("10005", "人民币壹万零伍元整"),
        ("1500", "人民币壹仟伍佰元整"),
        ("6002", "人民币陆仟零贰元整"),
        ("10", "人民币壹拾元整"),  # 壹拾, never a bare 拾, on money
        ("15", "人民币壹拾伍元整"),
        ("100000", "人民币壹拾万元整"),
        ("100500", "人民币壹拾万零伍佰元整"),
        ("300000", "人民币叁拾万元整"),
        ("1010000", "人民币壹佰零壹万元整"),
        ("1000000", "人民币壹佰万元整"),
        ("100000005", "人民币壹亿零伍元整"),
        ("120034000", "人民币壹亿贰仟零叁万肆仟元整"),
        ("0.05", "人民币伍分"),
        ("0.50", "人民币伍角整"),
        ("0", "人民币零元整"),
        ("2006.9", "人民币贰仟零陆元玖角整"),
    ],
)
def test_zero_rules_and_the_money_of_rewards(amount, expected):
    assert yuan_in_capitals(Decimal(amount)) == expected


def test_amounts_are_rounded_half_up_to_the_fen_and_never_negative():
    assert yuan_in_capitals(Decimal("3000.005")) == "人民币叁仟元零壹分"
    with pytest.raises(ValueError, match="negative"):
        yuan_in_capitals(Decimal("-1"))


def _read_back(words: str) -> Decimal:
    """Parse the capitals back to a number (an independent reader for the property below)."""
    body = words.removeprefix("人民币").removesuffix("整")
    units = {"拾": 10, "佰": 100, "仟": 1000}
    total, section, number = Decimal(0), 0, 0
    head, _sep, tail = body.partition("元") if "元" in body else ("", "", body)
    for char in head:
        if char in DIGITS:
            number = DIGITS.index(char)
        elif char in units:
            section += number * units[char]
            number = 0
        elif char == "万":
            total += (section + number) * 10_000
            section = number = 0
        elif char == "亿":
            total = (total + section + number) * 100_000_000
            section = number = 0
    total += section + number
    for char, next_char in zip(tail, [*tail[1:], ""], strict=False):
        if char in DIGITS and char != "零":
            total += Decimal(DIGITS.index(char)) * (
                Decimal("0.1") if next_char == "角" else Decimal("0.01")
            )
    return total


@given(st.decimals(min_value=0, max_value=Decimal("99999999999.99"), places=2))
def test_every_amount_reads_back_to_itself(amount):
    words = yuan_in_capitals(amount)
    assert words.startswith("人民币")
    assert "零零" not in words
    assert not words.removeprefix("人民币").startswith("零") or amount == 0
    assert _read_back(words) == amount
