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


_PATTERN_OPS = ("varchar_pattern_ops", "text_pattern_ops")


def drop_pattern_indexes(*columns: tuple[str, str]) -> migrations.RunPython:
    """An operation dropping, on PostgreSQL, the pattern-ops twin Django adds beside the index
    of each text key (table, column): it serves only `LIKE 'prefix%'`, which Thitsa never asks
    of these columns, and costs every insert and every update that moves the row."""

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name in _pattern_indexes(schema_editor.connection, columns):
            schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        qn = schema_editor.quote_name
        for table, column in columns:
            name = qn(f"{table}_{column}_like"[:63])
            schema_editor.execute(
                f"CREATE INDEX {name} ON {qn(table)} ({qn(column)} varchar_pattern_ops)"
            )

    return migrations.RunPython(forward, backward)


def _pattern_indexes(connection, columns) -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for table, column in columns:
            cursor.execute(
                "SELECT i.relname FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid "
                "JOIN pg_class t ON t.oid = x.indrelid "
                "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0] "
                "JOIN pg_opclass o ON o.oid = x.indclass[0] "
                "WHERE t.relname = %s AND a.attname = %s AND x.indnatts = 1 "
                "AND o.opcname = ANY(%s) AND t.relnamespace = current_schema()::regnamespace "
                "ORDER BY 1",
                [table, column, list(_PATTERN_OPS)],
            )
            found += [name for (name,) in cursor.fetchall()]
    return found
