"""Encryption at rest and blind indexes, behind one small interface.

Every encrypted value in the database goes through :func:`encrypt` / :func:`decrypt`. The cipher
is chosen by ``settings.FIELD_CIPHER_CLASS`` so that a national SM4 implementation (for 密评) can
replace Fernet without touching the models. Keys come from the environment only.

Blind indexes are keyed HMACs of normalised values (ID numbers, phone numbers). They let the
first-reporter and staff-or-relative checks compare values without decrypting anything.
"""

import hashlib
import hmac
from functools import cache
from typing import Protocol

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


class Cipher(Protocol):
    """What the rest of the code may ask of a cipher."""

    def encrypt(self, plaintext: str) -> str: ...

    def decrypt(self, token: str) -> str: ...

    def rotate(self, token: str) -> str:
        """Re-encrypt ``token`` under the current primary key."""
        ...


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


class FernetCipher:
    """AES-128-CBC + HMAC-SHA256 (Fernet) with key rotation through MultiFernet.

    ``keys[0]`` encrypts; every key decrypts, so an old key stays in the list until
    ``rotate_field_keys`` has re-encrypted every row.
    """

    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
        try:
            self._fernet = MultiFernet([Fernet(k.strip().encode()) for k in keys])
        except ValueError as exc:
            raise ImproperlyConfigured(
                "FIELD_ENCRYPTION_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes); "
                "make one with `manage.py generate_field_key`."
            ) from exc

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken as exc:
            raise DecryptionError("No configured key decrypts this value.") from exc

    def rotate(self, token: str) -> str:
        try:
            return self._fernet.rotate(token.encode()).decode()
        except InvalidToken as exc:
            raise DecryptionError("No configured key decrypts this value.") from exc


@cache
def get_cipher() -> Cipher:
    cls = import_string(settings.FIELD_CIPHER_CLASS)
    return cls(settings.FIELD_ENCRYPTION_KEYS)


def encrypt(plaintext: str) -> str:
    return get_cipher().encrypt(plaintext)


def decrypt(token: str) -> str:
    return get_cipher().decrypt(token)


def blind_index(kind: str, normalised_value: str) -> str:
    """A keyed, deterministic fingerprint of a value; empty input gives an empty index."""
    if not normalised_value:
        return ""
    message = f"{kind}:{normalised_value}".encode()
    return hmac.new(settings.BLIND_INDEX_KEY.encode(), message, hashlib.sha256).hexdigest()
