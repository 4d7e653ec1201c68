import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from core import crypto
from core.crypto import DecryptionError, FernetCipher


def test_round_trip_and_ciphertext_hides_the_value():
    token = crypto.encrypt("张三 13812345678")
    assert "13812345678" not in token
    assert crypto.decrypt(token) == "张三 13812345678"
    assert crypto.encrypt("same") != crypto.encrypt("same")  # randomised


def test_rotation_keeps_old_values_readable_and_moves_them_to_the_new_key():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    before = FernetCipher([old])
    token = before.encrypt("李四")
    after = FernetCipher([new, old])
    assert after.decrypt(token) == "李四"
    rotated = after.rotate(token)
    assert FernetCipher([new]).decrypt(rotated) == "李四"
    with pytest.raises(DecryptionError):
        FernetCipher([new]).decrypt(token)


def test_a_bad_key_is_a_clear_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="Fernet keys"):
        FernetCipher(["not-a-key"])


def test_blind_index_is_keyed_deterministic_and_kind_specific(settings):
    a = crypto.blind_index("phone", "13812345678")
    assert a == crypto.blind_index("phone", "13812345678")
    assert a != crypto.blind_index("id_number", "13812345678")
    assert crypto.blind_index("phone", "") == ""
    settings.BLIND_INDEX_KEY = "another-key"
    assert crypto.blind_index("phone", "13812345678") != a
