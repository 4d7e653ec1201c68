"""The arithmetic of a reward, without the database (DESIGN §4).

Four rules can apply to a verified lead:
- a listed item of the published standard: its fixed amount (明码实价). When the office names
  several, the highest counts, or their sum up to the standard's maximum where
  ``REWARD_LISTED_ITEMS_ADD_UP`` is on;
- the national formula on a fine: the fine × the rate (15%), at least the minimum (3,000) and at
  most the maximum (300,000);
- a verified major accident hazard (重大事故隐患) without a fine: the minimum (3,000), where
  ``REWARD_MAJOR_HAZARD_MINIMUM`` is on;
- a concealed accident: the amount per verified concealed death for the accident's grade
  (30,000 / 40,000 / 50,000 / 60,000), at most the cap (300,000).

When several apply, ``REWARD_RULE_WINNER`` decides: the highest amount (default), the listed
item first, or the formulas first. Amounts are ``Decimal`` yuan rounded ``ROUND_HALF_UP``. Every
outcome carries its arithmetic in the words of an official notice ("按罚款10000元的15%计算为
1500元，低于最低奖励标准3000元，按3000元给予奖励": no arrows, no ×) and the legal basis of the
rule that produced it.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

ONE_YUAN = Decimal("1")

# The national measures (domain-rules §1.2, §8): the 15% formula, with its minimum and maximum,
# rests on 第十二条. No source at hand gives the article of the amounts per concealed death, so
# that rule cites the measures by name and number only. A standard keeps its own copy of each
# citation (data, edited in the admin); these are the defaults.
NATIONAL_MEASURES = "《安全生产领域举报奖励办法》（安监总财〔2018〕19号）"
FINE_BASIS = NATIONAL_MEASURES + "第十二条"
CONCEALED_BASIS = NATIONAL_MEASURES


def yuan(value: Decimal) -> Decimal:
    return value.quantize(ONE_YUAN, rounding=ROUND_HALF_UP)


def percent(rate: Decimal) -> str:
    """0.15 → "15"."""
    return format((rate * 100).normalize(), "f")


def money(value: Decimal) -> str:
    """12,345 (yuan, thousands separated, no decimals): for pages."""
    return f"{yuan(value):,.0f}"


def plain(value: Decimal) -> str:
    """12345 (yuan, no separators): official documents write amounts so."""
    return f"{yuan(value):.0f}"


@dataclass(frozen=True)
class Item:
    code: str
    text: str
    amount: Decimal
    department: str = ""
    sector: str = ""


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
    # The legal basis of each rule, as the notice cites it (the standard's data).
    fine_basis: str = FINE_BASIS
    concealed_basis: str = CONCEALED_BASIS
    items_basis: str = "《重庆市安全生产重点举报事项奖励标准》（渝安办〔2021〕49号）"


@dataclass(frozen=True)
class Inputs:
    items: tuple[Item, ...] = ()
    fine: Decimal | None = None
    deaths: int | None = None
    grade: str = ""
    major_hazard: bool = False


@dataclass(frozen=True)
class Candidate:
    rule: str  # "item", "fine", "major_hazard" or "concealed"
    amount: Decimal
    words: str
    basis: str = ""


@dataclass(frozen=True)
class Outcome:
    amount: Decimal | None
    rule: str
    words: str
    candidates: tuple[Candidate, ...]
    basis: str = ""


def _items_cited(items: tuple[Item, ...]) -> str:
    """人员密集场所第12-3项、第12-6项: the sector named once for its items."""
    parts, sector = [], None
    for item in items:
        number = _("item %(code)s") % {"code": item.code}
        parts.append(number if item.sector == sector else f"{item.sector}{number}")
        sector = item.sector
    return "、".join(parts)


def _items_listed(items: tuple[Item, ...]) -> str:
    return "、".join(
        _("item %(code)s (%(amount)s yuan)") % {"code": i.code, "amount": plain(i.amount)}
        for i in items
    )


def item_candidate(items: tuple[Item, ...], rates: Rates, add_up: bool = False) -> Candidate | None:
    """The listed items the office chose: the highest counts, or all of them added up (at
    most the standard's maximum) where the setting says so."""
    if not items:
        return None
    basis = rates.items_basis + _items_cited(items)
    if add_up and len(items) > 1:
        raw = yuan(sum((i.amount for i in items), Decimal(0)))
        amount = min(raw, yuan(rates.fine_maximum))
        params = {
            "items": _items_listed(items),
            "raw": plain(raw),
            "maximum": plain(rates.fine_maximum),
            "amount": plain(amount),
        }
        if raw > amount:
            words = _(
                "Listed %(items)s added up to %(raw)s yuan, above the maximum reward of "
                "%(maximum)s yuan: rewarded %(amount)s yuan"
            )
        else:
            words = _("Listed %(items)s added up to %(raw)s yuan: rewarded %(amount)s yuan")
        return Candidate("item", amount, words % params, basis)
    best = max(items, key=lambda i: i.amount)
    params = {"code": best.code, "text": best.text, "amount": plain(best.amount)}
    if len(items) == 1:
        words = _("Rewarded %(amount)s yuan by listed item %(code)s “%(text)s” of the standard")
    else:
        params["items"] = _items_listed(items)
        words = _(
            "Listed %(items)s do not add up: rewarded %(amount)s yuan by the highest, item "
            "%(code)s “%(text)s”"
        )
    return Candidate("item", yuan(best.amount), words % params, basis)


def fine_candidate(fine: Decimal | None, rates: Rates) -> Candidate | None:
    if fine is None or fine <= 0:
        return None
    raw = yuan(fine * rates.fine_rate)
    amount = min(max(raw, yuan(rates.fine_minimum)), yuan(rates.fine_maximum))
    params = {
        "rate": percent(rates.fine_rate),
        "fine": plain(fine),
        "raw": plain(raw),
        "minimum": plain(rates.fine_minimum),
        "maximum": plain(rates.fine_maximum),
        "amount": plain(amount),
    }
    if raw < amount:
        words = _(
            "%(rate)s%% of the fine of %(fine)s yuan is %(raw)s yuan, below the minimum reward "
            "of %(minimum)s yuan: rewarded %(amount)s yuan"
        )
    elif raw > amount:
        words = _(
            "%(rate)s%% of the fine of %(fine)s yuan is %(raw)s yuan, above the maximum reward "
            "of %(maximum)s yuan: rewarded %(amount)s yuan"
        )
    else:
        words = _(
            "%(rate)s%% of the fine of %(fine)s yuan is %(raw)s yuan: rewarded %(amount)s yuan"
        )
    return Candidate("fine", amount, words % params, rates.fine_basis)


def major_hazard_candidate(inputs: Inputs, rates: Rates, enabled: bool) -> Candidate | None:
    """A verified major accident hazard that brought no fine: the formula's minimum, where
    the setting grants it (the minimum rests on the same article as the formula)."""
    if not enabled or not inputs.major_hazard or (inputs.fine is not None and inputs.fine > 0):
        return None
    amount = yuan(rates.fine_minimum)
    words = _(
        "Verified as a major accident hazard, no fine imposed: rewarded the minimum of "
        "%(amount)s yuan"
    ) % {"amount": plain(amount)}
    return Candidate("major_hazard", amount, words, rates.fine_basis)


def _grade_words(grade: str) -> str:
    return {
        "ordinary": _("Ordinary accident"),
        "larger": _("Larger accident"),
        "major": _("Major accident"),
        "grave": _("Especially grave accident"),
    }[grade]


def concealed_candidate(deaths: int | None, grade: str, rates: Rates) -> Candidate | None:
    if not deaths or deaths <= 0 or grade not in rates.per_death:
        return None
    per = rates.per_death[grade]
    raw = yuan(per * deaths)
    amount = min(raw, yuan(rates.concealed_maximum))
    params = {
        "grade": _grade_words(grade),
        "per": plain(per),
        "deaths": deaths,
        "raw": plain(raw),
        "maximum": plain(rates.concealed_maximum),
        "amount": plain(amount),
    }
    if raw > amount:
        words = _(
            "%(grade)s: %(per)s yuan per verified concealed death, %(deaths)s verified, "
            "%(raw)s yuan, above the maximum reward of %(maximum)s yuan: rewarded %(amount)s yuan"
        )
    else:
        words = _(
            "%(grade)s: %(per)s yuan per verified concealed death, %(deaths)s verified, "
            "%(raw)s yuan: rewarded %(amount)s yuan"
        )
    return Candidate("concealed", amount, words % params, rates.concealed_basis)


WINNERS = ("highest", "item", "formula")


def calculate(
    inputs: Inputs,
    rates: Rates,
    winner: str = "highest",
    *,
    items_add_up: bool = False,
    major_hazard_minimum: bool = False,
) -> Outcome:
    """The reward for these inputs. ``amount`` is None when no rule applies."""
    if winner not in WINNERS:
        raise ValueError(f"REWARD_RULE_WINNER must be one of {WINNERS}")
    candidates = tuple(
        c
        for c in (
            item_candidate(inputs.items, rates, items_add_up),
            fine_candidate(inputs.fine, rates),
            major_hazard_candidate(inputs, rates, major_hazard_minimum),
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
    return Outcome(chosen.amount, chosen.rule, chosen.words, candidates, chosen.basis)


def split(amount: Decimal, people: int) -> list[Decimal]:
    """Even shares in whole yuan for joint reporters; the first signatory's share takes what
    rounding leaves, so the shares always add up to the amount."""
    if people <= 1:
        return [amount]
    share = (amount / people).quantize(ONE_YUAN, rounding="ROUND_DOWN")
    return [amount - share * (people - 1), *[share] * (people - 1)]
