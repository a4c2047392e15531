"""Alembic revisions, oldest first: ``0001`` the initial schema, ``0002`` session notes and an index."""
