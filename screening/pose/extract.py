"""Running a pose estimator over a frame source into a :data:`LandmarkSeries`.

Frames are streamed: only the landmarks (33 points × 7 numbers, float32) are kept per frame.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

import numpy as np

from screening import __version__
from screening.errors import NoPersonError, PoseEstimationError, ScreeningError
from screening.killpoints import pause_at
from screening.model.series import LandmarkSeries, interpolated_runs, make_landmark_series
from screening.pose.estimator import PoseDetection, PoseEstimator
from screening.pose.names import LANDMARK_NAMES
from screening.pose.schedule import WARM_UP_FRAMES, MotionWatch, TurnWatch, plan_for
from screening.pose.subject import SubjectCrop, SubjectTracker
from screening.source.base import Frame, FrameSource, SourceInfo
from screening.source.prefetch import prefetched

N_POINTS = len(LANDMARK_NAMES)
ROW = 2 * N_POINTS + 3 * N_POINTS + 2 * N_POINTS  # position, world, visibility, presence

ProgressCallback = Callable[[int, int], None]  # (frames done, frames expected; 0 = unknown)


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

    def set(self, index: int, row: np.ndarray) -> None:
        """Replace row ``index`` (already appended)."""
        self._blocks[index // self._block][index % self._block] = row

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
    """Finds the people in view about once every ``interval_s`` seconds of video.

    The first census (first frame) is taken at once, so the subject is chosen among everyone from
    the start. Later ones run in a worker thread (with ``in_background``), in parallel with
    tracking (MediaPipe releases the GIL), and each is *applied* at the next census time, a frame
    fixed by the timestamps, so two runs give the same result however the threads are scheduled,
    and the same result with or without the thread. Only inferred frames are visited. The first
    census searches the whole frame and all its tiles (small, far people:
    :mod:`screening.pose.census`); later ones the whole frame, its square tiles and one zoom tile each,
    in turn.
    """

    def __init__(self, estimator: PoseEstimator, interval_s: float, in_background: bool = True) -> None:
        self._estimator, self._interval_s = estimator, interval_s
        self._next_s: float | None = None
        self._pending: list[Future[list[PoseDetection]]] = []
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="people-census") if in_background else None
        self.counts: list[int] = []
        self._turn = 0  # later censuses search the frame's zoom tiles in turn (the first searches them all)

    def visit(self, frame: Frame) -> list[PoseDetection] | None:
        """Return the people of the census applied at ``frame`` (None if none is due), and start the next one."""
        if self._next_s is not None and frame.time_s < self._next_s:
            return None
        found = self._collect()
        if self._next_s is None:
            people = self._estimator.find_people(frame.image, frame.model_input)
            self.counts.append(len(people))
            found = [people]
        elif self._pool is not None:  # the thread prepares its own model input: no image is shared by two graphs
            self._pending.append(self._pool.submit(self._estimator.find_people, frame.image, None, self._turn))
        else:
            done: Future[list[PoseDetection]] = Future()
            done.set_result(self._estimator.find_people(frame.image, frame.model_input, self._turn))
            self._pending.append(done)
        self._turn += 1
        self._next_s = frame.time_s + self._interval_s
        return found[-1] if found else None

    def _collect(self) -> list[list[PoseDetection]]:
        """Return the pending censuses' people (waiting for them), and record their counts in :attr:`counts`."""
        found = [future.result() for future in self._pending]
        self._pending = []
        self.counts += [len(people) for people in found]
        return found

    def finish(self) -> None:
        """Wait for the last census (its error, if any, is raised) and stop the worker thread."""
        try:
            self._collect()
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop the worker thread without waiting for pending censuses (on the way out of an error)."""
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


def _detect(estimator: PoseEstimator, frame: Frame, window: tuple[int, int, int, int] | None) -> list[PoseDetection]:
    """Return the people the tracker finds in ``frame``, in the ``window`` (x0, y0, x1, y1 px) if one is set."""
    assert frame.image is not None
    if window is None:
        return estimator.detect(frame.image, frame.time_s, frame.model_input)
    x0, y0, x1, y1 = window
    part = np.ascontiguousarray(frame.image[y0:y1, x0:x1])
    return [found.shifted(x0, y0) for found in estimator.detect(part, frame.time_s)]


def fill_skipped(table: np.ndarray, times: np.ndarray, inferred: np.ndarray) -> np.ndarray:
    """Return ``table`` with the rows of frames not inferred interpolated linearly in time.

    Each such row lies between two inferred frames; a value is interpolated only where both of
    them hold one (a person lost on either side stays lost: NaN). Rows after the last inferred
    frame are left NaN. (Frames are skipped only where the body moves steadily or rests, see
    :class:`~screening.pose.schedule.MotionWatch`, where a straight line is close; a cubic spline
    was tried and overshoots wherever one skipped-over sample is off.)
    """
    done = np.flatnonzero(inferred)
    skipped = np.flatnonzero(~inferred)
    skipped = skipped[skipped < done[-1]] if done.size else skipped[:0]
    if skipped.size == 0:
        return table
    after = done[np.searchsorted(done, skipped)]
    before = done[np.searchsorted(done, skipped) - 1]
    weight = ((times[skipped] - times[before]) / (times[after] - times[before]))[:, None]
    filled = table.copy()
    filled[skipped] = (1.0 - weight) * table[before] + weight * table[after]
    return filled


class StartCheck(Protocol):
    """Judges the first seconds of a clip from the frames the pass infers (see ``capture.early.StartWatch``)."""

    def due(self, time_s: float) -> bool:
        """Return True once the verdict is to be taken."""
        ...

    def add(self, time_s: float, image_bgr: np.ndarray, people: list[PoseDetection],
            subject: PoseDetection | None, counted: bool = False) -> None:
        """Take one inferred frame (``counted``: ``people`` is a census's count of everyone in view)."""
        ...

    def finish(self) -> object:
        """Take the verdict; raise a ScreeningError to refuse the clip."""
        ...


def _show_start(
    start_check: StartCheck | None, frame: Frame, census: list[PoseDetection] | None, tracked: list[PoseDetection],
    subject: PoseDetection | None,
) -> None:
    """Hand an inferred frame to the start check, or take its verdict once past its window.

    ``census`` is the census applied at this frame (None between censuses), ``tracked`` the tracker's people.
    """
    if start_check is None:
        return
    if start_check.due(frame.time_s):
        start_check.finish()
    else:
        assert frame.image is not None
        start_check.add(frame.time_s, frame.image, tracked if census is None else census, subject,
                        counted=census is not None)


def _fill_window(
    watch: TurnWatch, frame: Frame, subject: PoseDetection | None, tracked: int, found_before: bool
) -> tuple[int, int] | None:
    """Return the frames to infer after all: around a turn, or between a sample with the subject and one without."""
    window = watch.turn_window_after(frame.index, frame.time_s, subject)
    if (subject is not None) != found_before and frame.index - tracked > 1:
        return tracked + 1, frame.index - 1  # found or lost in between: find the frame where
    return window


def _last_subject(
    estimator: PoseEstimator, frame: Frame, crop: SubjectCrop, tracker: SubjectTracker, info: SourceInfo
) -> PoseDetection | None:
    """Return the subject in the clip's last frame, inferred by the tracker (it was skipped by the stride)."""
    try:
        return tracker.choose(_detect(estimator, frame, crop.window))
    except (RuntimeError, ValueError) as error:  # MediaPipe reports its failures as these
        raise _estimation_error(info, frame, error) from error


class _Backfill:
    """Infers every frame around a turn with a second tracker (see :mod:`screening.pose.schedule`).

    With ``in_background`` the second tracker works in a thread of its own, in parallel with the
    main tracker (MediaPipe releases the GIL): windows are handed over in frame order with the
    subject's crop of that moment and inferred in that order, so the result is the same as
    without the thread. At most :attr:`MAX_PENDING` windows wait (their frames are kept).
    """

    MAX_PENDING = 1

    def __init__(self, estimator: PoseEstimator, info: SourceInfo, in_background: bool) -> None:
        self._estimator, self._info = estimator, info
        self._twin: PoseEstimator | None = None
        self._done_until = -1  # last frame handed to the second tracker (its timestamps must increase)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="turn-backfill") if in_background else None
        self._pending: deque[Future[list[tuple[int, PoseDetection | None]]]] = deque()
        self.found: list[tuple[int, PoseDetection | None]] = []  # (frame index, subject) of the windows done

    def submit(self, kept: Iterable[Frame], first: int, last: int, window: tuple[int, int, int, int] | None) -> None:
        """Have the kept frames ``first``..``last`` inferred (after a short warm-up), in ``window`` if set."""
        start = max(first - WARM_UP_FRAMES, self._done_until + 1)
        frames = [frame for frame in kept if start <= frame.index <= last]
        if not frames:
            return
        self._done_until = frames[-1].index
        if self._twin is None:
            self._twin = self._estimator.twin()
        if self._pool is None:
            self.found += self._run(self._twin, frames, first, window)
            return
        while len(self._pending) >= self.MAX_PENDING:
            self.found += self._pending.popleft().result()
        self._pending.append(self._pool.submit(self._run, self._twin, frames, first, window))

    def _run(
        self, twin: PoseEstimator, frames: list[Frame], first: int, window: tuple[int, int, int, int] | None
    ) -> list[tuple[int, PoseDetection | None]]:
        found = []
        for frame in frames:
            try:  # its own model input: no image is shared by two graphs running at once
                people = _detect(twin, dataclasses.replace(frame, model_input=None), window)
            except (RuntimeError, ValueError) as error:  # MediaPipe reports its failures as these
                raise _estimation_error(self._info, frame, error) from error
            if frame.index >= first:
                found.append((frame.index, people[0] if len(people) == 1 else _nearest(people, window)))
        return found

    def finish(self) -> list[tuple[int, PoseDetection | None]]:
        """Wait for the windows handed over and return every ``(frame index, subject)`` inferred."""
        while self._pending:
            self.found += self._pending.popleft().result()
        return self.found

    def close(self) -> None:
        """Stop the thread (without waiting for windows not started) and release the second tracker."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._twin is not None:
            self._twin.close()


def _looking_ahead(
    frames: Iterable[Frame], motion: MotionWatch | None, region: Callable[[], tuple[float, float, float, float] | None]
) -> Iterator[Frame]:
    """Yield ``frames`` after ``motion`` has seen :attr:`~MotionWatch.lookahead` frames beyond each one."""
    if motion is None:
        yield from frames
        return
    ahead: deque[Frame] = deque()
    try:
        for frame in frames:
            if frame.image is not None:
                motion.add(frame.index, frame.image, region())
            ahead.append(frame)
            if len(ahead) > motion.lookahead:
                yield ahead.popleft()
        yield from ahead
    finally:
        closing = getattr(frames, "close", None)
        if closing is not None:  # the decoding thread and the file are released at once, even on an error
            closing()


def _region(detection: PoseDetection | None, width: int, height: int) -> tuple[float, float, float, float] | None:
    """Return the box around ``detection``'s points widened by a quarter (fractions of the frame), or None."""
    if detection is None or width <= 0 or height <= 0 or not np.isfinite(detection.position_px).all(axis=0).any():
        return None
    x0, y0, x1, y1 = detection.bounding_box()
    margin_x, margin_y = 0.25 * (x1 - x0), 0.25 * (y1 - y0)
    return (max(0.0, (x0 - margin_x) / width), max(0.0, (y0 - margin_y) / height),
            min(1.0, (x1 + margin_x) / width), min(1.0, (y1 + margin_y) / height))


def _fill_in(rows: _RowBuffer, inferred: list[bool], found: list[tuple[int, PoseDetection | None]]) -> None:
    """Put the subjects inferred after all (``(frame index, subject)``) in their rows, marked inferred."""
    for index, subject in found:
        rows.set(index, _row(subject))
        inferred[index] = True


def _nearest(people: list[PoseDetection], window: tuple[int, int, int, int] | None) -> PoseDetection | None:
    """Return the person nearest the window's centre (or the first), None if there is nobody."""
    if not people:
        return None
    if window is None:
        return people[0]
    x0, y0, x1, y1 = window
    centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
    return min(people, key=lambda person: float(np.linalg.norm(person.centre() - centre)))


def extract_landmarks(
    source: FrameSource,
    estimator: PoseEstimator,
    on_progress: ProgressCallback | None = None,
    should_stop: Callable[[], bool] | None = None,
    min_detected_fraction: float = 0.2,
    census_interval_s: float = 1.0,
    threads: bool = True,
    subject_rank: int = 0,
    stride: str | int = 1,
    start_check: StartCheck | None = None,
) -> LandmarkSeries:
    """Run ``estimator`` on ``source``'s frames and return the subject's landmark series.

    ``stride`` picks the frames: 1 infers every frame, N every N-th, ``"auto"`` tracks about 5
    frames a second and every frame around the turns of the movement
    (:mod:`screening.pose.schedule`); the landmarks of frames left out are interpolated in time
    between the inferred frames around them. With ``threads``, frames are decoded and people
    counted in background threads, in parallel with inference. Batch workers turn them off: there
    the worker processes are the parallelism, and extra threads would only contend for the same
    cores. The result is the same either way. ``subject_rank`` picks the most prominent person
    (0) or the next one (1) when several are in view (:class:`~screening.pose.subject.SubjectCrop`).
    ``start_check`` sees the inferred frames of the clip's first seconds and may refuse the clip
    once past them (the early check of guided capture, at no extra inference).

    Raises
    ------
    NoPersonError
        If a person was found in fewer than ``min_detected_fraction`` of the inferred frames.
    Cancelled
        If ``should_stop`` returned True.
    """
    info = source.info
    plan = plan_for(stride, info.fps if info.kind == "video" else 0.0)
    watch, backfill = TurnWatch(plan), _Backfill(estimator, info, in_background=threads)
    tracker = SubjectTracker(info.width, info.height, subject_rank)
    crop = SubjectCrop(info.width, info.height, subject_rank)
    rows, times, inferred = _RowBuffer(ROW), [], []
    kept: deque[Frame] = deque(maxlen=plan.kept_frames)
    people = _PeopleCensus(estimator, census_interval_s, in_background=threads)
    # the decoding thread converts every frame for the model when most are inferred (stride 1, and "auto",
    # which infers 0.7-0.9 of a steadily moving clip): that keeps the conversion off the tracking thread,
    # which is the slower one; with a plain stride N only the inferred frames are converted, when inferred
    prepare = _preparer(estimator) if plan.every_frame or plan.dense_turns else None
    frames = prefetched(source, prepare=prepare) if threads else _closing_frames(source)
    motion = MotionWatch(info.fps) if plan.dense_turns else None
    seen: list[PoseDetection | None] = [None]  # the subject of the last inferred frame (None: nobody)
    frames = _looking_ahead(frames, motion, lambda: _region(seen[0], info.width, info.height))
    frame: Frame | None = None
    stride_now, tracked, found_before = 1, -(10**9), False
    try:
        with contextlib.closing(frames):  # the source is closed at once, even on an error
            for frame in frames:
                if should_stop is not None and should_stop():
                    raise Cancelled("Analysis cancelled; nothing was saved.")
                kept.append(dataclasses.replace(frame, model_input=None))  # the second tracker converts its own
                subject = None
                track = frame.index - tracked >= stride_now or (motion is not None and motion.dense(frame.index))
                if track:
                    try:
                        census = people.visit(frame)
                        if census is not None:
                            crop.on_census(census, tracker.last)
                        people_found = _detect(estimator, frame, crop.window)
                        subject = seen[0] = tracker.choose(people_found)
                        _show_start(start_check, frame, census, people_found, subject)
                        crop.follow(subject)
                        window = _fill_window(watch, frame, subject, tracked, found_before)
                        stride_now, tracked, found_before = watch.stride_now, frame.index, subject is not None
                    except (RuntimeError, ValueError) as error:  # MediaPipe reports its failures as these
                        raise _estimation_error(info, frame, error) from error
                    if window and not all(inferred[window[0]: window[1] + 1]):
                        backfill.submit(kept, *window, crop.window)
                rows.append(_row(subject))
                times.append(frame.time_s)
                inferred.append(track)
                pause_at("inference")
                if on_progress is not None:
                    on_progress(frame.index + 1, max(info.frame_count, frame.index + 1))
        if frame is not None and frame.index != tracked:  # the last frame is always inferred: nothing is cut off
            rows.set(frame.index, _row(_last_subject(estimator, frame, crop, tracker, info)))
            inferred[frame.index] = True
        _fill_in(rows, inferred, backfill.finish())
        if start_check is not None and start_check.due(float("inf")):  # a clip shorter than the window
            start_check.finish()
        try:
            people.finish()
        except (RuntimeError, ValueError) as error:  # the last census, taken in the census thread
            raise _estimation_error(info, frame, error) from error
    finally:
        people.stop()
        backfill.close()
    census_counts = people.counts
    done = np.array(inferred, dtype=bool)
    last = int(np.flatnonzero(done)[-1]) + 1 if done.any() else 0
    time_s = np.array(times)[:last]
    table = fill_skipped(rows.to_array()[:last], time_s, done[:last])
    n = len(time_s)
    p, w = 2 * N_POINTS, 5 * N_POINTS
    fps = info.fps if info.fps > 0 else (float((n - 1) / (time_s[-1] - time_s[0])) if n > 1 else 0.0)
    n_inferred = int(done.sum())
    series = make_landmark_series(
        time_s,
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
            "people_checks": len(census_counts),
            "people_checks_with_others": sum(count > 1 for count in census_counts),
            "people_most_counted": max(census_counts, default=0),
            "subject_rank": subject_rank,
            "stride": str(stride),
            "inferred_frames": n_inferred,
            "interpolated_frames": interpolated_runs(done[:last]),
            "software_version": __version__,
            "processing_log": [
                f"pose: {estimator.model_name} on {n_inferred} of {n} frames ({plan.describe()}"
                + ("" if plan.every_frame else "; landmarks in between interpolated linearly in time") + ")",
                *_source_log(info),
            ],
        },
    )
    found = float(np.isfinite(table[done[:last], 0]).mean()) if n_inferred else 0.0
    if found < min_detected_fraction:
        where = "photo" if info.kind == "photo" else "video"
        glimpsed = (" Someone may be in view, but not clearly enough to measure (small, cut off or turned away)."
                    if max(census_counts, default=0) > 0 and found == 0.0 else "")
        raise NoPersonError(
            f"Expected a person in the {where}, but one was found in {found:.0%} of {n_inferred} frames of "
            f"'{info.name}'.{glimpsed}"
        )
    return series
