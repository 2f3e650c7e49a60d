from django.db import migrations, models

# Report documents get their report's updated_at as their stamp, as the indexer now writes
# them; without it the next refresh would index every report again. (An edit made before this
# release never reached the index: `thitsa search --rebuild` once catches those.)
STAMPS = """
    UPDATE search_document SET stamp = (
        SELECT r.updated_at FROM reports_sourcereport r WHERE r.id = search_document.object_id
    ) WHERE kind = 'report'
"""


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("reports", "0003_sourcereport_updated_at"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="document", name="search_document_stamp"),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["kind", "stamp", "object_id"], name="search_document_stamp"),
        ),
        migrations.RunSQL(STAMPS, migrations.RunSQL.noop),
    ]
