"""Writing millions of rows quickly (demo data): one INSERT run or COPY per table, no model objects.

Only for rows the caller has already validated: no save(), no signals, no field validation.
"""

from contextlib import contextmanager

from django.db import connection


def insert(model, fields, rows):
    """Inserts rows (tuples of database-ready values, in the order of `fields`) into model's table."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(f).column) for f in fields)
    table = quote(model._meta.db_table)  # names from the model, quoted; values always as parameters
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # psycopg 3
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608


@contextmanager
def indexes_rebuilt(*models):
    """Drops the tables' secondary indexes (and on PostgreSQL their foreign keys) and builds them again
    afterwards, in the caller's transaction: building an index by sorting once, and checking a foreign
    key with one join, are several times faster than keeping them current through millions of rows.
    The tables are locked until the transaction ends, so use it when the service is quiet."""
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        restore = _drop_sqlite(cursor, tables) if connection.vendor == "sqlite" else []
        if connection.vendor == "postgresql":
            restore = _drop_postgresql(cursor, tables)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for statement in restore:
                cursor.execute(statement)


def _drop_sqlite(cursor, tables):
    placeholders = ", ".join(["%s"] * len(tables))
    query = f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({placeholders})"  # noqa: S608
    cursor.execute(query + " AND sql IS NOT NULL", tables)
    indexes = cursor.fetchall()
    for name, _sql in indexes:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return [sql for _name, sql in indexes]


def _drop_postgresql(cursor, tables):
    """Drops foreign keys and the indexes no constraint owns; the statements that restore them."""
    quote, restore = connection.ops.quote_name, ["SET CONSTRAINTS ALL DEFERRED"]
    # Deferred checks still pending in this transaction would stop ALTER TABLE: run them now.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for table in tables:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
            "AND contype = 'f'",
            [table],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
        indexes = cursor.fetchall()
        for name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
        restore[:0] = [definition for _name, definition in indexes]
        restore[:0] = [f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(n)} {d}" for n, d in foreign_keys]
    return restore  # Django's foreign keys are all deferrable and initially deferred: so again
