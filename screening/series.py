"""The one core type: a landmark series, shaped like ``movement``'s datasets.

A :class:`xarray.Dataset` with

- ``position(time, space, keypoint)``: image landmarks in pixels, ``space = (x, y)``,
  x to the right and y *down* the upright (rotation-corrected) frame;
- ``world_position(time, world_space, keypoint)``: MediaPipe world landmarks in metres,
  origin between the hips, ``world_space = (x, y, z)``;
- ``visibility(time, keypoint)`` and ``presence(time, keypoint)``: MediaPipe scores in [0, 1];
- ``time``: real capture timestamps in seconds from the first frame.

Missing is NaN, never 0: a frame with no person is a row of NaNs. Attributes hold fps,
frame size, units, source and model information, and ``processing_log``, the list of
steps applied so far. Build it only with :func:`make_landmark_series`.
"""

from __future__ import annotations

import json
import zipfile
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from screening.errors import OutputError, SeriesFormatError
from screening.pose.names import LANDMARK_NAMES

LandmarkSeries = xr.Dataset

SPACE = ("x", "y")
WORLD_SPACE = ("x", "y", "z")
FORMAT_VERSION = 1

REQUIRED_ATTRS: dict[str, type] = {
    "fps": float,
    "frame_width": int,
    "frame_height": int,
    "source_name": str,
    "model_name": str,
    "model_sha256": str,
}


def make_landmark_series(
    time_s: np.ndarray,
    position_px: np.ndarray,
    world_position_m: np.ndarray,
    visibility: np.ndarray,
    presence: np.ndarray,
    attrs: dict[str, Any],
) -> LandmarkSeries:
    """Build a checked landmark series.

    Parameters
    ----------
    time_s
        Capture time of each frame in seconds, shape ``(T,)``, strictly increasing.
    position_px
        Image landmarks in pixels, shape ``(T, 2, 33)``.
    world_position_m
        World landmarks in metres, shape ``(T, 3, 33)``.
    visibility, presence
        Scores in [0, 1], shape ``(T, 33)``; NaN where no person was found.
    attrs
        At least ``fps``, ``frame_width``, ``frame_height``, ``source_name``,
        ``model_name`` and ``model_sha256``.
    """
    time_s = np.asarray(time_s, dtype=np.float64)
    n_frames, n_points = time_s.shape[0], len(LANDMARK_NAMES)
    expected = {
        "position_px": (position_px, (n_frames, 2, n_points)),
        "world_position_m": (world_position_m, (n_frames, 3, n_points)),
        "visibility": (visibility, (n_frames, n_points)),
        "presence": (presence, (n_frames, n_points)),
    }
    for name, (array, shape) in expected.items():
        if np.shape(array) != shape:
            raise SeriesFormatError(f"Expected '{name}' to have shape {shape}, but got {np.shape(array)}.")
    if time_s.ndim != 1:
        raise SeriesFormatError(f"Expected 'time_s' to have 1 dimension, but got {time_s.ndim}.")
    if n_frames > 1 and not np.all(np.diff(time_s) > 0):
        raise SeriesFormatError("Expected 'time_s' to be strictly increasing, but it is not.")
    if not np.all(np.isfinite(time_s)):
        raise SeriesFormatError("Expected 'time_s' to be finite, but it holds NaN or inf.")
    missing = [key for key in REQUIRED_ATTRS if key not in attrs]
    if missing:
        raise SeriesFormatError(f"Expected attributes {missing} in the landmark series, but they are missing.")
    try:
        clean_attrs = {key: REQUIRED_ATTRS[key](attrs[key]) if key in REQUIRED_ATTRS else attrs[key] for key in attrs}
    except (TypeError, ValueError, OverflowError) as error:
        raise SeriesFormatError(
            f"Expected attributes {list(REQUIRED_ATTRS)} of the stated types, but got: {error}"
        ) from error
    clean_attrs.setdefault("processing_log", [])
    clean_attrs.setdefault("units", {"position": "px", "world_position": "m", "time": "s"})
    keypoint = list(LANDMARK_NAMES)
    return xr.Dataset(
        data_vars={
            "position": (("time", "space", "keypoint"), np.asarray(position_px, dtype=np.float32)),
            "world_position": (("time", "world_space", "keypoint"), np.asarray(world_position_m, dtype=np.float32)),
            "visibility": (("time", "keypoint"), np.asarray(visibility, dtype=np.float32)),
            "presence": (("time", "keypoint"), np.asarray(presence, dtype=np.float32)),
        },
        coords={"time": time_s, "space": list(SPACE), "world_space": list(WORLD_SPACE), "keypoint": keypoint},
        attrs=clean_attrs,
    )


def with_log(series: LandmarkSeries, step: str) -> LandmarkSeries:
    """Return ``series`` with ``step`` appended to its processing log (the input is not changed)."""
    out = series.copy()
    out.attrs = {**series.attrs, "processing_log": [*series.attrs.get("processing_log", []), step]}
    return out


def interpolated_runs(inferred: np.ndarray) -> list[list[int]]:
    """Return ``[[first, last], ...]`` frame ranges (inclusive) where ``inferred`` is False."""
    missing = np.flatnonzero(~np.asarray(inferred, dtype=bool))
    if missing.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(missing) > 1)
    starts = np.concatenate([[missing[0]], missing[breaks + 1]])
    ends = np.concatenate([missing[breaks], [missing[-1]]])
    return [[int(a), int(b)] for a, b in zip(starts, ends, strict=True)]


def measured_frames(series: LandmarkSeries) -> np.ndarray:
    """Return a ``(T,)`` mask: True where pose estimation ran on the frame, False where it was interpolated.

    The frames interpolated between inferences (a stride > 1) are listed in the attribute
    ``interpolated_frames`` as inclusive ``[first, last]`` ranges. Reference values taken over
    many frames (a segment's standing length, the rest posture) use measured frames only: a
    segment interpolated while it turns reads shorter than it is.
    """
    mask = np.ones(series.sizes["time"], dtype=bool)
    for first, last in series.attrs.get("interpolated_frames", []) or []:
        mask[int(first) : int(last) + 1] = False
    return mask


def detected_fraction(series: LandmarkSeries) -> float:
    """Return the fraction of frames in which a person was found (0–1)."""
    if series.sizes["time"] == 0:
        return 0.0
    found = np.isfinite(series["position"].values).any(axis=(1, 2))
    return float(found.mean())


def save_series(series: LandmarkSeries, path: Path) -> None:
    """Save a landmark series to a compressed ``.npz`` file (no pickles), atomically."""
    path = Path(path)
    tmp = path.with_name(path.name + ".partial")
    try:
        _write_npz(series, tmp)
        tmp.replace(path)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"Expected to write '{path}', but could not: {error.strerror or error}") from error


def _write_npz(series: LandmarkSeries, tmp: Path) -> None:
    """Write the arrays and attributes of ``series`` to ``tmp``."""
    from screening.private import open_private

    with open_private(tmp) as handle:  # a person's movement data: owner-only
        np.savez_compressed(
            handle,
            format_version=np.array(FORMAT_VERSION),
            time_s=series["time"].values,
            position_px=series["position"].values,
            world_position_m=series["world_position"].values,
            visibility=series["visibility"].values,
            presence=series["presence"].values,
            attrs_json=np.array(json.dumps(series.attrs, default=str)),
        )


def load_series(path: Path) -> LandmarkSeries:
    """Load a landmark series saved by :func:`save_series`.

    Raises
    ------
    SeriesFormatError
        If the file is not such a series.
    """
    try:
        with np.load(Path(path), allow_pickle=False) as data:
            version = int(data["format_version"])
            if version != FORMAT_VERSION:
                raise SeriesFormatError(f"Expected landmark file format {FORMAT_VERSION}, but got {version}.")
            arrays = {key: data[key] for key in ("time_s", "position_px", "world_position_m", "visibility", "presence")}
            attrs = json.loads(str(data["attrs_json"]))
    except SeriesFormatError:
        raise
    except (
        OSError, ValueError, KeyError, TypeError, EOFError, OverflowError, NotImplementedError,
        zipfile.BadZipFile, zlib.error,
    ) as error:
        raise SeriesFormatError(
            f"Expected a landmark series (.npz) at {Path(path).name}, but could not read it: {error}"
        ) from error
    if not isinstance(attrs, dict):
        raise SeriesFormatError(
            f"Expected the attributes of {Path(path).name} to be a mapping, but got {type(attrs).__name__}."
        )
    return make_landmark_series(
        arrays["time_s"],
        arrays["position_px"],
        arrays["world_position_m"],
        arrays["visibility"],
        arrays["presence"],
        attrs,
    )
