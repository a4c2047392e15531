"""The interchange files, read back by the real readers: xarray and ``movement`` (netCDF), OpenSim (TRC, MOT).

The series is a synthetic side-view squat (``tests/fixtures/bodies``): 3 s at 30 fps, knees and hips
bending to 100° twice, with the left shoulder unseen in frame 5 (NaN) and a low visibility (0.2) on the
nose in frames 10-19. ``movement`` and OpenSim (``pyopensim``, OpenSim 4.5's own file adapters) run in
a child process: ``movement`` writes a log under ``$HOME`` (a temporary folder here) and redirects the
``warnings`` module, and OpenSim's C++ libraries stay out of the test process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from screening.cli import main
from screening.config import Settings
from screening.errors import SeriesFormatError, UsageError
from screening.io.exports import EXPORTS, parse_formats
from screening.io.mot import mot_text, save_mot
from screening.io.netcdf import load_netcdf, save_netcdf
from screening.io.npz import save_series
from screening.io.trc import save_trc
from screening.model.keypoints import LANDMARK_INDEX
from screening.model.series import LandmarkSeries
from screening.pipeline import clean_and_measure
from tests.fixtures.bodies import movement, reps_profile, side_body

SHOULDER, NOSE = LANDMARK_INDEX["left_shoulder"], LANDMARK_INDEX["nose"]


@pytest.fixture(scope="module")
def squat() -> tuple[LandmarkSeries, pd.DataFrame]:
    """The raw series described in the module docstring, and its cleaned angles (degrees)."""
    bend = reps_profile(100.0, 2, 3.0)
    series = movement(lambda t: {"knee_flexion": bend(t), "hip_flexion": bend(t)}, 3.0, 30.0, side_body, "side")
    series = series.copy(deep=True)
    series.attrs["source_name"] = "squat.mp4"
    series["position"][5, :, SHOULDER] = np.nan
    series["world_position"][5, :, SHOULDER] = np.nan
    series["visibility"][10:20, NOSE] = 0.2
    return series, clean_and_measure(series, Settings())[1]


def _child(code: str, tmp_path: Path) -> dict:
    """Run ``code`` in a child Python with ``$HOME`` in ``tmp_path``; return the JSON it prints last."""
    env = {**os.environ, "HOME": str(tmp_path), "PYTHONWARNINGS": "ignore"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_netcdf_round_trip_gives_the_series_back(squat, tmp_path: Path) -> None:
    series, _ = squat
    path = save_netcdf(series, tmp_path / "squat_landmarks.nc")
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    xr.testing.assert_identical(load_netcdf(path), series)


def test_netcdf_has_movements_dimensions_names_and_attributes(squat, tmp_path: Path) -> None:
    series, _ = squat
    with xr.open_dataset(save_netcdf(series, tmp_path / "squat.nc")) as data:
        assert data["position"].dims == ("time", "space", "keypoints", "individuals")
        assert data["confidence"].dims == ("time", "keypoints", "individuals")
        assert list(data["space"].values) == ["x", "y"] and list(data["individuals"].values) == ["subject"]
        assert list(data["keypoints"].values) == list(series["keypoint"].values)
        assert data.attrs["ds_type"] == "poses" and data.attrs["time_unit"] == "seconds"
        assert data.attrs["fps"] == 30.0 and data.attrs["source_file"] == "squat.mp4"
        np.testing.assert_allclose(data["time"].values, series["time"].values)
        np.testing.assert_array_equal(data["confidence"].values[..., 0], series["visibility"].values)
        assert np.isnan(data["position"].values[5, :, SHOULDER, 0]).all()


def test_movement_reads_the_netcdf_as_its_own_poses(squat, tmp_path: Path) -> None:
    """movement builds its own dataset from the same arrays (same dims, coords and variable names), computes
    velocities on ours, and masks the low-confidence nose frames with its confidence filter."""
    series, _ = squat
    path = save_netcdf(series, tmp_path / "squat.nc")
    out = _child(f"""
import json, numpy as np, xarray as xr
from movement.validators.datasets import ValidPosesInputs
from movement.kinematics import compute_velocity
from movement.filtering import filter_by_confidence
ds = xr.open_dataset({str(path)!r})
ref = ValidPosesInputs(position_array=ds.position.values, confidence_array=ds.confidence.values,
                       individual_names=list(ds.individuals.values), keypoint_names=list(ds.keypoints.values),
                       fps=ds.attrs["fps"], source_software=ds.attrs["source_software"]).to_dataset()
velocity = compute_velocity(ds.position)
kept = filter_by_confidence(ds.position, ds.confidence, threshold=0.6)
print(json.dumps({{
    "dims": {{name: list(ref[name].dims) == list(ds[name].dims) for name in ("position", "confidence")}},
    "coords": {{name: list(map(str, ref[name].values)) == list(map(str, ds[name].values))
               for name in ("space", "keypoints", "individuals")}},
    "time_close": bool(np.allclose(ref.time.values, ds.time.values)),
    "attrs": {{key: bool(ref.attrs[key] == ds.attrs[key])
              for key in ("ds_type", "fps", "time_unit", "source_software")}},
    "velocity_x": velocity.sel(space="x", keypoints="left_knee", individuals="subject").values.tolist(),
    "masked_nose": np.isnan(kept.sel(keypoints="nose", individuals="subject").values).all(axis=1).tolist(),
}}))
""", tmp_path)
    assert all(out["dims"].values()) and all(out["coords"].values()) and out["time_close"], out
    assert all(out["attrs"].values()), out["attrs"]
    knee_x = series["position"].sel(space="x", keypoint="left_knee").values
    np.testing.assert_allclose(out["velocity_x"], np.gradient(knee_x, series["time"].values), rtol=1e-4, atol=1e-3)
    assert [i for i, masked in enumerate(out["masked_nose"]) if masked] == list(range(10, 20))


def test_opensim_reads_the_trc_markers(squat, tmp_path: Path) -> None:
    series, _ = squat
    path = save_trc(series, tmp_path / "squat_markers.trc")
    out = _child(f"""
import json, numpy as np
from pyopensim import common
table = common.TimeSeriesTableVec3({str(path)!r})
print(json.dumps({{
    "labels": list(table.getColumnLabels()), "rows": table.getNumRows(),
    "units": table.getTableMetaDataAsString("Units"), "rate": table.getTableMetaDataAsString("DataRate"),
    "time": list(table.getIndependentColumn()),
    "knee": [[table.getDependentColumn("left_knee")[row].get(i) for i in range(3)]
             for row in range(table.getNumRows())],
    "shoulder5": [table.getDependentColumn("left_shoulder")[5].get(i) for i in range(3)],
}}))
""", tmp_path)
    assert out["labels"] == list(series["keypoint"].values) and out["rows"] == 90
    assert out["units"] == "m" and float(out["rate"]) == 30.0
    np.testing.assert_allclose(out["time"], series["time"].values, atol=1e-6)
    world = series["world_position"].sel(keypoint="left_knee").values  # (time, xyz), MediaPipe axes
    np.testing.assert_allclose(out["knee"], world * [1, -1, -1], atol=1e-5)  # OpenSim: Y up, Z toward the camera
    assert all(np.isnan(out["shoulder5"]))


def test_opensim_reads_the_mot_angles(squat, tmp_path: Path) -> None:
    _, angles = squat
    path = save_mot(angles, tmp_path / "squat_angles.mot")
    out = _child(f"""
import json
from pyopensim import common
table = common.TimeSeriesTable({str(path)!r})
print(json.dumps({{
    "labels": list(table.getColumnLabels()), "degrees": table.getTableMetaDataAsString("inDegrees"),
    "time": list(table.getIndependentColumn()),
    "columns": {{name: table.getDependentColumn(name).to_numpy().tolist() for name in table.getColumnLabels()}},
}}).replace("NaN", "null"))
""", tmp_path)
    assert out["labels"] == list(angles.columns) and out["degrees"] == "yes"
    np.testing.assert_allclose(out["time"], angles.index.to_numpy(), atol=1e-6)
    for name in ("knee_flexion_left", "hip_flexion_right", "knee_fppa_left"):
        read = np.array([np.nan if v is None else v for v in out["columns"][name]], dtype=float)
        np.testing.assert_allclose(read, angles[name].to_numpy(), atol=1e-4, equal_nan=True)
    assert np.nanmax(out["columns"]["knee_flexion_left"]) == pytest.approx(angles["knee_flexion_left"].max(), abs=1e-4)


def test_mot_refuses_a_column_name_with_a_space() -> None:
    from screening.errors import OutputError

    with pytest.raises(OutputError, match="without spaces"):
        mot_text(pd.DataFrame({"knee flexion": [1.0]}, index=[0.0]))


def test_load_netcdf_refuses_another_file(tmp_path: Path) -> None:
    path = tmp_path / "other.nc"
    xr.Dataset({"position": (("time",), np.zeros(3))}).to_netcdf(path, engine="netcdf4")
    with pytest.raises(SeriesFormatError, match="lacks"):
        load_netcdf(path)
    (tmp_path / "text.nc").write_text("not netcdf")
    with pytest.raises(SeriesFormatError, match="could not read"):
        load_netcdf(tmp_path / "text.nc")


def test_parse_formats() -> None:
    assert parse_formats("netcdf, TRC,mot,trc") == ("netcdf", "trc", "mot")
    with pytest.raises(UsageError, match="Expected export formats from netcdf, trc, mot"):
        parse_formats("netcdf,c3d")


def test_analyze_export_writes_each_format(squat, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``screening analyze --export`` on a saved landmark file writes one file per clip and format."""
    series, angles = squat
    monkeypatch.setenv("SCREENING_DATA_DIR", str(tmp_path / "data"))
    save_series(series, tmp_path / "squat_landmarks.npz")
    out = tmp_path / "out"
    assert main(["analyze", str(tmp_path / "squat_landmarks.npz"), "--out", str(out), "--no-video",
                 "--export", "netcdf,trc,mot"]) == 0
    names = {p.name for p in out.iterdir()}
    assert {f"squat{fmt.suffix}" for fmt in EXPORTS.values()} <= names, names
    xr.testing.assert_identical(load_netcdf(out / "squat_landmarks.nc"), series)
    header = (out / "squat_angles.mot").read_text().split("endheader\n")[1].splitlines()[0].split("\t")
    assert header == ["time", *angles.columns]


def test_analyze_refuses_an_unknown_export_format_before_analysing(tmp_path: Path) -> None:
    assert main(["analyze", str(tmp_path / "missing.mp4"), "--out", str(tmp_path / "out"), "--export", "c3d"]) == 2
    assert not (tmp_path / "out").exists()
