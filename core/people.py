"""How people are named on screen."""

import re

_CJK = re.compile(r"[\u3400-\u9fff]")


def display_name(user) -> str:
    """Family name first for Chinese names (谭晓琴), Django's order otherwise; the user name
    when no name is recorded."""
    if user is None:
        return ""
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    if _CJK.search(first + last):
        return f"{last}{first}" or user.get_username()
    return " ".join(p for p in (first, last) if p) or user.get_username()
