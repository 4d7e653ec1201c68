"""Model fields whose values are encrypted at rest."""

from typing import Any

from django.db import models

from core import crypto


class EncryptedTextField(models.TextField):
    """Text stored as ciphertext, read as plaintext.

    The database never sees the plaintext, so the field cannot be filtered or ordered on; pair it
    with a blind index where lookups are needed. Empty strings are stored empty.
    """

    description = "Text encrypted at rest"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", True)
        super().__init__(*args, **kwargs)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return crypto.encrypt(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value in (None, ""):
            return value
        return crypto.decrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in ("isnull", "exact"):
            return None
        return super().get_lookup(lookup_name)
