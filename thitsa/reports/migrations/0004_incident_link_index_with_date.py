import django.db.models.deletion
from django.db import migrations, models

from thitsa.schema import drop_column_indexes


class Migration(migrations.Migration):
    """The (incident, event_date) index serves lookups by incident: the index on the incident
    alone goes, one index write less for each report a bulk run links."""

    dependencies = [
        ("incidents", "0007_incident_rare_date"),
        ("reports", "0003_sourcereport_updated_at"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="sourcereport",
                    name="incident",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="reports",
                        to="incidents.incident",
                    ),
                ),
            ],
            database_operations=[drop_column_indexes(("reports_sourcereport", "incident_id"))],
        ),
    ]
