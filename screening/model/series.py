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
steps applied so far. Build it only with :func:`make_landmark_series`. Files (``.npz``, netCDF,
TRC) are read and written by ``screening.io``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import xarray as xr

from screening.errors import SeriesFormatError
from screening.model.keypoints import MEDIAPIPE_POSE_33, KeypointSet

LandmarkSeries = xr.Dataset

SPACE = ("x", "y")
WORLD_SPACE = ("x", "y", "z")

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
    keypoints: KeypointSet = MEDIAPIPE_POSE_33,
) -> LandmarkSeries:
    """Build a checked landmark series.

    Parameters
    ----------
    time_s
        Capture time of each frame in seconds, shape ``(T,)``, strictly increasing.
    position_px
        Image landmarks in pixels, shape ``(T, 2, K)`` for ``K`` keypoints.
    world_position_m
        World landmarks in metres, shape ``(T, 3, K)``.
    visibility, presence
        Scores in [0, 1], shape ``(T, K)``; NaN where no person was found.
    attrs
        At least ``fps``, ``frame_width``, ``frame_height``, ``source_name``,
        ``model_name`` and ``model_sha256``.
    keypoints
        The keypoint set of the pose model (default: MediaPipe's 33 landmarks), ``K = len(keypoints)``.
    """
    time_s = np.asarray(time_s, dtype=np.float64)
    n_frames, n_points = time_s.shape[0], len(keypoints)
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
    keypoint = list(keypoints.names)
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

