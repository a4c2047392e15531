"""The camera set-up of a screen, checked on one frame, and the advice to give, debounced over a short window.

:func:`check_frame` takes everyone found in one frame and returns what is wrong with the set-up for
the chosen screen, most important first, each with one piece of advice in plain words: one person
only, enough light, the whole body in the picture (which part is cut), the distance (the body's
share of the picture height), the facing angle against the view the screen needs (the protocols'
own ``expected_view`` and the view check's body yaw), and the camera's aim (the body centred in
height). :class:`SetupMonitor` turns the per-frame checks into a state that changes only when a
problem (or its absence) holds over most of a short window, so advice appears within a second and
does not flicker.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field

import numpy as np

from screening.kinematics.orientation import facing
from screening.kinematics.view import body_yaw_deg
from screening.model.keypoints import LANDMARK_NAMES
from screening.model.results import DEFAULT_MAX_OFF_DEG
from screening.model.series import LandmarkSeries, make_landmark_series
from screening.pose.census import merge_people
from screening.pose.estimator import PoseDetection
from screening.pose.subject import SubjectTracker

HEAD = ("nose", "left_eye", "right_eye", "left_ear", "right_ear")
FEET = ("left_ankle", "right_ankle", "left_heel", "right_heel", "left_foot_index", "right_foot_index")
BODY = ("left_shoulder", "right_shoulder", "left_hip", "right_hip", "left_knee", "right_knee", *HEAD, *FEET)
HEAD_TOP_TORSO = 0.3  # the top of the head is about this many torso lengths above the highest face landmark
BODY_PER_TORSO = 3.2  # standing height / shoulder-to-hip height (a body cut off is at least this tall)
EDGE_MARGIN = 0.01  # a landmark within 1 % of the picture's size from an edge counts as cut
MIN_BODY_SHARE = 0.3  # the body should fill at least this share of the picture height (else: come closer)
MAX_BODY_SHARE = 0.95  # ... and at most this (else: step back a little)
MIN_CENTRE, MAX_CENTRE = 0.3, 0.7  # the body's vertical centre, as a share of the picture height
MIN_BRIGHTNESS = 40.0  # mean grey level (0–255) below which the picture is too dark
MIN_VISIBILITY = 0.4  # mean MediaPipe visibility of the body landmarks below which the light is poor
SAME_PERSON_IOU = 0.5  # two poses whose boxes overlap more are one person found twice (as the people census)
TURN_STEP_DEG = 15.0  # turn advice is rounded to this step, so it does not change with every frame

# Problems in order of importance: the first one found is the advice shown.
PRIORITY = ("no_person", "too_dark", "several_people", "too_close", "head_cut", "feet_cut", "side_cut",
            "too_far", "too_near", "turn", "aim", "low_visibility")


@dataclass(frozen=True)
class Advice:
    """One set-up problem: ``code`` (one of :data:`PRIORITY`) and what to do, in plain words."""

    code: str
    text: str


@dataclass(frozen=True)
class FrameCheck:
    """The set-up seen in one frame: the problems found (most important first) and the measures behind them.

    ``body_share`` is the body's height (head top to feet) as a share of the picture height,
    ``centre`` the body's vertical centre as a share of it (0 top, 1 bottom), ``yaw_deg`` the body
    yaw (0 facing the camera, 90 side on), ``off_deg`` its distance from the view the screen needs.
    """

    time_s: float
    people: int
    problems: tuple[Advice, ...] = ()
    expected_view: str = ""
    yaw_deg: float = float("nan")
    off_deg: float = float("nan")
    body_share: float = float("nan")
    centre: float = float("nan")
    visibility: float = float("nan")

    @property
    def ok(self) -> bool:
        """Return True when the set-up is right in this frame."""
        return not self.problems

    @property
    def advice(self) -> Advice | None:
        """Return the most important problem (None when the set-up is right)."""
        return self.problems[0] if self.problems else None


def one_frame_series(detection: PoseDetection, width: int, height: int, time_s: float = 0.0) -> LandmarkSeries:
    """Return a one-frame landmark series of ``detection`` (positions in px, world in m)."""
    attrs = {"fps": 30.0, "frame_width": width, "frame_height": height, "source_name": "camera",
             "model_name": "", "model_sha256": ""}
    return make_landmark_series(np.array([time_s]), detection.position_px[None], detection.world_position_m[None],
                                np.nan_to_num(detection.visibility, nan=0.0)[None],
                                np.nan_to_num(detection.presence, nan=0.0)[None], attrs)


def _xy(detection: PoseDetection, names: tuple[str, ...]) -> np.ndarray:
    """Return ``(2, len(names))`` pixel positions of ``names``."""
    return detection.position_px[:, [LANDMARK_NAMES.index(n) for n in names]]


def framing_problems(detection: PoseDetection, width: int, height: int) -> tuple[list[Advice], float, float]:
    """Return the framing problems (parts cut, distance, aim), the body's share of the height and its centre."""
    head, feet, body = _xy(detection, HEAD), _xy(detection, FEET), _xy(detection, BODY)
    torso = float(np.nanmean(np.abs(_xy(detection, ("left_hip", "right_hip"))[1]
                                    - _xy(detection, ("left_shoulder", "right_shoulder"))[1])))
    top = float(np.nanmin(head[1])) - HEAD_TOP_TORSO * torso
    bottom = float(np.nanmax(feet[1]))
    share, centre = (bottom - top) / height, (bottom + top) / 2 / height
    margin_x, margin_y = EDGE_MARGIN * width, EDGE_MARGIN * height
    head_cut = bool(np.nanmin(head[1]) < margin_y)
    feet_cut = bool(np.nanmax(feet[1]) > height - margin_y)
    if head_cut or feet_cut:  # landmarks outside the picture are guesses, often pulled in: use proportions too
        share = max(share, BODY_PER_TORSO * torso / height)
    left_cut, right_cut = bool(np.nanmin(body[0]) < margin_x), bool(np.nanmax(body[0]) > width - margin_x)
    problems = []
    if head_cut and feet_cut:
        problems.append(Advice("too_close", "Step back: the camera sees only part of you (head and feet are cut)."))
    elif head_cut or feet_cut:
        part = "head" if head_cut else "feet"
        if share > MAX_BODY_SHARE:
            problems.append(Advice(f"{part}_cut", f"Step back: your {part} {'is' if head_cut else 'are'} cut off."))
        elif head_cut:
            problems.append(Advice("head_cut", "Tilt the camera up (or raise it): your head is cut off at the top."))
        else:
            problems.append(Advice("feet_cut", "Move the camera down (or tilt it down): your feet are cut off at "
                                               "the bottom."))
    if left_cut or right_cut:
        edge = "left" if left_cut else "right"
        problems.append(Advice("side_cut", f"Move toward the middle of the picture: your body is cut at its {edge} "
                                           "edge."))
    if not (head_cut or feet_cut):
        if share < MIN_BODY_SHARE:
            problems.append(Advice("too_far", f"Come closer to the camera: you fill only {share:.0%} of the picture "
                                              "height."))
        elif share > MAX_BODY_SHARE:
            problems.append(Advice("too_near", "Step back a little: leave some room above the head and below the "
                                               "feet."))
        elif centre < MIN_CENTRE:
            problems.append(Advice("aim", "Tilt the camera up (or raise it): you are near the top of the picture."))
        elif centre > MAX_CENTRE:
            problems.append(Advice("aim", "Tilt the camera down (or lower it): you are near the bottom of the "
                                          "picture."))
    return problems, share, centre


def turn_advice(yaw_deg: float, expected_view: str, facing_sign: float, max_off_deg: float = DEFAULT_MAX_OFF_DEG
                ) -> tuple[Advice | None, float]:
    """Return the advice to turn toward ``expected_view`` (None when within ``max_off_deg``) and the offset (deg).

    ``facing_sign`` is +1 when the person faces image-right, −1 image-left, NaN when it cannot be
    told. Facing image-right means having turned to one's own left from facing the camera (the
    camera's image is not mirrored), so reaching a side view goes on to the left and facing the
    camera again is a turn to the right.
    """
    target = 90.0 if expected_view == "side" else 0.0
    off = abs(target - yaw_deg)
    if not np.isfinite(off) or off <= max_off_deg:
        return None, off
    step = max(TURN_STEP_DEG, TURN_STEP_DEG * round(off / TURN_STEP_DEG))
    goal = "so that your side faces the camera" if expected_view == "side" else "to face the camera"
    if not np.isfinite(facing_sign):
        return Advice("turn", f"Turn about {step:.0f}° {goal}."), off
    towards_left = (facing_sign > 0) == (expected_view == "side")
    return Advice("turn", f"Turn about {step:.0f}° to your {'left' if towards_left else 'right'} {goal}."), off


def check_frame(
    detections: list[PoseDetection],
    width: int,
    height: int,
    expected_view: str | None = None,
    protocol_name: str = "",
    time_s: float = 0.0,
    brightness: float | None = None,
    subject: PoseDetection | None = None,
) -> FrameCheck:
    """Return the set-up problems of one frame for a screen, most important first.

    Parameters
    ----------
    detections
        Everyone MediaPipe found in the frame (positions in px); two poses whose boxes overlap by
        more than ``SAME_PERSON_IOU`` count as one person.
    width, height
        The frame size in px.
    expected_view
        ``"side"`` or ``"front"``; by default the protocol's ``expected_view`` of this frame
        (the nearer allowed view for screens that take both).
    protocol_name
        The screen, used when ``expected_view`` is not given (no view check without either).
    time_s
        The frame's time (s).
    brightness
        The frame's mean grey level (0–255), if known.
    subject
        The person to check (by default the largest, most central one).
    """
    people = len(merge_people(detections, SAME_PERSON_IOU))  # the census's rule for one person
    if brightness is not None and brightness < MIN_BRIGHTNESS and people == 0:
        return FrameCheck(time_s, 0, (Advice("too_dark", "Turn on more light: the picture is too dark to find "
                                                         "anyone."),))
    if people == 0:
        return FrameCheck(time_s, 0, (Advice("no_person", "Step into the picture: nobody is in view."),))
    if subject is None:
        subject = SubjectTracker(width, height).choose(detections)
    assert subject is not None
    problems = []
    if brightness is not None and brightness < MIN_BRIGHTNESS:
        problems.append(Advice("too_dark", "Turn on more light: the picture is too dark."))
    if people > 1:
        problems.append(Advice("several_people", f"Only one person in view, please: {people} people are in the "
                                                 "picture."))
    framing, share, centre = framing_problems(subject, width, height)
    problems += framing
    series = one_frame_series(subject, width, height, time_s)
    view = expected_view or (_protocol_view(protocol_name, series) if protocol_name else "")
    yaw = float(body_yaw_deg(series)[0])
    off = float("nan")
    if view:
        turn, off = turn_advice(yaw, view, float(facing(series)[0]))
        if turn is not None:
            problems.append(turn)
    visibility = float(np.nanmean(subject.visibility[[LANDMARK_NAMES.index(n) for n in BODY[:6]]]))
    if visibility < MIN_VISIBILITY:
        problems.append(Advice("low_visibility", "Light the person from the front: the body is hard to see (backlight "
                                                 "or dark clothes against a dark background?)."))
    problems.sort(key=lambda a: PRIORITY.index(a.code))
    return FrameCheck(time_s, people, tuple(problems), view, yaw, off, share, centre, visibility)


def _protocol_view(protocol_name: str, series: LandmarkSeries) -> str:
    """Return the view the protocol expects for this frame (the protocols' own rule)."""
    from screening.protocols import registry  # noqa: F401  (registers the protocols)
    from screening.protocols.base import get_protocol

    return get_protocol(protocol_name).expected_view(series)


def frame_brightness(image_bgr: np.ndarray) -> float:
    """Return the mean grey level (0–255) of a BGR frame, from a subsample of its pixels."""
    small = image_bgr[::8, ::8].astype(np.float32)
    return float((0.114 * small[..., 0] + 0.587 * small[..., 1] + 0.299 * small[..., 2]).mean())


@dataclass(frozen=True)
class SetupState:
    """The debounced set-up: ``ready`` when right, else the ``advice`` to show; ``since_s`` when it began (s).

    ``decided`` is False until enough frames were seen; ``changes`` counts the changes so far
    (a measure of flicker).
    """

    decided: bool = False
    ready: bool = False
    advice: Advice | None = None
    since_s: float = float("nan")
    changes: int = 0
    last: FrameCheck | None = None

    def describe(self) -> str:
        """Return the line to show: the advice, or that the set-up is right."""
        if not self.decided:
            return "Checking the set-up…"
        return "Set-up is right." if self.ready else (self.advice.text if self.advice else "")


@dataclass
class SetupMonitor:
    """Debounces per-frame checks: the state changes only when the new one holds over most of ``window_s``.

    The first state is decided once ``min_decide_s`` of frames (or ``min_frames``) were seen;
    afterwards a problem (or "ready") replaces the current state when it is the most common over the
    last ``window_s`` (at least 2.5 frame intervals) in at least ``switch_share`` of the frames and
    in two frames or more, and the current state has lasted ``min_hold_s``. With the defaults a
    problem shows about 0.3–0.6 s after it starts at 5 fps and more; below, after two frames.
    """

    window_s: float = 0.6
    switch_share: float = 0.6
    min_hold_s: float = 0.4
    min_decide_s: float = 0.25
    min_frames: int = 3
    _window: collections.deque[tuple[float, str]] = field(default_factory=collections.deque)
    _texts: dict[str, Advice] = field(default_factory=dict)
    _steps: collections.deque[float] = field(default_factory=lambda: collections.deque(maxlen=15))
    state: SetupState = field(default_factory=SetupState)

    def update(self, check: FrameCheck) -> SetupState:
        """Add one frame's check and return the current (debounced) state."""
        code = check.advice.code if check.advice else "ok"
        if check.advice:
            self._texts[code] = check.advice
        if self._window:
            self._steps.append(check.time_s - self._window[-1][0])
        self._window.append((check.time_s, code))
        # at a low frame rate the window holds at least ~2.5 frames, so one odd frame cannot switch the state
        window_s = max(self.window_s, 2.5 * float(np.median(self._steps))) if self._steps else self.window_s
        while self._window and self._window[0][0] < check.time_s - window_s:
            self._window.popleft()
        counts = collections.Counter(c for _, c in self._window)
        best, best_n = max(counts.items(), key=lambda item: (item[1], -_rank(item[0])))
        share = best_n / len(self._window)
        current = self.state
        span = check.time_s - self._window[0][0]
        if not current.decided:
            if span >= self.min_decide_s or len(self._window) >= self.min_frames:
                self.state = self._state(best, check, 0)
        elif best != _code(current) and share >= self.switch_share and best_n >= 2 and \
                check.time_s - current.since_s >= self.min_hold_s:
            self.state = self._state(best, check, current.changes + 1)
        elif not current.ready and best == _code(current):  # keep the newest wording (e.g. the turn angle)
            self.state = SetupState(True, False, self._texts[best], current.since_s, current.changes, check)
        else:
            self.state = SetupState(current.decided, current.ready, current.advice, current.since_s, current.changes,
                                    check)
        return self.state

    def _state(self, code: str, check: FrameCheck, changes: int) -> SetupState:
        if code == "ok":
            return SetupState(True, True, None, check.time_s, changes, check)
        return SetupState(True, False, self._texts[code], check.time_s, changes, check)


def _code(state: SetupState) -> str:
    return "ok" if state.ready or state.advice is None else state.advice.code


def _rank(code: str) -> int:
    return PRIORITY.index(code) if code in PRIORITY else len(PRIORITY)
