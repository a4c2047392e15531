"""Alembic migrations of the history database, run by :func:`screening.store.migrate.upgrade`."""
