"""Running a pose estimator over a frame source into a :data:`LandmarkSeries`.

Frames are streamed: only the landmarks (33 points × 7 numbers, float32) are kept per frame.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from screening import __version__
from screening.errors import NoPersonError, PoseEstimationError, ScreeningError
from screening.pose.estimator import PoseDetection, PoseEstimator
from screening.pose.names import LANDMARK_NAMES
from screening.pose.subject import SubjectTracker
from screening.series import LandmarkSeries, detected_fraction, make_landmark_series
from screening.source.base import Frame, FrameSource, SourceInfo
from screening.source.prefetch import prefetched

N_POINTS = len(LANDMARK_NAMES)
ROW = 2 * N_POINTS + 3 * N_POINTS + 2 * N_POINTS  # position, world, visibility, presence

ProgressCallback = Callable[[int, int], None]  # (frames done, frames expected; 0 = unknown)
FrameCallback = Callable[[Frame, PoseDetection | None], None]


class Cancelled(ScreeningError):
    """The user stopped the analysis."""

    exit_code = 130


class _RowBuffer:
    """A growable float32 table, one row per frame, grown in blocks to keep memory flat."""

    def __init__(self, width: int, block: int = 2048) -> None:
        self._blocks: list[np.ndarray] = []
        self._width, self._block, self._used = width, block, block

    def append(self, row: np.ndarray) -> None:
        if self._used == self._block:
            self._blocks.append(np.full((self._block, self._width), np.nan, dtype=np.float32))
            self._used = 0
        self._blocks[-1][self._used] = row
        self._used += 1

    def to_array(self) -> np.ndarray:
        if not self._blocks:
            return np.empty((0, self._width), dtype=np.float32)
        rows = np.concatenate(self._blocks)
        return rows[: (len(self._blocks) - 1) * self._block + self._used]


def _row(detection: PoseDetection | None) -> np.ndarray:
    if detection is None:
        return np.full(ROW, np.nan, dtype=np.float32)
    return np.concatenate(
        [detection.position_px.ravel(), detection.world_position_m.ravel(), detection.visibility, detection.presence]
    ).astype(np.float32)


def _source_log(info: SourceInfo) -> list[str]:
    """Return processing-log lines about how the source's frames were prepared."""
    if info.scale == 1.0:
        return []
    return [f"frames scaled by {info.scale:.3g} to {info.width}×{info.height} px before pose estimation"]


def extract_landmarks(
    source: FrameSource,
    estimator: PoseEstimator,
    on_progress: ProgressCallback | None = None,
    on_frame: FrameCallback | None = None,
    should_stop: Callable[[], bool] | None = None,
    min_detected_fraction: float = 0.2,
    census_interval_s: float = 1.0,
) -> LandmarkSeries:
    """Run ``estimator`` on every frame of ``source`` and return the subject's landmark series.

    Raises
    ------
    NoPersonError
        If a person was found in fewer than ``min_detected_fraction`` of the frames.
    Cancelled
        If ``should_stop`` returned True.
    """
    info = source.info
    tracker = SubjectTracker(info.width, info.height)
    rows, times = _RowBuffer(ROW), []
    census: list[int] = []
    next_census_s = 0.0
    for frame in prefetched(source):
        if should_stop is not None and should_stop():
            raise Cancelled("Analysis cancelled; nothing was saved.")
        try:
            if frame.time_s >= next_census_s:
                census.append(estimator.count_people(frame.image))
                next_census_s = frame.time_s + census_interval_s
                if census[-1] > 1:  # follow the largest, most central person among all of them
                    estimator.track_more_people(census[-1])
            subject = tracker.choose(estimator.detect(frame.image, frame.time_s))
        except (RuntimeError, ValueError) as error:  # MediaPipe reports its failures as these
            raise PoseEstimationError(
                f"Expected pose estimation to run on frame {frame.index} ({frame.time_s:.2f} s) of '{info.name}', "
                f"but it failed: {type(error).__name__}: {str(error).rstrip('.')}."
            ) from error
        rows.append(_row(subject))
        times.append(frame.time_s)
        if on_frame is not None:
            on_frame(frame, subject)
        if on_progress is not None:
            on_progress(frame.index + 1, max(info.frame_count, frame.index + 1))
    table = rows.to_array()
    n = len(times)
    p, w = 2 * N_POINTS, 5 * N_POINTS
    fps = info.fps if info.fps > 0 else (float((n - 1) / (times[-1] - times[0])) if n > 1 else 0.0)
    series = make_landmark_series(
        np.array(times),
        table[:, :p].reshape(n, 2, N_POINTS),
        table[:, p:w].reshape(n, 3, N_POINTS),
        table[:, w : w + N_POINTS],
        table[:, w + N_POINTS :],
        {
            "fps": fps,
            "frame_width": info.width,
            "frame_height": info.height,
            "source_name": info.name,
            "source_kind": info.kind,
            "source_sha256": info.sha256,
            "rotation_deg": info.rotation_deg,
            "mirrored": int(info.mirrored),
            "model_name": estimator.model_name,
            "model_sha256": estimator.model_sha256,
            "frames_with_other_people": tracker.frames_with_others,
            "people_checks": len(census),
            "people_checks_with_others": sum(count > 1 for count in census),
            "software_version": __version__,
            "processing_log": [f"pose: {estimator.model_name} on {n} frames", *_source_log(info)],
        },
    )
    found = detected_fraction(series)
    if found < min_detected_fraction:
        raise NoPersonError(
            f"Expected a person in the video, but one was found in {found:.0%} of {n} frames of '{info.name}'."
        )
    return series
