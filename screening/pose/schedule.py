"""Which frames get pose inference: every k-th frame, and every frame around the turns of a movement.

Screening movements are slow (a squat or a reach takes 2–4 s), so inferring every frame of a
30 fps clip mostly measures the same posture again. With a stride, the tracker infers every
``base``-th frame. The reported numbers are peaks, though, and a peak read from samples 0.2 s
apart is both coarser and noisier (fewer samples for the low-pass filter to average) than one
read at full rate. So the recent frames are kept, and when three inferred samples in a row show
a *turn* (a limb segment or the trunk turned furthest from its rest orientation at the middle
one: the bottom of a squat, the top of a reach, each end of a hip rotation), every frame between
the outer two is inferred after all, by a second tracker, as a full-rate analysis would. Every
frame is inferred for a while after the subject was lost or jumped (unstable tracking). The
landmarks of the frames left out are interpolated (``pose.extract``).

Everything is decided in frame order from the frames already analysed, so two runs infer the
same frames, with or without threads.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from screening.pose.estimator import PoseDetection
from screening.pose.names import LANDMARK_INDEX

AUTO_BASE_HZ = 5.0  # tracked inferences per second of video away from turns (stride "auto")
TURN_MIN_DISPLACEMENT_DEG = 15.0  # a turn: a segment turned at least this far from its rest orientation,
TURN_FAR_FRACTION = 0.6  # and at least this share of the furthest it has turned that way
JUMP_SPEED_DEG_S = 720.0  # a segment turning faster than this between inferences: unstable tracking
UNSTABLE_HOLD_S = 0.5  # every frame is inferred this long after a jump or a lost subject
HOLD_MAX_SPEED_DEG_S = 30.0  # a segment turning slower than this is held still...
HOLD_REST_S = 1.0  # ...and held this long away from rest makes its orientation the new rest
WARM_UP_FRAMES = 6  # the second tracker starts this many frames before a turn's window (its smoothing settles)
MIN_VISIBILITY = 0.5  # landmarks below this visibility are not used to judge the motion

# Limb segments (proximal → distal) and the trunk, whose image-plane orientations describe the posture.
SEGMENTS: tuple[tuple[str, str], ...] = tuple(
    (f"{side}_{a}", f"{side}_{b}")
    for side in ("left", "right")
    for a, b in (("shoulder", "elbow"), ("elbow", "wrist"), ("hip", "knee"), ("knee", "ankle"), ("hip", "shoulder"))
)
_SEGMENT_INDEX = np.array([[LANDMARK_INDEX[a], LANDMARK_INDEX[b]] for a, b in SEGMENTS])


@dataclass(frozen=True)
class StridePlan:
    """Frames between tracked pose inferences (``base``), and whether turns are filled in densely."""

    base: int
    dense_turns: bool

    @property
    def every_frame(self) -> bool:
        """Return True when every frame is inferred (stride 1)."""
        return self.base == 1

    @property
    def kept_frames(self) -> int:
        """Return how many recent frames must be kept to fill in a turn (two strides and the warm-up)."""
        return 2 * self.base + WARM_UP_FRAMES + 1 if self.dense_turns else 1

    def describe(self) -> str:
        """Return the plan in words, for the processing log."""
        if self.every_frame:
            return "pose inferred on every frame"
        turns = ", every frame around the turns of the movement" if self.dense_turns else ""
        return (f"pose inferred on every {_ordinal(self.base)} frame{turns} and every frame after a lost or "
                "jumping subject")


def _ordinal(n: int) -> str:
    """Return ``2nd``, ``3rd``, ``6th`` ..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def plan_for(stride: str | int, fps: float) -> StridePlan:
    """Return the plan for a ``stride`` setting (``"auto"`` or a whole number ≥ 1) at ``fps`` frames/s.

    ``"auto"`` tracks about :data:`AUTO_BASE_HZ` frames a second and fills in every frame around
    turns; a number N infers every N-th frame only (N = 1: every frame). A photo or a clip of
    unknown rate (``fps`` 0) gets every frame.
    """
    if stride == "auto":
        if fps <= 0:
            return StridePlan(1, False)
        return StridePlan(max(1, round(fps / AUTO_BASE_HZ)), True)
    return StridePlan(max(1, int(stride)), False)


class TurnWatch:
    """Follows the posture at each tracked inference: the stride to go on with, and where turns were.

    Uses the image-plane orientation (degrees) of each limb segment and the trunk against its rest
    orientation (the first one seen). A segment held still away from rest for
    :data:`HOLD_REST_S` (a raised free leg, arms held forward) takes that as its new rest.
    """

    def __init__(self, plan: StridePlan) -> None:
        self.plan = plan
        n = len(SEGMENTS) + 1
        self._rest = np.full(n, np.nan)
        self._furthest = np.zeros((2, n))  # furthest turned below (row 0, ≤ 0) and above (row 1, ≥ 0) rest
        self._samples: list[tuple[int, float, np.ndarray]] = []  # last three: frame, time (s), displacement
        self._still_since = np.full(n, np.nan)
        self._unstable_until = -math.inf
        self._seen = False
        self.stride_now = 1

    def turn_window_after(self, index: int, time_s: float, detection: PoseDetection | None) -> tuple[int, int] | None:
        """Take the tracked inference of frame ``index`` (:meth:`add`) and return :meth:`turn_window`."""
        self.stride_now = self.add(index, time_s, detection)
        return self.turn_window()

    def add(self, index: int, time_s: float, detection: PoseDetection | None) -> int:
        """Take the tracked inference of frame ``index``; return the stride to go on with."""
        if self.plan.every_frame:
            return 1
        if detection is None:
            if self._seen and self._samples:  # just lost: look at every frame for a while
                self._unstable_until = time_s + UNSTABLE_HOLD_S
            self._samples = []
            return 1 if time_s < self._unstable_until else self.plan.base
        self._seen = True
        angles = posture_features(detection)
        self._rest = np.where(np.isfinite(self._rest), self._rest, angles)
        displacement = _wrapped(angles - self._rest)
        if self._samples and time_s > self._samples[-1][1]:
            last_time, last = self._samples[-1][1], self._samples[-1][2]
            speed = np.abs(_wrapped(displacement - last)) / (time_s - last_time)
            if _largest(speed) > JUMP_SPEED_DEG_S:
                self._unstable_until = time_s + UNSTABLE_HOLD_S
            self._rebase_held(time_s, angles, displacement, speed)
            displacement = _wrapped(angles - self._rest)
        with np.errstate(invalid="ignore"):
            self._furthest[0] = np.fmin(self._furthest[0], displacement)
            self._furthest[1] = np.fmax(self._furthest[1], displacement)
        self._samples = [*self._samples[-2:], (index, time_s, displacement)]
        return 1 if time_s < self._unstable_until else self.plan.base

    def turn_window(self) -> tuple[int, int] | None:
        """Return ``(first, last)`` frames around a turn at the middle of the last three samples, else None.

        A turn: some segment is further from rest at the middle sample than at both outer ones,
        at least :data:`TURN_MIN_DISPLACEMENT_DEG` and :data:`TURN_FAR_FRACTION` of the furthest
        it has turned that way. The window is the frames strictly between the outer samples.
        """
        if not self.plan.dense_turns or len(self._samples) < 3:
            return None
        (before, _, outer_a), (_, _, middle), (after, _, outer_b) = self._samples
        with np.errstate(invalid="ignore"):
            furthest = np.where(middle < 0, self._furthest[0], self._furthest[1])
            turned = (
                (np.abs(middle) >= np.abs(outer_a)) & (np.abs(middle) >= np.abs(outer_b))
                & (np.sign(middle) == np.sign(outer_a)) & (np.sign(middle) == np.sign(outer_b))
                & (np.abs(middle) >= TURN_MIN_DISPLACEMENT_DEG)
                & (np.abs(middle) >= TURN_FAR_FRACTION * np.abs(furthest))
            )
        if not bool(np.any(turned)) or after - before < 2:
            return None
        return before + 1, after - 1

    def _rebase_held(self, time_s: float, angles: np.ndarray, displacement: np.ndarray, speed: np.ndarray) -> None:
        """Make a segment's rest its current orientation once it was held still away from rest long enough."""
        with np.errstate(invalid="ignore"):
            still = (speed <= HOLD_MAX_SPEED_DEG_S) & (np.abs(displacement) >= TURN_MIN_DISPLACEMENT_DEG)
        self._still_since = np.where(still, np.fmin(self._still_since, time_s), np.nan)
        held = still & (time_s - self._still_since >= HOLD_REST_S)
        if held.any():
            self._rest = np.where(held, angles, self._rest)
            self._furthest[:, held] = 0.0
            self._still_since[held] = np.nan


def _largest(degrees: np.ndarray) -> float:
    """Return the largest absolute value of ``degrees`` ignoring NaN (0 when all are NaN)."""
    magnitude = np.abs(degrees)
    return float(np.nanmax(magnitude)) if np.isfinite(magnitude).any() else 0.0


def posture_features(detection: PoseDetection) -> np.ndarray:
    """Return :func:`segment_angles` and the hips' height in hundredths of the torso length (image y, down).

    The hips' height shows a squat filmed from the front, where the legs barely turn in the image.
    Its changes are read like degrees: a drop of 0.15 torso lengths counts as a 15° turn (it is
    kept modulo 360, so the wrapped differences of the angles apply to it too: its changes stay far
    below 180, 1.8 torso lengths).
    """
    position = detection.position_px
    hips = position[1, [LANDMARK_INDEX["left_hip"], LANDMARK_INDEX["right_hip"]]].mean()
    shoulders = position[:, [LANDMARK_INDEX["left_shoulder"], LANDMARK_INDEX["right_shoulder"]]].mean(axis=1)
    torso = float(np.hypot(*(position[:, [LANDMARK_INDEX["left_hip"], LANDMARK_INDEX["right_hip"]]].mean(axis=1)
                             - shoulders)))
    height = 100.0 * hips / torso if torso > 1.0 else np.nan
    return np.append(segment_angles(detection), height % 360.0)


def segment_angles(detection: PoseDetection) -> np.ndarray:
    """Return each of :data:`SEGMENTS`' image-plane orientation in degrees (NaN where a point is not visible)."""
    position = detection.position_px
    visible = np.nan_to_num(detection.visibility, nan=1.0) >= MIN_VISIBILITY
    start, end = _SEGMENT_INDEX[:, 0], _SEGMENT_INDEX[:, 1]
    dx, dy = position[0, end] - position[0, start], position[1, end] - position[1, start]
    angles = np.degrees(np.arctan2(dy, dx))
    return np.where(visible[start] & visible[end], angles, np.nan)


def _wrapped(degrees: np.ndarray) -> np.ndarray:
    """Return angle differences wrapped to [−180, 180) degrees."""
    return (degrees + 180.0) % 360.0 - 180.0
