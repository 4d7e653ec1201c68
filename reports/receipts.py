"""Receipt codes (回执码): the secret that opens /track/ and later claims a reward.

A code is 19 random digits and a Damm check digit (it catches every single wrong digit and
every swap of two neighbours), printed as five groups of four. It is shown once and stored only
as a deterministic slow hash (PBKDF2-HMAC-SHA256 with a server-wide salt and a pepper from the
environment), so it can be looked up but not recovered from a stolen database.
"""

import hashlib
import re
import secrets

from django.conf import settings

RANDOM_DIGITS = 19

# Damm's totally anti-symmetric quasigroup of order 10.
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def _damm(digits: str) -> int:
    interim = 0
    for d in digits:
        interim = _DAMM[interim][int(d)]
    return interim


def generate() -> str:
    body = "".join(str(secrets.randbelow(10)) for _ in range(RANDOM_DIGITS))
    return body + str(_damm(body))


def normalise(value: str) -> str:
    """Digits only: people type spaces and dashes, and full-width digits on Chinese keyboards."""
    value = (value or "").translate({0xFF10 + i: str(i) for i in range(10)})
    return re.sub(r"\D", "", value)


def is_well_formed(code: str) -> bool:
    return len(code) == RANDOM_DIGITS + 1 and _damm(code) == 0


def display(code: str) -> str:
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def hash_code(code: str) -> str:
    salt = f"{settings.RECEIPT_CODE_SALT}:{settings.RECEIPT_CODE_PEPPER}".encode()
    digest = hashlib.pbkdf2_hmac("sha256", code.encode(), salt, settings.RECEIPT_HASH_ITERATIONS)
    return digest.hex()
