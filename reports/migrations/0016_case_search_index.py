"""The office's case search (reports/search.py): trigram indexes on the clear numbers (PostgreSQL
only; SQLite matches them with LIKE), and the blind index of character pairs of the encrypted
texts, built here for the cases already registered."""

import django.db.models.deletion
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

# Django's icontains on PostgreSQL compares UPPER(column::text): the index is on that expression.
TRIGRAM_INDEXES = {
    "reports_report_number_trgm": "number",
    "reports_report_external_number_trgm": "external_number",
}

# The encrypted texts indexed at the time of this migration (reports.search.INDEXED_FIELDS).
INDEXED_FIELDS = (
    "description",
    "address",
    "enterprise_name",
    "transfer_summary",
    "unit_address",
    "unit_place",
)


def trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON reports_report "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def index_existing_cases(apps, schema_editor):
    """Fingerprints of the cases already registered (the historical model decrypts)."""
    from reports.search import fingerprints

    Report = apps.get_model("reports", "Report")
    SearchToken = apps.get_model("reports", "SearchToken")
    last = 0
    while True:
        batch = list(
            Report.objects.filter(pk__gt=last).order_by("pk").only("pk", *INDEXED_FIELDS)[:500]
        )
        if not batch:
            return
        SearchToken.objects.bulk_create(
            [
                SearchToken(report_id=r.pk, token=token)
                for r in batch
                for token in fingerprints(getattr(r, name) for name in INDEXED_FIELDS)
            ],
            batch_size=5000,
            ignore_conflicts=True,
        )
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0015_enforcement_matter_handed_over"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(trigram_indexes, drop_trigram_indexes, elidable=False),
        migrations.CreateModel(
            name="SearchToken",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "token",
                        "report",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("token", models.IntegerField()),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="reports.report",
                    ),
                ),
            ],
        ),
        migrations.RunPython(index_existing_cases, migrations.RunPython.noop, elidable=True),
    ]
