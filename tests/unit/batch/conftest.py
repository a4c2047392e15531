"""Fixtures of the batch tests: saved landmark files (no model runs) and an isolated history store."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from screening.io.npz import save_series
from screening.model.keypoints import LANDMARK_NAMES
from screening.model.series import make_landmark_series


def still_landmarks(path: Path, seed: int) -> Path:
    """Save a 10-frame, 30 fps series of a still, fully visible random point cloud (different per seed) as .npz."""
    rng = np.random.default_rng(seed)
    n_frames, n_points = 10, len(LANDMARK_NAMES)
    still = rng.uniform(100, 400, (2, n_points))
    series = make_landmark_series(
        np.arange(n_frames) / 30.0, np.repeat(still[None], n_frames, axis=0),
        np.repeat(rng.normal(0, 0.3, (3, n_points))[None], n_frames, axis=0),
        np.full((n_frames, n_points), 0.99), np.full((n_frames, n_points), 0.99),
        {"fps": 30.0, "frame_width": 640, "frame_height": 480, "source_name": path.name.replace(".npz", ".mp4"),
         "model_name": "pose_landmarker_full", "model_sha256": "0" * 64})
    save_series(series, path)
    return path


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the default store at a temporary data folder."""
    monkeypatch.setenv("SCREENING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SCREENING_DB_URL", raising=False)
    return tmp_path / "data"


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    """A manifest of 4 landmark files, no protocol: athlete A (2 clips, left and right), B (1), C (a broken file)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, seed in (("a_left.npz", 1), ("a_right.npz", 2), ("b.npz", 3)):
        still_landmarks(folder / name, seed)
    (folder / "c.npz").write_bytes(b"not a landmark file")
    path = folder / "team.csv"
    path.write_text("athlete,protocol,file,side\nAnna,,a_left.npz,left\nBen,,b.npz,\nanna ,,a_right.npz,right\n"
                    "Cleo,,c.npz,\n", encoding="utf-8")
    return path
