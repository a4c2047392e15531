"""Bring a history database to the current schema with Alembic, programmatically (no alembic.ini).

Upgrading runs in one transaction that holds the write lock (SQLite ``BEGIN IMMEDIATE``, a
PostgreSQL advisory lock), so two programs opening the same database at once migrate it
once, and a failed migration leaves the database as it was.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy.engine import Connection, Engine

from screening.errors import StoreError
from screening.store.engine import writer

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
PG_MIGRATION_LOCK = 730_603  # any constant shared by every process of this tool


def alembic_config(connection: Connection | None = None) -> Config:
    """Return an Alembic config pointing at the packaged migrations (and at ``connection``)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """Return the newest revision this version of the tool knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise StoreError(f"Expected migration scripts in '{MIGRATIONS_DIR}', but found none; reinstall the tool.")
    return head


def current_revision(engine: Engine) -> str | None:
    """Return the database's schema revision (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (default: the newest) in one transaction.

    Raises
    ------
    StoreError
        If the database was made by a newer version of the tool (its revision is unknown here).
    """
    with writer(engine).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_MIGRATION_LOCK})")
        found = MigrationContext.configure(connection).get_current_revision()
        script = ScriptDirectory.from_config(alembic_config())
        try:
            if found is not None:
                script.get_revision(found)
        except CommandError as error:
            raise StoreError(
                f"Expected a history database at schema revision {head_revision()} or older, but found revision "
                f"{found!r}, made by a newer version of the tool.",
                hint="Upgrade movement-screening to open this database.",
            ) from error
        command.upgrade(alembic_config(connection), revision)
