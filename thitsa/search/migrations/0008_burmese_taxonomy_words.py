from django.db import migrations
from django.utils import timezone

# Incidents are now indexed with their event type, targets and weapons in Burmese too, as the
# Burmese pages show them (a reader searched for "တိုက်ပွဲများ", shown on a result, and found
# nothing). Every incident is marked changed, so that the next refresh indexes it again.


def mark_incidents(apps, schema_editor):
    apps.get_model("incidents", "Incident").objects.update(updated_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_purge_removed_words"),
        ("incidents", "0016_no_testimony_title"),
    ]

    operations = [migrations.RunPython(mark_incidents, migrations.RunPython.noop)]
