from django.db import migrations

# A Telegram post's "title" (its first line: its words, which no public surface shows) was a
# public report document's words: anyone could search a post by the names in its first line.
# The posts' documents are indexed again without them (reports.models.public_title).


def reindex_posts(apps, schema_editor):
    from thitsa.search.index import index_reports

    posts = apps.get_model("reports", "SourceReport").objects.filter(import_format="telegram")
    index_reports(posts.values_list("id", flat=True))


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0009_merged_incidents_not_public"),
        ("incidents", "0019_no_report_text_as_summary"),
    ]

    operations = [migrations.RunPython(reindex_posts, migrations.RunPython.noop)]
