from django.db import migrations

# SQLite: FTS5 deletes a document's words by writing a tombstone; the words themselves stay in
# the index's segments, in the database file, until a merge rewrites those segments. A deleted
# report's words, or the name a verifier took out of one, could be read back from a seized
# laptop. The triggers now also mark that words were removed (one row in search_purge, in the
# same transaction as the removal, so a crash cannot lose the mark), and
# thitsa.search.index.purge_removed_words rewrites the index while the mark is there. Not INSERT
# OR IGNORE: inside a trigger the conflict policy of the statement that fired it wins, and the
# indexer's upsert has its own.
# Incidents' words are marked when their documents are deleted, not when they are re-indexed:
# they are the verifiers' own account, re-indexed after every match.
FORWARD = [
    "CREATE TABLE search_purge (pending INTEGER PRIMARY KEY CHECK (pending = 1))",
    "DROP TRIGGER search_document_ad",
    """CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
        INSERT INTO search_purge (pending)
            SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM search_purge);
        END""",
    "DROP TRIGGER search_document_au",
    """CREATE TRIGGER search_document_au AFTER UPDATE OF terms ON search_document
        WHEN old.terms IS NOT new.terms BEGIN
        INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
        INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms);
        INSERT INTO search_purge (pending)
            SELECT 1 WHERE old.kind <> 'incident' AND NOT EXISTS (SELECT 1 FROM search_purge);
        END""",
    # What an older version deleted is still in the segments: purged once, now.
    "INSERT INTO search_fts(search_fts) VALUES ('optimize')",
]
REVERSE = [
    "DROP TRIGGER search_document_au",
    """CREATE TRIGGER search_document_au AFTER UPDATE OF terms ON search_document
        WHEN old.terms IS NOT new.terms BEGIN
        INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
        INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms); END""",
    "DROP TRIGGER search_document_ad",
    """CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
        END""",
    "DROP TABLE search_purge",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_public_indexes"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(REVERSE))]
