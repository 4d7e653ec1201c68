from django import template

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
