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


@pytest.mark.django_db
def test_a_column_that_becomes_encrypted_is_encrypted_in_place_and_back(tree):
    """The data migration's steps: plaintext rows are encrypted (twice is harmless), and
    decrypted again on the way back."""
    from django.db import connection

    from core.fields import decrypt_columns, encrypt_columns
    from reports.models import Report
    from tests.reports.factories import make_report

    def raw() -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT description, address, enterprise_name FROM reports_report")
            return cursor.fetchall()

    columns = ["description", "address", "enterprise_name"]
    report = make_report(village=tree["village"], description="河边有人夜里挖砂十几车")
    make_report(village=tree["village"], address="西头二组", enterprise_name="")
    # As an old database holds them: plaintext.
    decrypt_columns(connection, "reports_report", columns, batch_size=1)
    assert ("河边有人夜里挖砂十几车", "东村二组12号", "") in raw()

    assert encrypt_columns(connection, "reports_report", columns, batch_size=1) == 2
    assert all(not v or v.startswith("gAAAAA") for row in raw() for v in row)
    assert Report.objects.get(pk=report.pk).description == "河边有人夜里挖砂十几车"
    assert encrypt_columns(connection, "reports_report", columns) == 0  # already done

    assert decrypt_columns(connection, "reports_report", columns) == 2
    assert ("河边有人夜里挖砂十几车", "东村二组12号", "") in raw()
