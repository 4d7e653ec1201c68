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
