"""Fast bulk updates: Django's bulk_update builds a CASE per row and crawls past a few thousand."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models

BATCH = 5000


def bulk_set(objs: Sequence[models.Model], fields: Sequence[str]) -> int:
    """Write `fields` of each object with one parametrised UPDATE per row, sent in batches."""
    if not objs:
        return 0
    meta = type(objs[0])._meta
    qn = connection.ops.quote_name
    columns = [meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{qn(f.column)} = %s" for f in columns)
    sql = f"UPDATE {qn(meta.db_table)} SET {assignments} WHERE {qn(meta.pk.column)} = %s"
    with connection.cursor() as cursor:
        for start in range(0, len(objs), BATCH):
            rows = [
                [f.get_db_prep_save(getattr(o, f.attname), connection) for f in columns] + [o.pk]
                for o in objs[start : start + BATCH]
            ]
            cursor.executemany(sql, rows)
    return len(objs)
