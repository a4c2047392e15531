"""Which way, and how far, a side-view camera is turned toward the subject's front or back.

In a true side view the left and right hips, knees and ankles line up in the image; a camera turned
toward the subject's front sees the far-side leg ahead of the near one (in the facing direction), a
camera turned toward the back sees it behind. On the rendered accuracy bench (issue 13, 58 side-view
reaches 0–11° off, ``docs/accuracy.md`` "1e") the far-side lead of MediaPipe's hip, knee and ankle points,
in torso lengths, was ``SIDE_VIEW_LEAD_TORSO`` at a true side view and grew by ``LEAD_PER_DEG`` per degree
of turn (estimate − true turn: 1.8° mean absolute, worst 5°).

The far-side lead does not depend on which way the subject faces: facing image-right the right side
is near and the lead is ``(left − right) · (+1)``; facing image-left it is ``(right − left) · (−1)``;
both are ``left.x − right.x``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from screening.kinematics.orientation import facing, point, torso_length
from screening.model.series import LandmarkSeries

SIDE_VIEW_LEAD_TORSO = 0.026  # far-side hip/knee/ankle lead in a true side view (MediaPipe, rendered bench)
LEAD_PER_DEG = 0.0055  # torso lengths of far-side lead per degree of camera turn toward the front
MAX_TURN_DEG = 15.0  # estimates are clipped here (the view check refuses side views more than 20° off)
LEG_PARTS = ("hip", "knee", "ankle")


def far_side_lead(series: LandmarkSeries) -> np.ndarray:
    """Return the per-frame lead of the far-side leg over the near one, torso lengths (see module doc).

    Mean over hip, knee and ankle of ``left.x − right.x`` (image x), divided by the torso length.
    """
    torso = torso_length(series)
    offsets = [point(series, f"left_{part}")[:, 0] - point(series, f"right_{part}")[:, 0] for part in LEG_PARTS]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.mean(offsets, axis=0) / torso


def side_view_turn_deg(series: LandmarkSeries) -> np.ndarray:
    """Return the per-frame camera turn from the side view, degrees: + toward the subject's front, − toward the back.

    Clipped to ±``MAX_TURN_DEG``; NaN where a hip, knee or ankle is missing.
    """
    turn = (far_side_lead(series) - SIDE_VIEW_LEAD_TORSO) / LEAD_PER_DEG
    return np.clip(turn, -MAX_TURN_DEG, MAX_TURN_DEG)


def side_view_turn_columns(series: LandmarkSeries) -> pd.DataFrame:
    """Return ``side_view_turn_left`` and ``side_view_turn_right`` per frame (deg), indexed by ``time_s``.

    Each holds :func:`side_view_turn_deg` in the frames where that side is nearer the camera (facing
    image-right the right side is near) and NaN elsewhere. Pass the *raw* series: the far-side leg's
    points have a low visibility in a side view, and cleaning masks them, but their image positions
    still carry the turn (on the bench: correlation 0.9 with the true turn).
    """
    turn, direction = side_view_turn_deg(series), facing(series)
    index = pd.Index(series["time"].values, name="time_s")
    return pd.DataFrame(
        {f"side_view_turn_{side}": np.where(direction == sign, turn, np.nan) for side, sign in (("left", -1.0),
                                                                                                ("right", 1.0))},
        index=index,
    )
