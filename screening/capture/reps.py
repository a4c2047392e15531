"""Repetitions counted live: the protocols' rep signals and :func:`~screening.kinematics.reps.detect_reps` on a stream.

Each screen's reps are found in the same signal with the same thresholds as its analysis (the hip
drop for squats, shoulder flexion for reaches, the shank swing for hip rotation); the counter keeps
the last ``buffer_s`` seconds of the chosen person's landmarks, runs the detection again every
``every_s`` seconds and counts each rep once, when its return has been seen.
"""

from __future__ import annotations

import collections
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from screening.kinematics.reps import detect_reps
from screening.model.results import Rep
from screening.model.series import LandmarkSeries, make_landmark_series
from screening.pose.estimator import PoseDetection


@dataclass(frozen=True)
class RepSignal:
    """How one screen's reps are found: the signal (from landmarks), and the thresholds of ``detect_reps``."""

    signal: Callable[[LandmarkSeries], list[pd.Series]]
    min_prominence: float
    min_duration_s: float = 0.4
    polarities: tuple[int, ...] = (1,)


def _hip_drop(series: LandmarkSeries) -> list[pd.Series]:
    from screening.protocols.common import hip_drop_signal

    return [hip_drop_signal(series)]


def _angles(columns: tuple[str, ...], combine: str = "max") -> Callable[[LandmarkSeries], list[pd.Series]]:
    def signal(series: LandmarkSeries) -> list[pd.Series]:
        from screening.kinematics.angles import compute_angles

        table = compute_angles(series)
        present = [table[c] for c in columns if c in table]
        if combine == "max":  # the arm that moves most
            return [pd.concat(present, axis=1).max(axis=1)] if present else []
        return present

    return signal


def rep_signals() -> dict[str, RepSignal]:
    """Return the live rep signal of each screen with reps (posture has none)."""
    from screening.protocols import hip_rotation, overhead_reach

    return {
        "squat": RepSignal(_hip_drop, 0.2, 0.5),
        "single_leg_squat": RepSignal(_hip_drop, 0.1, 0.5),
        "overhead_reach": RepSignal(_angles(("shoulder_flexion_left", "shoulder_flexion_right")),
                                    overhead_reach.MIN_PROMINENCE_DEG),
        "hip_rotation": RepSignal(_angles(("shank_to_vertical_left", "shank_to_vertical_right"), "each"),
                                  hip_rotation.MIN_PROMINENCE_DEG, polarities=(1, -1)),
    }


class LiveRepCounter:
    """Counts a screen's reps on live frames of one person.

    Parameters
    ----------
    protocol_name
        The screen (``count`` stays None for one without reps, e.g. posture).
    width, height
        The frame size (px).
    buffer_s
        Seconds of landmarks kept (longer than any rep).
    every_s
        Seconds between two detections.
    """

    def __init__(self, protocol_name: str, width: int, height: int, buffer_s: float = 20.0,
                 every_s: float = 0.2) -> None:
        self.spec = rep_signals().get(protocol_name)
        self.width, self.height, self.buffer_s, self.every_s = width, height, buffer_s, every_s
        self._rows: collections.deque[tuple[float, PoseDetection | None]] = collections.deque()
        self._counted: list[float] = []  # peak times (s) of the reps counted
        self._next_s = -np.inf
        self.reps: list[Rep] = []

    @property
    def count(self) -> int | None:
        """Return the reps counted so far (None for a screen without reps)."""
        return None if self.spec is None else len(self._counted)

    def add(self, time_s: float, detection: PoseDetection | None) -> int | None:
        """Add one frame (``detection`` None when nobody was found) and return the count."""
        if self.spec is None:
            return None
        self._rows.append((time_s, detection))
        while self._rows and self._rows[0][0] < time_s - self.buffer_s:
            self._rows.popleft()
        if time_s >= self._next_s:
            self._next_s = time_s + self.every_s
            self._recount()
        return self.count

    def _recount(self) -> None:
        assert self.spec is not None
        series = self._series()
        if series is None:
            return
        for signal in self.spec.signal(series):
            for polarity in self.spec.polarities:
                for rep in detect_reps(signal, self.spec.min_prominence, self.spec.min_duration_s,
                                       polarity=polarity):
                    if polarity * rep.peak_deg > 0 or self.spec.polarities == (1,):
                        self._count(rep)

    def _count(self, rep: Rep) -> None:
        """Count ``rep`` unless it was counted at an earlier recount (same peak within its duration)."""
        if any(abs(rep.peak_s - peak) < max(rep.duration_s / 2, 0.2) for peak in self._counted):
            return
        self._counted.append(rep.peak_s)
        self.reps.append(rep)

    def _series(self) -> LandmarkSeries | None:
        rows = [(t, d) for t, d in self._rows if d is not None]
        if len(rows) < 3:
            return None
        times = np.array([t for t, _ in rows])
        if np.any(np.diff(times) <= 0):
            keep = np.concatenate([[True], np.diff(times) > 0])
            rows, times = [r for r, k in zip(rows, keep, strict=True) if k], times[keep]
        attrs = {"fps": 30.0, "frame_width": self.width, "frame_height": self.height, "source_name": "camera",
                 "model_name": "", "model_sha256": ""}
        return make_landmark_series(times, np.stack([d.position_px for _, d in rows]),
                                    np.stack([d.world_position_m for _, d in rows]),
                                    np.stack([np.nan_to_num(d.visibility) for _, d in rows]),
                                    np.stack([np.nan_to_num(d.presence) for _, d in rows]), attrs)
