from django.db import migrations


def load(apps, schema_editor):
    from units.reference_data import load_industries

    load_industries(apps.get_model("units", "Industry"))


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
