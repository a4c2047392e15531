"""Camera view check: is the subject seen from the side or from the front, whole and upright.

The body's yaw relative to the camera is estimated per frame from how wide the shoulders and
hips look compared with the torso length (2-D, ``position``) and, where available, from the
direction of the shoulder and hip lines in MediaPipe's world landmarks (3-D, ``world_position``).
``body_yaw_deg`` is 0 when the subject faces (or turns their back to) the camera and 90 in a
true side view.
"""

from __future__ import annotations

import numpy as np

from screening.kinematics.nanstats import nanmean, nanmedian
from screening.kinematics.orientation import point, torso_length
from screening.model.results import DEFAULT_MAX_OFF_DEG, ViewCheck
from screening.model.series import LandmarkSeries

# Apparent shoulder and hip widths of MediaPipe landmarks when facing the camera, as fractions of
# the torso length (medians over the rendered front-view clips of test_videos/: 0.71–0.85 and
# 0.38–0.47). MediaPipe's hip points sit well inside the hip joints.
FRONTAL_SHOULDER_RATIO = 0.75
FRONTAL_HIP_RATIO = 0.43
BODY_PARTS = ("shoulder", "hip", "ankle")


def yaw_from_image(series: LandmarkSeries) -> np.ndarray:
    """Return per-frame body yaw in degrees (0 front, 90 side) from 2-D widths."""
    torso = torso_length(series)
    with np.errstate(invalid="ignore", divide="ignore"):
        shoulders = np.abs(
            np.diff([point(series, "right_shoulder")[:, 0], point(series, "left_shoulder")[:, 0]], axis=0)
        )[0]
        hips = np.abs(np.diff([point(series, "right_hip")[:, 0], point(series, "left_hip")[:, 0]], axis=0))[0]
        ratio = nanmean([shoulders / (FRONTAL_SHOULDER_RATIO * torso), hips / (FRONTAL_HIP_RATIO * torso)], axis=0)
    return np.degrees(np.arccos(np.clip(ratio, 0.0, 1.0)))


def yaw_from_world(series: LandmarkSeries) -> np.ndarray:
    """Return per-frame body yaw in degrees (0 front, 90 side) from the world shoulder and hip lines."""
    angles = []
    for part in ("shoulder", "hip"):
        line = point(series, f"left_{part}", "world_position") - point(series, f"right_{part}", "world_position")
        angles.append(np.degrees(np.arctan2(np.abs(line[:, 2]), np.abs(line[:, 0]))))
    with np.errstate(invalid="ignore"):
        return nanmean(angles, axis=0)


def whole_body_fraction(series: LandmarkSeries, margin_px: float = 0.0) -> float:
    """Return the share of frames (0–1) with the nose, and a shoulder, hip and ankle of either side, inside the frame.

    Frames where nobody was found do not count; a far-side landmark hidden in a side view is
    not needed when the near-side one is there.
    """
    width, height = series.attrs["frame_width"], series.attrs["frame_height"]

    def inside(name: str) -> np.ndarray:
        xy = point(series, name)
        with np.errstate(invalid="ignore"):
            return (
                (xy[:, 0] >= -margin_px)
                & (xy[:, 0] <= width + margin_px)
                & (xy[:, 1] >= -margin_px)
                & (xy[:, 1] <= height + margin_px)
            )

    visible = inside("nose")
    for part in BODY_PARTS:
        visible &= inside(f"left_{part}") | inside(f"right_{part}")
    detected = np.isfinite(series["position"].values).any(axis=(1, 2))
    if not detected.any():
        return 0.0
    return float(visible[detected].mean())


def body_yaw_deg(series: LandmarkSeries) -> np.ndarray:
    """Return the per-frame body yaw (degrees) from the 2-D and 3-D estimates.

    Near a side view the 2-D width ratio is precise (arccos is steep near 0) and near a front view
    it is not (widths differ between bodies), while the world landmarks give the orientation
    directly. So the two are blended with weight sin²(2-D yaw) on the 2-D estimate; where one is
    missing, the other is used.
    """
    image, world = yaw_from_image(series), yaw_from_world(series)
    weight = np.sin(np.radians(image)) ** 2
    blended = weight * image + (1 - weight) * world
    return np.where(np.isfinite(blended), blended, np.where(np.isfinite(image), image, world))


def check_view(
    series: LandmarkSeries, expected: str, max_off_deg: float = DEFAULT_MAX_OFF_DEG, frames: np.ndarray | None = None
) -> ViewCheck:
    """Check that a clip (or the ``frames`` mask of it) was filmed from the ``expected`` view.

    ``expected`` is ``"side"`` or ``"front"``. The check fails when the median body yaw is more
    than ``max_off_deg`` from it, or when head or feet leave the frame in over 20 % of frames.
    """
    yaw = body_yaw_deg(series)
    if frames is not None:
        yaw = yaw[frames]
    yaw_deg = float(nanmedian(yaw)) if np.isfinite(yaw).any() else float("nan")
    off = abs((90.0 if expected == "side" else 0.0) - yaw_deg) if np.isfinite(yaw_deg) else float("nan")
    whole = whole_body_fraction(series)
    reasons = []
    if not np.isfinite(off):
        reasons.append("body orientation could not be measured")
    elif off > max_off_deg:
        reasons.append(f"camera is about {off:.0f}° off the {expected} view (limit {max_off_deg:.0f}°)")
    if whole < 0.8:
        reasons.append(f"whole body in frame in only {whole:.0%} of frames")
    ok = not reasons
    reason = "; ".join(reasons) if reasons else f"{expected} view, about {off:.0f}° off; whole body in frame"
    return ViewCheck(expected, yaw_deg, off, whole, ok, reason)
