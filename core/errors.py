"""Domain errors. Services raise them; forms show them as form errors, the admin as messages."""

from typing import Any, TypeVar

T = TypeVar("T")


class ApplicationError(Exception):
    """A rule of the domain said no. ``message`` is translated and safe to show to the user."""

    def __init__(self, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}

    def __str__(self) -> str:
        return str(self.message)


def required(value: T | None, rule: str) -> T:
    """``value``, which the record's state guarantees by ``rule`` (a notified reward has a claim
    deadline, a submitted one an amount). A ``None`` means the rule was broken elsewhere: a
    RuntimeError names it, rather than a confusing error further on."""
    if value is None:
        raise RuntimeError(f"Broken rule: {rule}")
    return value
