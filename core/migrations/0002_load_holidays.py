from django.db import migrations


def load(apps, schema_editor):
    from core.reference_data import load_holidays

    load_holidays(apps.get_model("core", "Holiday"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    # Reversing keeps the rows: administrators may have edited them.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
