"""Helpers of the store tests: tiny landmark series, findings, and a snapshot of a store's rows and files."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import numpy as np

from screening.model.analysis import Analysis
from screening.model.findings import Finding
from screening.model.keypoints import LANDMARK_NAMES
from screening.model.series import LandmarkSeries, make_landmark_series
from screening.store import Store


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


def snapshot(store: Store) -> tuple[dict[str, list[tuple]], dict[str, str]]:
    """Return every row of every table and every file (relative path → sha256) under the data folder."""
    rows = {}
    with store._engine.connect() as connection:  # a test may look inside
        for table in ("store_meta", "athletes", "sessions", "clips", "findings"):
            rows[table] = sorted(tuple(map(repr, r)) for r in connection.exec_driver_sql(f"SELECT * FROM {table}"))
    files = {p.relative_to(store.data_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(store.data_dir.rglob("*")) if p.is_file() and "history.sqlite3" not in p.name}
    return rows, files
