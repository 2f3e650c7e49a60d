from django.db import migrations, models

from thitsa.schema import drop_column_indexes, drop_pattern_indexes


class Migration(migrations.Migration):
    """Indexes no query uses, which every report an import stores and every report a match
    links wrote to: the event date alone (matching and the exports read reports by incident
    or by id), and on PostgreSQL the LIKE twins of the import key and the place. At 1,000,000
    reports PostgreSQL's UPDATE of the links took 71 s with them, 40 s without."""

    dependencies = [
        ("reports", "0004_incident_link_index_with_date"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="sourcereport",
                    name="event_date",
                    field=models.DateField(blank=True, null=True),
                ),
            ],
            database_operations=[
                drop_column_indexes(("reports_sourcereport", "event_date")),
                drop_pattern_indexes(
                    ("reports_sourcereport", "import_key"), ("reports_sourcereport", "place_id")
                ),
            ],
        ),
    ]
