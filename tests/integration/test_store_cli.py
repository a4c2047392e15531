"""The history commands end to end: analyze --athlete, athletes, history, export, delete.

The input is a saved landmark file (``.npz``), so no model runs; everything goes to a
temporary data folder through ``SCREENING_DATA_DIR``.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from screening.cli import main
from screening.io.npz import save_series
from screening.model.keypoints import LANDMARK_NAMES
from screening.model.series import make_landmark_series
from screening.store import open_store


@pytest.fixture
def landmark_file(tmp_path: Path) -> Path:
    """A 10-frame, 30 fps landmark series of a still, fully visible random point cloud, saved as .npz."""
    rng = np.random.default_rng(7)
    n_frames, n_points = 10, len(LANDMARK_NAMES)
    still = rng.uniform(100, 400, (2, n_points))
    series = make_landmark_series(
        np.arange(n_frames) / 30.0, np.repeat(still[None], n_frames, axis=0),
        np.repeat(rng.normal(0, 0.3, (3, n_points))[None], n_frames, axis=0),
        np.full((n_frames, n_points), 0.99), np.full((n_frames, n_points), 0.99),
        {"fps": 30.0, "frame_width": 640, "frame_height": 480, "source_name": "still.mp4",
         "model_name": "pose_landmarker_full", "model_sha256": "0" * 64})
    path = tmp_path / "still_landmarks.npz"
    save_series(series, path)
    return path


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the store at a temporary data folder; keep fd 2 where pytest wants it."""
    monkeypatch.setenv("SCREENING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SCREENING_DB_URL", raising=False)
    monkeypatch.setenv("SCREENING_DEBUG", "1")
    return tmp_path / "data"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_analyze_with_athlete_then_list_history_export_and_delete(
        landmark_file: Path, tmp_path: Path, isolated: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    for _ in range(2):
        code, _ = run(capsys, "analyze", str(landmark_file), "--out", str(tmp_path / "out"), "--athlete", "Client 9",
                      "--birth-year", "1991", "--no-video")
        assert code == 0

    code, out = run(capsys, "athletes")
    assert code == 0 and "Client 9" in out and " 2  " in out

    code, out = run(capsys, "history", "client 9", "--csv", str(tmp_path / "trends.csv"))
    assert code == 0 and "2 session(s)" in out and "still.mp4" in out
    assert (tmp_path / "trends.csv").is_file()

    code, _ = run(capsys, "export", "Client 9", "--out", str(tmp_path / "client9.zip"))
    assert code == 0
    with zipfile.ZipFile(tmp_path / "client9.zip") as archive:
        document = json.loads(archive.read("athlete.json"))
        assert document["athlete"]["birth_year"] == 1991
        assert len([n for n in archive.namelist() if n.endswith("_landmarks.npz")]) == 2

    code, out = run(capsys, "delete", "Client 9")  # pytest's stdin is not a terminal
    assert code == 2 and "Expected --yes" in out and "nothing was deleted" in out
    with open_store() as store:
        assert [a.name for a in store.list_athletes()] == ["Client 9"]

    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    code, out = run(capsys, "delete", "Client 9")
    assert code == 1 and "Nothing deleted" in out

    code, out = run(capsys, "delete", "Client 9", "--yes")
    assert code == 0 and "Deleted Client 9 with 2 session(s)" in out
    with open_store() as store:
        assert store.list_athletes() == []
    assert not [p for p in isolated.rglob("*") if p.is_file() and p.suffix == ".npz"]


def test_history_of_an_unknown_athlete_fails_with_the_store_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "history", "nobody")
    assert code == 10
    assert "Expected an athlete named 'nobody', but found none (known: none yet)" in out


class _Terminal(io.StringIO):
    """A stdin that says it is a terminal."""

    def isatty(self) -> bool:
        return True
