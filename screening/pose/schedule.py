"""Which frames get pose inference: every k-th frame, and every frame where the movement starts or turns.

Screening movements are slow (a squat or a reach takes 2–4 s), so inferring every frame of a
30 fps clip mostly measures the same posture again. With ``stride = "auto"`` the tracker infers
every ``base``-th frame while the body rests or moves steadily, and every frame within 0.2 s of
where the motion starts, stops or turns (:class:`MotionWatch`, from the frame differences of the
frames decoded ahead, before any inference): the reported numbers are read there (a peak, the
posture a rep starts from), and MediaPipe's tracker, its smoothing and the low-pass filter after
it give the same values there only if they saw the same frames (measured: reading only ±0.1 s
around each start and peak moves the elbow at the top of a reach by up to 3°; ±0.2 s keeps every
number within MediaPipe's own noise floor). One tracker does it all, in frame order.

As a safety net, when three tracked samples in a row still show a turn that was skipped over
(:class:`TurnWatch`: a limb segment or the trunk furthest from its rest orientation at the middle
one), the frames around it are inferred after all by a second tracker, in a thread of its own.
Every frame is inferred for a while after the subject was lost or jumped (unstable tracking). The
landmarks of the frames left out are interpolated (``pose.extract``).

Everything is decided in frame order from the frames already decoded and analysed, so two runs
infer the same frames, with or without threads.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import numpy as np

from screening.pose.estimator import PoseDetection
from screening.pose.names import LANDMARK_INDEX

AUTO_BASE_HZ = 5.0  # tracked inferences per second of video away from turns (stride "auto")
MAX_AUTO_FPS = 60.0  # above this frame rate "auto" infers every N-th frame, about this many a second
TURN_MIN_DISPLACEMENT_DEG = 15.0  # a turn: a segment turned at least this far from its rest orientation,
TURN_FAR_FRACTION = 0.6  # and at least this share of the furthest it has turned that way
JUMP_SPEED_DEG_S = 720.0  # a segment turning faster than this between inferences: unstable tracking
UNSTABLE_HOLD_S = 0.5  # every frame is inferred this long after a jump or a lost subject
HOLD_MAX_SPEED_DEG_S = 30.0  # a segment turning slower than this is held still...
HOLD_REST_S = 1.0  # ...and held this long away from rest makes its orientation the new rest
WARM_UP_FRAMES = 6  # the second tracker starts this many frames before a turn's window (its smoothing settles)
TURN_HALF_WIDTH_S = 0.1  # every frame this close to a turn's estimated time is inferred (the filter's reach)
DENSE_REACH_S = 0.2  # every frame this close to a start, stop or turn of the motion is inferred
SETTLE_S = 0.5  # every frame this long after the subject is found (first or again) is inferred: the tracker
# settles after a detection (one that skipped frames 1-2 read a hip rotation 2.6° off, 0.6 s later)
MOTION_SMOOTH_FRAMES = 3  # the motion energy is averaged over this many frames
STILL_FRACTION = 0.3  # motion below this share of the liveliest motion of the last LIVELY_WINDOW_S counts as still...
STILL_FLOOR = 0.6  # ...and so does motion below this (grey levels of mean frame difference: camera noise)
THUMBNAIL_SCALE = 8  # the motion is measured on frames shrunk this many times
LIVELY_WINDOW_S = 3.0  # ...so one burst (walking into place, a camera bump) does not hide the stillness after it
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
        turns = (", every frame within 0.2 s of where the movement starts, stops or turns and for 0.5 s after the "
                 "subject is found" if self.dense_turns else "")
        return (f"pose inferred on every {_ordinal(self.base)} frame{turns} and every frame after a lost or "
                "jumping subject")


def _ordinal(n: int) -> str:
    """Return ``2nd``, ``3rd``, ``6th`` ..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def plan_for(stride: str | int, fps: float) -> StridePlan:
    """Return the plan for a ``stride`` setting (``"auto"`` or a whole number ≥ 1) at ``fps`` frames/s.

    ``"auto"`` tracks about :data:`AUTO_BASE_HZ` frames a second and fills in every frame around
    starts, stops and turns (a clip above :data:`MAX_AUTO_FPS` frames a second: every N-th frame,
    about that many a second); a number N infers every N-th frame only (N = 1: every frame). A photo or a clip of
    unknown rate (``fps`` 0) gets every frame.
    """
    if stride == "auto":
        if fps <= 0:
            return StridePlan(1, False)
        if fps > MAX_AUTO_FPS:  # slow motion: every N-th frame, about 60 a second (memory stays bounded)
            return StridePlan(round(fps / MAX_AUTO_FPS), False)
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
        if not self._samples:  # found (first, or again after nobody): the tracker settles after its detection
            self._unstable_until = max(self._unstable_until, time_s + SETTLE_S)
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
        it has turned that way. Its time is estimated by the parabola through the three samples
        (per segment that turned); the window is the frames within :data:`TURN_HALF_WIDTH_S` of the
        earliest and latest such time, and strictly between the outer samples.
        """
        if not self.plan.dense_turns or len(self._samples) < 3:
            return None
        (before, _, outer_a), (middle_index, _, middle), (after, _, outer_b) = self._samples
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
        peaks = _vertex_frames(before, middle_index, after, *(np.abs(v[turned]) for v in (outer_a, middle, outer_b)))
        half_width = max(1, round(TURN_HALF_WIDTH_S * self.plan.base * AUTO_BASE_HZ))  # base × 5 Hz ≈ frame rate
        return max(before + 1, round(peaks.min()) - half_width), min(after - 1, round(peaks.max()) + half_width)

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


class MotionWatch:
    """Finds the starts, stops and turns of the movement in the frames ahead, before pose inference.

    A reported number is read where the movement starts (the posture it is measured from) or turns
    (a peak). Both are where the body's motion changes between *moving* and *still*: a squat's
    bottom is a brief stillness between going down and coming up. The motion of each frame is the
    mean absolute difference of its grey thumbnail from the previous frame's, inside the subject's
    box (the whole frame while nobody is found), the median of :data:`MOTION_SMOOTH_FRAMES` frames
    (a one-frame flash is ignored); *still* is below :data:`STILL_FRACTION` of the liveliest motion
    of the last :data:`LIVELY_WINDOW_S` (or below :data:`STILL_FLOOR`). Every frame within
    :data:`DENSE_REACH_S` of a change between the two is inferred (:meth:`dense`); the frames are
    decoded :attr:`lookahead` frames ahead so the change is seen in time. Costs about 0.1 ms a frame.
    """

    def __init__(self, fps: float) -> None:
        self.reach = max(1, round(DENSE_REACH_S * fps))
        self.lookahead = self.reach + MOTION_SMOOTH_FRAMES // 2
        self._previous: np.ndarray | None = None
        self._raw: dict[int, float] = {}
        self._still: dict[int, bool] = {}
        self._recent: deque[float] = deque(maxlen=max(1, round(LIVELY_WINDOW_S * fps)))

    def add(self, index: int, image_bgr: np.ndarray, region: tuple[float, float, float, float] | None) -> None:
        """Take the next decoded frame; ``region`` is the subject's box (x0, y0, x1, y1, fractions of the frame)."""
        import cv2  # here, not at the top: the schedule's other parts need no OpenCV

        height, width = image_bgr.shape[:2]
        small = cv2.resize(image_bgr, (max(1, width // THUMBNAIL_SCALE), max(1, height // THUMBNAIL_SCALE)),
                           interpolation=cv2.INTER_LINEAR)
        grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY).astype(np.int16)
        if self._previous is None or self._previous.shape != grey.shape:
            self._raw[index] = 0.0
        else:
            difference = np.abs(grey - self._previous)
            if region is not None:
                x0, y0, x1, y1 = region
                h, w = grey.shape
                difference = difference[int(y0 * h): max(int(y1 * h), int(y0 * h) + 1),
                                        int(x0 * w): max(int(x1 * w), int(x0 * w) + 1)]
            self._raw[index] = float(difference.mean()) if difference.size else 0.0
        self._previous = grey
        middle = index - MOTION_SMOOTH_FRAMES // 2
        window = [self._raw[i] for i in range(middle - MOTION_SMOOTH_FRAMES // 2, index + 1) if i in self._raw]
        if middle >= 0 and window:
            motion = float(np.median(window))
            self._recent.append(motion)
            self._still[middle] = motion < max(STILL_FLOOR, STILL_FRACTION * max(self._recent))
        for old in [i for i in self._raw if i < index - 4 * self.lookahead]:
            del self._raw[old]
            self._still.pop(old, None)

    def dense(self, index: int) -> bool:
        """Return True if the motion changes between moving and still within :attr:`reach` frames of ``index``."""
        states = [self._still[i] for i in range(index - self.reach, index + self.reach + 1) if i in self._still]
        return any(a != b for a, b in zip(states, states[1:], strict=False))


def _vertex_frames(
    before: int, middle: int, after: int, at_before: np.ndarray, at_middle: np.ndarray, at_after: np.ndarray
) -> np.ndarray:
    """Return the frame (fractional) of the top of the parabola through three samples, per column.

    The samples are at frames ``before`` < ``middle`` < ``after`` and the middle one is the
    highest, so the top lies between the outer two; a flat top gives the middle frame.
    """
    left, right = middle - before, after - middle
    # the parabola through (−left, a), (0, m), (right, b): vertex at −B / 2A
    slope_left, slope_right = (at_middle - at_before) / left, (at_after - at_middle) / right
    curvature = 2.0 * (slope_right - slope_left) / (left + right)  # 2A
    linear = (slope_left * right + slope_right * left) / (left + right)  # B
    with np.errstate(invalid="ignore", divide="ignore"):
        offset = np.where(curvature < 0, linear / -curvature, 0.0)
    return middle + np.clip(np.nan_to_num(offset), -left, right)


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
