from django.db import migrations
from django.db.models import F

COUNTS = ("killed", "injured", "killed_children", "injured_children")


def about_is_a_range(apps, schema_editor):
    """A count written "about 30" was stored as 30 to 30, so it raised the minimum a figure
    publishes ("at least 30") though the source said no such thing. It is now a tenth (at
    least one) each way, as `parse_casualties` reads it: 27 to 33 (1 to 2 for "about 1"). `thitsa match --reconcile`
    then works out the incidents' ranges again."""
    SourceReport = apps.get_model("reports", "SourceReport")
    for kind in COUNTS:
        low, high = f"{kind}_min", f"{kind}_max"
        said = SourceReport.objects.filter(
            **{f"casualty_forms__{kind}": "approx", f"{low}__gt": 0, low: F(high)}
        ).values_list("pk", low)
        for pk, n in said.iterator(chunk_size=2000):
            step = max(1, n // 10)
            SourceReport.objects.filter(pk=pk).update(**{low: max(1, n - step), high: n + step})


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0009_kobo_keys_by_uuid"),
    ]

    operations = [migrations.RunPython(about_is_a_range, migrations.RunPython.noop)]
