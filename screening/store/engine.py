"""Database engines that are safe for several writers, and database errors as :class:`StoreError`.

SQLite gets, on every new connection: write-ahead logging (readers never block the writer),
a busy timeout (a writer waits for another instead of failing), foreign keys (so deleting an
athlete cascades), and ``secure_delete`` (deleted rows are overwritten, not left in free
pages). Writes begin with ``BEGIN IMMEDIATE``, so two writers queue up instead of failing
half-way with "database is locked".
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from screening.errors import StoreError
from screening.store.paths import describe

DEFAULT_BUSY_TIMEOUT_S = 15.0
WRITE_OPTION = "screening_write"


def make_engine(url: URL, busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S) -> Engine:
    """Return an engine for ``url``; SQLite connections get WAL, a busy timeout and foreign keys.

    Parameters
    ----------
    url
        A SQLite or PostgreSQL (psycopg) URL.
    busy_timeout_s
        How long a writer waits for another writer's lock before giving up (s).
    """
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": max(1, int(busy_timeout_s))})
    engine = create_engine(url, connect_args={"timeout": busy_timeout_s})
    event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_s))
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def writer(engine: Engine) -> Engine:
    """Return ``engine`` with the option that makes SQLite transactions take the write lock at BEGIN."""
    return engine.execution_options(**{WRITE_OPTION: True})


def _sqlite_pragmas(busy_timeout_s: float) -> Any:
    """Return a ``connect`` listener setting the pragmas of this module's docstring."""

    def on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _sqlite_begin)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA secure_delete = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")  # durable with WAL, and fast
        finally:
            cursor.close()

    return on_connect


def _sqlite_begin(connection: Connection) -> None:
    """Emit BEGIN (IMMEDIATE for writers) instead of the sqlite3 module's implicit transactions."""
    immediate = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextlib.contextmanager
def translated_errors(url: URL, action: str, busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S) -> Iterator[None]:
    """Turn database errors raised inside the block into a one-line :class:`StoreError`.

    ``action`` completes "Expected to ... the history database", e.g. ``"save the session to"``.
    """
    try:
        yield
    except DBAPIError as error:
        raise store_error(error, url, action, busy_timeout_s) from error


def store_error(error: DBAPIError, url: URL, action: str, busy_timeout_s: float) -> StoreError:
    """Return the :class:`StoreError` that explains ``error`` in plain words."""
    where = describe(url)
    found = str(getattr(error, "orig", error)).strip().splitlines()[0] if str(getattr(error, "orig", error)) else ""
    lowered = found.lower()
    if "locked" in lowered or "busy" in lowered:
        return StoreError(
            f"Expected to {action} the history database '{where}' within {busy_timeout_s:g} s, "
            "but another program kept it locked.",
            hint="Close other screening windows or wait for their analysis to finish, then try again.",
        )
    if "readonly" in lowered or "read-only" in lowered:
        return StoreError(f"Expected a writable history database at '{where}', but it is read-only.",
                          hint="Check the file's permissions, or point SCREENING_DB_URL at a writable copy.")
    if "not a database" in lowered:
        return StoreError(f"Expected a SQLite history database at '{where}', but found another kind of file.")
    if "unable to open" in lowered:
        return StoreError(f"Expected to open the history database file '{where}', but could not (missing folder or "
                          "no permission).")
    if isinstance(error, OperationalError) and url.get_backend_name() == "postgresql":
        return StoreError(f"Expected to {action} the PostgreSQL history database '{where}', "
                          f"but the server said: {found}",
                          hint="Check that the server is running and the URL, user and password are right.")
    return StoreError(f"Expected to {action} the history database '{where}', but the database said: {found}")
