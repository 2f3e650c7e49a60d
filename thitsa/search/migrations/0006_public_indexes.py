from django.db import migrations

# PostgreSQL: the documents anonymous visitors search (public incidents and public reports'
# title documents) get GIN indexes of their own. A word common in reports' text but rare in
# what the public may read ("killed" at 200,000 reports: 160,000 documents, none public) made the
# planner expect many public matches and scan the table for a page of them: 315 ms, 1.6 s at
# 1,000,000. Over these indexes the same search reads only public documents: 3 ms.
PREDICATE = "public AND kind <> 'report'"
FORWARD = [
    f"CREATE INDEX search_document_public_tsv ON search_document USING gin (tsv) WHERE {PREDICATE}",
    "CREATE INDEX search_document_public_trgm ON search_document "
    f"USING gin (terms gin_trgm_ops) WHERE {PREDICATE}",
]
REVERSE = [
    "DROP INDEX IF EXISTS search_document_public_trgm",
    "DROP INDEX IF EXISTS search_document_public_tsv",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_public_reports"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(REVERSE))]
