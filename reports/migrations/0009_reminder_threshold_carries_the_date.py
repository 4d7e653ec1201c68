"""The reminders about a date (T-n and "due today" before the due date, T-n before the assigning
body's deadline) now carry the date in their threshold ("5:2027-02-12"), so a date that moves is
reminded again. The reminders already sent get the date they were about, so none is sent twice
after the upgrade."""

from django.db import migrations

BATCH = 2000


def _dated_kind(kind: str) -> str | None:
    if kind.startswith("upstream_due_in_"):
        return "upstream_deadline"
    if kind.startswith("due_in_") or kind == "due_today":
        return "due_date"
    return None


def add_dates(apps, schema_editor):
    Reminder = apps.get_model("reports", "Reminder")
    rows = (
        Reminder.objects.exclude(threshold__contains=":")
        .filter(kind__regex=r"^(due_in_|due_today$|upstream_due_in_)")
        .select_related("report")
        .order_by("pk")
    )
    changed = []
    for reminder in rows.iterator(chunk_size=BATCH):
        day = getattr(reminder.report, _dated_kind(reminder.kind))
        if day is None:
            continue
        reminder.threshold = f"{reminder.threshold}:{day.isoformat()}"
        changed.append(reminder)
        if len(changed) >= BATCH:
            Reminder.objects.bulk_update(changed, ["threshold"])
            changed = []
    Reminder.objects.bulk_update(changed, ["threshold"])


def remove_dates(apps, schema_editor):
    Reminder = apps.get_model("reports", "Reminder")
    changed = []
    for reminder in Reminder.objects.filter(threshold__contains=":").iterator(chunk_size=BATCH):
        if _dated_kind(reminder.kind):
            reminder.threshold = reminder.threshold.split(":", 1)[0]
            changed.append(reminder)
    Reminder.objects.bulk_update(changed, ["threshold"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0008_extension_assigning_body_approval"),
    ]

    operations = [migrations.RunPython(add_dates, remove_dates)]
