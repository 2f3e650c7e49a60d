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


def bulk_insert(objs: Sequence[models.Model]) -> int:
    """Insert new rows with one parametrised INSERT sent in batches (no ids come back).

    Django's bulk_create compiles SQL for every value and, on SQLite, cuts the rows into
    statements of a few dozen: for a million reports that is most of the import's time.
    """
    if not objs:
        return 0
    meta = type(objs[0])._meta
    qn = connection.ops.quote_name
    columns = [f for f in meta.concrete_fields if not f.primary_key]
    names = ", ".join(qn(f.column) for f in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {qn(meta.db_table)} ({names}) VALUES ({marks})"
    # Plain strings and numbers go to the driver as they are; dates, JSON, keys and
    # auto-timestamps take Django's conversion.
    plain = [type(f) in _PLAIN and not getattr(f, "auto_now_add", False) for f in columns]
    attnames = [f.attname for f in columns]
    with connection.cursor() as cursor:
        for start in range(0, len(objs), BATCH):
            rows = [
                [
                    getattr(o, name)
                    if is_plain
                    else f.get_db_prep_save(f.pre_save(o, add=True), connection)
                    for f, name, is_plain in zip(columns, attnames, plain, strict=True)
                ]
                for o in objs[start : start + BATCH]
            ]
            cursor.executemany(sql, rows)
    return len(objs)


_PLAIN = {
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.FloatField,
    models.BooleanField,
    models.URLField,
}
