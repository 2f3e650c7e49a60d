"""Schema changes that Django's migrations would make slowly on a large SQLite database."""

from __future__ import annotations

from django.db import migrations


def drop_column_indexes(*columns: tuple[str, str]) -> migrations.RunPython:
    """An operation dropping the plain indexes on each (table, column) alone.

    To go with a state-only AlterField(db_index=False): Django's own rebuilds the whole table
    on SQLite (minutes and twice the disk for a million reports) when dropping an index is all
    it takes. On PostgreSQL it also drops the pattern-ops twin Django adds for text keys."""

    def forward(apps, schema_editor):
        connection = schema_editor.connection
        for table, column in columns:
            with connection.cursor() as cursor:
                found = connection.introspection.get_constraints(cursor, table)
            for name, info in sorted(found.items()):
                if (
                    info["index"]
                    and not info["unique"]
                    and not info["primary_key"]
                    and info["columns"] == [column]
                ):
                    schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")

    def backward(apps, schema_editor):
        qn = schema_editor.quote_name
        for table, column in columns:
            name = qn(f"{table}_{column}_idx"[:63])
            schema_editor.execute(f"CREATE INDEX {name} ON {qn(table)} ({qn(column)})")

    return migrations.RunPython(forward, backward)
