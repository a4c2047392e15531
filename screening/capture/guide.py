"""When to start recording: guided capture's state machine over the live frames (no I/O).

:class:`CaptureGuide` checks each frame's set-up (:mod:`screening.capture.setup`), starts the
recording on its own once the set-up has been right for ``ready_hold_s`` seconds (or when a
countdown the user started ends), and then counts the reps (:mod:`screening.capture.reps`). The
caller records the frames while :attr:`GuideState.recording` is True.
"""

from __future__ import annotations

from dataclasses import dataclass

from screening.capture.reps import LiveRepCounter
from screening.capture.setup import FrameCheck, SetupMonitor, SetupState, check_frame
from screening.pose.estimator import PoseDetection
from screening.pose.subject import SubjectTracker


@dataclass(frozen=True)
class GuideState:
    """The guide after one frame: the set-up, whether recording (and since when, s), the countdown left and reps."""

    setup: SetupState
    recording: bool = False
    started_s: float = float("nan")
    countdown_s: float | None = None
    reps: int | None = None
    check: FrameCheck | None = None
    subject: PoseDetection | None = None

    def describe(self) -> str:
        """Return one line: the advice (or "set-up is right"), then the countdown or the reps."""
        parts = [self.setup.describe()]
        if self.countdown_s is not None and not self.recording:
            parts.append(f"recording starts in {self.countdown_s:.0f} s")
        if self.recording and self.reps is not None:
            parts.append(f"reps: {self.reps}")
        return " · ".join(parts)


class CaptureGuide:
    """Guided capture for one screen.

    Parameters
    ----------
    protocol_name
        The screen whose set-up is checked and whose reps are counted.
    auto_start
        Start recording on its own when the set-up is right.
    ready_hold_s
        Seconds the set-up must stay right before the recording starts.
    countdown_s
        Length of the countdown :meth:`start_countdown` starts (s).
    """

    def __init__(self, protocol_name: str, auto_start: bool = True, ready_hold_s: float = 1.0,
                 countdown_s: float = 3.0) -> None:
        self.protocol_name, self.auto_start = protocol_name, auto_start
        self.ready_hold_s, self.countdown_length_s = ready_hold_s, countdown_s
        self.monitor = SetupMonitor()
        self._tracker: SubjectTracker | None = None
        self._reps: LiveRepCounter | None = None
        self._countdown_end: float | None = None
        self._countdown_asked = False
        self.recording = False
        self.started_s = float("nan")
        self.state = GuideState(self.monitor.state)

    @property
    def countdown_pending(self) -> bool:
        """Return True when a countdown was asked for and the recording has not started."""
        return self._countdown_asked and not self.recording

    def start_countdown(self) -> None:
        """Start recording ``countdown_s`` after the next frame, whatever the set-up."""
        self._countdown_asked = True

    def start_now(self, time_s: float, width: int, height: int) -> None:
        """Start recording (and counting reps) at ``time_s``."""
        self.recording, self.started_s, self._countdown_end = True, time_s, None
        self._reps = LiveRepCounter(self.protocol_name, width, height)

    def stop(self) -> None:
        """Stop recording; the next one starts only on a countdown (not on its own again)."""
        self.recording, self._reps, self._countdown_end, self._countdown_asked = False, None, None, False
        self.auto_start = False

    def update(self, detections: list[PoseDetection], width: int, height: int, time_s: float,
               brightness: float | None = None) -> GuideState:
        """Check one frame and return the new state (``recording`` turns True when the recording must start)."""
        if self._tracker is None:
            self._tracker = SubjectTracker(width, height)
        subject = self._tracker.choose(detections)
        check = check_frame(detections, width, height, protocol_name=self.protocol_name, time_s=time_s,
                            brightness=brightness, subject=subject)
        setup = self.monitor.update(check)
        if self._countdown_asked and self._countdown_end is None and not self.recording:
            self._countdown_end = time_s + self.countdown_length_s
        countdown = None if self._countdown_end is None else max(0.0, self._countdown_end - time_s)
        if not self.recording:
            held = setup.ready and time_s - setup.since_s >= self.ready_hold_s
            if (self.auto_start and held) or (countdown is not None and countdown <= 0):
                self.start_now(time_s, width, height)
        reps = self._reps.add(time_s, subject) if self._reps is not None else None
        self.state = GuideState(setup, self.recording, self.started_s, countdown, reps, check, subject)
        return self.state
