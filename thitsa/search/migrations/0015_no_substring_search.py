from django.db import migrations

# PostgreSQL: a query of Latin words that found no whole word was searched again as substrings
# of words ("ship" found "township"), with these trigram indexes; SQLite never did, and the same
# query found nothing there. A search is of whole words and their starts on both now, and the
# indexes, which every write of a document kept up, go. (The pg_trgm extension stays: dropping
# it needs its owner, and it costs nothing unused.)
FORWARD = [
    "DROP INDEX IF EXISTS search_document_public_trgm",
    "DROP INDEX IF EXISTS search_document_trgm",
]
REVERSE = [
    "CREATE INDEX search_document_trgm ON search_document USING gin (terms gin_trgm_ops)",
    "CREATE INDEX search_document_public_trgm ON search_document "
    "USING gin (terms gin_trgm_ops) WHERE public AND kind <> 'report'",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0014_positions_lost")]

    operations = [migrations.RunPython(_run(FORWARD), _run(REVERSE))]
