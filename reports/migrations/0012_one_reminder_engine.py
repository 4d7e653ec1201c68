"""The clocks' reminders move to the one reminder table of ``core`` (``SentReminder``), every
reminder already sent with them, so that no one hears a reminder twice."""

from django.db import migrations

BATCH = 2000


def _report_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="reports", model="report")[0]


def copy_to_core(apps, schema_editor):
    Reminder = apps.get_model("reports", "Reminder")
    SentReminder = apps.get_model("core", "SentReminder")
    if not Reminder.objects.exists():
        return
    content_type = _report_type(apps)
    last = 0
    while True:
        batch = list(Reminder.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return
        SentReminder.objects.bulk_create(
            [
                SentReminder(
                    content_type=content_type,
                    object_id=r.report_id,
                    kind=r.kind,
                    key="",
                    threshold=r.threshold,
                    created_at=r.created_at,
                )
                for r in batch
            ],
            ignore_conflicts=True,
        )
        last = batch[-1].pk


def copy_back(apps, schema_editor):
    Reminder = apps.get_model("reports", "Reminder")
    SentReminder = apps.get_model("core", "SentReminder")
    rows = SentReminder.objects.filter(content_type=_report_type(apps))
    Reminder.objects.bulk_create(
        [
            Reminder(
                report_id=r.object_id,
                kind=r.kind[:40],
                threshold=r.threshold,
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
        ("reports", "0011_encrypt_what_the_unit_reads"),
        # Its data step reads the reward reminders in reports' table.
        ("rewards", "0003_counter_check_suspension_and_legal_basis"),
    ]

    operations = [
        migrations.RunPython(copy_to_core, copy_back),
        migrations.DeleteModel(name="Reminder"),
    ]
