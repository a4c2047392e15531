"""Running a pose estimator over a frame source into a :data:`LandmarkSeries`.

Frames are streamed: only the landmarks (33 points × 7 numbers, float32) are kept per frame.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from screening import __version__
from screening.errors import NoPersonError, PoseEstimationError, ScreeningError
from screening.killpoints import pause_at
from screening.model.series import LandmarkSeries, detected_fraction, make_landmark_series
from screening.pose.estimator import PoseDetection, PoseEstimator
from screening.pose.names import LANDMARK_NAMES
from screening.pose.subject import SubjectTracker
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


class _PeopleCensus:
    """Counts the people in view about once every ``interval_s`` seconds of video.

    The first count (first frame) is taken at once, so the subject is chosen among everyone from
    the start. Later counts run in a worker thread (with ``in_background``), in parallel with
    tracking (MediaPipe releases the GIL), and each is *applied* at the next census time, a frame
    fixed by the timestamps, so two runs give the same result however the threads are scheduled,
    and the same result with or without the thread.
    """

    def __init__(self, estimator: PoseEstimator, interval_s: float, in_background: bool = True) -> None:
        self._estimator, self._interval_s = estimator, interval_s
        self._next_s: float | None = None
        self._pending: list[Future[int]] = []
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="people-census") if in_background else None
        self.counts: list[int] = []

    def visit(self, frame: Frame) -> None:
        """Apply the counts taken one interval ago, and count ``frame``'s people if a count is due."""
        if self._next_s is not None and frame.time_s < self._next_s:
            return
        self._apply(self._collect())
        if self._next_s is None:
            count = self._estimator.count_people(frame.image, frame.model_input)
            self.counts.append(count)
            self._apply([count])
        elif self._pool is not None:  # the thread prepares its own model input: no image is shared by two graphs
            self._pending.append(self._pool.submit(self._estimator.count_people, frame.image))
        else:
            done: Future[int] = Future()
            done.set_result(self._estimator.count_people(frame.image, frame.model_input))
            self._pending.append(done)
        self._next_s = frame.time_s + self._interval_s

    def _collect(self) -> list[int]:
        """Return the pending counts (waiting for them), and record them in :attr:`counts`."""
        counts = [future.result() for future in self._pending]
        self._pending = []
        self.counts += counts
        return counts

    def _apply(self, counts: list[int]) -> None:
        if max(counts, default=0) > 1:  # follow the largest, most central person among all of them
            self._estimator.track_more_people(max(counts))

    def finish(self) -> None:
        """Wait for the last count (its error, if any, is raised) and stop the worker thread."""
        try:
            self._collect()
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop the worker thread without waiting for pending counts (on the way out of an error)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


def _estimation_error(info: SourceInfo, frame: Frame | None, error: BaseException) -> PoseEstimationError:
    """Return the one-line error for MediaPipe failing on (or by) ``frame``."""
    where = f"frame {frame.index} ({frame.time_s:.2f} s)" if frame is not None else "the first frame"
    return PoseEstimationError(
        f"Expected pose estimation to run on {where} of '{info.name}', but it failed: "
        f"{type(error).__name__}: {str(error).rstrip('.')}."
    )


def _preparer(estimator: PoseEstimator) -> Callable[[Frame], Frame]:
    """Return a function that attaches the model's input to a frame (run in the decoding thread)."""

    def prepare(frame: Frame) -> Frame:
        return dataclasses.replace(frame, model_input=estimator.prepare(frame.image))

    return prepare


def _closing_frames(source: FrameSource) -> Iterator[Frame]:
    """Yield ``source``'s frames in this thread, and close it at the end."""
    try:
        yield from source.frames()
    finally:
        source.close()


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
    threads: bool = True,
    subject_rank: int = 0,
) -> LandmarkSeries:
    """Run ``estimator`` on every frame of ``source`` and return the subject's landmark series.

    With ``threads``, frames are decoded and people counted in background threads, in parallel
    with inference. Batch workers turn them off: there the worker processes are the parallelism,
    and extra threads would only contend for the same cores. The result is the same either way.
    ``subject_rank`` picks the most prominent person (0) or the next one (1) when several are in
    view (:class:`~screening.pose.subject.SubjectTracker`).

    Raises
    ------
    NoPersonError
        If a person was found in fewer than ``min_detected_fraction`` of the frames.
    Cancelled
        If ``should_stop`` returned True.
    """
    info = source.info
    tracker = SubjectTracker(info.width, info.height, subject_rank)
    rows, times = _RowBuffer(ROW), []
    people = _PeopleCensus(estimator, census_interval_s, in_background=threads)
    frames = prefetched(source, prepare=_preparer(estimator)) if threads else _closing_frames(source)
    frame: Frame | None = None
    try:
        with contextlib.closing(frames):  # the source is closed at once, even on an error
            for frame in frames:
                if should_stop is not None and should_stop():
                    raise Cancelled("Analysis cancelled; nothing was saved.")
                try:
                    people.visit(frame)
                    subject = tracker.choose(estimator.detect(frame.image, frame.time_s, frame.model_input))
                except (RuntimeError, ValueError) as error:  # MediaPipe reports its failures as these
                    raise _estimation_error(info, frame, error) from error
                rows.append(_row(subject))
                times.append(frame.time_s)
                pause_at("inference")
                if on_frame is not None:
                    on_frame(frame, subject)
                if on_progress is not None:
                    on_progress(frame.index + 1, max(info.frame_count, frame.index + 1))
        try:
            people.finish()
        except (RuntimeError, ValueError) as error:  # the last people count, taken in the census thread
            raise _estimation_error(info, frame, error) from error
    finally:
        people.stop()
    census = people.counts
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
            "subject_rank": subject_rank,
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
