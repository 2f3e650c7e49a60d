import hashlib

from django.db import migrations

BATCH = 2000


def kobo_keys_by_uuid(apps, schema_editor):
    """A Kobo submission was keyed by its group's name and its _uuid, so fixing a typo in a
    mapping's `source:` stored every submission again under a second source, and each
    incident counted two independent sources. Its key is now its _uuid alone, as
    `ReportRow.import_key` makes it (the formula copied: a migration keeps meaning what it
    meant). Where a _uuid is stored twice already, the first keeps the new key and the others
    their old one, to be deleted by hand."""
    SourceReport = apps.get_model("reports", "SourceReport")
    kobo = SourceReport.objects.filter(import_format="kobo").exclude(external_id="")
    taken: set[str] = set()
    last = 0
    while True:
        batch = list(kobo.filter(pk__gt=last).order_by("pk").only("pk", "external_id")[:BATCH])
        if not batch:
            return
        changed = []
        for report in batch:
            parts = ["id", "kobo", report.external_id]
            key = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
            if key not in taken:
                taken.add(key)
                report.import_key = key
                changed.append(report)
        SourceReport.objects.bulk_update(changed, ["import_key"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0008_field_labels"),
    ]

    # No way back: two sources' submissions of one _uuid would share the old key.
    operations = [migrations.RunPython(kobo_keys_by_uuid, migrations.RunPython.noop)]
