"""Session notes, and an index for an athlete's sessions in time order.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02

Existing sessions get empty notes; nothing else changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``sessions.notes`` (default empty) and the (athlete_id, recorded_at) index."""
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("notes", sa.Text(), nullable=False, server_default=""))
    op.create_index("ix_sessions_athlete_recorded", "sessions", ["athlete_id", "recorded_at"])


def downgrade() -> None:
    """Drop the index and the notes column (notes are lost)."""
    op.drop_index("ix_sessions_athlete_recorded", table_name="sessions")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("notes")
