from hypothesis import given
from hypothesis import strategies as st

from reports import receipts


def test_generated_codes_are_twenty_digits_with_a_valid_check_digit_and_differ():
    codes = {receipts.generate() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 20 and code.isdigit()
        assert receipts.is_well_formed(code)


def test_display_groups_of_four_and_normalise_undo_each_other():
    code = receipts.generate()
    shown = receipts.display(code)
    assert shown.count(" ") == 4 and all(len(g) == 4 for g in shown.split(" "))
    assert receipts.normalise(shown) == code
    assert receipts.normalise("１２３４-5678") == "12345678"  # full-width digits from a phone


@given(st.integers(min_value=0, max_value=19), st.integers(min_value=1, max_value=9))
def test_any_single_wrong_digit_is_caught(position, delta):
    code = receipts.generate()
    wrong = code[:position] + str((int(code[position]) + delta) % 10) + code[position + 1 :]
    assert not receipts.is_well_formed(wrong)


@given(st.integers(min_value=0, max_value=18))
def test_swapping_two_neighbours_is_caught(position):
    code = receipts.generate()
    if code[position] == code[position + 1]:
        return
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    assert not receipts.is_well_formed(swapped)


def test_hash_is_deterministic_and_peppered(settings):
    code = receipts.generate()
    first = receipts.hash_code(code)
    assert first == receipts.hash_code(code) and code not in first
    settings.RECEIPT_CODE_PEPPER = "another-pepper"
    assert receipts.hash_code(code) != first
