from django.db import migrations

# The admin's log named a report by its title, else the first 60 characters of its text: a
# witness's report deleted in the admin left its words (names included) under "Recent
# actions". Reports are named by their public title or their id now (SourceReport.__str__);
# this renames the entries made before.


def rename(apps, schema_editor):
    LogEntry = apps.get_model("admin", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    kind = ContentType.objects.filter(app_label="reports", model="sourcereport").first()
    if kind is None:
        return
    entries = LogEntry.objects.filter(content_type=kind)
    for pk, object_id in entries.values_list("pk", "object_id").iterator(chunk_size=2000):
        LogEntry.objects.filter(pk=pk).update(object_repr=f"report {object_id}")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0013_corrections_keep_no_words"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
