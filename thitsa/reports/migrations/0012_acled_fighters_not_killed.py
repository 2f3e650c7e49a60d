import re

from django.db import migrations

# ACLED's `fatalities` count every death of an event, fighters' too: they were stored as the
# report's killed for every event, so an airstrike on an armed group's camp counted its
# fighters among the people killed in attacks. They are now killed only where ACLED says
# civilians were the target (thitsa.reports.importers.acled._civilian_dead); otherwise they
# are kept as ACLED's own count. Only reports of files with ACLED's 2022 columns are changed
# (`disorder_type` came with `civilian_targeting`: where it is missing, the file could not
# tell). `thitsa match --reconcile` then works out the incidents' ranges again.
OURS = re.compile(r"[A-Z]{3}-\d{4}-\d{6}$")


def fighters_not_killed(apps, schema_editor):
    SourceReport = apps.get_model("reports", "SourceReport")
    acled = SourceReport.objects.filter(
        import_format="acled", killed_min__isnull=False, extra__has_key="disorder_type"
    )
    for report in acled.iterator(chunk_size=2000):
        extra = report.extra
        civilian = (
            extra.get("event_type") == "Violence against civilians"
            or extra.get("civilian_targeting")
            or extra.get("inter2") in ("Civilians", "7")
            or str(extra.get("actor2", "")).startswith("Civilians")
            or OURS.match(report.external_id.rpartition(":")[0])
        )
        if civilian:
            continue
        extra["fatalities"] = str(report.killed_min)
        SourceReport.objects.filter(pk=report.pk).update(
            killed_min=None, killed_max=None, extra=extra
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0011_post_weeks_end_on_the_post"),
    ]

    operations = [migrations.RunPython(fighters_not_killed, migrations.RunPython.noop)]
