from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from core import crypto
from reports.services import ReporterInput
from tests.reports.factories import make_report

pytestmark = pytest.mark.django_db


def _stored_names() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM reports_reporter ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def test_rotation_moves_every_value_to_the_new_key(tree, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    report = make_report(
        village=tree["village"], reporters=[ReporterInput(name="冯一", phone="13000000001")]
    )
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    crypto.get_cipher.cache_clear()
    try:
        call_command("rotate_field_keys", stdout=StringIO())
        # Only the new key is needed from now on.
        settings.FIELD_ENCRYPTION_KEYS = [new_key]
        crypto.get_cipher.cache_clear()
        person = report.reporters.get()
        assert (person.name, person.phone) == ("冯一", "13000000001")
        assert all(Fernet(new_key.encode()).decrypt(v.encode()) for v in _stored_names() if v)
        # What the reporter typed moves to the new key with the identity.
        report.refresh_from_db()
        assert report.description == "仓库消防通道被货物堵死，灭火器过期"
        with connection.cursor() as cursor:
            cursor.execute("SELECT description, address FROM reports_report")
            for value in cursor.fetchone():
                Fernet(new_key.encode()).decrypt(value.encode())
    finally:
        settings.FIELD_ENCRYPTION_KEYS = [old_key]
        crypto.get_cipher.cache_clear()


def test_generate_field_key_prints_a_usable_key():
    out = StringIO()
    call_command("generate_field_key", stdout=out)
    Fernet(out.getvalue().strip().encode())
