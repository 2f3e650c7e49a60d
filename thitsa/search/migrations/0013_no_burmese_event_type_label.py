from django.db import migrations

# Incidents were indexed with their event type's Burmese label, whose syllables are places'
# too: "ပေါက်" (Pauk township) found every "ပေါက်ကွဲမှု/အဝေးမှ တိုက်ခိုက်မှု" incident. The
# incidents' documents are dropped, so that the next refresh (the search page's, or `thitsa
# search --refresh` at once) indexes every incident again, without it.


def drop_incident_documents(apps, schema_editor):
    apps.get_model("search", "Document").objects.filter(kind="incident").delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0012_no_witness_source_names_in_public_documents")]

    operations = [migrations.RunPython(drop_incident_documents, migrations.RunPython.noop)]
