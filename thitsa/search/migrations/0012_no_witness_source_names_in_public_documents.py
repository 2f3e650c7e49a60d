from django.db import migrations

# A witness source's name (a person's, or where the team met them) was a public report
# document's words: anyone could search a testimony by its source's name. The testimonies'
# documents are indexed again without it (reports.models.public_source).


def reindex_testimonies(apps, schema_editor):
    from thitsa.search.index import index_reports

    told = apps.get_model("reports", "SourceReport").objects.filter(source__kind="witness")
    index_reports(told.values_list("id", flat=True))


class Migration(migrations.Migration):
    dependencies = [("search", "0011_incident_means_and_other_place_names")]

    operations = [migrations.RunPython(reindex_testimonies, migrations.RunPython.noop)]
