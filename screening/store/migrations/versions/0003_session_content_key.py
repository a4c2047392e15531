"""A content key per session, so that saving the same analysis again (a resumed batch) adds nothing.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04

Existing sessions get no key (NULL: never matched); nothing else changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``sessions.content_key`` (NULL allowed, unique where set)."""
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("content_key", sa.String(64), nullable=True))
    op.create_index("ux_sessions_content_key", "sessions", ["content_key"], unique=True)


def downgrade() -> None:
    """Drop the index and the column."""
    op.drop_index("ux_sessions_content_key", table_name="sessions")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("content_key")
