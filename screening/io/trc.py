"""Marker positions as an OpenSim ``.trc`` file (Track Row Column), as Pose2Sim and Sports2D write it.

The markers are the keypoints' MediaPipe *world* positions in metres, turned into OpenSim's axes:
X to the subject's image right, Y up and Z toward the camera (MediaPipe's y down and z away are
negated, a 180° turn about X, so the frame stays right-handed), origin between the hips. The
layout (tab-separated) is the one OpenSim's ``TRCFileAdapter`` reads::

    PathFileType  4  (X/Y/Z)  <file name>
    DataRate  CameraRate  NumFrames  NumMarkers  Units  OrigDataRate  OrigDataStartFrame  OrigNumFrames
    <fps>  <fps>  <frames>  <markers>  m  <fps>  1  <frames>
    Frame#  Time  <marker 1>      <marker 2> ...
                  X1  Y1  Z1  X2  Y2  Z2 ...
    <blank line>
    1  <time s>  <x>  <y>  <z> ...

A frame where a keypoint was not seen has empty fields (OpenSim reads them as missing, NaN).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from screening.errors import OutputError
from screening.io.atomic import write_private
from screening.model.series import LandmarkSeries

TO_OPENSIM = np.array([1.0, -1.0, -1.0])  # MediaPipe world (x right, y down, z away) -> OpenSim (Y up)


def trc_text(series: LandmarkSeries, file_name: str) -> str:
    """Return the ``.trc`` text of ``series``'s world positions (m, OpenSim axes)."""
    markers = [str(name) for name in series["keypoint"].values]
    time_s = series["time"].values
    xyz = series["world_position"].transpose("time", "keypoint", "world_space").values * TO_OPENSIM
    fps = float(series.attrs.get("fps") or 0.0) or _rate(time_s)
    frames = len(time_s)
    lines = [
        f"PathFileType\t4\t(X/Y/Z)\t{file_name}",
        "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames",
        f"{fps:g}\t{fps:g}\t{frames}\t{len(markers)}\tm\t{fps:g}\t1\t{frames}",
        "Frame#\tTime\t" + "\t\t\t".join(markers) + "\t\t",
        "\t\t" + "\t".join(f"X{i}\tY{i}\tZ{i}" for i in range(1, len(markers) + 1)),
        "",
    ]
    for frame, (t, row) in enumerate(zip(time_s, xyz, strict=True), start=1):
        values = "\t".join("" if not np.isfinite(v) else f"{v:.6f}" for v in row.ravel())
        lines.append(f"{frame}\t{t:.6f}\t{values}")
    return "\n".join(lines) + "\n"


def save_trc(series: LandmarkSeries, path: Path) -> Path:
    """Write ``series``'s world positions to a ``.trc`` file at ``path``; return the path.

    Raises
    ------
    OutputError
        If the file cannot be written.
    """
    path = Path(path)
    return write_private(path, trc_text(series, path.name).encode("utf-8"))


def _rate(time_s: np.ndarray) -> float:
    """Return the frame rate (Hz) from the median step of the timestamps (s), or 0 for one frame."""
    steps = np.diff(time_s)
    if not len(steps):
        return 0.0
    median = float(np.median(steps))
    if median <= 0:
        raise OutputError(f"Expected increasing timestamps for a .trc file, but got a median step of {median} s.")
    return 1.0 / median
