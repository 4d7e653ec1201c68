"""Validators for Chinese identifiers. Messages are translatable; values are normalised first."""

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015 统一社会信用代码: 18 characters from this alphabet, the last a check character.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
_USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def normalise_uscc(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()


def validate_uscc(value: str) -> None:
    code = normalise_uscc(value)
    if not _USCC_RE.match(code) or uscc_check_char(code[:17]) != code[17]:
        raise ValidationError(
            _("Enter a valid unified social credit code (18 characters, check digit included)."),
            code="invalid_uscc",
        )


def validate_unit_code(value: str) -> None:
    """A public body's code: its unified social credit code (18 characters, check digit
    included) or its administrative division code (6, 9 or 12 digits, GB/T 2260 and the
    statistical division codes below it)."""
    code = normalise_uscc(value)
    if re.fullmatch(r"\d{6}|\d{9}|\d{12}", code):
        return
    if len(code) == 18:
        validate_uscc(code)
        return
    raise ValidationError(
        _(
            "Enter the unified social credit code (18 characters) or the administrative "
            "division code (6, 9 or 12 digits)."
        ),
        code="invalid_unit_code",
    )


# GB 11643-1999 公民身份号码: 17 digits and an ISO 7064 MOD 11-2 check character.
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def normalise_id_number(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()


def validate_id_number(value: str) -> None:
    number = normalise_id_number(value)
    valid = bool(re.fullmatch(r"\d{17}[\dX]", number))
    if valid:
        try:
            dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            valid = False
    if not valid or id_check_char(number[:17]) != number[17]:
        raise ValidationError(
            _("Enter a valid 18-character resident ID number."), code="invalid_id_number"
        )


def normalise_name(value: str) -> str:
    """A name as people type it, for comparing: full-width forms folded (NFKC), no spaces, one
    middle dot for the several that separate the parts of a name (阿卜杜·热合曼)."""
    value = unicodedata.normalize("NFKC", value or "")
    value = re.sub(r"\s", "", value)
    return re.sub(r"[·•・‧.]", "·", value)


def normalise_phone(value: str) -> str:
    """Digits only, without a leading +86 or 0086."""
    digits = re.sub(r"\D", "", value or "")
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            digits = digits[len(prefix) :]
    return digits


def validate_mobile(value: str) -> None:
    if not re.fullmatch(r"1[3-9]\d{9}", normalise_phone(value)):
        raise ValidationError(
            _("Enter an 11-digit mobile number, for example 13812345678."), code="invalid_mobile"
        )


def validate_phone(value: str) -> None:
    """A mobile number or a landline with its area code (023-58659106)."""
    digits = normalise_phone(value)
    if re.fullmatch(r"1[3-9]\d{9}", digits) or re.fullmatch(r"0\d{9,11}", digits):
        return
    raise ValidationError(
        _("Enter a mobile number or a landline with its area code."), code="invalid_phone"
    )
