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

    def deconstruct(self) -> Any:
        # ``blank`` defaults to True here, so a required field must say blank=False out loud
        # (Field.deconstruct leaves out the value it thinks is the default).
        name, path, args, kwargs = super().deconstruct()
        if not self.blank:
            kwargs["blank"] = False
        return name, path, args, kwargs

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


# ------------------------------------------------------------------------------
# Data migrations: a column that becomes encrypted, and back
# ------------------------------------------------------------------------------
def _is_ciphertext(value: str) -> bool:
    try:
        crypto.decrypt(value)
    except crypto.DecryptionError:
        return False
    return True


def _encrypted(value: Any) -> Any:
    if value in (None, "") or _is_ciphertext(value):
        return value
    return crypto.encrypt(value)


def _decrypted(value: Any) -> Any:
    if value in (None, "") or not _is_ciphertext(value):
        return value
    return crypto.decrypt(value)


def _rewrite(connection: Any, table: str, columns: list[str], change, batch_size: int) -> int:
    """Apply ``change`` to every value of ``columns``, in batches by primary key (``id``);
    returns how many rows changed. Raw SQL: the historical model would decrypt on reading."""
    quote = connection.ops.quote_name
    selected = ", ".join(quote(c) for c in columns)
    assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
    changed, last = 0, 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT id, {selected} FROM {quote(table)} WHERE id > %s ORDER BY id LIMIT %s",  # noqa: S608 - names are quoted identifiers from the migration
                [last, batch_size],
            )
            rows = cursor.fetchall()
            if not rows:
                return changed
            updates = []
            for pk, *values in rows:
                new = [change(v) for v in values]
                if new != values:
                    updates.append([*new, pk])
            if updates:
                cursor.executemany(
                    f"UPDATE {quote(table)} SET {assignments} WHERE id = %s",  # noqa: S608
                    updates,
                )
            changed += len(updates)
            last = rows[-1][0]


def encrypt_columns(
    connection: Any, table: str, columns: list[str], *, batch_size: int = 2000
) -> int:
    """Encrypt the plaintext values of ``columns`` (a data migration's forward step). Values
    already encrypted are left alone, so it is safe to run twice."""
    return _rewrite(connection, table, columns, _encrypted, batch_size)


def decrypt_columns(
    connection: Any, table: str, columns: list[str], *, batch_size: int = 2000
) -> int:
    """Decrypt ``columns`` back to plaintext (the same migration's backward step)."""
    return _rewrite(connection, table, columns, _decrypted, batch_size)
