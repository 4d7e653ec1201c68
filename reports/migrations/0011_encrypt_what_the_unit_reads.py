"""What the unit reads (the transfer summary and the vetted address and place) starts from what
the reporter typed, so it is encrypted at rest like the reporter's own text: the columns become
text, then every existing row is encrypted in batches; backwards, decrypted first."""

import django.core.validators
from django.db import migrations

import core.fields

COLUMNS = ["transfer_summary", "unit_address", "unit_place"]


def encrypt(apps, schema_editor):
    core.fields.encrypt_columns(schema_editor.connection, "reports_report", COLUMNS)


def decrypt(apps, schema_editor):
    core.fields.decrypt_columns(schema_editor.connection, "reports_report", COLUMNS)


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0010_disclosure'),
    ]

    operations = [
        migrations.AlterField(
            model_name='report',
            name='transfer_summary',
            field=core.fields.EncryptedTextField(blank=True, default='', help_text='What the responsible unit reads instead of the report: nothing that identifies the reporter.', verbose_name='transfer summary'),
        ),
        migrations.AlterField(
            model_name='report',
            name='unit_address',
            field=core.fields.EncryptedTextField(blank=True, default='', validators=[django.core.validators.MaxLengthValidator(200)], verbose_name='address for the unit'),
        ),
        migrations.AlterField(
            model_name='report',
            name='unit_place',
            field=core.fields.EncryptedTextField(blank=True, default='', validators=[django.core.validators.MaxLengthValidator(150)], verbose_name='place or enterprise for the unit'),
        ),
        migrations.RunPython(encrypt, decrypt, elidable=False),
    ]
