"""Money in the words official paperwork uses.

``yuan_in_capitals`` writes an amount in Chinese capital numerals (大写金额) by the People's Bank
of China's rules for bills and vouchers (《支付结算办法》 附件一 《正确填写票据和结算凭证的基本
规定》): "人民币" first; 壹拾, never a bare 拾; one 零 for a run of zeros between non-zero
digits; 零 after 元 when 角 is zero and 分 is not; "整" after 元 or 角 when nothing follows.
Where the rules allow a 零 or none (a zero in the 元 place before a non-zero 角), none is
written: 叁仟元伍角整.
"""

from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_WITHIN_GROUP = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿")
LIMIT = Decimal("1000000000000")  # 壹万亿: far above any reward; beyond it 万亿 would be needed


def _integer(yuan: int) -> str:
    """The whole yuan, without 元 (empty for zero)."""
    digits = str(yuan) if yuan else ""
    words: list[str] = []
    zeros_pending = False
    for i, char in enumerate(digits):
        position = len(digits) - 1 - i  # 0 is the 元 place
        digit = int(char)
        if digit:
            if zeros_pending and words:
                words.append("零")
            zeros_pending = False
            words.append(DIGITS[digit] + _WITHIN_GROUP[position % 4])
        else:
            zeros_pending = True
        if position and position % 4 == 0 and int(digits[max(0, i - 3) : i + 1]):
            words.append(_GROUPS[position // 4])  # 万 or 亿 closes a group that is not all zero
    return "".join(words)


def yuan_in_capitals(amount: Decimal) -> str:
    """``Decimal("3000")`` → "人民币叁仟元整"; rounded half up to the fen."""
    amount = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if amount < 0:
        raise ValueError("An amount in capitals cannot be negative.")
    if amount >= LIMIT:
        raise ValueError("Amounts of 壹万亿 yuan or more are not written here.")
    fen_total = int(amount * 100)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    if not fen_total:
        return "人民币零元整"
    words = _integer(yuan) + ("元" if yuan else "")
    if jiao:
        words += DIGITS[jiao] + "角"
    elif fen and yuan:
        words += "零"  # 角位是“0”而分位不是“0”时，“元”后面应写“零”字
    words += DIGITS[fen] + "分" if fen else "整"
    return "人民币" + words
