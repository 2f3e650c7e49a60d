from django.db import migrations, models
from django.db.models import F


def from_imported_at(apps, schema_editor):
    # Existing reports: last written when imported, as far as anyone can tell.
    apps.get_model("reports", "SourceReport").objects.update(updated_at=F("imported_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_sourcereport_responsibility"),
    ]

    operations = [
        migrations.AddField(
            model_name="sourcereport",
            name="updated_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(from_imported_at, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="sourcereport",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AddIndex(
            model_name="sourcereport",
            index=models.Index(fields=["updated_at", "id"], name="report_updated"),
        ),
    ]
