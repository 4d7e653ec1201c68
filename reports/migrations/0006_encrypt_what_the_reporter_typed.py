"""What the reporter typed (the description, the address, the enterprise or place named) is
encrypted at rest like the reporter's identity. The columns become text, then every existing
row is encrypted in batches; backwards, the rows are decrypted before the columns narrow again."""

import django.core.validators
from django.db import migrations

import core.fields

COLUMNS = ["description", "address", "enterprise_name"]


def encrypt(apps, schema_editor):
    core.fields.encrypt_columns(schema_editor.connection, "reports_report", COLUMNS)


def decrypt(apps, schema_editor):
    core.fields.decrypt_columns(schema_editor.connection, "reports_report", COLUMNS)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_open_cases_by_due_date"),
    ]

    operations = [
        migrations.AlterField(
            model_name="report",
            name="address",
            field=core.fields.EncryptedTextField(
                blank=False,
                default="",
                validators=[django.core.validators.MaxLengthValidator(200)],
                verbose_name="address",
            ),
        ),
        migrations.AlterField(
            model_name="report",
            name="description",
            field=core.fields.EncryptedTextField(
                blank=False, default="", verbose_name="description"
            ),
        ),
        migrations.AlterField(
            model_name="report",
            name="enterprise_name",
            field=core.fields.EncryptedTextField(
                blank=True,
                default="",
                validators=[django.core.validators.MaxLengthValidator(150)],
                verbose_name="enterprise or place named",
            ),
        ),
        migrations.RunPython(encrypt, decrypt, elidable=False),
    ]
