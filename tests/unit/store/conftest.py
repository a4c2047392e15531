"""Fixtures of the store tests: a store on SQLite and on PostgreSQL, and analyses made without MediaPipe.

The ``store`` fixture is parametrised over both backends; the PostgreSQL one needs
``SCREENING_TEST_POSTGRES_URL`` (``eval "$(.ci/start_postgres.sh)"`` sets it) and runs each test
in a fresh schema that is dropped afterwards.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from screening.config import Settings
from screening.findings import Finding
from screening.pipeline import Analysis, ClipAnalysis
from screening.pose.names import LANDMARK_NAMES
from screening.protocols.base import AthleteProfile, ProtocolResult
from screening.series import LandmarkSeries, make_landmark_series
from screening.store import Store, open_store

PG_URL_ENV = "SCREENING_TEST_POSTGRES_URL"
PG_SKIP_REASON = f"{PG_URL_ENV} is not set; run `eval \"$(.ci/start_postgres.sh)\"` to test on PostgreSQL"

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=[
        pytest.mark.postgres, pytest.mark.skipif(not os.environ.get(PG_URL_ENV), reason=PG_SKIP_REASON)]),
]


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the user's real data folder and database."""
    monkeypatch.setenv("SCREENING_DATA_DIR", str(tmp_path / "default-data"))
    monkeypatch.delenv("SCREENING_DB_URL", raising=False)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder (the SQLite database goes in it too, as by default)."""
    return tmp_path / "data"


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """``"sqlite"`` or ``"postgres"``."""
    return str(request.param)


@pytest.fixture
def db_url(backend: str, data_dir: Path) -> Iterator[str]:
    """A URL of an empty database: a SQLite file in ``data_dir``, or a fresh PostgreSQL schema."""
    if backend == "sqlite":
        yield f"sqlite:///{data_dir / 'history.sqlite3'}"
        return
    yield from postgres_schema_url(os.environ[PG_URL_ENV])


def postgres_schema_url(base_url: str) -> Iterator[str]:
    """Yield ``base_url`` pointed at a new schema (via search_path); drop the schema afterwards."""
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield sa.make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture
def store(db_url: str, data_dir: Path) -> Iterator[Store]:
    """An open, empty store at the current schema."""
    opened = open_store(db_url, data_dir)
    yield opened
    opened.close()


def tiny_series(source_name: str = "squat_side.mp4", n_frames: int = 6, seed: int = 0) -> LandmarkSeries:
    """A 6-frame, 30 fps landmark series of random points (not a body): only for storing and reloading."""
    rng = np.random.default_rng(seed)
    n_points = len(LANDMARK_NAMES)
    time_s = np.arange(n_frames) / 30.0
    position = rng.uniform(0, 480, (n_frames, 2, n_points))
    position[2] = np.nan  # a frame with no person, on purpose
    attrs = {
        "fps": 30.0, "frame_width": 640, "frame_height": 480, "source_name": source_name,
        "source_sha256": hashlib.sha256(source_name.encode()).hexdigest(),
        "model_name": "pose_landmarker_full", "model_sha256": "c" * 64, "software_version": "0.1.0",
    }
    return make_landmark_series(time_s, position, rng.normal(0, 0.3, (n_frames, 3, n_points)),
                                np.full((n_frames, n_points), 0.9), np.full((n_frames, n_points), 0.95), attrs)


def finding(metric: str = "squat_depth_knee_flexion", side: str = "left", value: float | None = 100.0,
            severity: str = "normal", protocol: str = "squat", unit: str = "deg") -> Finding:
    """A finding as a protocol would make it (the numbers are made up)."""
    return Finding(
        protocol=protocol, metric=metric, side=side, value=value, unit=unit, severity=severity, confidence="high",
        confidence_reason="all frames visible", explanation=f"{metric} {side}: {value}", normal_min=90.0,
        normal_max=None, norm_source="made-up norm for tests", follow_up="", label=f"{metric} ({side})",
        details={"threshold_note": "test", "reps": [1, 2, 3], "ratio": 0.5},
    )


AnalysisFactory = Callable[..., Analysis]


@pytest.fixture
def make_analysis(tmp_path: Path) -> AnalysisFactory:
    """Return ``make(findings, created_at="2024-03-01T10:00:00+00:00", clips=1, with_videos=False)``.

    Each clip is a :func:`tiny_series`; with ``with_videos`` each clip also gets a small fake
    source video and annotated video file (bytes, not a real MP4) in ``tmp_path``.
    """

    def make(findings: list[Finding] | None = None, created_at: str = "2024-03-01T10:00:00+00:00", clips: int = 1,
             with_videos: bool = False, protocol: str = "squat") -> Analysis:
        found = [finding()] if findings is None else findings
        clip_list = []
        for index in range(clips):
            name = f"clip{index}_{uuid.uuid4().hex[:6]}.mp4"
            series = tiny_series(name, seed=index)
            source = annotated = None
            if with_videos:
                source = tmp_path / "videos" / name
                source.parent.mkdir(exist_ok=True)
                source.write_bytes(b"fake source video " + name.encode())
                annotated = tmp_path / "videos" / f"{Path(name).stem}_annotated.mp4"
                annotated.write_bytes(b"fake annotated video " + name.encode())
            angles = pd.DataFrame({"knee_flexion_left": np.linspace(10, 100, series.sizes["time"])},
                                  index=pd.Index(series["time"].values, name="time_s"))
            clip_list.append(ClipAnalysis(raw=series, series=series, angles=angles, source_path=source,
                                          annotated_video=annotated))
        result = ProtocolResult(protocol=protocol, findings=found)
        return Analysis(protocol, clip_list, result, Settings(), AthleteProfile(birth_year=1990, sex="female",
                                                                                height_cm=170.0), created_at)

    return make


def snapshot(store: Store) -> tuple[dict[str, list[tuple]], dict[str, str]]:
    """Return every row of every table and every file (relative path → sha256) under the data folder."""
    rows = {}
    with store._engine.connect() as connection:  # a test may look inside
        for table in ("store_meta", "athletes", "sessions", "clips", "findings"):
            rows[table] = sorted(tuple(map(repr, r)) for r in connection.exec_driver_sql(f"SELECT * FROM {table}"))
    files = {p.relative_to(store.data_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(store.data_dir.rglob("*")) if p.is_file() and "history.sqlite3" not in p.name}
    return rows, files
