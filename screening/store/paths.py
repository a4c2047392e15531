"""Where the history lives: the data folder and the database URL, from arguments, environment or defaults.

Precedence, highest first: an explicit argument, then the environment variable
(``SCREENING_DATA_DIR``, ``SCREENING_DB_URL``), then the default: the user's data folder
from :mod:`platformdirs` holding an embedded SQLite file ``history.sqlite3``.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from screening.errors import StoreError

APP_NAME = "movement-screening"
DATA_DIR_ENV = "SCREENING_DATA_DIR"
DB_URL_ENV = "SCREENING_DB_URL"
DB_FILE_NAME = "history.sqlite3"
SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def resolve_data_dir(data_dir: Path | str | None = None) -> Path:
    """Return the data folder (landmark files, kept videos, the default database), creating it.

    Raises
    ------
    StoreError
        If the folder cannot be created.
    """
    chosen = data_dir or os.environ.get(DATA_DIR_ENV) or user_data_dir(APP_NAME, appauthor=False)
    path = Path(chosen).expanduser().resolve()
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)  # a new data folder is owner-only
    except OSError as error:
        raise StoreError(
            f"Expected to create the data folder '{path}', but could not: {error.strerror or error}",
            hint=f"Set {DATA_DIR_ENV} to a writable folder.",
        ) from error
    return path


def resolve_url(url: str | None, data_dir: Path) -> URL:
    """Return the database URL: ``url``, else ``SCREENING_DB_URL``, else SQLite in ``data_dir``.

    Raises
    ------
    StoreError
        If the URL cannot be parsed or names a database other than SQLite or PostgreSQL.
    """
    text = url or os.environ.get(DB_URL_ENV) or f"sqlite:///{data_dir / DB_FILE_NAME}"
    try:
        parsed = make_url(text)
    except ArgumentError as error:
        raise StoreError(
            "Expected a database URL like 'sqlite:///path/history.sqlite3' or "
            f"'postgresql+psycopg://user@host/db', but got {text!r}."
        ) from error
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise StoreError(f"Expected a SQLite or PostgreSQL database URL, but got a {backend!r} one.")
    if backend == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and parsed.database and parsed.database != ":memory:" and "mode" not in parsed.query:
        _make_parent(Path(parsed.database))
    return parsed


def describe(url: URL) -> str:
    """Return ``url`` for messages: the file path for SQLite, the URL without password otherwise."""
    if url.get_backend_name() == "sqlite":
        return str(url.database or ":memory:")
    return url.render_as_string(hide_password=True)


def _make_parent(path: Path) -> None:
    """Create the folder that will hold a SQLite file."""
    try:
        path.expanduser().parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            f"Expected to create the folder of the database file '{path}', but could not: {error.strerror or error}"
        ) from error
