from django.db import migrations

# Incidents are now indexed with their means of attack instead of ACLED's sub-event type
# ("drone" found every jet's strike filed as "Air/drone strike") and with their places' other
# names ("Depayin" missed the Depayin school bombing, placed in Tabayin). The incidents'
# documents are dropped, so that the next refresh (the search page's, or `thitsa search
# --refresh` at once) indexes every incident again.


def drop_incident_documents(apps, schema_editor):
    apps.get_model("search", "Document").objects.filter(kind="incident").delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0010_no_post_titles_in_public_documents")]

    operations = [migrations.RunPython(drop_incident_documents, migrations.RunPython.noop)]
