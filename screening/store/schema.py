"""The history database tables (the current schema; the migrations build it step by step).

One athlete has many sessions; a session has the clips it analysed (with the stored landmark
files and, only if asked, videos) and the protocol's findings. Deleting an athlete deletes
their sessions, clips and findings through ``ON DELETE CASCADE``. File paths are relative to
the store's file folder (see :mod:`screening.store.files`).

Change a table here only together with a new revision in ``migrations/versions/``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC date-time on every backend (SQLite stores it naive, in UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """Convert to UTC (naive values are taken as UTC); SQLite gets it without tzinfo."""
        if value is None:
            return None
        value = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """Return an aware UTC date-time."""
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base of the history tables."""


class StoreMeta(Base):
    """Key–value facts about the database itself, e.g. ``store_id`` (names its file folder)."""

    __tablename__ = "store_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Athlete(Base):
    """A person screened: a display name or pseudonymous code and an optional profile."""

    __tablename__ = "athletes"
    __table_args__ = {"sqlite_autoincrement": True}  # never reuse the id (and so the folder) of a deleted athlete

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), unique=True)  # casefolded name, for lookups
    birth_year: Mapped[int | None] = mapped_column(Integer)
    sex: Mapped[str] = mapped_column(String(16), default="")
    height_cm: Mapped[float | None] = mapped_column(Float)
    dominant_side: Mapped[str] = mapped_column(String(8), default="")
    sport: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class Session(Base):
    """One saved analysis: when, which protocol, the model and settings used, and the full summary."""

    __tablename__ = "sessions"
    __table_args__ = (
        Index("ix_sessions_athlete_recorded", "athlete_id", "recorded_at"),  # revision 0002
        Index("ux_sessions_content_key", "content_key", unique=True),  # revision 0003
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    saved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    protocol: Mapped[str | None] = mapped_column(String(64))
    software_version: Mapped[str] = mapped_column(String(32))
    model_name: Mapped[str] = mapped_column(String(200), default="")
    model_sha256: Mapped[str] = mapped_column(String(64), default="")
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)
    folder: Mapped[str] = mapped_column(String(300))
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")  # revision 0002
    # sha256 of what was analysed (inputs, settings, model, athlete): one session per key (revision 0003)
    content_key: Mapped[str | None] = mapped_column(String(64))


class ClipFile(Base):
    """One analysed clip of a session: its source identity and the files kept for it."""

    __tablename__ = "clips"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    source_name: Mapped[str] = mapped_column(String(500))
    source_sha256: Mapped[str] = mapped_column(String(64), default="")
    frames: Mapped[int] = mapped_column(Integer)
    duration_s: Mapped[float] = mapped_column(Float)
    landmarks_file: Mapped[str] = mapped_column(String(500))
    landmarks_sha256: Mapped[str] = mapped_column(String(64))
    video_file: Mapped[str | None] = mapped_column(String(500))
    annotated_video_file: Mapped[str | None] = mapped_column(String(500))


class FindingRow(Base):
    """One :class:`~screening.model.findings.Finding` of a session, column for field."""

    __tablename__ = "findings"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    protocol: Mapped[str] = mapped_column(String(64))
    metric: Mapped[str] = mapped_column(String(100))
    side: Mapped[str] = mapped_column(String(16))
    value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(16))
    severity: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[str] = mapped_column(String(16))
    confidence_reason: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text)
    normal_min: Mapped[float | None] = mapped_column(Float)
    normal_max: Mapped[float | None] = mapped_column(Float)
    norm_source: Mapped[str] = mapped_column(Text)
    follow_up: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(300))
    details: Mapped[dict[str, Any]] = mapped_column(JSON)


FINDING_FIELDS = (
    "protocol", "metric", "side", "value", "unit", "severity", "confidence", "confidence_reason", "explanation",
    "normal_min", "normal_max", "norm_source", "follow_up", "label", "details",
)
