"""Fast bulk writes for imports and matching.

Django's bulk_update builds a CASE per row, and bulk_create compiles SQL for every value and, on
SQLite, cuts the rows into statements of a few dozen: for a million reports that is most of the
work. These send one parametrised statement per table with executemany instead; on PostgreSQL
they stream the rows with COPY, where a statement a row cost the server a parse and an executor
start each (the writes of matching 200,000 reports: 43 s with executemany, 15 s with COPY).

Like save(), they stamp the model's `auto_now` fields (and, on INSERT, `auto_now_add` ones) that
the caller does not write itself: the search index finds changed rows by them.

`without_cycle_collection` is for the bulk runs that use them: an import or a match of a million
reports.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from itertools import chain
from operator import attrgetter

from django.db import connection, models
from django.utils import timezone

BATCH = 5000
# Strings and numbers go to the driver as they are; dates, JSON, keys and auto-timestamps take
# Django's conversion.
_PLAIN = {
    models.AutoField,
    models.BigAutoField,
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.FloatField,
    models.BooleanField,
    models.URLField,
}


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off for a bulk run (and the process it forks, which inherits
    the setting). A run holds its caches (the resolver's index, every place looked up, every
    report of a match) until it ends and makes no reference cycles of its own, so each full
    collection walked those millions of objects again for nothing: at 200,000 reports, 14% of
    a match and 12-18% of an import."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _json_text(value):
    # What a JSONField without an encoder stores (None is SQL NULL): json.dumps, without the
    # three calls of Django's conversion around it, a third of an import's conversion time. As
    # text, PostgreSQL's COPY reads it into jsonb. Most of a report's lists and dicts are
    # empty (no weapons named, no other columns): those skip the encoder.
    if value is None:
        return None
    if not value and type(value) in _EMPTY:
        return _EMPTY[type(value)]
    return json.dumps(value)


_EMPTY = {list: "[]", dict: "{}"}


def _converter(field: models.Field):
    """The function that makes a Python value of `field` ready for the database."""
    if type(field) is models.JSONField and field.encoder is None:
        return _json_text
    return partial(field.get_db_prep_save, connection=connection)


def _batches(rows: Iterable[Sequence], size: int = BATCH):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _stamps(meta, fields: Sequence[str], add: bool) -> list[tuple[str, object]]:
    """(column, value) of the auto-timestamps `fields` leave out, as save() would set them."""
    given = {meta.get_field(name).name for name in fields}
    now = timezone.now()
    return [
        (f.column, f.get_db_prep_save(now, connection))
        for f in meta.concrete_fields
        if isinstance(f, models.DateField)
        and (f.auto_now or (add and f.auto_now_add))
        and f.name not in given
    ]


def _copy_in(cursor, table: str, columns: Sequence[str], batches: Iterable[list]) -> int:
    """Stream rows into `table` with PostgreSQL's COPY (values adapted as for a query)."""
    qn = connection.ops.quote_name
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(qn(c) for c in columns)}) FROM STDIN") as copy:
        for batch in batches:
            for row in batch:
                copy.write_row(row)
            count += len(batch)
    return count


def update_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence],
    meanwhile: Callable[[], None] | None = None,
) -> int:
    """UPDATE `fields` from rows of (value, ..., pk); values must be ready for the database.
    `auto_now` fields not among `fields` are set to now.

    `meanwhile`, work that touches no database, runs while the database updates the rows
    where that is one long statement (many rows: `_update_staged`), else before them."""
    meta, qn = model._meta, connection.ops.quote_name
    stamps = _stamps(meta, fields, add=False)
    table, pk = qn(meta.db_table), meta.pk.column
    batches = _batches(rows)
    first = next(batches, [])
    if len(first) == BATCH:
        # Many rows: staged. A few (one report matched from a form) go as statements: a
        # temporary table each time would cost more round trips than it saves.
        rows = chain(first, chain.from_iterable(batches))
        columns = [meta.get_field(n).column for n in fields]
        return _update_staged(table, pk, columns, stamps, rows, meanwhile)
    if meanwhile is not None:
        meanwhile()
    if not first:
        return 0
    columns = [meta.get_field(name).column for name in fields] + [c for c, _v in stamps]
    assignments = ", ".join(f"{qn(c)} = %s" for c in columns)
    sql = f"UPDATE {table} SET {assignments} WHERE {qn(pk)} = %s"
    now = [v for _c, v in stamps]
    count = 0
    with connection.cursor() as cursor:
        for batch in chain([first], batches):
            if now:
                batch = [[*row[:-1], *now, row[-1]] for row in batch]
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


_STAGED = "thitsa_bulk_update"


def _update_staged(table: str, pk: str, columns: list[str], stamps, rows, meanwhile) -> int:
    """The new values into a temporary table shaped like the target's columns (PostgreSQL:
    COPY; SQLite: one INSERT run over the rows), then one UPDATE ... FROM it. One statement
    for all the rows: on PostgreSQL an UPDATE per batch joined each batch with the whole table
    (at 1,000,000 reports, twenty hash joins of a million rows); on SQLite a statement a row
    gave the interpreter back for each row only, too briefly for other work.

    `meanwhile` runs in a thread during that statement, when this one only waits for the
    database (a million links: about half a minute, with a core to spare). Not while the rows
    are staged: both would want the interpreter at once."""
    qn = connection.ops.quote_name
    staged = [*columns, pk]
    assignments = ", ".join(
        [f"{qn(c)} = s.{qn(c)}" for c in columns] + [f"{qn(c)} = %s" for c, _v in stamps]
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_STAGED}")
        # With no rows, the columns' types (PostgreSQL) or affinities (SQLite) are the
        # target's, so each value is converted as the target would.
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_STAGED} AS SELECT {', '.join(qn(c) for c in staged)} "
            f"FROM {table} LIMIT 0"
        )
        count = _insert(cursor, _STAGED, staged, _batches(rows))
        # Its size, for the planner: a table it knows nothing of looks like a few pages.
        cursor.execute(f"ANALYZE {_STAGED}")
        with ThreadPoolExecutor(max_workers=1) as beside:
            done = beside.submit(meanwhile) if meanwhile is not None else None
            cursor.execute(
                f"UPDATE {table} AS t SET {assignments} FROM {_STAGED} AS s "
                f"WHERE t.{qn(pk)} = s.{qn(pk)}",
                [v for _c, v in stamps],
            )
            if done is not None:
                done.result()
        # Not in a `finally`: after an error PostgreSQL's transaction refuses every statement,
        # and its rollback takes the table away (in autocommit the next call's DROP above does).
        cursor.execute(f"DROP TABLE {_STAGED}")
    return count


def bulk_set(objs: Sequence[models.Model], fields: Sequence[str]) -> int:
    """Write `fields` of each object (converted as Django would) with update_rows."""
    if not objs:
        return 0
    meta = type(objs[0])._meta
    columns = [meta.get_field(name) for name in fields]
    # (attribute, field to convert with or None): plain values skip Django's conversion chain,
    # as in bulk_insert (a quarter of reconciling 200,000 incidents went there).
    plan = [(f.attname, None if type(f) in _PLAIN else f) for f in columns]
    rows = (
        [
            getattr(o, name) if f is None else f.get_db_prep_save(getattr(o, name), connection)
            for name, f in plan
        ]
        + [o.pk]
        for o in objs
    )
    return update_rows(type(objs[0]), fields, rows)


def reserve_ids(model: type[models.Model], n: int) -> list[int]:
    """Take `n` ids for new rows of `model` from the database's own counter, in this
    transaction, for bulk_insert: no other writer is given them, and rows that refer to the new
    ones can be written before them (foreign keys are checked at the commit)."""
    if n <= 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, n],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: AUTOINCREMENT's counter, moved past the ids taken by a statement that writes
        # first: the database's write lock, taken by it, keeps every other writer out until
        # the commit (read first, another could take the same ids in between).
        qn = connection.ops.quote_name
        highest = f"(SELECT coalesce(max({qn(pk)}), 0) FROM {qn(table)})"
        cursor.execute(
            f"UPDATE sqlite_sequence SET seq = max(seq, {highest}) + %s WHERE name = %s",
            [n, table],
        )
        if not cursor.rowcount:  # the table never had a row
            cursor.execute(
                f"INSERT INTO sqlite_sequence (name, seq) SELECT %s, {highest} + %s", [table, n]
            )
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        top = cursor.fetchone()[0] - n
    return list(range(top + 1, top + n + 1))


def bulk_insert(objs: Sequence[models.Model]) -> int:
    """INSERT new objects; those without an id are given one (reserve_ids). Their
    auto-timestamps take one moment for the whole insert, set on the objects as save() sets
    them."""
    if not objs:
        return 0
    meta = type(objs[0])._meta
    bare = [o for o in objs if o.pk is None]
    for o, pk in zip(bare, reserve_ids(type(objs[0]), len(bare)), strict=True):
        o.pk = pk
    columns = list(meta.concrete_fields)
    now = timezone.now()
    for f in columns:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for o in objs:
                setattr(o, f.attname, now)
    values = [_value_of(f) for f in columns]
    batches = ([[value(o) for value in values] for o in batch] for batch in _batches(objs))
    with connection.cursor() as cursor:
        _insert(cursor, meta.db_table, [f.column for f in columns], batches)
    return len(objs)


def _value_of(field: models.Field) -> Callable[[models.Model], object]:
    """The function that reads `field` of an object ready for the database. Plain values go
    as they are; a date or time is converted once per distinct value: converting each
    incident's date and its two timestamps was a fifth of inserting 200,000 incidents, who
    share a few thousand days and one moment."""
    if type(field) in _PLAIN:
        return attrgetter(field.attname)
    if isinstance(field, models.DateField):  # DateTimeField too
        name, converted = field.attname, {}

        def date_value(o):
            value = getattr(o, name)
            if value not in converted:
                converted[value] = field.get_db_prep_save(value, connection)
            return converted[value]

        return date_value
    return lambda o: field.get_db_prep_save(field.pre_save(o, add=True), connection)


def _insert(cursor, table: str, columns: Sequence[str], batches: Iterable[list]) -> int:
    if connection.vendor == "postgresql":
        return _copy_in(cursor, connection.ops.quote_name(table), columns, batches)
    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in columns)
    sql = f"INSERT INTO {qn(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    count = 0
    for batch in batches:
        cursor.executemany(sql, batch)
        count += len(batch)
    return count


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """INSERT rows of Python values for `fields` (by name; keys as `*_id` values).
    `auto_now` and `auto_now_add` fields not among `fields` are set to now. On PostgreSQL the
    rows are read while COPY holds the connection: a generator must not query the database."""
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    stamps = _stamps(meta, fields, add=True)
    if stamps:
        now = [v for _c, v in stamps]
        rows = ([*row, *now] for row in rows)
    convert = [i for i, f in enumerate(columns) if type(f) not in _PLAIN and not f.is_relation]
    to_db = {i: _converter(columns[i]) for i in convert}

    def converted():
        for batch in _batches(rows):
            if convert:
                batch = [list(row) for row in batch]
                # A value shared by every row (a run's decision time) is converted once.
                last: dict[int, tuple] = {}
                for row in batch:
                    for i in convert:
                        value, seen = row[i], last.get(i)
                        if seen is not None and seen[0] is value:
                            row[i] = seen[1]
                        else:
                            row[i] = to_db[i](value)
                            last[i] = (value, row[i])
            yield batch

    names = [f.column for f in columns] + [c for c, _v in stamps]
    with connection.cursor() as cursor:
        return _insert(cursor, meta.db_table, names, converted())


def optimize() -> None:
    """After a bulk load: SQLite keeps no statistics of its own, and without them its planner
    picks poor indexes for matching and figures (PostgreSQL's autovacuum analyzes by itself)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize=0x10002")


def analyze(model: type[models.Model]) -> None:
    """Refresh the planner's statistics of one table after a bulk change inside a run: both
    databases keep the statistics of the last analysis until told (or, on PostgreSQL, until
    autovacuum gets to it), and a column that was all NULL then looks useless to its index."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # A sample of each index is enough to see the column is now selective.
            cursor.execute("PRAGMA analysis_limit=1000")
        cursor.execute(f"ANALYZE {table}")
