import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core.validators import (
    id_check_char,
    normalise_phone,
    uscc_check_char,
    validate_id_number,
    validate_mobile,
    validate_phone,
    validate_uscc,
)

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


# Published examples, pinned so that the check digits are tested against the standards and
# not against the code under test: the two worked examples of GB 11643-1999 (公民身份号码,
# 北京朝阳区 1949-12-31 女 and 广东潮阳 1880-01-01 男), and the worked example commonly cited
# from GB 32100-2015 (统一社会信用代码).
PUBLISHED_IDS = ["11010519491231002X", "440524188001010014"]
PUBLISHED_USCC = "91350100M000100Y43"


@pytest.mark.parametrize("value", PUBLISHED_IDS)
def test_the_published_id_numbers_pass_and_a_changed_check_digit_fails(value):
    validate_id_number(value)
    validate_id_number(value.lower())  # a lower-case x is the same number
    for wrong in "0123456789X":
        if wrong != value[-1]:
            with pytest.raises(ValidationError):
                validate_id_number(value[:-1] + wrong)


def test_the_published_uscc_passes_and_a_changed_check_char_fails():
    validate_uscc(PUBLISHED_USCC)
    assert uscc_check_char(PUBLISHED_USCC[:17]) == PUBLISHED_USCC[-1]
    for wrong in USCC_CHARS:
        if wrong != PUBLISHED_USCC[-1]:
            with pytest.raises(ValidationError):
                validate_uscc(PUBLISHED_USCC[:-1] + wrong)


@given(body=st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=9, max_size=9))
def test_uscc_with_its_check_char_passes_and_any_other_check_char_fails(body):
    first17 = "91500101" + body
    validate_uscc(first17 + uscc_check_char(first17))
    for wrong in USCC_CHARS:
        if wrong != uscc_check_char(first17):
            with pytest.raises(ValidationError):
                validate_uscc(first17 + wrong)
            break


@pytest.mark.parametrize("value", ["", "123", "91500101MA5U4Y2K1I", "91500101ma5u4y2k1"])
def test_malformed_uscc_is_refused(value):
    with pytest.raises(ValidationError):
        validate_uscc(value)


def test_id_number_checksum_and_date():
    first17 = "50010119900307123"
    validate_id_number(first17 + id_check_char(first17))
    with pytest.raises(ValidationError):
        validate_id_number(first17 + ("0" if id_check_char(first17) != "0" else "1"))
    bad_date = "50010119901307123"
    with pytest.raises(ValidationError):
        validate_id_number(bad_date + id_check_char(bad_date))


def test_phones():
    assert normalise_phone("+86 138-1234-5678") == "13812345678"
    validate_mobile("138 1234 5678")
    validate_phone("023-58659106")
    with pytest.raises(ValidationError):
        validate_mobile("023-58659106")
    with pytest.raises(ValidationError):
        validate_phone("12345")
