"""Domain errors. Services raise them; forms show them as form errors, the admin as messages."""

from typing import Any


class ApplicationError(Exception):
    """A rule of the domain said no. ``message`` is translated and safe to show to the user."""

    def __init__(self, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}

    def __str__(self) -> str:
        return str(self.message)
