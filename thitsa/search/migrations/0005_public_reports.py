from django.db import migrations, models

# Anonymous visitors now search a public report's title and source only (a document of its
# own, kind "title"), not its text, and only documents holding the public token. Every
# document is dropped so that the next refresh (the search page's, or `thitsa search
# --refresh` at once) indexes everything again; until then the public finds less, never more.


def drop_documents(apps, schema_editor):
    apps.get_model("search", "Document").objects.all()._raw_delete(schema_editor.connection.alias)


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
        migrations.RunPython(drop_documents, migrations.RunPython.noop),
    ]
