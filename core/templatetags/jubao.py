from django import template

from core import calendar
from core.people import display_name

register = template.Library()


@register.filter
def person(user) -> str:
    """``{{ user|person }}``: the name to show for a user."""
    return display_name(user)


@register.filter
def absolute(value: int) -> int:
    """``{{ -3|absolute }}`` is 3: for "3 days overdue"."""
    return abs(value)


@register.filter
def get_item(mapping: dict, key):
    """``{{ forms|get_item:obj.pk }}``: a value from a dict, or None."""
    return mapping.get(key) if mapping else None


@register.filter
def yuan(value) -> str:
    """An amount in whole yuan with thousands separated (3,000), whatever the locale: the way
    the published standard and the reward notices write it. Empty for None."""
    if value is None or value == "":
        return ""
    from decimal import ROUND_HALF_UP, Decimal

    return f"{Decimal(value).quantize(Decimal('1'), rounding=ROUND_HALF_UP):,.0f}"


@register.filter
def percent(value) -> str:
    """A share in percent, whole (87%); a dash when there is nothing to divide."""
    if value is None or value == "":
        return "—"
    return f"{value:.0f}%"


@register.simple_tag
def quarter_label(year, quarter) -> str:
    """``{% quarter_label 2026 1 %}`` is 2026年第一季度 (never 2026 Q1)."""
    return calendar.quarter_label(int(year), int(quarter))


@register.filter
def quarter_name(quarter) -> str:
    """``{{ 1|quarter_name }}`` is 第一季度."""
    return str(calendar.QUARTER_NAMES[int(quarter)])


@register.filter
def period_name(code: str) -> str:
    """``{{ "Q1"|period_name }}`` is 第一季度, ``{{ "H2"|period_name }}`` 下半年."""
    return calendar.period_name(code)
