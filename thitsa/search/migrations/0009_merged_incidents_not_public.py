from django.db import migrations

# A merged-away incident was indexed as a public entry: every search matching it counted it,
# then left it out (its page redirects), and a page came back short or empty with a next one
# offered. It is now indexed as not public: the merged incidents are indexed again, leaving
# their own "last changed" as it is (the next refresh would not take them: it indexes what
# changed since the latest stamp it holds).


def reindex_merged_incidents(apps, schema_editor):
    from thitsa.search.index import index_incidents

    merged = apps.get_model("incidents", "Incident").objects.filter(merged_into__isnull=False)
    index_incidents(merged.values_list("id", flat=True))


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0008_burmese_taxonomy_words"),
        ("incidents", "0018_point_where_the_incident_is"),
    ]

    operations = [migrations.RunPython(reindex_merged_incidents, migrations.RunPython.noop)]
