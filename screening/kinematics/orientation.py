"""Which way the subject faces, from geometry (not from MediaPipe's visibility scores).

- ``facing``: +1 when the subject faces image-right, −1 image-left, NaN when it cannot be told
  (a front or back view). From the nose ahead of the ears and the toes ahead of the heels.
- ``lateral_left``: per frame, the y-up unit vector from the right hip to the left hip, i.e.
  toward the subject's own left, whether they face the camera or turn their back to it.
- ``near_side``: in a side view, the side facing the camera is the one the subject's
  facing direction puts there: facing image-right shows the right side.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from screening.kinematics.geometry import y_up
from screening.kinematics.nanstats import nanmean, nanmedian
from screening.model.series import LandmarkSeries

MIN_FACING_RATIO = 0.08  # |nose–ear offset| / torso length below which the facing is unknown


def point(series: LandmarkSeries, name: str, variable: str = "position") -> np.ndarray:
    """Return ``(T, D)`` coordinates of a landmark or of a midpoint (``mid_hip``, ``mid_shoulder``, ``mid_ear``).

    A midpoint falls back to the one side that is present when the other is missing (in a side
    view the far side is often masked, and both sides nearly coincide in the image).
    """
    if name.startswith("mid_"):
        part = name[4:]
        pair = np.stack([point(series, f"left_{part}", variable), point(series, f"right_{part}", variable)])
        with np.errstate(invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return nanmean(pair, axis=0)
    return series[variable].sel(keypoint=name).values


def torso_length(series: LandmarkSeries) -> np.ndarray:
    """Return the per-frame mid-shoulder to mid-hip distance (units of ``position``)."""
    return np.linalg.norm(point(series, "mid_shoulder") - point(series, "mid_hip"), axis=-1)


def torso_height_share(series: LandmarkSeries) -> float:
    """Return the subject's median torso length (:func:`torso_length`, image pixels) over the frame's height.

    Unlike the body's height it barely changes with posture (standing, squatting, seated); a person
    standing a quarter of the frame tall has a torso of about 0.085 of it (MediaPipe's nose-to-ankle
    height is about 2.9 torso lengths). 0 when it cannot be measured (nobody found).
    """
    lengths = torso_length(series)
    lengths = lengths[np.isfinite(lengths)]
    return float(np.median(lengths)) / float(series.attrs["frame_height"]) if lengths.size else 0.0


def facing(series: LandmarkSeries, window_s: float = 0.5) -> np.ndarray:
    """Return +1 (faces image-right), −1 (image-left) or NaN per frame, smoothed by a rolling median."""
    torso = torso_length(series)
    head = point(series, "nose")[:, 0] - point(series, "mid_ear")[:, 0]
    feet = nanmean(
        [point(series, f"{s}_foot_index")[:, 0] - point(series, f"{s}_heel")[:, 0] for s in ("left", "right")], axis=0
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        cue = nanmean([head / torso, 0.5 * feet / torso], axis=0)
    times = pd.to_timedelta(series["time"].values, unit="s")
    smooth = pd.Series(cue, index=times).rolling(pd.Timedelta(seconds=window_s), center=True, min_periods=1).median()
    values = smooth.to_numpy()
    return np.where(np.abs(values) >= MIN_FACING_RATIO, np.sign(values), np.nan)


def lateral_left(series: LandmarkSeries) -> np.ndarray:
    """Return ``(T, 2)`` y-up unit vectors toward the subject's left (right hip → left hip)."""
    vector = y_up(point(series, "left_hip") - point(series, "right_hip"))
    with np.errstate(invalid="ignore", divide="ignore"):
        return vector / np.linalg.norm(vector, axis=-1, keepdims=True)


def near_side(series: LandmarkSeries) -> str | None:
    """Return ``"left"`` or ``"right"``, the side facing the camera in a side view, or None."""
    direction = nanmedian(facing(series)) if np.isfinite(facing(series)).any() else np.nan
    if not np.isfinite(direction) or direction == 0:
        return None
    return "right" if direction > 0 else "left"
