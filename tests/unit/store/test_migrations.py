"""Upgrading the tool never loses data: a database made by the first schema migrates to head intact."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from screening.errors import StoreError
from screening.store import open_store
from screening.store.engine import make_engine
from screening.store.migrate import current_revision, head_revision, upgrade
from screening.store.paths import resolve_url

FIRST = "0001"


def make_revision_1_database(url: str, data_dir: Path) -> dict[str, int]:
    """Build a database at revision 0001 and fill it as version 0.1 of the tool would have."""
    engine = make_engine(resolve_url(url, data_dir))
    upgrade(engine, FIRST)
    assert current_revision(engine) == FIRST
    moment = dt.datetime(2024, 1, 2, 3, 4, 5)
    folder = "athletes/1/0123456789abcdef0123456789abcdef"
    with engine.begin() as connection:
        athlete = connection.execute(sa.text(
            "INSERT INTO athletes (name, name_key, birth_year, sex, height_cm, dominant_side, sport, notes, "
            "created_at) VALUES ('Old Timer', 'old timer', 1980, 'male', 181.0, 'left', 'tennis', 'from v1', :t) "
            "RETURNING id"),
            {"t": moment}).scalar_one()
        session = connection.execute(sa.text(
            "INSERT INTO sessions (athlete_id, recorded_at, saved_at, protocol, software_version, model_name, "
            "model_sha256, settings, profile, summary, folder) VALUES (:a, :t, :t, 'squat', '0.1.0', 'pose', :h, "
            ":s, '{}', :doc, :f) RETURNING id"),
            {"a": athlete, "t": moment, "h": "d" * 64, "s": json.dumps({"cutoff_hz": 6.0}),
             "doc": json.dumps({"findings": []}), "f": folder}).scalar_one()
        connection.execute(sa.text(
            "INSERT INTO clips (session_id, position, source_name, source_sha256, frames, duration_s, landmarks_file, "
            "landmarks_sha256) VALUES (:s, 1, 'old.mp4', '', 90, 3.0, :lf, :h)"),
            {"s": session, "lf": f"{folder}/01_old_landmarks.npz", "h": "e" * 64})
        connection.execute(sa.text(
            "INSERT INTO findings (session_id, position, protocol, metric, side, value, unit, severity, confidence, "
            "confidence_reason, explanation, normal_min, normal_max, norm_source, follow_up, label, details) VALUES "
            "(:s, 0, 'squat', 'squat_depth_knee_flexion', 'left', 97.5, 'deg', 'mild', 'medium', 'ok', 'shallow', "
            "110, NULL, 'a norm', 'see a physio', 'Squat depth', :d)"),
            {"s": session, "d": json.dumps({"reps": 3})})
    engine.dispose()
    return {"athlete": athlete, "session": session}


def test_a_revision_1_database_upgrades_to_head_with_its_data_intact(db_url: str, data_dir: Path) -> None:
    ids = make_revision_1_database(db_url, data_dir)

    with open_store(db_url, data_dir) as store:
        assert current_revision(store._engine) == head_revision() != FIRST
        [athlete] = store.list_athletes()
        [session] = store.list_sessions(ids["athlete"])
        [finding] = store.session_findings(ids["session"])

    assert (athlete.id, athlete.name, athlete.birth_year, athlete.sex, athlete.height_cm, athlete.sport,
            athlete.notes) == (ids["athlete"], "Old Timer", 1980, "male", 181.0, "tennis", "from v1")
    assert athlete.created_at == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert (session.id, session.protocol, session.settings, session.notes) == (
        ids["session"], "squat", {"cutoff_hz": 6.0}, "")  # notes: the column revision 0002 adds
    assert [c.source_name for c in session.clips] == ["old.mp4"]
    assert (finding.metric, finding.value, finding.severity, finding.details) == (
        "squat_depth_knee_flexion", 97.5, "mild", {"reps": 3})


def test_the_new_notes_column_is_usable_after_upgrade(db_url: str, data_dir: Path) -> None:
    ids = make_revision_1_database(db_url, data_dir)
    with open_store(db_url, data_dir) as store:
        store.set_session_notes(ids["session"], "felt tired")
        assert store.list_sessions(ids["athlete"])[0].notes == "felt tired"


def test_a_database_from_a_newer_tool_is_refused_and_left_alone(db_url: str, data_dir: Path) -> None:
    with open_store(db_url, data_dir) as store, store._engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match=f"Expected a history database at schema revision {head_revision()} or older, "
                                         "but found revision '9999'"):
        open_store(db_url, data_dir)
