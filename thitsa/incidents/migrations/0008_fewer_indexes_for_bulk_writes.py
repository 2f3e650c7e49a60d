import django.db.models.deletion
from django.db import migrations, models

from thitsa.schema import drop_column_indexes


class Migration(migrations.Migration):
    """Indexes a bulk run paid for on every write and no query needed: the township and state
    alone (their indexes with the date serve those lookups), the report alone (its index with
    the incident does), and two flags nearly every decision shares (partial indexes now)."""

    dependencies = [
        ("incidents", "0007_incident_rare_date"),
        ("places", "0001_initial"),
        ("reports", "0003_sourcereport_updated_at"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="incident",
                    name="state",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="places.place",
                    ),
                ),
                migrations.AlterField(
                    model_name="incident",
                    name="township",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="places.place",
                    ),
                ),
                migrations.AlterField(
                    model_name="matchdecision",
                    name="by_human",
                    field=models.BooleanField(default=False),
                ),
                migrations.AlterField(
                    model_name="matchdecision",
                    name="pending",
                    field=models.BooleanField(
                        default=False, help_text="Waiting in the review queue."
                    ),
                ),
                migrations.AlterField(
                    model_name="matchdecision",
                    name="report",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="decisions",
                        to="reports.sourcereport",
                    ),
                ),
            ],
            database_operations=[
                drop_column_indexes(
                    ("incidents_incident", "state_id"),
                    ("incidents_incident", "township_id"),
                    ("incidents_matchdecision", "by_human"),
                    ("incidents_matchdecision", "pending"),
                    ("incidents_matchdecision", "report_id"),
                )
            ],
        ),
        migrations.AddIndex(
            model_name="matchdecision",
            index=models.Index(
                condition=models.Q(("pending", True)),
                fields=["decided_at", "id"],
                name="decision_pending",
            ),
        ),
        migrations.AddIndex(
            model_name="matchdecision",
            index=models.Index(
                condition=models.Q(("by_human", True)),
                fields=["decided_at"],
                name="decision_by_human",
            ),
        ),
    ]
