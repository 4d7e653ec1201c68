"""Photos of a form with a mistake are kept by core.staging now, for every form: the photos
publicity kept itself (under ``pending_key``, at most a day old) are forgotten, with their
files, and the column goes."""

from django.conf import settings
from django.db import migrations, models


def forget_pending_photos(apps, schema_editor):
    EvidencePhoto = apps.get_model("publicity", "EvidencePhoto")
    pending = EvidencePhoto.objects.exclude(pending_key="")
    for photo in pending.iterator():
        for f in (photo.file, photo.thumbnail):
            if f:
                f.storage.delete(f.name)
    pending.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("publicity", "0007_forms_reopened_by_the_level_above"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(forget_pending_photos, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="evidencephoto",
            name="publicity_photo_belongs_once",
        ),
        migrations.RemoveField(
            model_name="evidencephoto",
            name="pending_key",
        ),
        migrations.AddConstraint(
            model_name="evidencephoto",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("activity__isnull", False), ("assignment__isnull", True)),
                    models.Q(("activity__isnull", True), ("assignment__isnull", False)),
                    _connector="OR",
                ),
                name="publicity_photo_belongs_once",
            ),
        ),
    ]
