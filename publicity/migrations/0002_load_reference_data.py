from django.db import migrations


def load(apps, schema_editor):
    from publicity.reference_data import load_publicity

    load_publicity(apps)


class Migration(migrations.Migration):
    dependencies = [("publicity", "0001_initial")]

    # Reversing keeps the rows: activities, forms and assignments refer to them.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
