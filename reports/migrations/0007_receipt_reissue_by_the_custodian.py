"""Receipt codes are reissued by the identity custodian, a few tries per case per day, each try
recorded. Reporters get a blind index of their name, filled here for the existing ones, so that
the name a person gives is compared without decrypting."""

import core.fields
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def index_names(apps, schema_editor):
    from core import crypto
    from core.validators import normalise_name

    Reporter = apps.get_model("reports", "Reporter")
    batch = []
    # The historical model decrypts the name on reading (the field class is the same).
    for reporter in Reporter.objects.exclude(name="").only("pk", "name").iterator(chunk_size=2000):
        reporter.name_index = crypto.blind_index("name", normalise_name(reporter.name))
        batch.append(reporter)
        if len(batch) == 2000:
            Reporter.objects.bulk_update(batch, ["name_index"])
            batch = []
    Reporter.objects.bulk_update(batch, ["name_index"])


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0006_encrypt_what_the_reporter_typed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='reporter',
            name='name_index',
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.RunPython(index_names, migrations.RunPython.noop),
        migrations.CreateModel(
            name='ReceiptReissueAttempt',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='time')),
                ('day', models.DateField(verbose_name='day (Asia/Shanghai)')),
                ('outcome', models.CharField(choices=[('issued', 'New code issued'), ('mismatch', 'Refused: the identity does not match'), ('anonymous', 'Refused: anonymous report'), ('limit', 'Refused: no tries left today')], max_length=10, verbose_name='outcome')),
                ('reason', core.fields.EncryptedTextField(blank=True, default='', verbose_name='reason')),
                ('reporters_told', models.PositiveSmallIntegerField(default=0, verbose_name='reporters told by text message')),
                ('actor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='custodian')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='receipt_reissues', to='reports.report', verbose_name='case')),
            ],
            options={
                'verbose_name': 'receipt code reissue',
                'verbose_name_plural': 'receipt code reissues',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['report', 'day'], name='reports_rec_report__67e47c_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('outcome__in', ['issued', 'mismatch', 'anonymous', 'limit'])), name='reports_reissue_outcome_valid')],
            },
        ),
    ]
