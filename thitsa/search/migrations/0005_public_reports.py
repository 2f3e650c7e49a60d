from django.db import migrations, models

# Anonymous visitors now search a public report's title and source only (a document of its
# own, kind "title"), not its text. The report documents are dropped so that the next
# refresh (the search page's, or `thitsa search --refresh` at once) indexes every report again
# and writes those documents; until then the public finds fewer reports, never more.


def drop_report_documents(apps, schema_editor):
    apps.get_model("search", "Document").objects.filter(kind="report")._raw_delete(
        schema_editor.connection.alias
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_plural_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="document",
            name="kind",
            field=models.CharField(
                choices=[
                    ("report", "report"),
                    ("incident", "incident"),
                    ("title", "public report"),
                ],
                max_length=8,
            ),
        ),
        migrations.RunPython(drop_report_documents, migrations.RunPython.noop),
    ]
