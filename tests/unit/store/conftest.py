"""Fixtures of the store tests: a store on SQLite and on PostgreSQL, and analyses made without MediaPipe.

The ``store`` fixture is parametrised over both backends; the PostgreSQL one needs
``SCREENING_TEST_POSTGRES_URL`` (``eval "$(.ci/start_postgres.sh)"`` sets it) and runs each test
in a fresh schema that is dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from store_testkit import AnalysisFactory, finding, tiny_series

from screening.config import Settings
from screening.model.analysis import Analysis
from screening.model.clip import ClipAnalysis
from screening.model.findings import Finding
from screening.model.profile import AthleteProfile
from screening.model.results import ProtocolResult
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
