from django.db import migrations


def load(apps, schema_editor):
    from reports.reference_data import load_categories

    load_categories(apps.get_model("reports", "Category"), apps.get_model("units", "Industry"))


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("units", "0002_load_industries")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
