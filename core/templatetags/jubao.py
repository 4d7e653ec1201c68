from django import template

from core.people import display_name

register = template.Library()


@register.filter
def person(user) -> str:
    """``{{ user|person }}``: the name to show for a user."""
    return display_name(user)
