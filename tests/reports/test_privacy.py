"""The database holds no plaintext identity, contact, message or receipt code."""

import pytest
from django.db import connection
from django.urls import reverse

from reports import services
from reports.models import Category

pytestmark = pytest.mark.django_db

SECRETS = ["吴十一", "13312345678", "110101199003074258", "我住在厂房后面的平房"]


def _every_stored_value() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_identity_contact_messages_and_receipt_codes_are_never_stored_in_clear(
    client, tree, people
):
    token = client.get(reverse("reports:report-form")).context["form"]["token"].value()
    response = client.post(
        reverse("reports:report-form"),
        {
            "token": token,
            "category": Category.objects.get(code="illegal_production").pk,
            "description": "无证小作坊夜间生产，电线乱拉",
            "village": tree["village"].pk,
            "address": "东村四组",
            "identity": "named",
            "name": SECRETS[0],
            "phone": SECRETS[1],
            "id_number": SECRETS[2],
            "declaration": "none",
        },
    )
    assert response.status_code == 200
    code = response.content.decode().split('id="receipt-code">')[1].split("<")[0]
    client.post(reverse("reports:track"), {"code": code})
    client.post(reverse("reports:track-message"), {"body": SECRETS[3]})
    from reports.models import Report

    report = Report.objects.get()
    services.reporter_unseal(report=report, actor=people["custodian"], reason="测试留痕")
    stored = _every_stored_value()
    for secret in [*SECRETS, code, code.replace(" ", "")]:
        assert secret not in stored, secret
    # ...and yet the system can read them back where it must.
    person = report.reporters.get()
    assert (person.name, person.phone, person.id_number) == (SECRETS[0], SECRETS[1], SECRETS[2])
