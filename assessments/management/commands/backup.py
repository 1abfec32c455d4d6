"""A consistent copy of the database, taken while the service runs (README, "Backups").

- SQLite: SQLite's online backup into a new database file, a snapshot of one moment even while
  pages save; restore by stopping the service and putting the file in place of db.sqlite3.
- PostgreSQL: `pg_dump --format=custom` (PostgreSQL's client tools, the server's major version or
  newer); restore with `pg_restore --no-owner --dbname=…` into an empty database.

    python manage.py backup backups/readiness-$(date +%F).sqlite3      (or .dump for PostgreSQL)
"""

import os
import shutil
import sqlite3
import subprocess

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Writes a consistent copy of the database to PATH while the service runs (SQLite backup, or pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the file to write; it must not exist yet")

    def handle(self, path, **options):
        if os.path.exists(path):
            raise CommandError(f"{path} exists already: a backup never overwrites another.")
        if connection.vendor == "sqlite":
            _sqlite(path)
        elif connection.vendor == "postgresql":
            _postgresql(path, connection.settings_dict)
        else:
            raise CommandError(f"No backup for a {connection.vendor} database.")
        self.stdout.write(f"Backed up the database to {path} ({os.path.getsize(path):,} bytes).")


def _sqlite(path):
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)  # sqlite3's online backup: pages copied under a read lock
    finally:
        target.close()


def _postgresql(path, database):
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise CommandError("pg_dump is missing: install PostgreSQL's client tools (Debian: postgresql-client).")
    command = [pg_dump, "--format=custom", "--no-owner", f"--file={path}", f"--dbname={database['NAME']}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            command.append(f"{option}={database[key]}")
    env = {**os.environ, "PGPASSWORD": database.get("PASSWORD") or ""}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 (fixed tool)
    if done.returncode:
        raise CommandError(f"pg_dump failed: {done.stderr.strip()}")
