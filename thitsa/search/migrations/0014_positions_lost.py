from django.db import migrations

# PostgreSQL: a tsvector keeps at most 256 positions of a lexeme and none past 16,383, so a
# phrase after a common syllable's 256th time in a report, or 16,383 syllables into it, was
# never found (SQLite's FTS5 found it). The documents that lost positions are marked, in a
# column the search reads without opening the tsvector and with a lexeme of the tsvector itself
# (thitsa.search.index.POSITIONS_LOST), and a phrase there is confirmed in the document's terms.
# Those indexed before are found here by their tsvector: a lexeme with 256 positions, or one
# at the last position (either may have lost none: confirming a phrase then finds the same).
MARKER = "_§_"
FORWARD = [
    "ALTER TABLE search_document ADD COLUMN positions_lost boolean NOT NULL DEFAULT false",
    f"""UPDATE search_document SET positions_lost = true, tsv = tsv || '{MARKER}'::tsvector
        WHERE EXISTS (SELECT 1 FROM unnest(tsv) u WHERE cardinality(u.positions) >= 256
                      OR u.positions[cardinality(u.positions)] >= 16383)""",
]
REVERSE = [
    f"UPDATE search_document SET tsv = ts_delete(tsv, '{MARKER}') WHERE positions_lost",
    "ALTER TABLE search_document DROP COLUMN positions_lost",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0013_no_burmese_event_type_label")]

    operations = [migrations.RunPython(_run(FORWARD), _run(REVERSE))]
