"""The campaign's reminders move to the one reminder table of ``core`` (``SentReminder``),
every reminder already sent with them, so that no unit hears a reminder twice."""

from django.db import migrations

BATCH = 2000


def _unit_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="units", model="unit")[0]


def copy_to_core(apps, schema_editor):
    PublicityReminder = apps.get_model("publicity", "PublicityReminder")
    SentReminder = apps.get_model("core", "SentReminder")
    if not PublicityReminder.objects.exists():
        return
    content_type = _unit_type(apps)
    last = 0
    while True:
        batch = list(PublicityReminder.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return
        SentReminder.objects.bulk_create(
            [
                SentReminder(
                    content_type=content_type,
                    object_id=r.unit_id,
                    kind=r.kind,
                    key=r.key,
                    threshold=r.threshold,
                    created_at=r.created_at,
                )
                for r in batch
            ],
            ignore_conflicts=True,
        )
        last = batch[-1].pk


def copy_back(apps, schema_editor):
    PublicityReminder = apps.get_model("publicity", "PublicityReminder")
    SentReminder = apps.get_model("core", "SentReminder")
    rows = SentReminder.objects.filter(content_type=_unit_type(apps))
    PublicityReminder.objects.bulk_create(
        [
            PublicityReminder(
                kind=r.kind[:30],
                unit_id=r.object_id,
                key=r.key,
                threshold=r.threshold[:20],
                created_at=r.created_at,
            )
            for r in rows.iterator(chunk_size=BATCH)
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0004_sent_reminders"),
        ("publicity", "0005_issued_bulletins"),
        ("units", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_to_core, copy_back),
        migrations.DeleteModel(name="PublicityReminder"),
    ]
