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
    """On SQLite, drops the tables' secondary indexes and builds them again afterwards, in the same
    transaction: building an index by sorting once is several times faster than keeping it current
    through millions of inserts. Elsewhere it does nothing."""
    if connection.vendor != "sqlite":
        yield
        return
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        placeholders = ", ".join(["%s"] * len(tables))
        query = f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({placeholders})"  # noqa: S608
        cursor.execute(query + " AND sql IS NOT NULL", tables)
        indexes = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _name, sql in indexes:
                cursor.execute(sql)
