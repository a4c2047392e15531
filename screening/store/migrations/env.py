"""Alembic environment: migrate the connection that :mod:`screening.store.migrate` hands over.

There is no ``alembic.ini`` at runtime; the caller opens the transaction (and, on PostgreSQL,
takes an advisory lock so two processes never migrate at once).
"""

from __future__ import annotations

from alembic import context

from screening.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Expected screening.store.migrate to pass a connection, but got none; run migrations "
                       "through screening.store.open_store or screening.store.migrate.upgrade.")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
