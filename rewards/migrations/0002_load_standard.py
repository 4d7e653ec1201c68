from django.db import migrations


def load(apps, schema_editor):
    from rewards.reference_data import load_standard

    load_standard(
        apps.get_model("rewards", "Standard"),
        apps.get_model("rewards", "StandardItem"),
        apps.get_model("reports", "Category"),
    )


class Migration(migrations.Migration):
    dependencies = [("rewards", "0001_initial"), ("reports", "0002_load_categories")]

    # Reversing keeps the rows: decisions refer to them.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
