from django.db import migrations

# Incidents are now indexed with their event type, targets and weapons in Burmese too, as the
# Burmese pages show them (a reader searched for "တိုက်ပွဲများ", shown on a result, and found
# nothing). The incidents' documents are dropped, so that the next refresh (the search page's,
# or `thitsa search --refresh` at once) indexes every incident again; their own "last changed"
# stays as it is (the API and the ACLED export show it).


def drop_incident_documents(apps, schema_editor):
    apps.get_model("search", "Document").objects.filter(kind="incident").delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0007_purge_removed_words")]

    operations = [migrations.RunPython(drop_incident_documents, migrations.RunPython.noop)]
