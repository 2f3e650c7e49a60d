from django.db import migrations

# A report's corrections kept its earlier title and text whole (thitsa.reports.versions
# .was_in_words): a verifier who took a witness's name out of a report in the admin left it
# in plain text beside the report. Only their length is kept now; this removes the words kept
# before.
WORDS = ("title", "text")


def keep_no_words(apps, schema_editor):
    SourceReport = apps.get_model("reports", "SourceReport")
    corrected = SourceReport.objects.filter(extra__has_key="corrections")
    for report in corrected.iterator(chunk_size=2000):
        changed = False
        for correction in report.extra.get("corrections", []):
            was = correction.get("was")
            if not isinstance(was, dict):
                continue
            for name in WORDS:
                if isinstance(was.get(name), str) and not was[name].endswith("may name people)"):
                    n = len(was[name])
                    was[name] = f"{n:,} characters, not kept (a report's words may name people)"
                    changed = True
        if changed:
            SourceReport.objects.filter(pk=report.pk).update(extra=report.extra)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0012_acled_fighters_not_killed"),
    ]

    operations = [migrations.RunPython(keep_no_words, migrations.RunPython.noop)]
