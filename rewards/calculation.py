"""The arithmetic of a reward, without the database (DESIGN §4).

Three rules can apply to a verified lead:
- a listed item of the published standard: its fixed amount (明码实价);
- the national formula on a fine: the fine × the rate (15%), at least the minimum (3,000) and at
  most the maximum (300,000);
- a concealed accident: the amount per verified concealed death for the accident's grade
  (30,000 / 40,000 / 50,000 / 60,000), at most the cap (300,000).

When several apply, ``REWARD_RULE_WINNER`` decides: the highest amount (default), the listed
item first, or the formulas first. Amounts are ``Decimal`` yuan rounded ``ROUND_HALF_UP``; every
outcome carries its arithmetic in words.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

ONE_YUAN = Decimal("1")


def yuan(value: Decimal) -> Decimal:
    return value.quantize(ONE_YUAN, rounding=ROUND_HALF_UP)


def percent(rate: Decimal) -> str:
    """0.15 → "15"."""
    return format((rate * 100).normalize(), "f")


def money(value: Decimal) -> str:
    """12,345 (yuan, thousands separated, no decimals)."""
    return f"{yuan(value):,.0f}"


@dataclass(frozen=True)
class Item:
    code: str
    text: str
    amount: Decimal
    department: str = ""


@dataclass(frozen=True)
class Rates:
    fine_rate: Decimal = Decimal("0.15")
    fine_minimum: Decimal = Decimal("3000")
    fine_maximum: Decimal = Decimal("300000")
    per_death: dict[str, Decimal] = field(
        default_factory=lambda: {
            "ordinary": Decimal("30000"),
            "larger": Decimal("40000"),
            "major": Decimal("50000"),
            "grave": Decimal("60000"),
        }
    )
    concealed_maximum: Decimal = Decimal("300000")


@dataclass(frozen=True)
class Inputs:
    items: tuple[Item, ...] = ()
    fine: Decimal | None = None
    deaths: int | None = None
    grade: str = ""


@dataclass(frozen=True)
class Candidate:
    rule: str  # "item", "fine" or "concealed"
    amount: Decimal
    words: str


@dataclass(frozen=True)
class Outcome:
    amount: Decimal | None
    rule: str
    words: str
    candidates: tuple[Candidate, ...]


def item_candidate(items: tuple[Item, ...]) -> Candidate | None:
    if not items:
        return None
    best = max(items, key=lambda i: i.amount)
    return Candidate(
        "item",
        yuan(best.amount),
        _("Listed item %(code)s “%(text)s”: %(amount)s yuan")
        % {"code": best.code, "text": best.text, "amount": money(best.amount)},
    )


def fine_candidate(fine: Decimal | None, rates: Rates) -> Candidate | None:
    if fine is None or fine <= 0:
        return None
    raw = yuan(fine * rates.fine_rate)
    amount = min(max(raw, yuan(rates.fine_minimum)), yuan(rates.fine_maximum))
    words = _(
        "%(rate)s%% × fine %(fine)s = %(raw)s; at least %(minimum)s, at most %(maximum)s "
        "→ %(amount)s yuan"
    ) % {
        "rate": percent(rates.fine_rate),
        "fine": money(fine),
        "raw": money(raw),
        "minimum": money(rates.fine_minimum),
        "maximum": money(rates.fine_maximum),
        "amount": money(amount),
    }
    return Candidate("fine", amount, words)


def concealed_candidate(deaths: int | None, grade: str, rates: Rates) -> Candidate | None:
    if not deaths or deaths <= 0 or grade not in rates.per_death:
        return None
    per = rates.per_death[grade]
    raw = yuan(per * deaths)
    amount = min(raw, yuan(rates.concealed_maximum))
    words = _(
        "%(per)s per concealed death × %(deaths)s = %(raw)s; at most %(maximum)s → %(amount)s yuan"
    ) % {
        "per": money(per),
        "deaths": deaths,
        "raw": money(raw),
        "maximum": money(rates.concealed_maximum),
        "amount": money(amount),
    }
    return Candidate("concealed", amount, words)


WINNERS = ("highest", "item", "formula")


def calculate(inputs: Inputs, rates: Rates, winner: str = "highest") -> Outcome:
    """The reward for these inputs. ``amount`` is None when no rule applies."""
    if winner not in WINNERS:
        raise ValueError(f"REWARD_RULE_WINNER must be one of {WINNERS}")
    candidates = tuple(
        c
        for c in (
            item_candidate(inputs.items),
            fine_candidate(inputs.fine, rates),
            concealed_candidate(inputs.deaths, inputs.grade, rates),
        )
        if c is not None
    )
    if not candidates:
        return Outcome(None, "", _("No listed item, fine or concealed death to reward."), ())
    if winner == "item" and any(c.rule == "item" for c in candidates):
        chosen = next(c for c in candidates if c.rule == "item")
    elif winner == "formula" and any(c.rule != "item" for c in candidates):
        chosen = max((c for c in candidates if c.rule != "item"), key=lambda c: c.amount)
    else:
        chosen = max(candidates, key=lambda c: c.amount)
    return Outcome(chosen.amount, chosen.rule, chosen.words, candidates)


def split(amount: Decimal, people: int) -> list[Decimal]:
    """Even shares in whole yuan for joint reporters; the first signatory's share takes what
    rounding leaves, so the shares always add up to the amount."""
    if people <= 1:
        return [amount]
    share = (amount / people).quantize(ONE_YUAN, rounding="ROUND_DOWN")
    return [amount - share * (people - 1), *[share] * (people - 1)]
